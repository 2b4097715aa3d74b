import { ButtonStyle, ComponentType, type APIEmbed, type APIEmbedField, type APIMessageTopLevelComponent } from 'discord.js';
import { escapeMarkdown } from './escape.js';
import { starsText, type FilmRef, type Page } from '../../club/index.js';
import { dayIn, type AttendeeView, type BallotView, type CloseVoteResult, type PartySummary, type PartyView, type Person, type RsvpAnswer, type RsvpCounts, type SuggestResult } from '../../parties/index.js';
import { customId } from '../customId.js';
import { fitEmbed, joinWithinLimit, LIMITS, truncate, embedLength } from '../limits.js';
import { memberName } from './club.js';
import type { ActionRow } from './film.js';
import { barChart } from '../../charts/charts.js';
import { chartGallery, type NamedChart } from './charts.js';
import { renderV2, viewFromEmbed, type V2File, type V2Message } from './v2.js';

const PARTY_COLOR = 0x8e44ad;
const CLOSED_COLOR = 0x7f8c8d;

/** "**Holy Motors** (2012)", with the title's own markdown kept literal. */
export function filmTitle(film: FilmRef | undefined): string {
  if (!film) return 'film to be decided';
  return `**${escapeMarkdown(film.title)}**${film.year ? ` (${film.year})` : ''}`;
}

/** "Holy Motors (2012)" for labels, event names and choice names (plain text, no markdown). */
export function filmPlain(film: FilmRef | undefined): string {
  if (!film) return 'film to be decided';
  return `${film.title}${film.year ? ` (${film.year})` : ''}`;
}

/** The start (and the end, when the host gave one) as every reader sees it in their own zone: full date and "in 3 hours". */
export function whenText(unix: number, endUnix?: number): string {
  return `<t:${unix}:F>${endUnix === undefined ? '' : ` – <t:${endUnix}:t>`} (<t:${unix}:R>)`;
}

/** The party's end as a Discord timestamp, when the host gave one. */
export function endUnixOf(party: Pick<PartyView, 'endsAt'>): number | undefined {
  return party.endsAt === undefined ? undefined : Math.floor(Date.parse(party.endsAt) / 1000);
}

export function whereText(party: Pick<PartyView, 'voiceChannelId' | 'location' | 'channelId'>): string {
  if (party.voiceChannelId) return `🔊 <#${party.voiceChannelId}>`;
  if (party.location) return `📍 ${escapeMarkdown(party.location)}`;
  return `💬 <#${party.channelId}>`;
}

const STATUS: Record<PartyView['status'], string> = {
  scheduled: 'Upcoming',
  started: '🔴 On now',
  ended: 'Ended',
  cancelled: '❌ Cancelled',
};

function names(people: readonly Person[], max: number = LIMITS.fieldValue): string {
  return people.length ? joinWithinLimit(people.map((person) => memberName(person.name)), max) : '—';
}

export const RSVP_BUTTONS: readonly { answer: RsvpAnswer; label: string; style: ButtonStyle.Success | ButtonStyle.Secondary | ButtonStyle.Danger; count: keyof RsvpCounts }[] = [
  { answer: 'going', label: 'Going', style: ButtonStyle.Success, count: 'going' },
  { answer: 'maybe', label: 'Maybe', style: ButtonStyle.Secondary, count: 'maybe' },
  { answer: 'not-going', label: 'Not going', style: ButtonStyle.Danger, count: 'notGoing' },
];

/** Going / Maybe / Not going, each with its live count ("Going (3)"). */
export function rsvpRow(party: PartyView): ActionRow {
  return {
    type: ComponentType.ActionRow,
    components: RSVP_BUTTONS.map((button) => ({
      type: ComponentType.Button,
      style: button.style,
      label: `${button.label} (${party.rsvp.counts[button.count]})`,
      custom_id: customId('party', 'rsvp', party.id, button.answer),
    })),
  };
}


/**
 * Discord's 6000-character budget is shared by every embed of a message: the film card under an announcement
 * gets what the party embed leaves, losing its last fields first and then description text.
 */
export function shrinkEmbed(embed: APIEmbed, budget: number): APIEmbed {
  const shrunk: APIEmbed = { ...fitEmbed(embed) };
  while (embedLength(shrunk) > budget && shrunk.fields?.length) shrunk.fields = shrunk.fields.slice(0, -1);
  const excess = embedLength(shrunk) - budget;
  if (excess > 0 && shrunk.description) {
    shrunk.description = truncate(shrunk.description, Math.max(1, shrunk.description.length - excess));
  }
  return shrunk;
}

