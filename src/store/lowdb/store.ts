import { mkdir } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import type { Broadcast, PlannedRounds } from '../../core/broadcasts.ts';
import { compareDrawsNewestFirst, type CategoryRef, type Draw } from '../../core/draw.ts';
import { jsonEqual } from '../../core/json-equal.ts';
import type { ProcessingTimesRecord, StoredSnapshot } from '../../core/processing-times/store.ts';
import type { Platform, Subscription } from '../../core/subscriptions.ts';
import type { FeedState, SyncChange } from '../../core/sync.ts';
import type { BotStore, Delivery, MetaData, OutboxSummary, PollRecord, Progress } from '../contract.ts';
import type { LiveInstance, StoreTransfer } from '../transfer.ts';
import type { StoreSeed } from '../seeds.ts';
import { LocalCoordination } from '../coordination.ts';
import { JsonFile } from './json-file.ts';
import { acquireLock } from './lock.ts';
import { LowdbOutbox, type OutboxRecovery } from './outbox.ts';
import { ProcessingTimesFile } from './processing-times.ts';
import { disabledFile, drawsFile, metaFile, subscriptionsFile, type DisabledData, type DrawsData, type StoredMeta, type SubscriptionsData } from './schema.ts';

export interface LowdbOpenOptions {
  /** Draw history for a first start, from the shipped snapshot. */
  seed: StoreSeed;
  /** Readers (`ask`, `draws`, `status`) take no lock and never write; a first start seeds in memory only. */
  readOnly?: boolean;
  /** What to do when the outbox files disagree (a lost file): see LowdbOutbox.open. */
  recovery?: OutboxRecovery;
  now?: () => Date;
}

interface Files {
  draws: JsonFile<DrawsData>;
  meta: JsonFile<StoredMeta>;
  subscriptions: JsonFile<SubscriptionsData>;
  disabled: JsonFile<DisabledData>;
}

/**
 * The bot's state as lowdb files under DATA_DIR, one writer per folder (the BotStore contract,
 * ../contract.ts). Writes that belong together go in an order that survives a crash between them:
 * the outbox before the draws (a round stored but never planned would never be posted; planned
 * twice is a no-op). The outbox is broadcasts.json and deliveries.json (outbox.ts).
 */
export class LowdbStore implements BotStore, StoreTransfer {
  readonly #files: Files;
  #outbox!: LowdbOutbox;
  /** DATA_DIR/processing-times.json (issue 20), opened when first used; new updates' posts go in this store's outbox. */
  readonly processingTimes: ProcessingTimesFile;
  #subscriptionsById = new Map<string, Subscription>();
  readonly #release: (() => void) | null;
  readonly #now: () => Date;
  /** One process per folder: it leads from its start, and what it shares lives in its memory. */
  readonly coordination = new LocalCoordination(`${hostname()}:${process.pid}`);

