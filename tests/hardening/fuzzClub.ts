/**
 * The world the interaction fuzzer and the permission suite play in: the real bot on the local Discord, with two
 * servers (the club, and another one the bot is also in), plain members, a moderator, and a watcher that checks,
 * on every interaction, what must always hold whatever the input: the bot answered within Discord's deadline,
 * broke no Discord rule, logged no unexpected error, pinged nobody (watch party reminders may ping Going members,
 * nobody else), and changed nothing in a server other than the interaction's nor any other member's own records.
 */
import { expect } from 'vitest';
import { deployCommands } from '../../src/discord/deploy.js';
import { type ForgedInteraction, type GuildHandle, type MemberHandle, type Message, Modal, type Outcome } from '../../src/local-discord/index.js';
import { startTestClub, type TestClub } from '../e2e/harness.js';
import { FakeTime } from '../parties/helpers.js';

/** fast-check parameters: a fixed seed in `npm test`, FUZZ_SEED / FUZZ_RUNS (or `npm run test:fuzz -- --seed --runs`) for long runs. */
export function fuzzParameters(defaultRuns: number): { seed: number; numRuns: number; endOnFailure: true } {
  const seed = Number(process.env['FUZZ_SEED'] ?? 20261207);
  const scale = Number(process.env['FUZZ_RUNS'] ?? 0);
  return { seed, numRuns: scale > 0 ? Math.max(defaultRuns, scale) : defaultRuns, endOnFailure: true };
}

/** A test's time limit: generous in `npm test`, none worth the name in a long run (FUZZ_RUNS). */
export function fuzzTimeout(ms: number): number {
  return process.env['FUZZ_RUNS'] ? 24 * 60 * 60 * 1000 : ms;
}

export interface FuzzClub {
  club: TestClub;
  /** The club's server, where every command is registered. */
  home: GuildHandle;
  /** Another server with the bot and its commands. */
  away: GuildHandle;
  alice: MemberHandle;
  bob: MemberHandle;
  mod: MemberHandle;
  /** A member of the other server only. */
  carol: MemberHandle;
  /** Alice's membership of the other server (the same user, acting there). */
  aliceAway: MemberHandle;
  watcher: Watcher;
  time: FakeTime;
  stop(): Promise<void>;
}

export async function startFuzzClub(): Promise<FuzzClub> {
  // Reminder timers under the test's control, so a party's reminders can be sent without waiting for it.
  const time = new FakeTime(new Date().toISOString());
  const club = await startTestClub({
    discord: { settleMs: 10, deferredUpdateSettleMs: 3000 },
    now: time.now,
    reminderTimers: { setTimer: time.setTimer, clearTimer: time.clearTimer },
  });
  const home = club.guild;
  const alice = home.addMember({ username: 'alice' });
  const bob = home.addMember({ username: 'bob', nick: 'Bob @everyone' });
  const mod = home.addMember({ username: 'mod', permissions: ['ManageGuild'] });
  const away = club.discord.createGuild({ name: 'Another Server', ownerName: 'dana' });
  const carol = away.addMember({ username: 'carol' });
  const aliceAway = away.addMember(alice.user);
  await deployCommands(club.app.config, club.registry, club.app.log, club.discord.token, away.id);
  await club.discord.waitForCommands(['film'], { guild: away });
  const watcher = new Watcher(club, [home, away]);
  return {
    club,
    home,
    away,
    alice,
    bob,
    mod,
    carol,
    aliceAway,
    watcher,
    time,
    async stop() {
      watcher.close();
      await club.stop();
    },
  };
}

type Snapshot = Map<string, unknown>;

/** One stored server as plain JSON, for comparisons. */
async function snapshot(club: TestClub, guildIds: string[]): Promise<Snapshot> {
  const out: Snapshot = new Map();
  for (const id of guildIds) out.set(id, JSON.parse(JSON.stringify(await club.app.store.read(id))));
  return out;
}

const PER_MEMBER = ['members', 'memberFilms', 'undo'] as const;

/** Who may be pinged: members who answered Going to a party of that server. */
function goingMembers(data: unknown): Set<string> {
  const going = new Set<string>();
  const parties = (data as { parties?: { list?: { rsvps?: Record<string, { answer: string }> }[] } }).parties?.list ?? [];
  for (const party of parties) for (const [user, rsvp] of Object.entries(party.rsvps ?? {})) if (rsvp.answer === 'going') going.add(user);
  return going;
}

export interface Figures {
  interactions: number;
  /** Interactions answered with a refusal (a private message), as opposed to doing something. */
  refused: number;
  /** Bot writes checked for pings. */
  writes: number;
}

/**
 * Checks the invariants around each interaction (see the file comment). Failures are collected with the input
 * that caused them, so a property's counterexample says what broke.
 */
export class Watcher {
  readonly figures: Figures = { interactions: 0, refused: 0, writes: 0 };
  private readonly problems: string[] = [];
  private readonly stopWatching: () => void;
  private lastData: Snapshot = new Map();

  constructor(
    private readonly club: TestClub,
    private readonly guilds: GuildHandle[],
  ) {
    this.stopWatching = club.discord.watchMessages((message) => this.checkWrite(message));
  }

  close(): void {
    this.stopWatching();
  }

  private checkWrite(message: Message): void {
    this.figures.writes++;
    const { users, roles, everyone } = message.mentions;
    const content = message.content;
    if (content !== '' && message.allowedMentions === undefined) {
      this.problems.push(`a bot message was written without allowed_mentions: ${JSON.stringify(content.slice(0, 120))}`);
    }
    if (roles.length > 0 || everyone) this.problems.push(`a bot message pinged roles or everyone: ${JSON.stringify(content.slice(0, 120))}`);
    if (users.length > 0) {
      const going = goingMembers(this.lastData.get(message.guildId) ?? {});
      const strangers = users.filter((user) => !going.has(user));
      if (strangers.length > 0) this.problems.push(`a bot message pinged ${strangers.join(', ')}, who are not Going to a party: ${JSON.stringify(content.slice(0, 120))}`);
    }
  }

