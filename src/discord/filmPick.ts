import {
  ComponentType,
  MessageFlags,
  type ChatInputCommandInteraction,
  type InteractionReplyOptions,
  type Message,
  type MessageCreateOptions,
  type MessageEditOptions,
  type StringSelectMenuInteraction,
} from 'discord.js';
import { z } from 'zod';
import type { App } from '../app.js';
import type { Film } from '../catalog/schema.js';
import { literal, quote, UserError } from '../errors.js';
import type { ComponentInteraction } from './command.js';
import { customId } from './customId.js';
import { adoptTmdbFilm, knownTmdbFilm } from '../tmdb/adopt.js';
import { TmdbError } from '../tmdb/client.js';
import { catalogOf, FilmOptionValue, filmSelectOption, SUGGEST_MISSING_FILM, TmdbChoiceValue } from './filmOption.js';
import { LIMITS } from './limits.js';
import { filmLabel, type ActionRow } from './render/film.js';
import { NO_MENTIONS, replyPrivately } from './respond.js';
import { SessionStore } from './sessions.js';
import { normalizeTitle } from '../search/normalize.js';
import { PENDING_PICKS, PICK_TTL_MINUTES } from './pendingPicks.js';

/**
 * The one gate between a typed `film` option and a command that records something. A film picked
 * from autocomplete (its id) or text that is one film's title goes straight to the command's
 * action; anything else is asked about first — "Did you mean…?" with the closest films and "None
 * of these" — and the action runs, with every other option the member gave, only for the film
 * picked. So a film the catalog lacks is never recorded as a look-alike.
 */

/** Where the action may answer: the slash command itself, or the pick in the "Did you mean…?" menu. */
export type FilmInteraction = ChatInputCommandInteraction | StringSelectMenuInteraction;
/** What the command does with the film; it closes over the command's other options. */
export type FilmAction = (interaction: FilmInteraction, film: Film) => Promise<void>;

export interface FilmActionOptions {
  /** The action answers with a form (a modal must be the first answer, so the menu is left as it is). */
  opensModal?: boolean;
}

/**
 * The command's own action behind a menu, in this process's memory: a closure over the command's options cannot
 * be stored. The menu itself (who may answer, which films) is kept in the server's data (./pendingPicks.ts), so
 * after a restart the member is told exactly what to run again instead of a bare "expired".
 */
interface PickAction {
  act: FilmAction;
  opensModal: boolean;
}

export { PICK_TTL_MINUTES };
const MAX_PENDING = 2_000;
/** Value of the "None of these" option: not a possible film id (ids never contain '_'). */
export const NONE_OF_THESE = '__none__';
/** The session token a menu's custom_id carries (SessionStore ids: 6 random bytes, base64url). */
export const PickToken = z.string().regex(/^[A-Za-z0-9_-]{8}$/, 'a pick token');
const PickedValue = z.array(z.string().min(1).max(LIMITS.choiceValue)).length(1);

const actionsByApp = new WeakMap<App, SessionStore<PickAction>>();
function pickActions(app: App): SessionStore<PickAction> {
  let store = actionsByApp.get(app);
  if (!store) actionsByApp.set(app, (store = new SessionStore<PickAction>(PICK_TTL_MINUTES * 60_000, MAX_PENDING, () => app.now().getTime())));
  return store;
}

/** The command as the member typed it ("/list add"), to say what to run again. */
function commandLabel(interaction: ChatInputCommandInteraction): string {
  const group = interaction.options.getSubcommandGroup(false);
  const sub = interaction.options.getSubcommand(false);
  return ['/' + interaction.commandName, group, sub].filter(Boolean).join(' ');
}

/**
 * Runs `act` on the film the `film` option names for certain (a picked id, or a title typed whole
 * that no other film has); otherwise asks the member privately which film they meant.
 */
export async function withFilm(interaction: ChatInputCommandInteraction, app: App, raw: string, act: FilmAction, options: FilmActionOptions = {}): Promise<void> {
  const value = FilmOptionValue.safeParse(raw);
  if (!value.success) throw new UserError(value.error.issues[0]!.message);
  const typed = value.data;
  const remote = await filmFromTmdbChoice(interaction, app, typed, options);
  if (remote === ANSWERED) return;
  if (remote) {
    app.clubPrior.picked(interaction.guildId, remote.id);
    return act(interaction, remote);
  }
  const catalog = catalogOf(app, interaction);
  const byId = catalog.get(typed);
  if (byId) {
    // An id is what autocomplete sends: the member picked this film for what they typed.
    app.clubPrior.picked(interaction.guildId, byId.id);
    return act(interaction, byId);
  }
  const match = catalog.match(typed);
  if (match.kind === 'confident') return act(interaction, match.film);
  if (match.candidates.length === 0) {
    throw new UserError(`No film matches ${quote(typed, 80)}. Try fewer words, or pick one of the suggestions as you type. ${SUGGEST_MISSING_FILM}`);
  }
  const candidates = match.candidates.slice(0, LIMITS.selectOptions - 1);
  const guildId = interaction.guildId;
  if (!guildId) throw new UserError('Use this command in a server.');
  const payload = { typed, filmIds: candidates.map((film) => film.id), command: commandLabel(interaction) };
  const token = await PENDING_PICKS.put(app.store, guildId, interaction.user.id, payload, null, app.now());
  pickActions(app).set(token, { act, opensModal: options.opensModal ?? false });
  await replyPrivately(interaction, { content: didYouMeanText(typed, candidates), components: [didYouMeanMenu(token, candidates)] });
}