/** The party as an embed: what, when, where, who hosts, and who answered what. */
export function partyEmbed(party: PartyView): APIEmbed {
  const lines = [`**When:** ${whenText(party.startsAtUnix, endUnixOf(party))}`, `**Where:** ${whereText(party)}`, `**Host:** ${memberName(party.host.name)}`];
  if (party.status !== 'scheduled') lines.unshift(`**${STATUS[party.status]}**`);
  if (party.ballot?.open) lines.push('🗳 The film is being chosen by vote: see the ballot, or `/party vote`.');
  if (party.description) lines.push('', truncate(escapeMarkdown(party.description), 1100));
  const fields: APIEmbedField[] = [
    { name: `Going (${party.rsvp.counts.going})`, value: names(party.rsvp.going), inline: true },
    { name: `Maybe (${party.rsvp.counts.maybe})`, value: names(party.rsvp.maybe), inline: true },
    { name: `Not going (${party.rsvp.counts.notGoing})`, value: names(party.rsvp.notGoing), inline: true },
  ];
  if (party.status === 'scheduled' && !party.ballot && party.nominations.length > 1) {
    fields.push({
      name: `Nominated (${party.nominations.length})`,
      value: joinWithinLimit(party.nominations.map((nomination) => filmTitle(nomination.film)), LIMITS.fieldValue, { separator: ' · ' }),
    });
  }
  return fitEmbed({
    title: `🎬 Watch party #${party.id} · ${filmPlain(party.film)}`,
    description: lines.join('\n'),
    color: party.status === 'cancelled' || party.status === 'ended' ? CLOSED_COLOR : PARTY_COLOR,
    fields,
    footer: { text: `Server time: ${party.startsAtText}${party.endsAtText ? ` – ${party.endsAtText}` : ''}` },
  });
}

/**
 * The announcement: the party, the film card under it, and the RSVP buttons while answers are still open.
 * `filmCard` is the film card's embed (buildFilmCard), when the party has a film.
 */
export function renderAnnouncement(party: PartyView, filmCard?: FilmCardPart): V2Message {
  const open = party.status === 'scheduled' || party.status === 'started';
  const view = viewFromEmbed(partyEmbed(party), { rows: open ? [rsvpRow(party)] : [] });
  // The film's card follows the party's, counted in the same budget (the party's blocks give way first).
  const message = renderV2(view, { after: filmCard ? [filmCard.container] : [] });
  return filmCard?.files.length ? { ...message, files: filmCard.files } : message;
}

/** A film card's container and its files, shown inside another message (the announcement). */
export interface FilmCardPart {
  container: APIMessageTopLevelComponent;
  files: V2File[];
}

function bar(votes: number, total: number): string {
  if (total === 0) return '';
  const width = Math.round((votes / total) * 10);
  return ` ${'█'.repeat(width)}${'░'.repeat(10 - width)}`;
}

/** The ballot: every nomination with its live count, the tie-break rule, and the menu to vote while it is open. */
export async function renderBallot(partyId: number, ballot: BallotView): Promise<V2Message> {
  const perOption = Math.floor((LIMITS.embedDescription - 400) / Math.max(1, ballot.options.length));
  const lines = ballot.options.map((option, index) => {
    const count = `${option.votes} vote${option.votes === 1 ? '' : 's'}`;
    const leader = ballot.open && ballot.leaders.includes(option.film.filmId) ? ' ⬅' : '';
    const won = ballot.winner?.filmId === option.film.filmId ? ' 🏆' : '';
    const by = `nominated by ${names(option.nominatedBy, 200)}`;
    return truncate(`**${index + 1}.** ${filmTitle(option.film)} — ${count}${bar(option.votes, ballot.totalVotes)}${leader}${won}\n   ${by}`, perOption);
  });
  const header = ballot.open
    ? 'One vote per member; vote again to change it. The host or a moderator closes the vote.'
    : `The vote is closed.${ballot.winner ? ` The film is ${filmTitle(ballot.winner)}.` : ''}`;
  const embed = fitEmbed({
    title: `🗳 Vote: the film for watch party #${partyId}`,
    description: [header, '', ...lines].join('\n'),
    color: ballot.open ? PARTY_COLOR : CLOSED_COLOR,
    fields: [{ name: 'Ties', value: ballot.tieBreakRule }],
    footer: { text: `${ballot.totalVotes} vote${ballot.totalVotes === 1 ? '' : 's'}` },
  });
  const chart = ballot.options.length > 0 ? await ballotChart(partyId, ballot) : undefined;
  const view = viewFromEmbed(embed, chart ? chartGallery([chart]) : {});
  if (!ballot.open) return renderV2(view);
  const menu: ActionRow = {
    type: ComponentType.ActionRow,
    components: [
      {
        type: ComponentType.StringSelect,
        custom_id: customId('party', 'vote', partyId),
        placeholder: 'Vote for a film',
        min_values: 1,
        max_values: 1,
        options: ballot.options.slice(0, LIMITS.selectOptions).map((option) => ({
          label: truncate(filmPlain(option.film), LIMITS.selectLabel),
          description: `${option.votes} vote${option.votes === 1 ? '' : 's'}`,
          value: option.film.filmId,
        })),
      },
    ],
  };
  const buttons: ActionRow = {
    type: ComponentType.ActionRow,
    components: [
      { type: ComponentType.Button, style: ButtonStyle.Secondary, label: 'Withdraw my vote', custom_id: customId('party', 'unvote', partyId) },
      { type: ComponentType.Button, style: ButtonStyle.Primary, label: 'Close the vote', custom_id: customId('party', 'close', partyId) },
    ],
  };
  return renderV2({ ...view, rows: [menu, buttons] });
}

