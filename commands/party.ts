import {
  ChannelType,
  InteractionContextType,
  MessageFlags,
  SlashCommandBuilder,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  type Message,
  type ModalSubmitInteraction,
  type RepliableInteraction,
} from 'discord.js';
import { z } from 'zod';
import type { App } from '../src/app.js';
import { FilmId, type Film } from '../src/catalog/schema.js';
import { guildConfig, starsText, validateReviewText } from '../src/club/index.js';
import { accessOf, actorOf, guildIdOf } from '../src/discord/actor.js';
import { announceAwards } from '../src/discord/confirm.js';
import { defineCommand, handler, type ComponentInteraction } from '../src/discord/command.js';
import { confirmChange } from '../src/discord/confirm.js';
import { customId } from '../src/discord/customId.js';
import { filmChoices, filmOption, resolveFilmOption } from '../src/discord/filmOption.js';
import { PageNumber, pagerRow } from '../src/discord/paging.js';
import { partyChoices, partyOption, resolveParty, whenChoices, whenOption } from '../src/discord/partyOption.js';
import {
  buildAnnouncement,
  completePartyEvent,
  createPartyEvent,
  guildOf,
  membersInVoice,
  refreshAnnouncement,
  refreshBallot,
  removePartyEvent,
  startPartyEvent,
  updatePartyEvent,
} from '../src/discord/partySync.js';
import { memberName } from '../src/discord/render/club.js';
import { filmLabel } from '../src/discord/render/film.js';
import {
  filmTitle,
  renderBallot,
  renderCloseResult,
  renderEnded,
  renderPartyDetails,
  renderPartyList,
  renderSuggestions,
  whenText,
  whereText,
} from '../src/discord/render/parties.js';
import { NO_MENTIONS, replyPrivately } from '../src/discord/respond.js';
import { readReviewForm, reviewModal } from '../src/discord/review.js';
import { UserError } from '../src/errors.js';
import {
  dayIn,
  PARTY_DESCRIPTION_MAX,
  PARTY_LOCATION_MAX,
  type CloseVoteResult,
  type EditInput,
  type PartyActor,
  type PartyView,
} from '../src/parties/index.js';
import { RsvpAnswer } from '../src/parties/schema.js';

const PartyNumber = z.coerce.number<unknown>().int().positive().max(1_000_000);
const PartyArgs = z.tuple([PartyNumber]);
const Scope = z.enum(['upcoming', 'past']);

/** Who acts, with what Discord says they may do: the domain decides whether they host or moderate. */
function partyActor(interaction: RepliableInteraction): PartyActor {
  return { ...actorOf(interaction), access: accessOf(interaction) };
}

/** Problems with Discord's copies (the event, a post) are told to the member privately; the party change stands. */
async function tellNotes(interaction: RepliableInteraction, notes: (string | undefined)[]): Promise<void> {
  const said = notes.filter((note): note is string => note !== undefined);
  if (said.length > 0) await replyPrivately(interaction, { content: said.join('\n') });
}

function filmOf(app: App, party: PartyView): Film {
  const film = party.film && app.catalog.get(party.film.filmId);
  if (!film) throw new UserError(`The film of watch party #${party.id} is no longer in the catalog.`);
  return film;
}

/** After a vote closes: the ballot shows the result, the announcement and the Discord event show the winner. */
async function afterClose(interaction: RepliableInteraction, app: App, result: CloseVoteResult): Promise<(string | undefined)[]> {
  await refreshAnnouncement(app, interaction.client, result.party);
  return [await updatePartyEvent(app, guildOf(interaction), result.party)];
}

// ── Subcommands ────────────────────────────────────────────────────────────────────────────────────────────────

