import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { CategoryRef, Draw } from '../core/draw.ts';
import { jsonEqual } from '../core/json-equal.ts';
import type { Broadcast, OutboxItem, PlannedRounds } from '../core/outbox.ts';
import type { Subscription } from '../core/subscriptions.ts';
import type { FeedState, SyncChange } from '../core/sync.ts';
import { stored } from './broadcast-layout.ts';
import { Outbox } from './broadcasts.ts';
import type { BotStore, Delivery, OutboxSummary } from './contract.ts';
import { JsonFile } from './json-file.ts';
import { acquireLock } from './lock.ts';
import { broadcastsFile, drawsFile, metaFile, outboxFile, subscriptionsFile, type BroadcastsData, type DrawsData, type MetaData, type OutboxData, type PollRecord, type SubscriptionsData } from './schema.ts';

/** How long "disabled" marks may wait in memory for a subscriptions write (see Store.disable). */
export const DISABLE_WRITE_DELAY_MS = 60_000;

export interface StoreSeed {
  file: string;
  draws: () => Draw[];
}

export interface OpenOptions {
  /** Draw history for a first start, from the shipped snapshot. */
  seed: StoreSeed;
  /** Readers (`ask`, `draws`, `status`) take no lock and never write; a first start seeds in memory only. */
  readOnly?: boolean;
  now?: () => Date;
}

/**
 * The bot's persistent state under DATA_DIR: lowdb files, one writer per folder (the BotStore
 * contract, src/store/contract.ts). Writes that belong together go in an order that survives a
 * crash between them: the outbox before the draws (a round stored but never queued would never be
 * posted; planned twice is a no-op). The outbox is broadcasts.json (fan-outs as planned) and
 * outbox.json (their progress), see broadcasts.ts.
 */
export class Store implements BotStore {
  readonly #draws: JsonFile<DrawsData>;
  readonly #meta: JsonFile<MetaData>;
  readonly #subscriptions: JsonFile<SubscriptionsData>;
  readonly #outbox: Outbox;
  #subscriptionsById = new Map<string, Subscription>();
  readonly #release: (() => void) | null;
  /** A subscriptions write carrying "disabled" marks, due soon (see disable). */
  #disabledWrite: NodeJS.Timeout | null = null;
  readonly #now: () => Date;