async function ballotChart(partyId: number, ballot: BallotView): Promise<NamedChart> {
  const data = ballot.options.map((option) => ({ label: filmPlain(option.film), value: option.votes }));
  const leaders = ballot.options.filter((option) => ballot.leaders.includes(option.film.filmId)).map((option) => filmPlain(option.film));
  return { name: `ballot-${partyId}.png`, chart: await barChart(`Votes for watch party #${partyId}`, data, { unit: 'votes', highlight: ballot.open ? leaders : [] }) };
}

const VIA: Record<AttendeeView['via'], string> = { going: 'answered Going', voice: 'in the voice channel', 'going+voice': 'answered Going, in the voice channel' };

function attendeeLine(attendee: AttendeeView): string {
  const rating = attendee.stars !== undefined ? ` ${starsText(attendee.stars)}` : '';
  const review = attendee.reviewed ? ' ✍' : '';
  const logged = attendee.entryId ? '' : ' · had already logged it that day';
  return `${memberName(attendee.name)}${rating}${review} — ${VIA[attendee.via]}${logged}`;
}

function attendeesValue(party: PartyView): string {
  if (party.attendees.length === 0) return 'Nobody: no one had answered Going or was in the voice channel.';
  return joinWithinLimit(party.attendees.map(attendeeLine), LIMITS.fieldValue, { separator: '\n', tail: (count) => `\n…and ${count} more` });
}

/** After `/party end`: who attended (each now has the film in their diary) and a button to rate it. */
export function renderEnded(party: PartyView): V2Message {
  const day = ` dated ${dayIn(new Date(party.startedAt ?? party.startsAt), party.zone)}`;
  const embed = fitEmbed({
    title: `🎞 Watch party #${party.id} has ended · ${filmPlain(party.film)}`,
    description:
      party.attendees.length > 0
        ? `Logged in the diary of ${party.attendees.length} attendee${party.attendees.length === 1 ? '' : 's'}${day}. Attendees: press **Rate it** to rate and review.`
        : 'Nobody was recorded as attending, so no diary was changed.',
    color: CLOSED_COLOR,
    fields: [{ name: `Attendees (${party.attendees.length})`, value: attendeesValue(party) }],
  });
  const rows: ActionRow[] =
    party.film && party.attendees.length > 0
      ? [{ type: ComponentType.ActionRow, components: [{ type: ComponentType.Button, style: ButtonStyle.Primary, label: 'Rate it', emoji: { name: '⭐' }, custom_id: customId('party', 'rate', party.id) }] }]
      : [];
  return renderV2(viewFromEmbed(embed, { rows }));
}

const REMINDER_KIND = { lead: 'Before the start', start: 'At the start' } as const;
const REMINDER_STATE: Record<PartyView['reminders'][number]['state'], string> = {
  pending: 'due',
  sending: 'being sent',
  sent: 'sent',
  failed: 'failed',
  unconfirmed: 'may not have been delivered',
  missed: 'missed',
  skipped: 'not sent',
};