async function schedule(interaction: ChatInputCommandInteraction, app: App): Promise<void> {
  const guild = guildOf(interaction);
  const { film } = resolveFilmOption(app.catalog, interaction.options.getString('film', true));
  const channel = interaction.options.getChannel('channel', false, [ChannelType.GuildVoice, ChannelType.GuildText]);
  const voiceChannelId = channel?.type === ChannelType.GuildVoice ? channel.id : undefined;
  const announceIn = channel && channel.type !== ChannelType.GuildVoice ? channel.id : interaction.channelId;
  const party = await app.parties.schedule(partyActor(interaction), {
    filmId: film.id,
    when: interaction.options.getString('when', true),
    channelId: announceIn,
    voiceChannelId,
    location: interaction.options.getString('location') ?? undefined,
    description: interaction.options.getString('description') ?? undefined,
  });
  // The party is stored; what follows talks to Discord's REST API and may take a while.
  const here = announceIn === interaction.channelId;
  await interaction.deferReply(here ? {} : { flags: MessageFlags.Ephemeral });
  const notes = [await createPartyEvent(app, guild, party)];
  const announcement = await buildAnnouncement(app, await app.parties.show(guild.id, party.id));
  let posted: Message | undefined;
  if (here) {
    posted = await interaction.editReply(announcement);
  } else {
    try {
      const target = await interaction.client.channels.fetch(announceIn);
      if (!target?.isSendable()) throw new Error('not a channel messages can be sent to');
      posted = await target.send(announcement);
    } catch (error) {
      app.log.warn('parties: could not post an announcement', { channelId: announceIn, error });
      notes.push(`I could not post the announcement in <#${announceIn}>; check that I may send messages there. \`/party show\` shows the party.`);
    }
    await interaction.editReply({
      content: `Watch party #${party.id} (${filmTitle(party.film)}) is scheduled for ${whenText(party.startsAtUnix)}${posted ? `, announced in <#${announceIn}>` : ''}.`,
      allowedMentions: NO_MENTIONS,
    });
  }
  if (posted) await app.parties.recordAnnouncement(guild.id, party.id, { channelId: posted.channelId, messageId: posted.id });
  if (!(await guildConfig(app.store, guild.id)).timezone) {
    notes.push(`I read “${interaction.options.getString('when', true).slice(0, 60)}” in UTC because this server has no time zone yet: a moderator can set one with \`/config timezone\` (then \`/party edit\` the time).`);
  }
  await tellNotes(interaction, notes);
}

async function nominate(interaction: ChatInputCommandInteraction, app: App): Promise<void> {
  const guildId = guildIdOf(interaction);
  const { film } = resolveFilmOption(app.catalog, interaction.options.getString('film', true));
  const id = await resolveParty(interaction, app, guildId);
  const actor = actorOf(interaction);
  const result = await app.parties.nominate(actor, id, film.id);
  const count = result.party.nominations.length;
  const lines = [
    result.merged
      ? `${filmTitle(result.film)} was already nominated for watch party #${id}; ${memberName(actor.name)} seconds it (nominated by ${result.nominatedBy.map((person) => memberName(person.name)).join(', ')}).`
      : `${memberName(actor.name)} nominated ${filmTitle(result.film)} for watch party #${id}.`,
    `${count} film${count === 1 ? '' : 's'} nominated.${count >= 2 ? ' The host or a moderator opens the vote with `/party vote`.' : ''}`,
  ];
  await interaction.reply({ content: lines.join('\n'), allowedMentions: NO_MENTIONS });
  await refreshAnnouncement(app, interaction.client, result.party);
}

async function vote(interaction: ChatInputCommandInteraction, app: App): Promise<void> {
  const guildId = guildIdOf(interaction);
  const id = await resolveParty(interaction, app, guildId);
  const current = await app.parties.show(guildId, id);
  // No ballot yet: opening one is the host's or a moderator's call (the domain checks); an open one is re-posted.
  const ballot = current.ballot ?? (await app.parties.openVote(partyActor(interaction), id));
  await interaction.deferReply();
  const posted = await interaction.editReply({ ...renderBallot(id, ballot), allowedMentions: NO_MENTIONS });
  if (!ballot.open) return;
  await app.parties.recordBallotMessage(guildId, id, { channelId: posted.channelId, messageId: posted.id });
  if (!current.ballot) await refreshAnnouncement(app, interaction.client, await app.parties.show(guildId, id));
}

async function closeVote(interaction: ChatInputCommandInteraction, app: App): Promise<void> {
  const id = await resolveParty(interaction, app, guildIdOf(interaction));
  const result = await app.parties.closeVote(partyActor(interaction), id);
  await interaction.deferReply();
  await refreshBallot(app, interaction.client, result.party);
  const notes = await afterClose(interaction, app, result);
  await interaction.editReply({ content: renderCloseResult(result), allowedMentions: NO_MENTIONS });
  await tellNotes(interaction, notes);
}

