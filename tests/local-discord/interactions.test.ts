import {
  ActionRowBuilder,
  ButtonBuilder,
  ButtonStyle,
  DiscordAPIError,
  LabelBuilder,
  EmbedBuilder,
  MessageFlags,
  ModalBuilder,
  Routes,
  SlashCommandBuilder,
  StringSelectMenuBuilder,
  TextInputBuilder,
  TextInputStyle,
  AttachmentBuilder,
} from 'discord.js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { LocalDiscord, ViolationError, type GuildHandle, type MemberHandle } from '../../src/local-discord/index.js';
import { startTinyBot, until, type TinyBot } from './tinyBot.js';

const NO_PINGS = { parse: [] as [] };

describe('interactions through the local Discord with a real discord.js client', () => {
  let discord: LocalDiscord;
  let bot: TinyBot;
  let guild: GuildHandle;
  let alice: MemberHandle;
  let bob: MemberHandle;
  let mod: MemberHandle;

  beforeAll(async () => {
    discord = await LocalDiscord.start({ heartbeatIntervalMs: 1000, deferredUpdateSettleMs: 300, settleMs: 100 });
    guild = discord.createGuild({ name: 'Film Club' });
    alice = guild.addMember({ username: 'alice' });
    bob = guild.addMember({ username: 'bob' });
    mod = guild.addMember({ username: 'mod', permissions: ['ManageGuild'] });
    bot = await startTinyBot(discord);
    await bot.client.application.commands.set(
      [
        new SlashCommandBuilder()
          .setName('film')
          .setDescription('Show a film card')
          .addStringOption((o) => o.setName('title').setDescription('Film').setRequired(true).setAutocomplete(true))
          .addIntegerOption((o) => o.setName('year').setDescription('Year').setMinValue(1888)),
        new SlashCommandBuilder()
          .setName('list')
          .setDescription('Lists')
          .addSubcommand((s) => s.setName('create').setDescription('Create a list').addStringOption((o) => o.setName('name').setDescription('Name').setRequired(true)))
          .addSubcommandGroup((g) =>
            g.setName('item').setDescription('Items').addSubcommand((s) => s.setName('add').setDescription('Add').addUserOption((o) => o.setName('who').setDescription('Who'))),
          ),
        new SlashCommandBuilder().setName('slow').setDescription('Deferred reply'),
        new SlashCommandBuilder().setName('secret').setDescription('Ephemeral reply'),
        new SlashCommandBuilder().setName('review').setDescription('Opens a review form'),
        new SlashCommandBuilder().setName('card').setDescription('A card with buttons and a select'),
        new SlashCommandBuilder().setName('twice').setDescription('Acknowledges twice'),
        new SlashCommandBuilder().setName('big').setDescription('Oversized embed'),
        new SlashCommandBuilder().setName('ping').setDescription('Unguarded mention'),
        new SlashCommandBuilder().setName('modstuff').setDescription('Moderators only').setDefaultMemberPermissions(32n),
        new SlashCommandBuilder()
          .setName('import')
          .setDescription('Import a CSV')
          .addAttachmentOption((o) => o.setName('file').setDescription('CSV').setRequired(true)),
      ].map((c) => c.toJSON()),
      guild.id,
    );
  });

  afterAll(async () => {
    await bot?.stop();
    await discord?.stop();
  });

  afterEach(() => {
    expect(discord.violations).toEqual([]);
    expect(bot.errors).toEqual([]);
  });

  it('delivers a slash command with typed options and returns the reply as the user sees it', async () => {
    let seen: Record<string, unknown> = {};
    bot.on(async (i) => {
      if (!i.isChatInputCommand()) return;
      seen = {
        title: i.options.getString('title'),
        year: i.options.getInteger('year'),
        user: i.user.username,
        channel: i.channel?.id,
        guild: i.guild?.name,
        canManage: i.memberPermissions?.has('ManageGuild'),
        botCanSend: i.appPermissions.has('SendMessages'),
      };
      const response = await i.reply({
        content: `**${i.options.getString('title')}** (${i.options.getInteger('year')})`,
        embeds: [new EmbedBuilder().setTitle('Holy Motors').addFields({ name: 'Director', value: 'Leos Carax' })],
        allowedMentions: NO_PINGS,
        withResponse: true,
      });
      seen.resourceContent = response.resource?.message?.content;
    });
    const reply = await alice.slash('film', { title: 'holy-motors-2012', year: 2012 });
    expect(reply.content).toBe('**holy-motors-2012** (2012)');
    expect(reply.embed?.title).toBe('Holy Motors');
    expect(reply.embed?.field('Director')?.value).toBe('Leos Carax');
    expect(reply.ephemeral).toBe(false);
    expect(reply.authorId).toBe(discord.bot.id);
    expect(reply.raw.interaction_metadata).toMatchObject({ type: 2, user: { id: alice.id } });
    expect(seen).toEqual({
      title: 'holy-motors-2012',
      year: 2012,
      user: 'alice',
      channel: guild.defaultChannel.id,
      guild: 'Film Club',
      canManage: false,
      botCanSend: true,
      resourceContent: '**holy-motors-2012** (2012)',
    });
    expect(guild.defaultChannel.messages.map((m) => m.id)).toContain(reply.id);
  });

  it('supports subcommands, subcommand groups and user options with resolved members', async () => {
    bot.on(async (i) => {
      if (!i.isChatInputCommand()) return;
      const group = i.options.getSubcommandGroup(false);
      const sub = i.options.getSubcommand();
      const who = i.options.getMember('who');
      const name = i.options.getString('name');
      await i.reply({ content: [group, sub, name, who && 'user' in who ? who.user.username : null].filter(Boolean).join(' '), allowedMentions: NO_PINGS });
    });
    expect((await alice.slash('list', { name: 'noir' }, { subcommand: 'create' })).content).toBe('create noir');
    expect((await alice.slash('list', { who: bob }, { group: 'item', subcommand: 'add' })).content).toBe('item add bob');
    await expect(alice.slash('list', { name: 'x' })).rejects.toThrow(/needs a subcommand/);
    await expect(alice.slash('film', { year: 2012 })).rejects.toThrow(/requires option "title"/);
    await expect(alice.slash('film', { title: 'x', year: 1800 })).rejects.toThrow(/below 1888/);
  });

  it('hides commands guarded by default_member_permissions from members who lack them', async () => {
    bot.on((i) => (i.isChatInputCommand() ? i.reply({ content: 'ok', allowedMentions: NO_PINGS }) : undefined));
    await expect(alice.slash('modstuff')).rejects.toThrow(/cannot see \/modstuff/);
    expect((await mod.slash('modstuff')).content).toBe('ok');
  });

  it('waits for a deferred reply to be edited', async () => {
    bot.on(async (i) => {
      if (!i.isChatInputCommand()) return;
      await i.deferReply();
      await new Promise((resolve) => setTimeout(resolve, 100));
      await i.editReply({ content: 'done thinking', allowedMentions: NO_PINGS });
    });
    const reply = await alice.slash('slow');
    expect(reply.content).toBe('done thinking');
    expect(reply.loading).toBe(false);
    expect(reply.editedAt).toBeNull();
  });

  it('returns autocomplete choices for the focused option', async () => {
    bot.on(async (i) => {
      if (!i.isAutocomplete()) return;
      const focused = i.options.getFocused(true);
      await i.respond(
        ['Holy Motors (2012)', 'Holy Smoke (1999)']
          .filter((t) => t.toLowerCase().startsWith(focused.value.toLowerCase()))
          .map((t) => ({ name: t, value: t.toLowerCase().replace(/\W+/g, '-') })),
      );
    });
    const choices = await alice.autocomplete('film', 'title', 'holy mot');
    expect(choices).toEqual([{ name: 'Holy Motors (2012)', value: 'holy-motors-2012-' }]);
  });

  function cardHandler(): void {
    bot.on(async (i) => {
      if (i.isChatInputCommand() && i.commandName === 'card') {
        await i.reply({
          content: 'Holy Motors',
          components: [
            new ActionRowBuilder<ButtonBuilder>().addComponents(
              new ButtonBuilder().setCustomId('film:watched').setLabel('Watched').setStyle(ButtonStyle.Primary),
              new ButtonBuilder().setCustomId('film:review').setLabel('Review').setStyle(ButtonStyle.Secondary),
              new ButtonBuilder().setCustomId('film:quiet').setLabel('Quiet').setStyle(ButtonStyle.Secondary),
              new ButtonBuilder().setURL('https://example.com/film').setLabel('Wiki').setStyle(ButtonStyle.Link),
            ),
            new ActionRowBuilder<StringSelectMenuBuilder>().addComponents(
              new StringSelectMenuBuilder()
                .setCustomId('film:rate')
                .setPlaceholder('Rate')
                .addOptions({ label: '★★★★★', value: '5' }, { label: '★★★', value: '3' }),
            ),
          ],
          allowedMentions: NO_PINGS,
        });
      } else if (i.isButton() && i.customId === 'film:watched') {
        await i.update({ content: `Holy Motors — watched by ${i.user.username}`, allowedMentions: NO_PINGS });
      } else if (i.isButton() && i.customId === 'film:quiet') {
        await i.deferUpdate();
      } else if (i.isButton() && i.customId === 'film:review') {
        await i.showModal(
          new ModalBuilder()
            .setCustomId('review:holy-motors')
            .setTitle('Review Holy Motors')
            .addComponents(
              new ActionRowBuilder<TextInputBuilder>().addComponents(
                new TextInputBuilder().setCustomId('rating').setLabel('Rating (0-5)').setStyle(TextInputStyle.Short).setMaxLength(3),
              ),
              new ActionRowBuilder<TextInputBuilder>().addComponents(
                new TextInputBuilder().setCustomId('text').setLabel('Review').setStyle(TextInputStyle.Paragraph).setRequired(false),
              ),
            ),
        );
      } else if (i.isModalSubmit()) {
        await i.reply({
          content: `${i.user.username} rated ${i.fields.getTextInputValue('rating')}: ${i.fields.getTextInputValue('text')}`,
          allowedMentions: NO_PINGS,
        });
      } else if (i.isStringSelectMenu()) {
        await i.update({ content: `Rated ${i.values.join(',')}`, components: [], allowedMentions: NO_PINGS });
      }
    });
  }

  it('clicks a button by label and returns the updated message', async () => {
    cardHandler();
    const card = await alice.slash('card');
    expect(card.buttons().map((b) => b.label)).toEqual(['Watched', 'Review', 'Quiet', 'Wiki']);
    const updated = await bob.click(card, 'Watched');
    expect(updated.id).toBe(card.id);
    expect(updated.content).toBe('Holy Motors — watched by bob');
    expect(updated.editedAt).not.toBeNull();
    const quiet = await bob.click(updated, 'film:quiet');
    expect(quiet.content).toBe('Holy Motors — watched by bob');
    await expect(bob.click(card, 'Wiki')).rejects.toThrow(/link/);
    await expect(bob.click(card, 'Nope')).rejects.toThrow(/no button "Nope"/);
  });

  it('round-trips a modal opened from a button', async () => {
    cardHandler();
    const card = await alice.slash('card');
    await expect(alice.click(card, 'Review')).rejects.toThrow(/clickModal/);
    const modal = await alice.clickModal(card, 'Review');
    expect(modal.title).toBe('Review Holy Motors');
    expect(modal.inputs.map((f) => [f.customId, f.required])).toEqual([
      ['rating', true],
      ['text', false],
    ]);
    await expect(alice.submitModal(modal, { text: 'no rating' })).rejects.toThrow(/"rating" is required/);
    const result = await alice.submitModal(modal, { rating: '4.5', text: 'Great' });
    expect(result.content).toBe('alice rated 4.5: Great');
    expect(result.raw.message_reference).toBeUndefined();
    await expect(alice.submitModal(modal, { rating: '1' })).rejects.toThrow(/already submitted/);
  });

  it('round-trips a modal built from labels, opened by a slash command', async () => {
    bot.on(async (i) => {
      if (i.isChatInputCommand()) {
        await i.showModal(
          new ModalBuilder()
            .setCustomId('review:new')
            .setTitle('New review')
            .addLabelComponents(
              new LabelBuilder()
                .setLabel('Rating')
                .setStringSelectMenuComponent(
                  new StringSelectMenuBuilder().setCustomId('stars').addOptions({ label: '★★★★★', value: '5' }, { label: '★★', value: '2' }),
                ),
              new LabelBuilder()
                .setLabel('Review')
                .setDescription('What did you think?')
                .setTextInputComponent(new TextInputBuilder().setCustomId('text').setStyle(TextInputStyle.Paragraph).setMinLength(3)),
            ),
        );
      } else if (i.isModalSubmit()) {
        if (i.fields.getTextInputValue('text') === 'try update') {
          // A modal opened from a command has no message to update (discord.js's types forbid it; raw REST does not).
          await bot.client.rest.post(Routes.interactionCallback(i.id, i.token), { body: { type: 7, data: { content: 'nope' } }, auth: false });
          return;
        }
        await i.reply({ content: `${i.fields.getStringSelectValues('stars').join()}★ ${i.fields.getTextInputValue('text')}`, allowedMentions: NO_PINGS });
      }
    });
    const modal = await alice.slashModal('review');
    expect(modal.fields.map((f) => [f.kind, f.customId, f.label])).toEqual([
      ['select', 'stars', 'Rating'],
      ['text', 'text', 'Review'],
    ]);
    await expect(alice.submitModal(modal, { stars: '5', text: 'ok' })).rejects.toThrow(/at least 3 characters/);
    await expect(bob.submitModal(modal, { stars: '5', text: 'great' })).rejects.toThrow(/another user/);
    const result = await alice.submitModal(modal, { stars: '5', text: 'Haunting' });
    expect(result.content).toBe('5★ Haunting');

    const second = await alice.slashModal('review');
    const error = (await alice.submitModal(second, { stars: '2', text: 'try update' }).catch((e: unknown) => e)) as ViolationError;
    expect(error.violation).toMatchObject({ rule: 'unknown-message', code: 10008 });
    await until(() => (bot.errors.length > 0 ? true : undefined));
    bot.errors.splice(0);
    discord.takeViolations();
  });

  it('selects a value in a select menu', async () => {
    cardHandler();
    const card = await alice.slash('card');
    await expect(mod.select(card, ['4'])).rejects.toThrow(/no option "4"/);
    const rated = await mod.select(card, ['5']);
    expect(rated.content).toBe('Rated 5');
    expect(rated.components).toEqual([]);
  });

  it('keeps ephemeral replies visible only to their user, and exposes follow-ups', async () => {
    bot.on(async (i) => {
      if (!i.isChatInputCommand()) return;
      await i.reply({ content: 'only you', flags: MessageFlags.Ephemeral, allowedMentions: NO_PINGS });
      await i.followUp({ content: 'public follow-up', allowedMentions: NO_PINGS });
      await i.followUp({ content: 'private follow-up', flags: MessageFlags.Ephemeral, allowedMentions: NO_PINGS });
    });
    const reply = await alice.slash('secret');
    expect(reply.ephemeral).toBe(true);
    await reply.waitForFollowUp(1);
    expect(reply.followUps.map((m) => [m.content, m.ephemeral])).toEqual([
      ['public follow-up', false],
      ['private follow-up', true],
    ]);
    const everyone = guild.defaultChannel.messages.map((m) => m.content);
    expect(everyone).toContain('public follow-up');
    expect(everyone).not.toContain('only you');
    expect(guild.defaultChannel.messagesFor(alice).map((m) => m.content)).toEqual(expect.arrayContaining(['only you', 'private follow-up']));
    expect(guild.defaultChannel.messagesFor(bob).map((m) => m.content)).not.toContain('only you');
    await expect(bob.click(reply, 'x')).rejects.toThrow(/cannot see/);
  });

  it('passes attachment options and stores files the bot uploads', async () => {
    bot.on(async (i) => {
      if (!i.isChatInputCommand()) return;
      await i.deferReply();
      const file = i.options.getAttachment('file', true);
      const text = await (await fetch(file.url)).text();
      const rows = text.trim().split('\n').length;
      await i.editReply({
        content: `imported ${rows} rows from ${file.name}`,
        files: [new AttachmentBuilder(Buffer.from(`rows,${rows}\n`), { name: 'report.csv' })],
        allowedMentions: NO_PINGS,
      });
    });
    const csv = 'title,year\nHoly Motors,2012\nMulholland Drive,2001\n';
    const reply = await alice.slash('import', { file: discord.attachment('watched.csv', csv) });
    expect(reply.content).toBe('imported 3 rows from watched.csv');
    expect(reply.attachments).toHaveLength(1);
    expect(reply.attachments[0]?.filename).toBe('report.csv');
    expect(reply.attachments[0]?.text()).toBe('rows,3\n');
    const served = await fetch(reply.attachments[0]?.url ?? '');
    expect(await served.text()).toBe('rows,3\n');
  });

  it('refuses a second acknowledgement with 40060 and rejects the driver action', async () => {
    bot.on(async (i) => {
      if (!i.isChatInputCommand()) return;
      // Two handlers answering the same interaction at once: a classic bug.
      await Promise.all([
        i.reply({ content: 'first', allowedMentions: NO_PINGS }),
        bot.client.rest.post(Routes.interactionCallback(i.id, i.token), {
          body: { type: 4, data: { content: 'second', allowed_mentions: NO_PINGS } },
          auth: false,
        }),
      ]);
    });
    const error = await alice.slash('twice').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ViolationError);
    expect((error as ViolationError).violation).toMatchObject({ rule: 'double-ack', code: 40060, status: 400 });
    expect((error as Error).message).toContain('Interaction has already been acknowledged.');
    await until(() => (bot.errors.length > 0 ? true : undefined));
    const refused = bot.errors.splice(0);
    expect(refused).toHaveLength(1);
    expect(refused[0]).toBeInstanceOf(DiscordAPIError);
    expect((refused[0] as DiscordAPIError).code).toBe(40060);
    expect(discord.takeViolations().map((v) => v.rule)).toEqual(['double-ack']);
  });

  it('refuses an oversized embed with 50035 and the offending path', async () => {
    bot.on(async (i) => {
      if (!i.isChatInputCommand()) return;
      // A plain object skips discord.js's own builder checks, as a bot assembling raw JSON would.
      await i.reply({ embeds: [{ title: 'Plot', description: 'x'.repeat(4097) }], allowedMentions: NO_PINGS });
    });
    const error = (await alice.slash('big').catch((e: unknown) => e)) as ViolationError;
    expect(error).toBeInstanceOf(ViolationError);
    expect(error.violation.rule).toBe('invalid-form-body');
    expect(error.message).toContain('data.embeds.0.description[BASE_TYPE_MAX_LENGTH]');
    await until(() => (bot.errors.length > 0 ? true : undefined));
    const [apiError] = bot.errors.splice(0) as DiscordAPIError[];
    expect(apiError?.code).toBe(50035);
    expect(apiError?.rawError).toMatchObject({
      errors: { data: { embeds: { 0: { description: { _errors: [{ code: 'BASE_TYPE_MAX_LENGTH' }] } } } } },
    });
    discord.takeViolations();
  });

  it('flags content with mention-like tokens sent without allowed_mentions', async () => {
    bot.on(async (i) => {
      if (!i.isChatInputCommand()) return;
      await i.reply({ content: `<@${i.user.id}> and @everyone` });
    });
    const error = (await alice.slash('ping').catch((e: unknown) => e)) as ViolationError;
    expect(error).toBeInstanceOf(ViolationError);
    expect(error.violation.rule).toBe('allowed-mentions');
    const [violation] = discord.takeViolations();
    expect(violation?.interactionId).toBeDefined();
    const pinged = guild.defaultChannel.messages.at(-1);
    expect(pinged?.mentions).toEqual({ users: [alice.id], roles: [], everyone: true });
  });
});