  private constructor(files: Files, release: (() => void) | null, now: () => Date, times: { dataDir: string; seed: StoreSeed }) {
    this.#files = files;
    this.#release = release;
    this.#now = now;
    this.processingTimes = new ProcessingTimesFile(times.dataDir, { seed: times.seed.processingTimes ?? null, readOnly: !release, addBroadcast: (broadcast) => this.addBroadcast(broadcast) });
    this.#indexSubscriptions();
    // A failed write puts a file's data back as on disk: the index (and the marks on it) must follow.
    files.subscriptions.onReload(() => this.#indexSubscriptions());
    files.disabled.onReload(() => this.#indexSubscriptions());
  }

  static async open(dataDir: string, { seed, readOnly = false, recovery, now = () => new Date() }: LowdbOpenOptions): Promise<LowdbStore> {
    await mkdir(dataDir, { recursive: true });
    const release = readOnly ? null : acquireLock(join(dataDir, '.lock'));
    try {
      const meta = await JsonFile.open(join(dataDir, metaFile.name), metaFile);
      const draws = await JsonFile.open(join(dataDir, drawsFile.name), drawsFile, { trustedHash: meta.data.drawsHash ?? null });
      const subscriptions = await JsonFile.open(join(dataDir, subscriptionsFile.name), subscriptionsFile);
      const disabled = await JsonFile.open(join(dataDir, disabledFile.name), disabledFile);
      const store = new LowdbStore({ draws, meta, subscriptions, disabled }, release, now, { dataDir, seed });
      store.#outbox = await LowdbOutbox.open(dataDir, (id) => store.#subscriptionsById.get(id), { write: !readOnly, recovery });
      if (!draws.existed) await store.#seed(seed, readOnly);
      return store;
    } catch (error) {
      release?.();
      throw error;
    }
  }

  async #seed(seed: StoreSeed, readOnly: boolean): Promise<void> {
    const draws = seed.draws();
    const seededFrom = { file: seed.file, newestRound: draws[0]?.number ?? null, at: this.#now().toISOString() };
    if (readOnly) {
      Object.assign(this.#files.draws.data, { draws });
      Object.assign(this.#files.meta.data, { seededFrom });
      return;
    }
    // Meta first: a crash between the two writes leaves no draws file, so the next start seeds again.
    await this.#files.meta.write({ ...this.#files.meta.data, seededFrom });
    await this.#writeDraws(draws);
  }

  /**
   * The rounds, then the hash of their file in meta: the next start reads them without checking
   * their schema again. A crash between the two leaves an old hash, and the next start checks.
   */
  async #writeDraws(draws: Draw[]): Promise<void> {
    await this.#files.draws.write({ draws });
    await this.#files.meta.write({ ...this.#files.meta.data, ...this.#drawsHash() });
  }

  #drawsHash(): { drawsHash?: string } {
    return this.#files.draws.hash ? { drawsHash: this.#files.draws.hash } : {};
  }

  get draws(): readonly Draw[] {
    return this.#files.draws.data.draws;
  }

  get meta(): Readonly<MetaData> {
    return this.#files.meta.data;
  }

  get feedState(): FeedState | null {
    return this.#files.meta.data.feed;
  }

  /** One process writes a folder; readers open it anew. */
  async refresh(): Promise<void> {}

  get paths(): { draws: string; meta: string } {
    return { draws: this.#files.draws.path, meta: this.#files.meta.path };
  }

  /**
   * Places the stored rounds again with the category lists in force: an admin may have replaced
   * them since the rounds were stored (new lists from IRCC). Only rounds whose place changed are
   * touched; the change is written at once, or kept in memory by a read-only store.
   */
  async placeRounds(place: (draw: Draw) => CategoryRef): Promise<number> {
    let changed = 0;
    const draws = this.draws.map((draw) => {
      const category = place(draw);
      if (jsonEqual(category, draw.category)) return draw;
      changed++;
      return { ...draw, category };
    });
    if (!changed) return 0;
    if (this.#release) await this.#writeDraws(draws);
    else Object.assign(this.#files.draws.data, { draws });
    return changed;
  }

  /**
   * A sync's result in one ordered write: the posts owed for the new rounds, the draws, then the
   * feed state. A crash between them leaves posts for rounds not yet stored (the next sync finds
   * the rounds again, and plans nothing twice) — never rounds stored whose posts were lost.
   */
  async saveSync({ draws, added, edited, broadcast, feed, at }: SyncChange): Promise<void> {
    this.#assertWritable();
    if (broadcast) await this.#outbox.add([broadcast]);
    if (added.length || edited.length) await this.#files.draws.write({ draws });
    await this.#files.meta.write({ ...this.#files.meta.data, feed, lastSync: { at, source: feed.source, added: added.length, edited: edited.length }, ...this.#drawsHash() });
  }

  async recordPoll(poll: PollRecord, newRounds: string[] = []): Promise<void> {
    this.#assertWritable();
    const lastNewRounds = newRounds.length ? { at: poll.at, rounds: newRounds } : this.#files.meta.data.lastNewRounds;
    const reached = poll.outcome === 'failed' ? {} : { lastReachedAt: poll.at };
    await this.#files.meta.write({ ...this.#files.meta.data, lastPoll: poll, lastNewRounds, ...reached });
  }

  async recordPeriodic(at: string, broadcast: Broadcast | null): Promise<void> {
    this.#assertWritable();
    if (broadcast) await this.#outbox.add([broadcast]);
    await this.#files.meta.write({ ...this.#files.meta.data, lastPeriodicAt: at });
  }

  // Subscriptions ------------------------------------------------------------------------------

  async listSubscriptions(): Promise<Subscription[]> {
    return [...this.#subscriptionsById.values()];
  }

  async get(id: string): Promise<Subscription | undefined> {
    return this.#subscriptionsById.get(id);
  }

  async save(subscription: Subscription): Promise<void> {
    await this.saveMany([subscription]);
  }

  /** Adds or replaces several subscriptions in one write. Each write rewrites the whole file: PostgreSQL costs one row. */
  async saveMany(subscriptions: readonly Subscription[]): Promise<void> {
    this.#assertWritable();
    const replaced = new Set(subscriptions.map((subscription) => subscription.id));
    // What is saved is the latest word on those chats (an admin subscribing again): their marks go first.
    const marks = this.#files.disabled.data.marks;
    if (Object.keys(marks).some((id) => replaced.has(id))) await this.#files.disabled.write({ marks: Object.fromEntries(Object.entries(marks).filter(([id]) => !replaced.has(id))) });
    const held = this.#files.subscriptions.data.subscriptions;
    // A new chat (the common /subscribe) joins the list; only a change to a held one needs the list filtered.
    const kept = subscriptions.some((subscription) => this.#subscriptionsById.has(subscription.id)) ? held.filter((candidate) => !replaced.has(candidate.id)) : held;
    await this.#writeSubscriptions([...kept, ...subscriptions], { saved: subscriptions });
  }

  /**
   * The whole list, with every "disabled" mark folded in; then the marks it now holds are cleared
   * (a crash between the two applies them again, to the same effect). The index follows what was
   * saved or removed; a failed write rebuilds it from the file (onReload).
   */
  async #writeSubscriptions(subscriptions: Subscription[], change: { saved?: readonly Subscription[]; removed?: string }): Promise<void> {
    this.#assertWritable();
    const marks = this.#files.disabled.data.marks;
    const marked = Object.keys(marks).length > 0;
    await this.#files.subscriptions.write({ subscriptions: marked ? subscriptions.map((subscription) => withMark(subscription, marks[subscription.id])) : subscriptions });
    if (marked) this.#indexSubscriptions();
    else {
      for (const subscription of change.saved ?? []) this.#subscriptionsById.set(subscription.id, subscription);
      if (change.removed) this.#subscriptionsById.delete(change.removed);
    }
    if (marked) await this.#files.disabled.write({ marks: {} });
  }

  /** The subscriptions by id, each with its "disabled" mark if it has one. */
  #indexSubscriptions(): void {
    const marks = this.#files.disabled.data.marks;
    const marked = Object.keys(marks).length > 0;
    this.#subscriptionsById = new Map(this.#files.subscriptions.data.subscriptions.map((subscription) => [subscription.id, marked ? withMark(subscription, marks[subscription.id]) : subscription]));
  }

  /** Removing a subscription drops what it was still owed: nobody asked for it any more. */
  async remove(id: string): Promise<void> {
    this.#assertWritable();
    const subscription = this.#subscriptionsById.get(id);
    if (!subscription) return;
    await this.#outbox.dropPending(id, 'unsubscribed', subscription.platform);
    await this.#writeSubscriptions(this.#files.subscriptions.data.subscriptions.filter((candidate) => candidate.id !== id), { removed: id });
  }

  /**
   * The platform said the bot cannot post there any more: stop, keep the reason, drop what was
   * owed. The mark goes to disabled.json, small, at once (subscriptions.json takes it at its next
   * write): a fan-out meeting a thousand blocked chats does not rewrite 100,000 rows a thousand times.
   */
  async disable(id: string, reason: string): Promise<void> {
    this.#assertWritable();
    const subscription = this.#subscriptionsById.get(id);
    if (!subscription) return;
    await this.#outbox.dropPending(id, `subscription disabled: ${reason}`, subscription.platform);
    const mark = { at: this.#now().toISOString(), reason };
    await this.#files.disabled.write({ marks: { ...this.#files.disabled.data.marks, [id]: mark } });
    // This chat's entry alone: re-indexing 100,000 subscriptions per blocked chat slowed a fan-out to 0.64.
    this.#subscriptionsById.set(id, withMark(subscription, mark));
  }

  // Outbox -------------------------------------------------------------------------------------

  async addBroadcast(broadcast: Broadcast): Promise<void> {
    this.#assertWritable();
    await this.#outbox.add([broadcast]);
  }

  async plannedRounds(rounds: readonly string[]): Promise<PlannedRounds> {
    return this.#outbox.plannedRounds(rounds);
  }

  take(platform: Platform, max: number, now: number): Promise<Delivery[]> {
    this.#assertWritable();
    return this.#outbox.take(platform, max, now);
  }

  async waiting(platform: Platform, now: number): Promise<{ due: boolean; nextRetryAt: number | null }> {
    return this.#outbox.waiting(platform, now);
  }

  markSent(delivery: Delivery, at: string): Promise<void> {
    return this.#outbox.markSent(delivery, at);
  }

  markRetry(delivery: Delivery, retry: { attempts: number; notBefore: string; error: string }): Promise<void> {
    return this.#outbox.markRetry(delivery, retry);
  }

  markDropped(delivery: Delivery, drop: { attempts: number; error: string }): Promise<void> {
    return this.#outbox.markDropped(delivery, drop);
  }

  async release(delivery: Delivery): Promise<void> {
    this.#outbox.release(delivery);
  }

  async outboxSummary(): Promise<OutboxSummary> {
    return this.#outbox.summary();
  }

  async pruneOutbox(before: string): Promise<number> {
    this.#assertWritable();
    return this.#outbox.prune(before);
  }

  // Moving a bot between stores (../transfer.ts) ---------------------------------------------

  async unfinishedBroadcasts(): Promise<{ broadcast: Broadcast; progress: Progress }[]> {
    return this.#outbox.unfinished();
  }

  importBroadcast(broadcast: Broadcast, progress: Progress): Promise<boolean> {
    this.#assertWritable();
    return this.#outbox.import(broadcast, progress);
  }

  async importHistory(draws: readonly Draw[], meta: MetaData): Promise<void> {
    this.#assertWritable();
    const byNumber = new Map(this.draws.map((draw) => [draw.number, draw]));
    for (const draw of draws) byNumber.set(draw.number, draw);
    await this.#files.meta.write({ ...meta });
    await this.#writeDraws([...byNumber.values()].sort(compareDrawsNewestFirst));
  }

  importProcessingTimes(snapshots: readonly StoredSnapshot[], record: ProcessingTimesRecord): Promise<number> {
    return this.processingTimes.importSnapshots(snapshots, record);
  }

  /** The folder's lock keeps every other writer out. */
  async liveInstances(): Promise<LiveInstance[]> {
    return [];
  }

  async close(): Promise<void> {
    await Promise.all([this.#files.draws.flush(), this.#files.meta.flush(), this.#files.subscriptions.flush(), this.#files.disabled.flush(), this.#outbox.flush(), this.processingTimes.flush()]);
    this.#release?.();
  }

  #assertWritable(): void {
    if (!this.#release) throw new Error('this store was opened read-only');
  }
}

function withMark(subscription: Subscription, mark: { at: string; reason: string } | undefined): Subscription {
  return mark ? { ...subscription, disabled: mark } : subscription;
}