async function start(interaction: ChatInputCommandInteraction, app: App): Promise<void> {
  const id = await resolveParty(interaction, app, guildIdOf(interaction));
  const party = await app.parties.start(partyActor(interaction), id);
  await interaction.deferReply();
  const notes = [await startPartyEvent(app, guildOf(interaction), party)];
  await refreshAnnouncement(app, interaction.client, party);
  await refreshBallot(app, interaction.client, party);
  const join = party.voiceChannelId ? ` Join ${whereText(party)}.` : party.location ? ` ${whereText(party)}` : '';
  await interaction.editReply({ content: `🎬 Watch party #${party.id} has started: ${filmTitle(party.film)}!${join}`, allowedMentions: NO_MENTIONS });
  await tellNotes(interaction, notes);
}

async function end(interaction: ChatInputCommandInteraction, app: App): Promise<void> {
  const guild = guildOf(interaction);
  const id = await resolveParty(interaction, app, guild.id);
  const current = await app.parties.show(guild.id, id);
  const present = current.voiceChannelId ? membersInVoice(guildOf(interaction), current.voiceChannelId) : [];
  const result = await app.parties.end(partyActor(interaction), id, { present });
  await interaction.deferReply();
  const notes = [await completePartyEvent(app, guild, result.party)];
  await refreshAnnouncement(app, interaction.client, result.party);
  await interaction.editReply({ ...renderEnded(result.party), allowedMentions: NO_MENTIONS });
  await announceAwards(interaction, app, result.party.film?.filmId, result.attendees.map((attendee) => attendee.userId));
  await tellNotes(interaction, notes);
}

async function show(interaction: ChatInputCommandInteraction, app: App): Promise<void> {
  const guildId = guildIdOf(interaction);
  const party = await app.parties.show(guildId, await resolveParty(interaction, app, guildId));
  await interaction.reply({ ...renderPartyDetails(party), allowedMentions: NO_MENTIONS });
}

async function renderList(app: App, guildId: string, scope: z.infer<typeof Scope>, page: number) {
  const parties = await app.parties.list(guildId, { scope, page: { page, pageSize: 10 } });
  return { embeds: [renderPartyList(parties, scope)], components: pagerRow('party', [scope], parties.page, parties.pageCount), allowedMentions: NO_MENTIONS };
}

async function list(interaction: ChatInputCommandInteraction, app: App): Promise<void> {
  const scope = interaction.options.getBoolean('past') ? 'past' : 'upcoming';
  await interaction.reply(await renderList(app, guildIdOf(interaction), scope, 1));
}

async function cancel(interaction: ChatInputCommandInteraction, app: App): Promise<void> {
  const id = await resolveParty(interaction, app, guildIdOf(interaction));
  const party = await app.parties.cancel(partyActor(interaction), id);
  await interaction.deferReply();
  const notes = [await removePartyEvent(app, guildOf(interaction), party)];
  await refreshAnnouncement(app, interaction.client, party);
  await refreshBallot(app, interaction.client, party);
  await interaction.editReply({
    content: `❌ Watch party #${party.id} (${filmTitle(party.film)}, <t:${party.startsAtUnix}:F>) is cancelled.`,
    allowedMentions: NO_MENTIONS,
  });
  await tellNotes(interaction, notes);
}

/** Options → the domain's edit: a voice channel replaces a location and the other way round; `clear` empties a field. */
function editChanges(interaction: ChatInputCommandInteraction, app: App): EditInput {
  const options = interaction.options;
  const changes: EditInput = {};
  const film = options.getString('film');
  if (film !== null) changes.filmId = resolveFilmOption(app.catalog, film).film.id;
  const when = options.getString('when');
  if (when !== null) changes.when = when;
  const channel = options.getChannel('channel', false, [ChannelType.GuildVoice, ChannelType.GuildText]);
  const location = options.getString('location');
  if (channel?.type === ChannelType.GuildVoice) {
    changes.voiceChannelId = channel.id;
    if (location === null) changes.location = null;
  } else if (channel) {
    changes.channelId = channel.id;
  }
  if (location !== null) {
    changes.location = location;
    if (channel?.type !== ChannelType.GuildVoice) changes.voiceChannelId = null;
  }
  const description = options.getString('description');
  if (description !== null) changes.description = description;
  const clear = options.getString('clear');
  if (clear === 'location' || clear === 'description') {
    if (changes[clear] !== undefined && changes[clear] !== null) throw new UserError(`Give a new ${clear} or clear it, not both.`);
    changes[clear] = null;
  }
  if (Object.keys(changes).length === 0) throw new UserError('Say what to change: film, when, channel, location or description.');
  return changes;
}