/** `filmFromTmdbChoice` answered the member itself: the command has nothing more to do. */
export const ANSWERED = Symbol('answered');
/** A form must be Discord's first answer, within 3 s: how long a command that opens one waits for TMDB. */
const MODAL_WAIT_MS = 1500;

/** What a member is told when TMDB could not give the film they picked. */
function tmdbFailureText(error: TmdbError): string {
  if (error.kind === 'rate-limited') return 'TMDB asks the bot to slow down: pick the film again in a minute.';
  if (error.kind === 'not-found') return 'TMDB no longer has that film. Pick another suggestion.';
  if (error.kind === 'malformed') return 'TMDB’s record of that film cannot be used (no title or release year). Pick another suggestion.';
  return 'TMDB did not answer, so the film could not be added. Try again in a while, or pick a film the catalog has.';
}

/**
 * A `film` option holding a film TMDB offered in autocomplete (`tmdb:603`): the catalog's film when
 * it has it already; else the command is acknowledged (privately: the action's own answer still
 * decides who sees what), the film is fetched with its credits and added to the server's catalog,
 * and the member told so — then the command goes on with it, and the film works without TMDB from
 * then on. Undefined for any other value, or when TMDB is not configured (the text is then only text).
 */
export async function filmFromTmdbChoice(
  interaction: ChatInputCommandInteraction,
  app: App,
  raw: string,
  options: FilmActionOptions = {},
): Promise<Film | typeof ANSWERED | undefined> {
  const choice = TmdbChoiceValue.safeParse(raw.trim());
  const guildId = interaction.guildId;
  if (!app.tmdb || !choice.success || !guildId) return undefined;
  const tmdbId = choice.data;
  const known = knownTmdbFilm(app, guildId, tmdbId);
  if (known) return known;
  const adopting = adoptTmdbFilm(app, guildId, tmdbId);
  // Awaited below; this only keeps a failure from being unhandled if answering Discord fails first.
  adopting.catch(() => undefined);
  if (options.opensModal) {
    // The form must come first: wait as long as Discord allows without answering, else say when to come back.
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), MODAL_WAIT_MS)));
    const outcome = await Promise.race([adopting.then((adopted) => adopted.film, (error: unknown) => ({ error })), late]).finally(() => clearTimeout(timer));
    if (outcome === 'late') {
      // Still added when TMDB answers: the next try finds the film in the catalog.
      adopting.catch((error: unknown) => app.log.warn('tmdb: could not add a picked film', { tmdbId, error: (error as Error).message }));
      await replyPrivately(interaction, { content: 'TMDB is slow to answer, so the film is not in the catalog yet. Run the command again in a moment.' });
      return ANSWERED;
    }
    if ('error' in outcome) {
      if (!(outcome.error instanceof TmdbError)) throw outcome.error;
      app.log.warn('tmdb: could not add a picked film', { tmdbId, error: outcome.error.message });
      throw new UserError(tmdbFailureText(outcome.error));
    }
    return outcome;
  }
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  let film: Film;
  let added: boolean;
  try {
    ({ film, added } = await adopting);
  } catch (error) {
    if (error instanceof TmdbError) {
      app.log.warn('tmdb: could not add a picked film', { tmdbId, error: error.message });
      throw new UserError(tmdbFailureText(error));
    }
    throw error;
  }
  const said = added ? `Added **${literal(filmLabel(film))}** to this server’s catalog (data from TMDB).` : `**${literal(filmLabel(film))}** is in the catalog already.`;
  await interaction.editReply({ content: said, allowedMentions: NO_MENTIONS });
  return film;
}

function didYouMeanText(typed: string, candidates: readonly Film[]): string {
  const quoted = quote(typed, 80);
  // Called so as the matcher reads titles (case, accents, articles, punctuation aside): Parasite, The Parasite and
  // PARASITE are all "parasite", so saying no film is called that would be wrong.
  const key = normalizeTitle(typed);
  const titled = candidates.filter((film) => [film.title, film.originalTitle, ...film.altTitles].some((title) => title !== undefined && normalizeTitle(title) === key));
  const why = titled.length > 1 ? `${titled.length} films are called ${quoted}.` : `No film is called exactly ${quoted}.`;
  return `${why} Did you mean…? Nothing is recorded until you pick.`;
}

