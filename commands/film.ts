import {
  ComponentType,
  InteractionContextType,
  MessageFlags,
  SlashCommandBuilder,
  type ButtonInteraction,
  type APIMessageTopLevelComponent,
  type Message,
  type ModalSubmitInteraction,
} from 'discord.js';
import { z } from 'zod';
import type { App } from '../src/app.js';
import { Snowflake } from '../src/config.js';
import { FilmId, type Film } from '../src/catalog/schema.js';
import type { Actor } from '../src/club/index.js';
import { actorOf, guildIdOf } from '../src/discord/actor.js';
import { defineCommand, handler, type ComponentInteraction } from '../src/discord/command.js';
import { announceAwards, confirmChange, undoRow } from '../src/discord/confirm.js';
import { buildFilmCard, filmIdOnCard } from '../src/discord/filmCard.js';
import { catalogOf, contenderMenu, filmChoicesWithTmdb, resolveFilmOption } from '../src/discord/filmOption.js';
import { ANSWERED, filmFromTmdbChoice, pickTypedFilm, PickToken } from '../src/discord/filmPick.js';
import { filmLabelText, renderFullCast } from '../src/discord/render/film.js';
import { asEditOf, note } from '../src/discord/render/v2.js';
import { MARKED_SEEN, OFF_WATCHLIST } from '../src/discord/render/club.js';
import { NO_MENTIONS } from '../src/discord/respond.js';
import { draftModal, ratingSaid, readReviewOrKeepDraft, reviewModal } from '../src/discord/review.js';
import { literal, quote, UserError } from '../src/errors.js';

function filmOrGone(app: App, id: string, where: { guildId: string | null }): Film {
  const film = catalogOf(app, where).get(id);
  if (!film) throw new UserError('That film is no longer in the catalog, so this card cannot change any more.');
  return film;
}

/**
 * What the card did not draw itself — a "Closest match" note, the "Not this one?" menu, /random's Another button —
 * survives a refresh; the card itself (its container, or on a classic card from before V2 the rows of `film:`
 * buttons) is rebuilt.
 */
const isCardButton = (component: { type?: unknown; custom_id?: unknown }) =>
  component.type === ComponentType.Button && typeof component.custom_id === 'string' && component.custom_id.startsWith('film:');

type TopLevel = APIMessageTopLevelComponent;

function topLevel(message: Message): TopLevel[] {
  return message.components.map((component) => component.toJSON() as TopLevel);
}

function isCardPart(component: TopLevel): boolean {
  if (component.type === ComponentType.Container) return true;
  return component.type === ComponentType.ActionRow && component.components.every(isCardButton);
}

/** Whether a message is a film card (it carries the card's buttons), not e.g. a "Did you mean…?" question. */
function isCard(message: Message): boolean {
  return filmIdOnCard(message.components) !== undefined;
}

/** The parts around the card, split by where they sat: above it (notes) or under it (menus, Another). */
function keptAround(message: Message): { before: TopLevel[]; after: TopLevel[] } {
  const all = topLevel(message);
  const cardAt = all.findIndex(isCardPart);
  const kept = (component: TopLevel) => !isCardPart(component);
  // A classic card had its menu row above the card's rows: it stays above, as it was.
  if (cardAt < 0) return { before: all.filter(kept), after: [] };
  return { before: all.slice(0, cardAt).filter(kept), after: all.slice(cardAt + 1).filter(kept) };
}

async function refreshedCard(app: App, interaction: ComponentInteraction | ModalSubmitInteraction, film: Film) {
  const around = interaction.message && isCard(interaction.message) ? keptAround(interaction.message) : {};
  const card = await buildFilmCard(app, interaction.guildId, film, around);
  return { ...asEditOf(interaction.message?.flags.bitfield, card), allowedMentions: NO_MENTIONS };
}