async function edit(interaction: ChatInputCommandInteraction, app: App): Promise<void> {
  const id = await resolveParty(interaction, app, guildIdOf(interaction));
  const { party, changed } = await app.parties.edit(partyActor(interaction), id, editChanges(interaction, app));
  await interaction.deferReply();
  const notes = [await updatePartyEvent(app, guildOf(interaction), party)];
  await refreshAnnouncement(app, interaction.client, party);
  await interaction.editReply({
    content: `✏️ Watch party #${party.id} updated (${changed.join(', ')}): ${filmTitle(party.film)} · ${whenText(party.startsAtUnix)} · ${whereText(party)}`,
    allowedMentions: NO_MENTIONS,
  });
  await tellNotes(interaction, notes);
}

const MENTION = /<@!?(\d{17,20})>/g;

/** The group to suggest for: mentioned members, a voice channel's members, a party's Going members; else your voice channel, or you. */
async function suggestGroup(interaction: ChatInputCommandInteraction, app: App, guildId: string): Promise<string[]> {
  const ids = new Set<string>();
  const mentioned = interaction.options.getString('members');
  if (mentioned !== null) {
    const found = [...mentioned.matchAll(MENTION)].map((match) => match[1]!);
    if (found.length === 0) throw new UserError('Mention the members in `members`, e.g. @alice @bob.');
    for (const id of found) ids.add(id);
  }
  const channel = interaction.options.getChannel('channel', false, [ChannelType.GuildVoice]);
  if (channel) {
    const present = membersInVoice(guildOf(interaction), channel.id);
    if (present.length === 0) throw new UserError(`Nobody is in <#${channel.id}> right now.`);
    for (const member of present) ids.add(member.userId);
  }
  const partyId = interaction.options.getInteger('party');
  if (partyId !== null) {
    const party = await app.parties.show(guildId, partyId);
    if (party.rsvp.going.length === 0) throw new UserError(`Nobody has answered Going to watch party #${partyId} yet.`);
    for (const person of party.rsvp.going) ids.add(person.userId);
  }
  if (ids.size > 0) return [...ids];
  const ownChannel = guildOf(interaction).voiceStates.cache.get(interaction.user.id)?.channelId;
  return ownChannel ? [interaction.user.id, ...membersInVoice(guildOf(interaction), ownChannel).map((member) => member.userId)] : [interaction.user.id];
}

async function suggest(interaction: ChatInputCommandInteraction, app: App): Promise<void> {
  const guildId = guildIdOf(interaction);
  const memberIds = [...new Set(await suggestGroup(interaction, app, guildId))];
  await interaction.deferReply();
  const result = await app.parties.suggest(guildId, { memberIds, limit: 10 });
  await interaction.editReply({ embeds: [renderSuggestions(result)], allowedMentions: NO_MENTIONS });
}

const SUBCOMMANDS: Record<string, (interaction: ChatInputCommandInteraction, app: App) => Promise<void>> = {
  schedule,
  nominate,
  vote,
  'close-vote': closeVote,
  start,
  end,
  show,
  list,
  cancel,
  edit,
  suggest,
};

// ── Buttons and forms ──────────────────────────────────────────────────────────────────────────────────────────

const RSVP_WORDS: Record<RsvpAnswer, string> = { going: 'Going', maybe: 'Maybe', 'not-going': 'Not going' };

/** The party's viewing in the attendee's diary: the entry the party added, or their own entry of that day. */
async function partyEntryId(app: App, party: PartyView, userId: string): Promise<string | undefined> {
  const attendee = party.attendees.find((candidate) => candidate.userId === userId);
  if (!attendee) throw new UserError(`**Rate it** is for the members who attended watch party #${party.id}. To review the film anyway, use \`/review\`.`);
  if (attendee.entryId) return attendee.entryId;
  const day = dayIn(new Date(party.startedAt ?? party.startsAt), party.zone);
  const mine = await app.diary.memberFilm(party.guildId, userId, filmOf(app, party).id);
  return mine.entries.find((entry) => entry.watchedOn === day)?.id;
}