  /**
   * Runs one interaction and checks it. `actorIsPlain`: the actor is no moderator, so nobody else's own records may
   * change. Resolves with what the user saw (undefined when the bot failed an invariant, which is recorded).
   */
  async run(what: string, actor: { id: string; guildId: string; plain: boolean }, action: () => Promise<Outcome | Message | Modal>): Promise<Outcome | undefined> {
    const ids = this.guilds.map((g) => g.id);
    await this.idle();
    const before = await snapshot(this.club, ids);
    this.lastData = before;
    const violationsBefore = this.club.discord.violations.length;
    const errorsBefore = this.errorLines().length;
    const acksBefore = this.club.discord.acknowledgements().length;
    this.figures.interactions++;
    let outcome: Outcome | undefined;
    try {
      const result = await action();
      outcome = result instanceof Modal ? { kind: 'modal', modal: result } : 'kind' in result ? result : { kind: 'message', message: result };
    } catch (error) {
      const name = (error as Error).name;
      // The driver refusing what the Discord client would not send is the fuzzer's business, not a bot failure.
      if (name === 'DriverError') {
        this.figures.interactions--;
        throw error;
      }
      this.problems.push(`${what}: ${(error as Error).message}`);
    }
    // Whatever the bot still does for this interaction after the user saw its answer (writes, follow-ups) is its own.
    await this.idle();
    const after = await snapshot(this.club, ids);
    this.lastData = after;
    for (const id of ids) {
      const [was, now] = [before.get(id) as Record<string, Record<string, unknown>>, after.get(id) as Record<string, Record<string, unknown>>];
      if (id !== actor.guildId) {
        const changed = [...new Set([...Object.keys(was), ...Object.keys(now)])].filter((key) => JSON.stringify(was[key]) !== JSON.stringify(now[key]));
        if (changed.length > 0) this.problems.push(`${what}: changed ${changed.join(', ')} in the stored data of server ${id}, not the interaction's (${actor.guildId})`);
        continue;
      }
      if (!actor.plain) continue;
      for (const section of PER_MEMBER) {
        const users = new Set([...Object.keys(was[section] ?? {}), ...Object.keys(now[section] ?? {})]);
        for (const user of users) {
          if (user === actor.id) continue;
          if (JSON.stringify(was[section]?.[user]) !== JSON.stringify(now[section]?.[user])) {
            this.problems.push(`${what}: changed ${section} of member ${user}, not the presser ${actor.id}`);
          }
        }
      }
    }
    for (const violation of this.club.discord.violations.slice(violationsBefore)) this.problems.push(`${what}: broke a Discord rule: ${violation.rule} ${violation.message}`);
    for (const line of this.errorLines().slice(errorsBefore)) this.problems.push(`${what}: the bot logged an error: ${line.slice(0, 400)}`);
    for (const ack of this.club.discord.acknowledgements().slice(acksBefore)) {
      if (ack.type === undefined) this.problems.push(`${what}: ${ack.label} was left unanswered`);
      else if ((ack.afterMs ?? 0) > this.club.discord.ackDeadlineMs) this.problems.push(`${what}: ${ack.label} answered after ${ack.afterMs} ms`);
    }
    if (outcome?.kind === 'message' && outcome.message.ephemeral) this.figures.refused++;
    return outcome;
  }

  /** Waits until the bot handles no interaction (a handler may go on after its answer is seen). */
  private async idle(): Promise<void> {
    for (let waited = 0; this.club.bot.inFlight > 0 && waited < 15_000; waited += 5) await new Promise((resolve) => setTimeout(resolve, 5));
    await new Promise((resolve) => setTimeout(resolve, 5));
  }

  private errorLines(): string[] {
    return this.club.logs.filter((line) => / ERROR /.test(line));
  }

  /** Fails the test with every problem seen since the last call (and forgets them). */
  expectNoProblems(): void {
    const problems = this.problems.splice(0).map((problem) => (problem.length > 600 ? `${problem.slice(0, 600)}…` : problem));
    expect(problems, 'invariants the bot broke').toEqual([]);
  }

  /**
   * Waits until the stored data stops changing (work the bot finishes after answering, such as the Scheduled Event
   * of a party it just announced), so that it is not taken for the next interaction's doing.
   */
  async settle(): Promise<void> {
    const ids = this.guilds.map((g) => g.id);
    let last = JSON.stringify([...(await snapshot(this.club, ids))]);
    for (let i = 0; i < 60; i++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      const now = JSON.stringify([...(await snapshot(this.club, ids))]);
      if (now === last && this.club.bot.inFlight === 0) return;
      last = now;
    }
  }

  /** Drops the problems seen so far (for the watcher's own test, which provokes them). */
  forget(): void {
    this.problems.length = 0;
  }

  /** For properties: true when nothing broke (the problems stay for expectNoProblems to report). */
  get clean(): boolean {
    return this.problems.length === 0;
  }

  get problemList(): readonly string[] {
    return this.problems;
  }
}

/** Runs a forged interaction through the watcher. */
export function forged(fuzz: FuzzClub, what: string, actor: MemberHandle, plain: boolean, input: Omit<ForgedInteraction, 'guildId' | 'userId'>): Promise<Outcome | undefined> {
  return fuzz.watcher.run(what, { id: actor.id, guildId: actor.guildId, plain }, () => fuzz.club.discord.forge({ ...input, guildId: actor.guildId, userId: actor.id }));
}