/**
 * A diary button (or the review form): record the change for whoever pressed it, refresh the
 * card's figures for everyone, and confirm privately with an Undo button. The press is
 * acknowledged first, because under load the write may take longer than Discord's 3 seconds.
 */
async function act(
  interaction: ComponentInteraction | ModalSubmitInteraction,
  app: App,
  filmId: string,
  change: (actor: Actor, film: Film) => Promise<{ undoToken: string; message: string }>,
): Promise<void> {
  const film = filmOrGone(app, filmId, interaction);
  const actor = actorOf(interaction);
  // The review form may also come from /review's "Did you mean…?" menu: that message is no card to refresh.
  const onCard = interaction.isMessageComponent() || (interaction.isFromMessage() && isCard(interaction.message));
  if (onCard) await interaction.deferUpdate();
  else await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  const { undoToken, message } = await change(actor, film);
  if (onCard) {
    try {
      await interaction.editReply(await refreshedCard(app, interaction, film));
    } catch (error) {
      // The change is saved; only the card's redraw failed (someone deleted the card meanwhile). The member still
      // gets the confirmation and its Undo, rather than an apology that would read as if nothing was recorded.
      app.log.warn('film: could not refresh a card after a change', { filmId: film.id, messageId: interaction.message?.id, error });
    }
    // A card only its viewer sees (another member's pick from the "Not this one?" menu) is not the channel's to redraw.
    const shared = interaction.message && !interaction.message.flags.has(MessageFlags.Ephemeral);
    await confirmChange(interaction, app, { filmId: film.id, message, undoToken, ...(shared && { cardMessageId: interaction.message.id }) });
  } else {
    // From /review: the private answer confirms, and the card with the new review goes to the channel; the answer's
    // Undo then redraws that card too (posting the card first would make it the private answer).
    await confirmChange(interaction, app, { filmId: film.id, message, undoToken });
    const card = await interaction.followUp({ ...(await buildFilmCard(app, interaction.guildId, film)), allowedMentions: NO_MENTIONS });
    await interaction.editReply({ components: [undoRow(undoToken, card.id)], allowedMentions: NO_MENTIONS });
  }
}

/**
 * Redraws a card of the channel from outside its own interaction (after an Undo pressed in a private
 * confirmation). The change is already undone: a card that is gone or out of the bot's sight is only logged.
 */
async function redrawCard(app: App, interaction: ComponentInteraction, messageId: string, filmId: string): Promise<void> {
  try {
    const film = catalogOf(app, interaction).get(filmId);
    const channel = interaction.channel ?? (interaction.channelId ? await interaction.client.channels.fetch(interaction.channelId) : null);
    if (!film || !channel?.isTextBased()) return;
    // From Discord, not the cache: the card's presses since (its film, its notes) reach no cache of ours.
    const message = await channel.messages.fetch({ message: messageId, force: true });
    // The card may show another film since ("Not this one?"): it is not this change's to redraw then.
    if (filmIdOnCard(message.components) !== filmId) return;
    const card = await buildFilmCard(app, interaction.guildId, film, keptAround(message));
    await message.edit({ ...asEditOf(message.flags.bitfield, card), allowedMentions: NO_MENTIONS });
  } catch (error) {
    app.log.warn('film: could not redraw a card after an undo', { filmId, messageId, error });
  }
}

const filmArgs = z.tuple([FilmId]);
const UndoToken = z.string().min(1).max(24);