  private constructor(files: { draws: JsonFile<DrawsData>; meta: JsonFile<MetaData>; subscriptions: JsonFile<SubscriptionsData>; broadcasts: JsonFile<BroadcastsData>; progress: JsonFile<OutboxData> }, release: (() => void) | null, now: () => Date) {
    this.#draws = files.draws;
    this.#meta = files.meta;
    this.#subscriptions = files.subscriptions;
    this.#outbox = new Outbox(files.broadcasts, files.progress, (id) => this.get(id));
    this.#indexSubscriptions();
    // A failed write puts a file's data back as on disk: the index must point into that data.
    files.subscriptions.onReload(() => this.#indexSubscriptions());
    this.#release = release;
    this.#now = now;
  }

  static async open(dataDir: string, { seed, readOnly = false, now = () => new Date() }: OpenOptions): Promise<Store> {
    await mkdir(dataDir, { recursive: true });
    const release = readOnly ? null : acquireLock(join(dataDir, '.lock'));
    try {
      const meta = await JsonFile.open(join(dataDir, metaFile.name), metaFile);
      const draws = await JsonFile.open(join(dataDir, drawsFile.name), drawsFile, { trustedHash: meta.data.drawsHash ?? null });
      const subscriptions = await JsonFile.open(join(dataDir, subscriptionsFile.name), subscriptionsFile);
      const broadcasts = await JsonFile.open(join(dataDir, broadcastsFile.name), broadcastsFile);
      const progress = await JsonFile.open(join(dataDir, outboxFile.name), outboxFile);
      const store = new Store({ draws, meta, subscriptions, broadcasts, progress }, release, now);
      await store.#outbox.upgrade(!readOnly);
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
      Object.assign(this.#draws.data, { draws });
      Object.assign(this.#meta.data, { seededFrom });
      return;
    }
    // Meta first: a crash between the two writes leaves no draws file, so the next start seeds again.
    await this.#meta.write({ ...this.#meta.data, seededFrom });
    await this.#writeDraws(draws);
  }

  /**
   * The rounds, then the hash of their file in meta: the next start reads them without checking
   * their schema again. A crash between the two leaves an old hash, and the next start checks.
   */
  async #writeDraws(draws: Draw[]): Promise<void> {
    await this.#draws.write({ draws });
    await this.#meta.write({ ...this.#meta.data, ...this.#drawsHash() });
  }

  #drawsHash(): { drawsHash?: string } {
    return this.#draws.hash ? { drawsHash: this.#draws.hash } : {};
  }

  get draws(): readonly Draw[] {
    return this.#draws.data.draws;
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
    else Object.assign(this.#draws.data, { draws });
    return changed;
  }

  get meta(): Readonly<MetaData> {
    return this.#meta.data;
  }

  get feedState(): FeedState | null {
    return this.#meta.data.feed;
  }

  get paths(): { draws: string; meta: string } {
    return { draws: this.#draws.path, meta: this.#meta.path };
  }

  /**
   * A sync's result in one ordered write: the posts owed for the new rounds, the draws, then the
   * feed state. A crash between them leaves posts for rounds not yet stored (the next sync finds
   * the rounds again, and plans nothing twice) — never rounds stored whose posts were lost.
   */
  async saveSync({ draws, added, edited, broadcast, feed, at }: SyncChange): Promise<void> {
    this.#assertWritable();
    if (broadcast) await this.addBroadcast(broadcast);
    if (added.length || edited.length) await this.#draws.write({ draws });
    await this.#meta.write({ ...this.#meta.data, feed, lastSync: { at, source: feed.source, added: added.length, edited: edited.length }, ...this.#drawsHash() });
  }

  async recordPoll(poll: PollRecord, newRounds: string[] = []): Promise<void> {
    this.#assertWritable();
    const lastNewRounds = newRounds.length ? { at: poll.at, rounds: newRounds } : this.#meta.data.lastNewRounds;
    const reached = poll.outcome === 'failed' ? {} : { lastReachedAt: poll.at };
    await this.#meta.write({ ...this.#meta.data, lastPoll: poll, lastNewRounds, ...reached });
  }

  async recordPeriodic(at: string, broadcast: Broadcast | null): Promise<void> {
    this.#assertWritable();
    if (broadcast) await this.addBroadcast(broadcast);
    await this.#meta.write({ ...this.#meta.data, lastPeriodicAt: at });
  }

  // Subscriptions ------------------------------------------------------------------------------

  get subscriptions(): readonly Subscription[] {
    return this.#subscriptions.data.subscriptions;
  }

  get(id: string): Subscription | undefined {
    return this.#subscriptionsById.get(id);
  }

  async save(subscription: Subscription): Promise<void> {
    await this.saveMany([subscription]);
  }

  /** Adds or replaces several subscriptions in one write (imports, benchmarks). */
  async saveMany(subscriptions: readonly Subscription[]): Promise<void> {
    const replaced = new Set(subscriptions.map((subscription) => subscription.id));
    await this.#writeSubscriptions([...this.subscriptions.filter((candidate) => !replaced.has(candidate.id)), ...subscriptions]);
  }

  #writeSubscriptions(subscriptions: Subscription[]): Promise<void> {
    this.#assertWritable();
    const written = this.#subscriptions.write({ subscriptions });
    this.#indexSubscriptions();
    return written;
  }

  #indexSubscriptions(): void {
    this.#subscriptionsById = new Map(this.subscriptions.map((subscription) => [subscription.id, subscription]));
  }

  /** Removing a subscription drops what it was still owed: nobody asked for it any more. */
  async remove(id: string): Promise<void> {
    this.#assertWritable();
    await this.#outbox.dropPending(id, 'unsubscribed');
    await this.#writeSubscriptions(this.subscriptions.filter((candidate) => candidate.id !== id));
  }

  /** The platform said the bot cannot post there any more: stop, keep the reason, drop what was owed. */
  /**
   * The platform said the bot cannot post there any more: stop, keep the reason, drop what was owed.
   * What was owed is dropped on disk at once. The subscription's mark goes to disk with the next
   * subscriptions write, at most DISABLE_WRITE_DELAY_MS later (or at close): a fan-out meeting a
   * thousand blocked chats among 100,000 would otherwise rewrite the whole subscriptions file a
   * thousand times. Lost in a crash, the mark is learned again from the platform's next refusal.
   */
  async disable(id: string, reason: string): Promise<void> {
    this.#assertWritable();
    const at = this.#now().toISOString();
    await this.#outbox.dropPending(id, `subscription disabled: ${reason}`);
    const subscription = this.get(id);
    if (!subscription) return;
    // In place: the file's data holds this very object, and the next write carries it.
    subscription.disabled = { at, reason };
    this.#disabledWrite ??= setTimeout(() => {
      this.#disabledWrite = null;
      // A refused write puts the file back as on disk: the mark is learned again (see above).
      this.#subscriptions.write(this.#subscriptions.data).catch(() => undefined);
    }, DISABLE_WRITE_DELAY_MS).unref();
  }

  // Outbox -------------------------------------------------------------------------------------

  /** Plans a fan-out: written once; one whose id is already stored is left as it is. */
  async addBroadcast(broadcast: Broadcast): Promise<void> {
    this.#assertWritable();
    await this.#outbox.add([{ broadcast: stored(broadcast), progress: { cursors: {}, chats: {}, sent: 0, lastSentAt: null } }]);
  }

  plannedRounds(rounds: readonly string[]): PlannedRounds {
    return this.#outbox.plannedRounds(rounds);
  }

  take(platform: Subscription['platform'], max: number, now: number): Promise<Delivery[]> {
    this.#assertWritable();
    return this.#outbox.take(platform, max, now);
  }

  waiting(platform: Subscription['platform'], now: number): { due: boolean; nextRetryAt: number | null } {
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

  release(delivery: Delivery): void {
    this.#outbox.release(delivery);
  }

  outboxSummary(): OutboxSummary {
    return this.#outbox.summary();
  }

  /** Every post as a per-chat item, built on each read: for tests and reports, never for delivery. */
  get outbox(): readonly OutboxItem[] {
    return this.#outbox.items();
  }

  outboxItem(id: string): OutboxItem | undefined {
    return this.#outbox.item(id);
  }

  /** Compatibility: per-chat posts, grouped into broadcasts; an id already present is left as it is. */
  async queue(items: readonly OutboxItem[]): Promise<void> {
    this.#assertWritable();
    await this.#outbox.queue(items);
  }

  /** Compatibility: sets one per-chat item's state. */
  updateItem(id: string, patch: Partial<Pick<OutboxItem, 'status' | 'attempts' | 'notBefore' | 'sentAt' | 'error'>>): Promise<void> {
    this.#assertWritable();
    return this.#outbox.update(id, patch);
  }

  /** Forgets finished broadcasts planned before a date, keeping the outbox small. */
  async pruneOutbox(before: string): Promise<number> {
    this.#assertWritable();
    return this.#outbox.prune(before);
  }

  async close(): Promise<void> {
    if (this.#disabledWrite) {
      clearTimeout(this.#disabledWrite);
      this.#disabledWrite = null;
      await this.#subscriptions.write(this.#subscriptions.data);
    }
    await Promise.all([this.#draws.flush(), this.#meta.flush(), this.#subscriptions.flush(), this.#outbox.flush()]);
    this.#release?.();
  }

  #assertWritable(): void {
    if (!this.#release) throw new Error('this store was opened read-only');
  }
}