/** `/party show`: everything about one party. */
export function renderPartyDetails(party: PartyView): V2Message {
  const embed = partyEmbed(party);
  const fields = [...(embed.fields ?? [])];
  if (party.ballot) {
    const ballot = party.ballot;
    const standing = ballot.open
      ? `Open · ${ballot.totalVotes} vote${ballot.totalVotes === 1 ? '' : 's'}${ballot.leaders.length ? ` · leading: ${ballot.options.filter((o) => ballot.leaders.includes(o.film.filmId)).map((o) => filmTitle(o.film)).join(', ')}` : ''}`
      : `Closed · ${ballot.winner ? `winner ${filmTitle(ballot.winner)}` : 'no winner'} · ${ballot.totalVotes} vote${ballot.totalVotes === 1 ? '' : 's'}`;
    fields.push({ name: 'Vote', value: `${standing}\n${ballot.tieBreakRule}` });
  } else if (party.nominations.length === 1 && party.status === 'scheduled') {
    fields.push({ name: 'Nominated (1)', value: filmTitle(party.nominations[0]!.film) });
  }
  if (party.reminders.length > 0 && party.status !== 'cancelled') {
    fields.push({
      name: 'Reminders',
      value: party.reminders
        .map((reminder) => {
          const unix = Math.floor(Date.parse(reminder.dueAt) / 1000);
          const late = reminder.late ? ' (late)' : '';
          // The host should learn why a reminder did not go out (e.g. "Missing Permissions" in the party's channel).
          const why = reminder.state === 'failed' && reminder.note ? ` (${truncate(reminder.note, 150)})` : '';
          return `${REMINDER_KIND[reminder.kind]} · <t:${unix}:t> · ${REMINDER_STATE[reminder.state]}${why}${late}`;
        })
        .join('\n'),
    });
  }
  if (party.status === 'ended') fields.push({ name: `Attended (${party.attendees.length})`, value: attendeesValue(party) });
  return renderV2(viewFromEmbed(fitEmbed({ ...embed, fields })));
}

function summaryLine(party: PartySummary): string {
  const flags = [party.status === 'started' ? '🔴 on now' : '', party.voting ? '🗳 voting' : '', party.status === 'cancelled' ? 'cancelled' : ''].filter(Boolean);
  return `**#${party.id}** ${filmTitle(party.film)} · <t:${party.startsAtUnix}:F> · ${party.counts.going} going${flags.length ? ` · ${flags.join(' · ')}` : ''}`;
}

/** `/party list`: one line per party. */
export function renderPartyList(page: Page<PartySummary>, scope: 'upcoming' | 'past'): APIEmbed {
  const empty = scope === 'upcoming' ? 'No watch party is planned. Start one with `/party schedule`.' : 'No past watch parties yet.';
  return fitEmbed({
    title: scope === 'upcoming' ? 'Upcoming watch parties' : 'Past watch parties',
    description: page.items.length ? page.items.map(summaryLine).join('\n') : empty,
    color: PARTY_COLOR,
    footer: { text: `${page.total} part${page.total === 1 ? 'y' : 'ies'} · ${scope === 'upcoming' ? 'soonest first' : 'most recent first'}` },
  });
}

/** `/party suggest`: films none of them has seen, best first, with why. */
export function renderSuggestions(result: SuggestResult): APIEmbed {
  const who = joinWithinLimit(result.members.map((person) => memberName(person.name)), 150, { separator: ', ' });
  const perPick = Math.floor((LIMITS.embedDescription - 200) / Math.max(1, result.picks.length));
  const lines = result.picks.map((pick, index) => {
    const reasons = pick.reasons.slice(0, 2).map((reason) => escapeMarkdown(reason)).join(' · ');
    return truncate(`**${index + 1}.** ${filmTitle(pick.film)}${reasons ? `\n   ${reasons}` : ''}`, perPick);
  });
  const left = result.leftOut > 0 ? `\nOnly the first ${result.members.length} members were considered (${result.leftOut} more left out).` : '';
  return fitEmbed({
    title: truncate(`Films for ${who}`, LIMITS.embedTitle),
    description: (lines.length ? lines.join('\n') : 'Nothing to suggest: every film I know has been seen by one of them, or nothing suits them yet.') + left,
    color: PARTY_COLOR,
    footer: { text: 'None of them has logged these films. Nominate one with /party nominate.' },
  });
}

/** The result of a closed vote, with the tie-break spelled out when it decided. */
export function renderCloseResult(result: CloseVoteResult): string {
  const votes = result.ballot.options.find((option) => option.film.filmId === result.winner.filmId)?.votes ?? 0;
  const lines = [
    `🏆 The vote for watch party #${result.party.id} is closed: ${filmTitle(result.winner)} wins with ${votes} of ${result.totalVotes} vote${result.totalVotes === 1 ? '' : 's'}.`,
  ];
  if (result.tiedWith.length > 0) {
    const others = result.tiedWith.filter((film) => film.filmId !== result.winner.filmId).map(filmTitle);
    const rule = result.ballot.tieBreakRule;
    lines.push(`It tied with ${others.join(', ')}: ${rule.charAt(0).toLowerCase()}${rule.slice(1)}`);
  }
  return lines.join('\n');
}
