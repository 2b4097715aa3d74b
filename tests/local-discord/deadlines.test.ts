import { DiscordAPIError, SlashCommandBuilder } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalDiscord, ViolationError, type MemberHandle } from '../../src/local-discord/index.js';
import { startTinyBot, until, type TinyBot } from './tinyBot.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const deadline = 500;

/**
 * A local Discord with a short acknowledgement deadline and token lifetime (fast tests, same rules) and a tiny bot,
 * for the tests of one describe block. `ackGraceMs` and `replyTimeoutMs` are how long the driver waits for an answer
 * before calling it missing.
 */
function world(timing: { ackGraceMs: number; replyTimeoutMs: number }) {
  const the = {} as { discord: LocalDiscord; bot: TinyBot; alice: MemberHandle };
  beforeAll(async () => {
    the.discord = await LocalDiscord.start({ ackDeadlineMs: deadline, interactionTokenTtlMs: 1000, ...timing });
    const guild = the.discord.createGuild({ name: 'Film Club' });
    the.alice = guild.addMember({ username: 'alice' });
    the.bot = await startTinyBot(the.discord);
    await the.bot.client.application.commands.set(
      ['late', 'silent', 'early', 'expired', 'never'].map((name) => new SlashCommandBuilder().setName(name).setDescription(name).toJSON()),
      guild.id,
    );
  });
  afterAll(async () => {
    await the.bot?.stop();
    await the.discord?.stop();
  });
  return the;
}

// Where the bot answers too late, the driver waits as long as that answer takes (a loaded machine may delay it by
// seconds), so the test sees the refusal and not a timeout. The lateness itself is certain: the bot waits past it.
describe('acknowledgement deadline and interaction token lifetime: late answers', () => {
  const the = world({ ackGraceMs: 15_000, replyTimeoutMs: 15_000 });
  let discord: LocalDiscord;
  let bot: TinyBot;
  let alice: MemberHandle;
  beforeAll(() => {
    ({ discord, bot, alice } = the);
  });

  async function refusedOnBot(code: number): Promise<void> {
    const error = await until(() => bot.errors.find((e) => e instanceof DiscordAPIError && e.code === code));
    bot.errors.splice(bot.errors.indexOf(error), 1);
  }

  it('refuses a reply after the deadline with 10062 and rejects the driver action', async () => {
    bot.on(async (i) => {
      if (!i.isChatInputCommand()) return;
      await sleep(deadline + 150);
      await i.reply({ content: 'too late', allowedMentions: { parse: [] } });
    });
    const error = (await alice.slash('late').catch((e: unknown) => e)) as ViolationError;
    expect(error).toBeInstanceOf(ViolationError);
    expect(error.violation).toMatchObject({ rule: 'late-ack', code: 10062, status: 404 });
    await refusedOnBot(10062);
    expect(discord.takeViolations().map((v) => v.rule)).toEqual(['late-ack']);
    expect(discord.messages(discord.guild('Film Club').defaultChannel).map((m) => m.content)).not.toContain('too late');
  });

  it('refuses editing @original before any acknowledgement with 10015 Unknown Webhook', async () => {
    bot.on(async (i) => {
      if (!i.isChatInputCommand()) return;
      await i.webhook.editMessage('@original', { content: 'edit first', allowedMentions: { parse: [] } });
    });
    const error = (await alice.slash('early').catch((e: unknown) => e)) as ViolationError;
    expect(error).toBeInstanceOf(ViolationError);
    expect(error.violation).toMatchObject({ rule: 'unknown-webhook', code: 10015 });
    await refusedOnBot(10015);
    discord.takeViolations();
  });

  it('refuses follow-ups once the interaction token expired (50027)', async () => {
    bot.on(async (i) => {
      if (!i.isChatInputCommand()) return;
      await i.deferReply();
      await sleep(1100);
      await i.editReply({ content: 'after 15 minutes', allowedMentions: { parse: [] } });
    });
    const error = (await alice.slash('expired').catch((e: unknown) => e)) as ViolationError;
    expect(error).toBeInstanceOf(ViolationError);
    expect(error.violation).toMatchObject({ rule: 'expired-interaction-token', code: 50027, status: 401 });
    await refusedOnBot(50027);
    discord.takeViolations();
  });
});

// Where the bot never answers, nothing can arrive however long the driver waits: short waits keep these fast.
describe('acknowledgement deadline and interaction token lifetime: no answers', () => {
  const the = world({ ackGraceMs: 300, replyTimeoutMs: 1500 });
  let discord: LocalDiscord;
  let bot: TinyBot;
  let alice: MemberHandle;
  beforeAll(() => {
    ({ discord, bot, alice } = the);
  });

  it('rejects the driver action when the bot never acknowledges', async () => {
    bot.on(() => undefined);
    await expect(alice.slash('silent')).rejects.toThrow(/did not acknowledge interaction \d+ \(\/silent\) within 500 ms/);
    expect(discord.violations).toEqual([]);
  });

  it('rejects when a deferred reply is never delivered', async () => {
    bot.on(async (i) => {
      if (i.isChatInputCommand()) await i.deferReply();
    });
    await expect(alice.slash('never')).rejects.toThrow(/deferred \/never but did not deliver its reply within 1500 ms/);
    expect(discord.violations).toEqual([]);
    expect(bot.errors).toEqual([]);
  });
});