export default defineCommand({
  data: new SlashCommandBuilder()
    .setName('film')
    .setDescription('Show a film card: synopsis, director, cast and what the server thinks of it')
    .setContexts(InteractionContextType.Guild)
    .addStringOption((option) =>
      option.setName('title').setDescription('The film — pick a suggestion or type a title').setRequired(true).setAutocomplete(true).setMaxLength(100),
    ),

  async autocomplete(interaction, app) {
    await interaction.respond(await filmChoicesWithTmdb(app, interaction.guildId, interaction.options.getFocused()));
  },

  async execute(interaction, app) {
    const typed = interaction.options.getString('title', true);
    const fromTmdb = await filmFromTmdbChoice(interaction, app, typed);
    if (fromTmdb === ANSWERED) return;
    if (fromTmdb) {
      // Acknowledged privately while TMDB answered: the card follows for everyone.
      await interaction.followUp({ ...(await buildFilmCard(app, interaction.guildId, fromTmdb)), allowedMentions: NO_MENTIONS });
      return;
    }
    const { film, contenders, confident } = resolveFilmOption(catalogOf(app, interaction), typed);
    // Not the film's title: say the card is only the closest match, so no one takes it for the film asked for.
    const before = confident ? [] : [note(`Closest match for ${quote(typed, 80)}`)];
    const after = contenders.length ? [contenderMenu('film', 'pick', [film, ...contenders], `Not this one? ${contenders.length + 1} films match`)] : [];
    const card = await buildFilmCard(app, interaction.guildId, film, { before, after });
    await interaction.reply({ ...card, allowedMentions: NO_MENTIONS });
  },

  components: {
    /** The answer to a "Did you mean…?" menu from any command that records a film (see filmPick.ts). */
    typed: handler(z.tuple([PickToken]), async (interaction: ComponentInteraction, [token], app) => pickTypedFilm(interaction, token, app)),

    cast: handler(filmArgs, async (interaction: ComponentInteraction, [id], app) => {
      await interaction.reply({ ...renderFullCast(filmOrGone(app, id, interaction)), flags: MessageFlags.Ephemeral, allowedMentions: NO_MENTIONS });
    }),

    /** Choosing among remakes: the person who asked switches the card in place; anyone else gets their own copy. */
    pick: handler(z.tuple([]), async (interaction: ComponentInteraction, _args, app) => {
      if (!interaction.isStringSelectMenu()) throw new UserError('This control expects a choice from the menu.');
      const chosen = z.array(FilmId).length(1).safeParse(interaction.values);
      if (!chosen.success) throw new UserError('Pick one film from the menu.');
      const film = filmOrGone(app, chosen.data[0]!, interaction);
      if (interaction.message.interactionMetadata?.user.id === interaction.user.id) {
        await interaction.update(await refreshedCard(app, interaction, film));
      } else {
        const card = await buildFilmCard(app, interaction.guildId, film);
        await interaction.reply({ ...card, flags: card.flags | MessageFlags.Ephemeral, allowedMentions: NO_MENTIONS });
      }
    }),

    watched: handler(filmArgs, async (interaction: ComponentInteraction, [id], app) =>
      act(interaction, app, id, async (actor, film) => {
        const result = await app.diary.watch(actor, film.id);
        const notes = [result.rewatch ? 'a rewatch' : undefined, result.removedFromWatchlist ? OFF_WATCHLIST : undefined].filter(Boolean);
        return { undoToken: result.undoToken, message: `Logged **${filmLabelText(film)}** as watched on ${result.entry.watchedOn}${notes.length ? ` (${notes.join(', ')})` : ''}.` };
      }),
    ),

    favorite: handler(filmArgs, async (interaction: ComponentInteraction, [id], app) =>
      act(interaction, app, id, async (actor, film) => {
        const mine = await app.diary.memberFilm(actor.guildId, actor.userId, film.id);
        if (mine.favorite) return { undoToken: (await app.diary.unfavorite(actor, film.id)).undoToken, message: `Removed **${filmLabelText(film)}** from your favorites.` };
        const result = await app.diary.favorite(actor, film.id);
        const notes = [result.removedFromWatchlist ? OFF_WATCHLIST : undefined, result.markedSeen ? MARKED_SEEN : undefined, result.clearedOpposite ? 'no longer disliked' : undefined].filter(Boolean);
        return { undoToken: result.undoToken, message: `Added **${filmLabelText(film)}** to your favorites${notes.length ? ` (${notes.join(', ')})` : ''}.` };
      }),
    ),

    dislike: handler(filmArgs, async (interaction: ComponentInteraction, [id], app) =>
      act(interaction, app, id, async (actor, film) => {
        const mine = await app.diary.memberFilm(actor.guildId, actor.userId, film.id);
        if (mine.dislike) return { undoToken: (await app.diary.undislike(actor, film.id)).undoToken, message: `You no longer dislike **${filmLabelText(film)}**.` };
        const result = await app.diary.dislike(actor, film.id);
        const notes = [result.removedFromWatchlist ? OFF_WATCHLIST : undefined, result.markedSeen ? MARKED_SEEN : undefined, result.clearedOpposite ? 'removed from your favorites' : undefined].filter(Boolean);
        return { undoToken: result.undoToken, message: `Marked **${filmLabelText(film)}** as disliked${notes.length ? ` (${notes.join(', ')})` : ''}.` };
      }),
    ),

    watchlist: handler(filmArgs, async (interaction: ComponentInteraction, [id], app) =>
      act(interaction, app, id, async (actor, film) => {
        const mine = await app.diary.memberFilm(actor.guildId, actor.userId, film.id);
        if (mine.watchlist) return { undoToken: (await app.diary.removeFromWatchlist(actor, film.id)).undoToken, message: `Took **${filmLabelText(film)}** off your watchlist.` };
        return { undoToken: (await app.diary.addToWatchlist(actor, film.id)).undoToken, message: `Added **${filmLabelText(film)}** to your watchlist.` };
      }),
    ),

    review: handler(filmArgs, async (interaction: ComponentInteraction, [id], app) => {
      guildIdOf(interaction);
      await (interaction as ButtonInteraction).showModal(reviewModal(filmOrGone(app, id, interaction)));
    }),

    /** A review draft's Edit button: the form again, filled in as the member left it. */
    redraft: handler(z.tuple([z.string().min(1).max(20)]), async (interaction: ComponentInteraction, [draftId], app) => {
      const key = { guildId: guildIdOf(interaction), userId: interaction.user.id, token: draftId };
      const modal = await draftModal(app, key, (filmId) => filmOrGone(app, filmId, interaction));
      if (!modal) throw new UserError('This draft has expired (drafts are kept for an hour). Copy your text from the message above and use /review again.');
      await (interaction as ButtonInteraction).showModal(modal);
    }),

    undo: handler(z.union([z.tuple([UndoToken]), z.tuple([UndoToken, Snowflake])]), async (interaction: ComponentInteraction, [token, cardMessageId], app) => {
      const result = await app.diary.undo(actorOf(interaction), token);
      await interaction.deferUpdate();
      // Everyone sees the card: it must not go on showing the change that was taken back.
      if (cardMessageId) await redrawCard(app, interaction, cardMessageId, result.film.filmId);
      await interaction.editReply({ content: `Undone: your last change to **${literal(result.film.title)}** is reverted.`, components: [], allowedMentions: NO_MENTIONS });
      // Undoing a removal brings a watch back, which can reach an award like any other diary change.
      await announceAwards(interaction, app, result.film.filmId);
    }),
  },

  modals: {
    review: handler(filmArgs, async (interaction: ModalSubmitInteraction, [id], app) => {
      // Checked before acknowledging, so a typo is answered at once and privately, with the draft kept.
      const form = await readReviewOrKeepDraft(interaction, app, filmOrGone(app, id, interaction));
      if (!form) return;
      await act(interaction, app, id, async (actor, film) => {
        const result = await app.diary.review(actor, film.id, form);
        return { undoToken: result.undoToken, message: `Saved your review of **${filmLabelText(film)}**${ratingSaid(form, result.entry.stars)}${form.spoiler ? ' (hidden as a spoiler)' : ''}.` };
      });
    }),
  },
});
