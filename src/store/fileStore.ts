import { type FileHandle, mkdir, open, readdir, readFile, realpath, rename, rm, stat, unlink } from 'node:fs/promises';
import { isDeepStrictEqual } from 'node:util';
import { basename, dirname, join, resolve } from 'node:path';
import { Low } from 'lowdb';
import type { ZodType } from 'zod';
import type { Logger } from '../log.js';
import { applyChanges, deepFreeze, emptyDocument } from './document.js';
import { DurableJsonFile, syncDirectory } from './durableJsonFile.js';
import { CorruptGuildDataError } from './errors.js';
import { assertGuildId, parseGuildData } from './guildData.js';
import type { GuildStore } from './GuildStore.js';
import { type Change, type Layout, partitionOf, type Shelf } from './layout.js';
import { type RecordPersistence, RecordStore } from './recordStore.js';
import { guildLayout } from './schema.js';

export interface FileStoreOptions {
  /** DATA_DIR; each server's data lives in `<dataDir>/guilds/<guildId>/`. */
  dataDir: string;
  /**
   * What to do with a server whose files are unusable (not JSON, failing the schema, from a newer Marquee):
   * - 'refuse' (default): every call for that server rejects with CorruptGuildDataError naming the file, which is
   *   left untouched; other servers work. Fixing or removing the file takes effect without a restart.
   * - 'quarantine': rename the server's data aside to `<name>.corrupt-<timestamp>`, log a warning naming both,
   *   start that server empty.
   */
  onCorrupt?: 'refuse' | 'quarantine';
  log?: Pick<Logger, 'warn'>;
  now?: () => Date;
  /**
   * Only read (backups of a running bot's data): nothing is converted, checkpointed or written, and every update
   * rejects. Each server is read as of one of its complete writes, even while the bot writes.
   */
  readOnly?: boolean;
  /** Journal size (bytes) past which changes are written into their partitions at once; default 1 MiB. */
  checkpointBytes?: number;
  /** Quiet time after the last write before changes are written into their partitions; default 1 s. */
  checkpointDelayMs?: number;
  /**
   * Test seam for data faults (tests/hardening/dataFaults.test.ts): awaited before each write to DATA_DIR (a
   * server's first files, a journal append, a checkpoint); throwing an errno error (ENOSPC, EROFS) simulates the
   * file system refusing it, which a root test process cannot get from chmod. Unset in production.
   */
  beforeWrite?: (path: string) => void | Promise<void>;
  /** Called after each durable commit with where its time went (bench/store.ts breaks a write's latency down with it). */
  onCommit?: (timing: CommitTiming) => void;
}

/** One commit's costs, in milliseconds: waiting for the server's previous commit or checkpoint step, serializing the batch, writing and syncing the journal. */
export interface CommitTiming {
  waitMs: number;
  serializeMs: number;
  syncMs: number;
  bytes: number;
  changes: number;
}

type Doc = Readonly<Record<string, unknown>>;
type Plain = Record<string, unknown>;
type LogLine = { add: unknown } | { remove: string };

const GUILD_ID = /^\d{17,20}$/;
const LEGACY_FILE = /^(\d{17,20})\.json$/;
const MEMBER_FILE = /^(\d{17,20})\.json$/;
const JOURNAL_FILE = /^journal-(\d+)\.jsonl$/;
const FORMAT = 'marquee-partitioned';

/** Guild directories open in this process: a second store on the same files would race the first one's writes. */
const openDirectories = new Set<string>();

interface GuildFiles {
  dir: string;
  latest: Doc;
  journal: FileHandle | undefined;
  journalNumber: number;
  journalBytes: number;
  /** Journals whose changes are not all in the partitions yet (oldest first). */
  olderJournals: number[];
  dirtyValues: Set<string>;
  dirtyMembers: Set<string>;
  /** Members whose partition file is unusable: their records are left out and every change to them is refused. */
  refused: Map<string, CorruptGuildDataError>;
  /** Lines to append to each log file (`{"add":…}` / `{"remove":id}`), serialized when the checkpoint writes them. */
  logLines: Map<string, LogLine[]>;
  /** Lines each log file holds, to know when to compact it. */
  logFileLines: Map<string, number>;
  /** Commits and checkpoint steps of one server run one at a time. */
  lock: Promise<void>;
  /**
   * Checkpoints of one server run one after the other: a second one running beside the first would find the
   * first's journals in olderJournals and delete them before the first had written their partitions.
   */
  checkpoints: Promise<void>;
  timer: NodeJS.Timeout | undefined;
}