function didYouMeanMenu(token: string, candidates: readonly Film[]): ActionRow {
  return {
    type: ComponentType.ActionRow,
    components: [
      {
        type: ComponentType.StringSelect,
        custom_id: customId('film', 'typed', token),
        placeholder: 'Did you mean…?',
        min_values: 1,
        max_values: 1,
        options: [
          ...candidates.map(filmSelectOption),
          { label: 'None of these', description: 'Record nothing', value: NONE_OF_THESE },
        ],
      },
    ],
  };
}

/** The answer to a "Did you mean…?" menu (custom_id `film:typed:<token>`): only the member who asked, once. */
export async function pickTypedFilm(interaction: ComponentInteraction, token: string, app: App): Promise<void> {
  const key = { guildId: interaction.guildId ?? '', userId: interaction.user.id, token };
  const found = interaction.guildId ? await PENDING_PICKS.get(app.store, key, app.now()) : ({ status: 'missing' } as const);
  if (found.status === 'not-yours') throw new UserError('Only the member who ran the command can answer this.');
  if (found.status !== 'open') throw new UserError(`This choice has expired (after ${PICK_TTL_MINUTES} minutes) or was answered already. Run the command again.`);
  const pick = found.payload;
  if (!interaction.isStringSelectMenu()) throw new UserError('This control expects a choice from the menu.');
  const picked = PickedValue.safeParse(interaction.values);
  const value = picked.success ? picked.data[0]! : undefined;
  if (value === NONE_OF_THESE) {
    await PENDING_PICKS.take(app.store, key, app.now());
    pickActions(app).delete(token);
    await interaction.update({ content: `Nothing recorded for ${quote(pick.typed, 80)}. Pick a suggestion as you type to find the film.`, components: [], allowedMentions: NO_MENTIONS });
    return;
  }
  if (!value || !pick.filmIds.includes(value)) throw new UserError('Pick one of the films in the menu.');
  const film = catalogOf(app, interaction).get(value);
  if (!film) throw new UserError('That film is no longer in the catalog. Run the command again.');
  const action = pickActions(app).get(token);
  // One answer per menu, whichever process gets the press first.
  if (!(await PENDING_PICKS.take(app.store, key, app.now()))) throw new UserError('This choice was answered already.');
  pickActions(app).delete(token);
  app.clubPrior.picked(interaction.guildId, film.id);
  if (!action) {
    // Asked before a restart (or by another process): the command's other options are gone with it.
    await interaction.update({
      content: `The bot restarted since this menu was made, so nothing was recorded. Run ${pick.command} again and pick **${literal(filmLabel(film))}** from the suggestions as you type.`,
      components: [],
      allowedMentions: NO_MENTIONS,
    });
    return;
  }
  if (!action.opensModal) await interaction.update({ content: `You picked **${literal(filmLabel(film))}**.`, components: [], allowedMentions: NO_MENTIONS });
  await action.act(interaction, film);
}

/**
 * A command's public answer: the reply to the command, or — after a pick in the private "Did you
 * mean…?" menu, which is answered already — a follow-up in the channel for everyone.
 */
export async function answerPublicly(answer: FilmInteraction, message: Omit<InteractionReplyOptions, 'flags'>): Promise<void> {
  if (answer.replied || answer.deferred) await answer.followUp(message);
  else await answer.reply(message);
}

export type AnswerSender = (message: MessageCreateOptions & MessageEditOptions) => Promise<Message>;

/**
 * Acknowledges before slow work, and gives the way to send the answer once it is ready: the deferred
 * reply, edited — or, after a pick in the "Did you mean…?" menu (answered already), a follow-up.
 */
export async function deferAnswer(answer: FilmInteraction, ephemeral: boolean): Promise<AnswerSender> {
  const flags = ephemeral ? MessageFlags.Ephemeral : undefined;
  // The answer's own flags (IS_COMPONENTS_V2 for a card) are kept; ephemerality is added to them.
  const withFlags = (message: MessageCreateOptions & MessageEditOptions) => ({ ...message, flags: (Number(message.flags ?? 0) | (flags ?? 0)) || undefined });
  // Answered already: after a pick in the menu, or after a film was brought in from TMDB.
  if (answer.isMessageComponent() || answer.replied || answer.deferred) return (message) => answer.followUp(withFlags(message) as InteractionReplyOptions);
  await answer.deferReply({ flags });
  return (message) => answer.editReply(message);
}