export default defineCommand({
  data: new SlashCommandBuilder()
    .setName('party')
    .setDescription('Watch parties: schedule, RSVP, nominate and vote, reminders, and attendance in your diary')
    .setContexts(InteractionContextType.Guild)
    .addSubcommand((sub) =>
      sub
        .setName('schedule')
        .setDescription('Plan a watch party: a Discord event, an announcement with RSVP buttons, reminders')
        .addStringOption((option) => filmOption(option, 'The film — pick a suggestion or type a title'))
        .addStringOption((option) => whenOption(option, true))
        .addChannelOption((option) =>
          option
            .setName('channel')
            .setDescription('A voice channel to watch in, or a text channel for the announcement (default: here)')
            .addChannelTypes(ChannelType.GuildVoice, ChannelType.GuildText),
        )
        .addStringOption((option) => option.setName('location').setDescription('Where, without a voice channel: “Alice’s place”, a stream link').setMaxLength(PARTY_LOCATION_MAX))
        .addStringOption((option) => option.setName('description').setDescription('A note for the announcement and the event').setMaxLength(PARTY_DESCRIPTION_MAX)),
    )
    .addSubcommand((sub) =>
      sub
        .setName('nominate')
        .setDescription('Propose a film for a party (nominating one already proposed seconds it)')
        .addStringOption((option) => filmOption(option))
        .addIntegerOption((option) => partyOption(option)),
    )
    .addSubcommand((sub) => sub.setName('vote').setDescription('Post the ballot (the host or a moderator opens it)').addIntegerOption((option) => partyOption(option)))
    .addSubcommand((sub) =>
      sub.setName('close-vote').setDescription('Close the vote: the winner becomes the film (host or moderator)').addIntegerOption((option) => partyOption(option)),
    )
    .addSubcommand((sub) => sub.setName('start').setDescription('Start the party now (host or moderator)').addIntegerOption((option) => partyOption(option)))
    .addSubcommand((sub) =>
      sub.setName('end').setDescription('End it: attendees get the film in their diary (host or moderator)').addIntegerOption((option) => partyOption(option)),
    )
    .addSubcommand((sub) => sub.setName('show').setDescription('Everything about a party: RSVPs, vote, reminders, attendees').addIntegerOption((option) => partyOption(option)))
    .addSubcommand((sub) =>
      sub
        .setName('list')
        .setDescription('Upcoming watch parties, or past ones')
        .addBooleanOption((option) => option.setName('past').setDescription('Show past (ended or cancelled) parties instead')),
    )
    .addSubcommand((sub) =>
      sub.setName('cancel').setDescription('Cancel a party and its Discord event (host or moderator)').addIntegerOption((option) => partyOption(option)),
    )
    .addSubcommand((sub) =>
      sub
        .setName('edit')
        .setDescription('Change a party’s film, time, place or description (host or moderator)')
        .addIntegerOption((option) => partyOption(option))
        .addStringOption((option) => filmOption(option, 'A new film').setRequired(false))
        .addStringOption((option) => whenOption(option, false))
        .addChannelOption((option) =>
          option
            .setName('channel')
            .setDescription('A voice channel to watch in, or a text channel for reminders')
            .addChannelTypes(ChannelType.GuildVoice, ChannelType.GuildText),
        )
        .addStringOption((option) => option.setName('location').setDescription('Where, instead of a voice channel').setMaxLength(PARTY_LOCATION_MAX))
        .addStringOption((option) => option.setName('description').setDescription('A new note').setMaxLength(PARTY_DESCRIPTION_MAX))
        .addStringOption((option) =>
          option
            .setName('clear')
            .setDescription('Remove a field')
            .addChoices({ name: 'location', value: 'location' }, { name: 'description', value: 'description' }),
        ),
    )
    .addSubcommand((sub) =>
      sub
        .setName('suggest')
        .setDescription('Films none of the group has seen, from their watchlists and favorites')
        .addStringOption((option) => option.setName('members').setDescription('Mention the members: @alice @bob').setMaxLength(1000))
        .addChannelOption((option) => option.setName('channel').setDescription('Everyone in this voice channel').addChannelTypes(ChannelType.GuildVoice))
        .addIntegerOption((option) => partyOption(option, 'The Going members of this party')),
    ),

  async autocomplete(interaction, app) {
    const focused = interaction.options.getFocused(true);
    const typed = String(focused.value);
    if (focused.name === 'film') return interaction.respond(filmChoices(app.catalog, typed));
    const guildId = guildIdOf(interaction);
    if (focused.name === 'party') return interaction.respond(await partyChoices(app, guildId, typed));
    if (focused.name === 'when') return interaction.respond(await whenChoices(app, guildId, typed));
    await interaction.respond([]);
  },

  async execute(interaction, app) {
    guildIdOf(interaction);
    const run = SUBCOMMANDS[interaction.options.getSubcommand(true)];
    if (!run) throw new UserError('Marquee does not know that /party subcommand (any more).');
    await run(interaction, app);
  },

  components: {
    rsvp: handler(z.tuple([PartyNumber, RsvpAnswer]), async (interaction: ComponentInteraction, [id, answer], app) => {
      await interaction.deferUpdate();
      const result = await app.parties.rsvp(actorOf(interaction), id, answer);
      await interaction.editReply(await buildAnnouncement(app, result.party));
      const said = result.changed ? `You answered **${RSVP_WORDS[answer]}** to watch party #${id}.` : `You had already answered **${RSVP_WORDS[answer]}**.`;
      const ping = answer === 'going' ? ' Marquee will mention you in its reminders.' : result.previous === 'going' ? ' You will no longer be mentioned in its reminders.' : '';
      await replyPrivately(interaction, { content: said + ping });
    }),

    vote: handler(PartyArgs, async (interaction: ComponentInteraction, [id], app) => {
      if (!interaction.isStringSelectMenu()) throw new UserError('This control expects a choice from the menu.');
      const chosen = z.array(FilmId).length(1).safeParse(interaction.values);
      if (!chosen.success) throw new UserError('Pick one film from the menu.');
      await interaction.deferUpdate();
      const result = await app.parties.vote(actorOf(interaction), id, chosen.data[0]!);
      await interaction.editReply({ ...renderBallot(id, result.ballot), allowedMentions: NO_MENTIONS });
      const said = !result.changed
        ? `You already vote for ${filmTitle(result.film)}.`
        : result.previous
          ? `Your vote moved from ${filmTitle(result.previous)} to ${filmTitle(result.film)}.`
          : `You voted for ${filmTitle(result.film)}. Vote again to change it.`;
      await replyPrivately(interaction, { content: said });
    }),

    unvote: handler(PartyArgs, async (interaction: ComponentInteraction, [id], app) => {
      await interaction.deferUpdate();
      const ballot = await app.parties.retractVote(actorOf(interaction), id);
      await interaction.editReply({ ...renderBallot(id, ballot), allowedMentions: NO_MENTIONS });
      await replyPrivately(interaction, { content: `Your vote for watch party #${id} is withdrawn.` });
    }),

    close: handler(PartyArgs, async (interaction: ComponentInteraction, [id], app) => {
      await interaction.deferUpdate();
      const result = await app.parties.closeVote(partyActor(interaction), id);
      await interaction.editReply({ ...renderBallot(id, result.ballot), allowedMentions: NO_MENTIONS });
      const notes = await afterClose(interaction, app, result);
      await interaction.followUp({ content: renderCloseResult(result), allowedMentions: NO_MENTIONS });
      await tellNotes(interaction, notes);
    }),

    /** Opens the review form (the one the film card uses), bound to this party so it lands on the party's viewing. */
    rate: handler(PartyArgs, async (interaction: ComponentInteraction, [id], app) => {
      const party = await app.parties.show(guildIdOf(interaction), id);
      await partyEntryId(app, party, interaction.user.id);
      const modal = reviewModal(filmOf(app, party)).setCustomId(customId('party', 'review', id));
      await (interaction as ButtonInteraction).showModal(modal);
    }),

    page: handler(z.tuple([Scope, PageNumber]), async (interaction: ComponentInteraction, [scope, page], app) => {
      await interaction.update(await renderList(app, guildIdOf(interaction), scope, page));
    }),
  },

  modals: {
    review: handler(PartyArgs, async (interaction: ModalSubmitInteraction, [id], app) => {
      // Checked before acknowledging, so a typo is answered at once and privately.
      const form = readReviewForm(interaction);
      validateReviewText(form.text);
      if (!interaction.isFromMessage()) throw new UserError('This form belongs to a party’s Rate it button.');
      const actor = actorOf(interaction);
      const party = await app.parties.show(actor.guildId, id);
      const film = filmOf(app, party);
      const entryId = await partyEntryId(app, party, actor.userId);
      await interaction.deferUpdate();
      const day = dayIn(new Date(party.startedAt ?? party.startsAt), party.zone);
      const result = await app.diary.review(actor, film.id, { ...form, ...(entryId ? { entryId } : { on: day }) });
      await interaction.editReply({ ...renderEnded(await app.parties.show(actor.guildId, id)), allowedMentions: NO_MENTIONS });
      await confirmChange(interaction, app, {
        filmId: film.id,
        message: `Saved your review of **${filmLabel(film)}** from watch party #${id} — ${starsText(form.stars)}${form.spoiler ? ' (hidden as a spoiler)' : ''}.`,
        undoToken: result.undoToken,
      });
    }),
  },
});