/**
 * The lowdb-style embedded backend, partitioned so that a write costs what it changes.
 *
 * One directory per server:
 *   meta.json                 format and schema version
 *   <shelf>.json              small per-server records (settings, lists, parties, import log, id counter)
 *   members/<userId>.json     everything kept per member (name, film records, undo)
 *   <log>.jsonl               append-only logs (the activity feed): `{"add":…}` / `{"remove":id}` lines, compacted
 *   journal-<n>.jsonl         committed changes not yet written into the files above
 *
 * A commit appends one line (the batch's validated changes) to the journal and fsyncs it: that is the moment
 * it is durable, so a write costs one small append and one fsync, whatever the server's size. Shortly after
 * (or when the journal grows), a checkpoint writes the partitions the journal touched (temp file, fsync, rename,
 * directory fsync), starting a new journal first and deleting the old one once every partition is on disk.
 * Loading reads the partitions and replays the journals; every change is absolute (set a record, delete it, add a
 * log item unless present, remove it), so replaying one already written is harmless. A torn last journal line was
 * never acknowledged and is ignored. One process per DATA_DIR: nothing guards against another process.
 */
class PartitionedFiles implements RecordPersistence {
  readonly #root: string;
  readonly #layout: Layout;
  readonly #options: FileStoreOptions;
  readonly #guilds = new Map<string, GuildFiles>();
  #released = false;

  constructor(root: string, layout: Layout, options: FileStoreOptions) {
    this.#root = root;
    this.#layout = layout;
    this.#options = options;
  }

  async load(guildId: string): Promise<Doc | undefined> {
    assertGuildId(guildId);
    const dir = join(this.#root, guildId);
    try {
      if (!(await exists(dir))) {
        const legacy = join(this.#root, `${guildId}.json`);
        if (!(await exists(legacy))) return undefined;
        if (this.#options.readOnly) return deepFreeze(parseGuildData(await new DurableJsonFile(legacy).read(), legacy) as unknown as Plain);
        await this.#migrateLegacy(guildId, legacy);
      }
      return await this.#open(guildId, dir);
    } catch (error) {
      if (!(error instanceof CorruptGuildDataError) || this.#options.onCorrupt !== 'quarantine' || this.#options.readOnly) throw error;
      const target = (await exists(dir)) ? dir : join(this.#root, `${guildId}.json`);
      const stamp = (this.#options.now?.() ?? new Date()).toISOString().replace(/[:.]/g, '-');
      const aside = `${target}.corrupt-${stamp}`;
      await rename(target, aside);
      await syncDirectory(this.#root);
      this.#options.log?.warn(`store: ${error.message}; moved ${target} to ${aside} and started this server empty`);
      return undefined;
    }
  }

  /**
   * One value shelf's record without loading the server: its own small file, then the journals' changes to it
   * (the journals hold what is not checkpointed yet). Undefined when only loading can tell (an old one-file server,
   * which loading converts).
   */
  async readValue(guildId: string, field: string): Promise<{ value: unknown } | undefined> {
    assertGuildId(guildId);
    const shelf = this.#layout.shelves.find((candidate) => candidate.field === field);
    if (shelf?.kind !== 'value') return undefined;
    const dir = join(this.#root, guildId);
    if (!(await exists(dir))) return (await exists(join(this.#root, `${guildId}.json`))) ? undefined : { value: undefined };
    for (let attempt = 1; ; attempt++) {
      const journals = await listJournals(dir);
      try {
        await this.#readMeta(dir);
        const path = join(dir, `${field}.json`);
        const raw = await readJson(path);
        let value = raw === undefined ? undefined : parseRecord(shelf.schema, (raw as { value?: unknown }).value, path, field);
        for (const n of journals) {
          for (const change of await readJournal(join(dir, `journal-${n}.jsonl`))) {
            if (change.kind === 'value' && change.field === field) value = change.value;
          }
        }
        // A checkpoint deleted a journal while we read: the file may be newer than the journals read, so again.
        const after = new Set(await listJournals(dir));
        if (journals.every((n) => after.has(n))) return { value: deepFreeze(value) };
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT' || attempt >= 20) throw error;
      }
      if (attempt >= 20) throw new Error(`Could not read ${dir} consistently: it kept changing`);
    }
  }

  refused(guildId: string, member: string): Error | undefined {
    return this.#guilds.get(guildId)?.refused.get(member);
  }

  async commit(guildId: string, changes: readonly Change[], after: Doc): Promise<void> {
    if (this.#options.readOnly) throw new Error('This store was opened read-only');
    const files = this.#guilds.get(guildId) ?? (await this.#create(guildId));
    const asked = performance.now();
    await this.#locked(files, async () => {
      const started = performance.now();
      await this.#options.beforeWrite?.(join(files.dir, `journal-${files.journalNumber}.jsonl`));
      const line = await journalLine(changes);
      const bytes = line.reduce((sum, chunk) => sum + chunk.length, 0);
      const serialized = performance.now();
      files.journal ??= await this.#openJournal(files);
      try {
        const { bytesWritten } = await files.journal.writev(line);
        if (bytesWritten !== bytes) throw new Error(`Could not append to ${join(files.dir, `journal-${files.journalNumber}.jsonl`)}: ${bytesWritten} of ${bytes} bytes written`);
        await files.journal.datasync();
        this.#options.onCommit?.({ waitMs: started - asked, serializeMs: serialized - started, syncMs: performance.now() - serialized, bytes, changes: changes.length });
      } catch (error) {
        // Leave no partial line behind that a later, acknowledged line would follow.
        await files.journal.truncate(files.journalBytes).catch(() => undefined);
        throw error;
      }
      files.journalBytes += bytes;
      files.latest = after;
      for (const change of changes) this.#markDirty(files, change);
    });
    this.#scheduleCheckpoint(guildId, files);
  }

  async list(): Promise<string[]> {
    const names = await readdir(this.#root, { withFileTypes: true });
    const ids = new Set<string>();
    for (const entry of names) {
      if (entry.isDirectory() && GUILD_ID.test(entry.name)) ids.add(entry.name);
      const legacy = entry.isFile() ? LEGACY_FILE.exec(entry.name)?.[1] : undefined;
      if (legacy) ids.add(legacy);
    }
    return [...ids];
  }

  async close(): Promise<void> {
    if (this.#released) return;
    this.#released = true;
    for (const [guildId, files] of this.#guilds) {
      clearTimeout(files.timer);
      if (this.#options.readOnly) continue;
      // A journal being prepared (see #prepareJournal) is closed below, not left open.
      await files.lock;
      try {
        await this.#checkpoint(files);
      } catch (error) {
        this.#options.log?.warn(`store: could not write server ${guildId}'s partitions at close; its journal keeps the changes (${(error as Error).message})`);
      }
      await files.journal?.close();
      // A journal the last checkpoint created that nothing was written to: not left behind for the next start.
      if (files.journal && files.journalBytes === 0 && !hasWork(files)) await unlink(join(files.dir, `journal-${files.journalNumber}.jsonl`)).catch(() => undefined);
    }
    if (!this.#options.readOnly) openDirectories.delete(this.#root);
  }

  // ── Loading ──────────────────────────────────────────────────────────────────────────────────────────────────

  async #open(guildId: string, dir: string): Promise<Doc> {
    const { document, logFileLines, journals, replayed, refused } = await this.#readConsistently(dir);
    for (const [userId, error] of refused) {
      this.#options.log?.warn(`store: server ${guildId}, member ${userId} refused (the rest of the server works): ${error.message}`);
    }
    const files: GuildFiles = {
      dir,
      latest: deepFreeze(document),
      journal: undefined,
      journalNumber: (journals.at(-1) ?? 0) + 1,
      journalBytes: 0,
      olderJournals: journals,
      dirtyValues: new Set(),
      dirtyMembers: new Set(),
      refused,
      logLines: new Map(),
      logFileLines,
      lock: Promise.resolve(),
      checkpoints: Promise.resolve(),
      timer: undefined,
    };
    files.latest = applyChanges(this.#layout, files.latest, replayed, { replay: true });
    for (const change of replayed) this.#markDirty(files, change);
    this.#guilds.set(guildId, files);
    if (journals.length) this.#scheduleCheckpoint(guildId, files);
    if (!this.#options.readOnly) this.#prepareJournal(files);
    return files.latest;
  }

  /**
   * Partitions plus the journals that were there before reading them. A checkpoint (of this process or, for a
   * read-only store, of the running bot) deletes a journal only once the partitions hold its changes; if one
   * disappears while we read, the partitions may be a mix, so read again.
   */
  async #readConsistently(dir: string) {
    for (let attempt = 1; ; attempt++) {
      const journals = await listJournals(dir);
      try {
        const refused = new Map<string, CorruptGuildDataError>();
        const { document, logFileLines } = await this.#readPartitions(dir, this.#options.onCorrupt === 'quarantine' ? undefined : refused);
        const replayed: Change[] = [];
        for (const n of journals) for (const change of await readJournal(join(dir, `journal-${n}.jsonl`))) replayed.push(change);
        const after = new Set(await listJournals(dir));
        // Acknowledged changes of a refused member wait in a journal: they cannot be applied to a file we cannot
        // read, and a checkpoint would drop them, so the whole server is refused.
        const blocked = replayed.find((change) => refused.has(partitionOf(change) ?? ''));
        if (blocked) throw refused.get(partitionOf(blocked)!)!;
        if (journals.every((n) => after.has(n))) return { document, logFileLines, journals, replayed, refused };
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT' || attempt >= 20) throw error;
      }
      if (attempt >= 20) throw new Error(`Could not read ${dir} consistently: it kept changing`);
    }
  }

    /** One member's partition, validated: keyed shelf → that member's value. Errors name the file. */
  async #readMember(path: string, userId: string): Promise<Map<string, unknown>> {
    const raw = await readJson(path);
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new CorruptGuildDataError(path, 'expected a JSON object');
    const member = new Map<string, unknown>();
    for (const shelf of this.#layout.shelves) {
      if (shelf.kind !== 'keyed' || !Object.hasOwn(raw, shelf.field)) continue;
      const value = (raw as Plain)[shelf.field];
      if (shelf.keys.length === 1) {
        member.set(shelf.field, parseRecord(shelf.value, value, path, `${shelf.field}.${userId}`));
        continue;
      }
      if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new CorruptGuildDataError(path, `${shelf.field}: expected a map`);
      const inner: Plain = {};
      for (const [key, record] of Object.entries(value)) {
        parseRecord(shelf.keys[1]!, key, path, `${shelf.field} key`);
        inner[key] = parseRecord(shelf.value, record, path, `${shelf.field}.${userId}.${key}`);
      }
      if (Object.keys(inner).length) member.set(shelf.field, inner);
    }
    return member;
  }

  /**
   * The partitions as written by the last checkpoint, validated record by record; errors name the file. With
   * `refused`, a member whose file is unusable is left out and listed there instead of refusing the server.
   */
  async #readPartitions(dir: string, refused?: Map<string, CorruptGuildDataError>): Promise<{ document: Plain; logFileLines: Map<string, number> }> {
    await this.#readMeta(dir);
    const document = emptyDocument(this.#layout);
    const logFileLines = new Map<string, number>();
    for (const shelf of this.#layout.shelves) {
      if (shelf.kind === 'value') {
        const path = join(dir, `${shelf.field}.json`);
        const raw = await readJson(path);
        if (raw !== undefined) document[shelf.field] = parseRecord(shelf.schema, (raw as { value?: unknown }).value, path, shelf.field);
      } else if (shelf.kind === 'log') {
        const path = join(dir, `${shelf.field}.jsonl`);
        const { items, lines } = await readLog(shelf, path);
        document[shelf.field] = items;
        logFileLines.set(shelf.field, lines);
      }
    }
    const membersDir = join(dir, 'members');
    const names = (await exists(membersDir)) ? (await readdir(membersDir)).sort() : [];
    for (const name of names) {
      const userId = MEMBER_FILE.exec(name)?.[1];
      if (!userId) continue;
      const path = join(membersDir, name);
      try {
        const member = await this.#readMember(path, userId);
        for (const [field, value] of member) (document[field] as Plain)[userId] = value;
      } catch (error) {
        // One member's bad file refuses that member only (see #refused); the rest of the server works.
        if (!(error instanceof CorruptGuildDataError) || !refused) throw error;
        refused.set(userId, error);
      }
    }
    return { document, logFileLines };
  }

  /** Checks the server's meta file: our format, a schema version this Marquee reads. */
  async #readMeta(dir: string): Promise<void> {
    const metaPath = join(dir, 'meta.json');
    const meta = (await readJson(metaPath)) as { format?: unknown; version?: unknown } | undefined;
    if (!meta || meta.format !== FORMAT || typeof meta.version !== 'number') {
      throw new CorruptGuildDataError(metaPath, `missing or not a ${FORMAT} meta file`);
    }
    if (meta.version > this.#layout.version) {
      throw new CorruptGuildDataError(metaPath, `written by a newer Marquee (schema version ${meta.version}; this one reads up to ${this.#layout.version})`);
    }
  }

  /**
   * Converts a server stored by an earlier Marquee as one file: partitions are written beside it in a temporary
   * directory, renamed into place, read back and compared with the original; only then is the original renamed
   * to `<guildId>.json.pre-partitions` (kept as a backup; delete it once satisfied).
   */
  async #migrateLegacy(guildId: string, legacy: string): Promise<void> {
    const original = parseGuildData(await new DurableJsonFile(legacy).read(), legacy) as unknown as Plain;
    const temp = join(this.#root, `.${guildId}.migrating`);
    await rm(temp, { recursive: true, force: true });
    await this.#writeAll(temp, original);
    const dir = join(this.#root, guildId);
    await rename(temp, dir);
    await syncDirectory(this.#root);
    const { document } = await this.#readPartitions(dir);
    if (!isDeepStrictEqual(JSON.parse(JSON.stringify(document)), JSON.parse(JSON.stringify(original)))) {
      await rename(dir, `${temp}-mismatch`);
      throw new CorruptGuildDataError(legacy, 'converting it to partitions did not read back the same data; it was left as it is');
    }
    await rename(legacy, `${legacy}.pre-partitions`);
    await syncDirectory(this.#root);
    this.#options.log?.warn(`store: converted ${legacy} to ${dir}/ (the original is kept as ${legacy}.pre-partitions)`);
  }

  /** Writes every partition of `document` into a new directory `dir`, durably. */
  async #writeAll(dir: string, document: Plain): Promise<void> {
    await mkdir(join(dir, 'members'), { recursive: true });
    const members = new Set<string>();
    for (const shelf of this.#layout.shelves) {
      if (shelf.kind === 'keyed') for (const userId of Object.keys(document[shelf.field] as Plain)) members.add(userId);
    }
    await paced([...members], (userId) => this.#writeMember(dir, document, userId));
    for (const shelf of this.#layout.shelves) {
      if (shelf.kind === 'value') await writeDurably(join(dir, `${shelf.field}.json`), { value: document[shelf.field] });
      if (shelf.kind === 'log') await writeTextDurably(join(dir, `${shelf.field}.jsonl`), await logText(document[shelf.field] as unknown[]));
    }
    await writeDurably(join(dir, 'meta.json'), { format: FORMAT, version: this.#layout.version });
    await syncDirectory(join(dir, 'members'));
    await syncDirectory(dir);
  }

  // ── Writing ──────────────────────────────────────────────────────────────────────────────────────────────────

  async #create(guildId: string): Promise<GuildFiles> {
    const dir = join(this.#root, guildId);
    const temp = join(this.#root, `.${guildId}.new`);
    await this.#options.beforeWrite?.(temp);
    await rm(temp, { recursive: true, force: true });
    await this.#writeAll(temp, emptyDocument(this.#layout));
    await rename(temp, dir);
    await syncDirectory(this.#root);
    const files: GuildFiles = {
      dir,
      latest: deepFreeze(emptyDocument(this.#layout)),
      journal: undefined,
      journalNumber: 1,
      journalBytes: 0,
      olderJournals: [],
      dirtyValues: new Set(),
      dirtyMembers: new Set(),
      refused: new Map(),
      logLines: new Map(),
      logFileLines: new Map(),
      lock: Promise.resolve(),
      checkpoints: Promise.resolve(),
      timer: undefined,
    };
    this.#guilds.set(guildId, files);
    return files;
  }

  async #openJournal(files: GuildFiles): Promise<FileHandle> {
    const handle = await open(join(files.dir, `journal-${files.journalNumber}.jsonl`), 'a', 0o600);
    try {
      // The new file's name must be durable before a line in it is acknowledged.
      await syncDirectory(files.dir);
      files.journalBytes = (await handle.stat()).size;
    } catch (error) {
      await handle.close();
      throw error;
    }
    return handle;
  }

  /**
   * Creates a loaded server's journal (and makes its name durable) before its first commit, so that the first
   * write after a start costs one append and one fsync like any other. Best effort: if it fails, the first commit
   * tries again and reports the error to the member.
   */
  #prepareJournal(files: GuildFiles): void {
    void this.#locked(files, async () => {
      if (files.journal || this.#released) return;
      try {
        await this.#options.beforeWrite?.(join(files.dir, `journal-${files.journalNumber}.jsonl`));
        files.journal = await this.#openJournal(files);
      } catch {
        // Left to the first commit.
      }
    });
  }

  #markDirty(files: GuildFiles, change: Change): void {
    if (change.kind === 'value') files.dirtyValues.add(change.field);
    else if (change.kind === 'keyed') files.dirtyMembers.add(change.key[0]!);
    else {
      const lines = files.logLines.get(change.field) ?? [];
      for (const id of change.removed) lines.push({ remove: id });
      for (const item of change.added) lines.push({ add: item });
      files.logLines.set(change.field, lines);
    }
  }

  #scheduleCheckpoint(guildId: string, files: GuildFiles): void {
    if (this.#released || this.#options.readOnly) return;
    clearTimeout(files.timer);
    const now = files.journalBytes >= (this.#options.checkpointBytes ?? 1024 * 1024);
    files.timer = setTimeout(() => {
      files.timer = undefined;
      this.#checkpoint(files).catch((error: unknown) =>
        this.#options.log?.warn(`store: could not write server ${guildId}'s partitions; its journal keeps the changes (${(error as Error).message})`),
      );
    }, now ? 0 : (this.#options.checkpointDelayMs ?? 1000));
    files.timer.unref();
  }

  /**
   * Writes what the journals hold into the partitions. The journal is switched first (under the lock, so no
   * commit is in between), the partitions are written from that moment's data while new commits go to the new
   * journal, and the old journals are deleted only once every partition is durable.
   */
  #checkpoint(files: GuildFiles): Promise<void> {
    const run = files.checkpoints.then(() => this.#checkpointOnce(files));
    files.checkpoints = run.catch(() => undefined);
    return run;
  }

  async #checkpointOnce(files: GuildFiles): Promise<void> {
    if (!hasWork(files)) return;
    // The next journal is created, and its name made durable, before the switch: the first commit after a
    // checkpoint then costs one append and one fsync like any other, not also a directory fsync.
    const next = files.journalNumber + 1;
    const nextPath = join(files.dir, `journal-${next}.jsonl`);
    await this.#options.beforeWrite?.(nextPath);
    const nextJournal = await open(nextPath, 'a', 0o600);
    try {
      await syncDirectory(files.dir);
    } catch (error) {
      await nextJournal.close();
      await unlink(nextPath).catch(() => undefined);
      throw error;
    }
    const work = await this.#locked(files, async () => {
      const taken = {
        document: files.latest,
        values: files.dirtyValues,
        members: files.dirtyMembers,
        logs: files.logLines,
        journals: [...files.olderJournals, ...(files.journal ? [files.journalNumber] : [])],
      };
      await files.journal?.close();
      files.journal = nextJournal;
      files.journalNumber = next;
      files.journalBytes = 0;
      files.olderJournals = taken.journals;
      files.dirtyValues = new Set();
      files.dirtyMembers = new Set();
      files.logLines = new Map();
      return taken;
    });
    try {
      await this.#options.beforeWrite?.(files.dir);
      const document = work.document as Plain;
      await paced([...work.members], (userId) => this.#writeMember(files.dir, document, userId));
      for (const field of work.values) await writeDurably(join(files.dir, `${field}.json`), { value: document[field] });
      for (const [field, lines] of work.logs) await this.#appendLog(files, field, lines, document[field] as unknown[]);
      await syncDirectory(join(files.dir, 'members'));
      await syncDirectory(files.dir);
    } catch (error) {
      // Nothing is lost (the journals stay), but these partitions must be written by the next checkpoint.
      for (const field of work.values) files.dirtyValues.add(field);
      for (const userId of work.members) files.dirtyMembers.add(userId);
      for (const [field, lines] of work.logs) files.logLines.set(field, [...lines, ...(files.logLines.get(field) ?? [])]);
      throw error;
    }
    await this.#locked(files, async () => {
      for (const n of work.journals) await unlink(join(files.dir, `journal-${n}.jsonl`)).catch(() => undefined);
      await syncDirectory(files.dir);
      files.olderJournals = files.olderJournals.filter((n) => !work.journals.includes(n));
    });
  }

  async #writeMember(dir: string, document: Plain, userId: string): Promise<void> {
    const partition: Plain = {};
    for (const shelf of this.#layout.shelves) {
      if (shelf.kind !== 'keyed') continue;
      const value = (document[shelf.field] as Plain)[userId];
      if (value !== undefined) partition[shelf.field] = value;
    }
    const path = join(dir, 'members', `${userId}.json`);
    if (Object.keys(partition).length === 0) await unlink(path).catch(() => undefined);
    else await writeDurably(path, partition);
  }

  /** Appends a log's new lines; when dead lines outnumber live ones, rewrites it from the current items instead. */
  async #appendLog(files: GuildFiles, field: string, lines: LogLine[], items: unknown[]): Promise<void> {
    const path = join(files.dir, `${field}.jsonl`);
    const total = (files.logFileLines.get(field) ?? 0) + lines.length;
    if (total > 2 * items.length + 1000) {
      await writeTextDurably(path, await logText(items));
      files.logFileLines.set(field, items.length);
      return;
    }
    const handle = await open(path, 'a', 0o600);
    try {
      await handle.write(await jsonLines(lines, (line) => line));
      await handle.datasync();
    } finally {
      await handle.close();
    }
    files.logFileLines.set(field, total);
  }

  async #locked<T>(files: GuildFiles, fn: () => Promise<T>): Promise<T> {
    const run = files.lock.then(fn);
    files.lock = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  }
}

/**
 * A batch's journal line, `{"changes":[…]}`, as UTF-8 chunks for one writev. A burst of hundreds of presses is one
 * batch of thousands of changes (430 KB for 500 presses): serialized in one go it would hold the event loop for
 * milliseconds, and so would handing the whole line to `write` as a string, which Node encodes on the event loop
 * (3–10 ms for 500 KB on the busy machine, measured). So large batches are serialized and encoded a slice at a time.
 */
async function journalLine(changes: readonly Change[]): Promise<Buffer[]> {
  if (changes.length <= JOURNAL_SLICE) return [Buffer.from(JSON.stringify({ changes }) + '\n')];
  const chunks: Buffer[] = [];
  for (let from = 0; from < changes.length; from += JOURNAL_SLICE) {
    if (from > 0) await new Promise((resolve) => setImmediate(resolve));
    let text = from === 0 ? '{"changes":[' : ',';
    const to = Math.min(changes.length, from + JOURNAL_SLICE);
    for (let i = from; i < to; i++) text += (i > from ? ',' : '') + JSON.stringify(changes[i]);
    chunks.push(Buffer.from(text));
  }
  chunks.push(Buffer.from(']}\n'));
  return chunks;
}

/** Changes serialized between two yields to the event loop. */
const JOURNAL_SLICE = 250;

/** Whether the partitions lag behind the journals (something to checkpoint). */
function hasWork(files: GuildFiles): boolean {
  return files.dirtyValues.size > 0 || files.dirtyMembers.size > 0 || files.logLines.size > 0 || files.olderJournals.length > 0 || files.journalBytes > 0;
}

// ── File helpers ─────────────────────────────────────────────────────────────────────────────────────────────

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
}

/** The JSON object in a partition file, or undefined when it does not exist; anything else throws CorruptGuildDataError. */
async function readJson(path: string): Promise<unknown> {
  return (await new DurableJsonFile(path).read()) ?? undefined;
}

/** Through lowdb and DurableJsonFile: temp file, fsync, rename; the caller syncs the directory once for all its renames. */
async function writeDurably(path: string, data: unknown): Promise<void> {
  await new Low<unknown>(new DurableJsonFile(path, { syncDirectory: false }), data).write();
}

/**
 * Runs `fn` for each item, starting one per turn of the event loop, with at most `inFlight` unfinished. Writing a
 * member's partition serializes it first, on the event loop (a member with a long history is hundreds of KB of
 * JSON): starting sixteen at once held the loop for all sixteen. And each write ends in an fsync that holds one of
 * libuv's four threads while the disk works: a few at a time leave threads for the journal's fsync, which an
 * interaction waits for.
 */
async function paced<T>(items: readonly T[], fn: (item: T) => Promise<void>, inFlight = 3): Promise<void> {
  const running = new Set<Promise<void>>();
  let failure: { error: unknown } | undefined;
  for (const item of items) {
    while (running.size >= inFlight) await Promise.race(running);
    if (failure) break;
    const run: Promise<void> = fn(item).then(
      () => void running.delete(run),
      (error: unknown) => {
        running.delete(run);
        failure ??= { error };
      },
    );
    running.add(run);
    await new Promise((resolve) => setImmediate(resolve));
  }
  await Promise.all(running);
  if (failure) throw failure.error;
}

/** A log file rewritten whole (compaction): temp file, fsync, rename. */
async function writeTextDurably(path: string, text: Buffer): Promise<void> {
  const temp = join(dirname(path), `.${basename(path)}.tmp`);
  const handle = await open(temp, 'w', 0o600);
  try {
    await handle.writeFile(text);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(temp, path);
}

/**
 * A log's file text, serialized a slice at a time: compacting the 10,000-item feed in one go would hold the event
 * loop for tens of milliseconds, and every other server's interactions with it.
 */
function logText(items: readonly unknown[]): Promise<Buffer> {
  return jsonLines(items, (item) => ({ add: item }));
}

/** One JSON line per value (as `line` gives it), serialized and encoded a slice at a time (see logText). */
async function jsonLines<T>(values: readonly T[], line: (value: T) => unknown): Promise<Buffer> {
  const parts: Buffer[] = [];
  for (let from = 0; from < values.length; from += LOG_SLICE) {
    if (from > 0) await new Promise((resolve) => setImmediate(resolve));
    let text = '';
    for (let i = from; i < Math.min(values.length, from + LOG_SLICE); i++) text += JSON.stringify(line(values[i]!)) + '\n';
    parts.push(Buffer.from(text));
  }
  return Buffer.concat(parts);
}

/** Log items serialized between two yields to the event loop (about a millisecond's work). */
const LOG_SLICE = 500;

/** Lines of a JSONL file; a torn last line (a write cut short by a crash, never acknowledged) is dropped. */
async function readLines(path: string): Promise<unknown[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const lines = text.split('\n');
  const parsed: unknown[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (!line) continue;
    try {
      parsed.push(JSON.parse(line));
    } catch {
      if (i === lines.length - 1) break;
      throw new CorruptGuildDataError(path, `line ${i + 1} is not valid JSON`);
    }
  }
  return parsed;
}

async function listJournals(dir: string): Promise<number[]> {
  return (await readdir(dir))
    .flatMap((name) => JOURNAL_FILE.exec(name)?.[1] ?? [])
    .map(Number)
    .sort((a, b) => a - b);
}

async function readJournal(path: string): Promise<Change[]> {
  const changes: Change[] = [];
  for (const [i, line] of (await readLines(path)).entries()) {
    const batch = (line as { changes?: unknown }).changes;
    if (!Array.isArray(batch)) throw new CorruptGuildDataError(path, `line ${i + 1} is not a batch of changes`);
    for (const change of batch as Change[]) changes.push(change);
  }
  return changes;
}

async function readLog(shelf: Extract<Shelf, { kind: 'log' }>, path: string): Promise<{ items: unknown[]; lines: number }> {
  const items = new Map<string, unknown>();
  const lines = await readLines(path);
  for (const [i, line] of lines.entries()) {
    const entry = line as { add?: unknown; remove?: unknown };
    if (typeof entry.remove === 'string') items.delete(entry.remove);
    else if (entry.add !== undefined) {
      const item = parseRecord(shelf.item, entry.add, path, `line ${i + 1}`);
      items.set(shelf.id(item), item);
    } else throw new CorruptGuildDataError(path, `line ${i + 1} is neither an addition nor a removal`);
  }
  return { items: [...items.values()], lines: lines.length };
}

function parseRecord(schema: ZodType, value: unknown, path: string, where: string): unknown {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issues = result.error.issues.slice(0, 3).map((issue) => `${[where, ...issue.path].join('.')}: ${issue.message}`);
  throw new CorruptGuildDataError(path, issues.join('; '));
}

/**
 * Opens the embedded store (partitioned lowdb-style files). Throws if another open store in this process uses the
 * same directory. Servers stored in the earlier one-file format are converted on first use.
 */
export async function openFileGuildStore(options: FileStoreOptions): Promise<GuildStore> {
  const guildsDir = resolve(options.dataDir, 'guilds');
  const firstCreated = await mkdir(guildsDir, { recursive: true });
  if (firstCreated !== undefined) {
    for (let dir = guildsDir; dir !== dirname(firstCreated); dir = dirname(dir)) await syncDirectory(dirname(dir));
  }
  const dir = await realpath(guildsDir);
  const layout = guildLayout();
  if (options.readOnly) return new RecordStore(layout, new PartitionedFiles(dir, layout, options));
  if (openDirectories.has(dir)) {
    throw new Error(`Another guild store in this process already has ${dir} open; close it first`);
  }
  openDirectories.add(dir);
  return new RecordStore(layout, new PartitionedFiles(dir, layout, options));
}
