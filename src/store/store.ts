import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { CategoryRef, Draw } from '../core/draw.ts';
import { jsonEqual } from '../core/json-equal.ts';
import type { OutboxItem } from '../core/outbox.ts';
import type { Subscription, SubscriptionBook } from '../core/subscriptions.ts';
import type { FeedState, SyncChange, SyncStore } from '../core/sync.ts';
import { JsonFile } from './json-file.ts';
import { acquireLock } from './lock.ts';
import { drawsFile, metaFile, outboxFile, subscriptionsFile, type DrawsData, type MetaData, type OutboxData, type PollRecord, type SubscriptionsData } from './schema.ts';

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
 * The bot's persistent state under DATA_DIR: lowdb files, one writer per folder. Writes that
 * belong together go in an order that survives a crash between them: the outbox before the draws
 * (a round stored but never queued would never be posted; queued twice is a no-op).
 */
export class Store implements SyncStore, SubscriptionBook {
  readonly #draws: JsonFile<DrawsData>;
  readonly #meta: JsonFile<MetaData>;
  readonly #subscriptions: JsonFile<SubscriptionsData>;
  readonly #outbox: JsonFile<OutboxData>;
  readonly #outboxById = new Map<string, OutboxItem>();
  #subscriptionsById = new Map<string, Subscription>();
  readonly #release: (() => void) | null;
  readonly #now: () => Date;

  private constructor(files: { draws: JsonFile<DrawsData>; meta: JsonFile<MetaData>; subscriptions: JsonFile<SubscriptionsData>; outbox: JsonFile<OutboxData> }, release: (() => void) | null, now: () => Date) {
    this.#draws = files.draws;
    this.#meta = files.meta;
    this.#subscriptions = files.subscriptions;
    this.#outbox = files.outbox;
    this.#indexOutbox();
    this.#indexSubscriptions();
    // A failed write puts a file's data back as on disk: the indexes must point into that data.
    files.outbox.onReload(() => this.#reconcileOutbox());
    files.subscriptions.onReload(() => this.#indexSubscriptions());
    this.#release = release;
    this.#now = now;
  }

  static async open(dataDir: string, { seed, readOnly = false, now = () => new Date() }: OpenOptions): Promise<Store> {
    await mkdir(dataDir, { recursive: true });
    const release = readOnly ? null : acquireLock(join(dataDir, '.lock'));
    try {
      const draws = await JsonFile.open(join(dataDir, drawsFile.name), drawsFile);
      const meta = await JsonFile.open(join(dataDir, metaFile.name), metaFile);
      const subscriptions = await JsonFile.open(join(dataDir, subscriptionsFile.name), subscriptionsFile);
      const outbox = await JsonFile.open(join(dataDir, outboxFile.name), outboxFile);
      const store = new Store({ draws, meta, subscriptions, outbox }, release, now);
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
    await this.#draws.write({ draws });
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
    if (this.#release) await this.#draws.write({ draws });
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
  async saveSync({ draws, added, edited, posts, feed, at }: SyncChange): Promise<void> {
    this.#assertWritable();
    if (posts.length) await this.queue(posts);
    if (added.length || edited.length) await this.#draws.write({ draws });
    await this.#meta.write({ ...this.#meta.data, feed, lastSync: { at, source: feed.source, added: added.length, edited: edited.length } });
  }

  async recordPoll(poll: PollRecord, newRounds: string[] = []): Promise<void> {
    this.#assertWritable();
    const lastNewRounds = newRounds.length ? { at: poll.at, rounds: newRounds } : this.#meta.data.lastNewRounds;
    await this.#meta.write({ ...this.#meta.data, lastPoll: poll, lastNewRounds });
  }

  async recordPeriodic(at: string, posts: OutboxItem[]): Promise<void> {
    this.#assertWritable();
    if (posts.length) await this.queue(posts);
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
    await this.#dropPending(id, 'unsubscribed');
    await this.#writeSubscriptions(this.subscriptions.filter((candidate) => candidate.id !== id));
  }

  /** The platform said the bot cannot post there any more: stop, keep the reason, drop what was owed. */
  async disable(id: string, reason: string): Promise<void> {
    this.#assertWritable();
    const at = this.#now().toISOString();
    await this.#dropPending(id, `subscription disabled: ${reason}`);
    await this.#writeSubscriptions(this.subscriptions.map((candidate) => (candidate.id === id ? { ...candidate, disabled: { at, reason } } : candidate)));
  }

  // Outbox -------------------------------------------------------------------------------------

  get outbox(): readonly OutboxItem[] {
    return this.#outbox.data.items;
  }

  #indexOutbox(): void {
    this.#outboxById.clear();
    for (const item of this.outbox) this.#outboxById.set(item.id, item);
  }

  /**
   * After a failed outbox write, the items are what the disk holds — in the objects already handed
   * out, so that the delivery worker, which keeps them, sees the same state (a copy it kept would
   * still say "pending" after a later "sent" mark, and go out twice). An item that never reached
   * the disk is marked dropped in any copy still held, and leaves the outbox.
   */
  #reconcileOutbox(): void {
    const onDisk = new Set<string>();
    this.#outbox.data.items = this.outbox.map((item) => {
      onDisk.add(item.id);
      const held = this.#outboxById.get(item.id);
      return held ? Object.assign(held, item) : item;
    });
    for (const [id, held] of this.#outboxById) if (!onDisk.has(id)) Object.assign(held, { status: 'dropped', error: 'never stored (write failed)' });
    this.#indexOutbox();
  }

  outboxItem(id: string): OutboxItem | undefined {
    return this.#outboxById.get(id);
  }

  /** Adds posts owed; an id already present is left as it is (deterministic ids: queuing twice is a no-op). */
  async queue(items: readonly OutboxItem[]): Promise<void> {
    this.#assertWritable();
    const fresh = items.filter((item) => !this.#outboxById.has(item.id));
    if (!fresh.length) return;
    for (const item of fresh) this.#outboxById.set(item.id, item);
    this.#outbox.data.items.push(...fresh);
    await this.#outbox.write(this.#outbox.data);
  }

  /** Records an attempt's outcome. Many updates in a burst are written together (lowdb batches them). */
  updateItem(id: string, patch: Partial<Pick<OutboxItem, 'status' | 'attempts' | 'notBefore' | 'sentAt' | 'error'>>): Promise<void> {
    this.#assertWritable();
    const item = this.#outboxById.get(id);
    if (!item) return Promise.resolve();
    Object.assign(item, patch);
    return this.#outbox.write(this.#outbox.data);
  }

  /** Forgets sent and dropped posts queued before a date, keeping the outbox small. */
  async pruneOutbox(before: string): Promise<number> {
    this.#assertWritable();
    const keep = this.outbox.filter((item) => item.status === 'pending' || item.queuedAt >= before);
    const removed = this.outbox.length - keep.length;
    if (!removed) return 0;
    const kept = new Set(keep);
    for (const item of this.outbox) if (!kept.has(item)) this.#outboxById.delete(item.id);
    this.#outbox.data.items = keep;
    await this.#outbox.write(this.#outbox.data);
    return removed;
  }

  async #dropPending(subscriptionId: string, reason: string): Promise<void> {
    const pending = this.outbox.filter((item) => item.subscriptionId === subscriptionId && item.status === 'pending');
    for (const item of pending) Object.assign(item, { status: 'dropped', error: reason });
    if (pending.length) await this.#outbox.write(this.#outbox.data);
  }

  async close(): Promise<void> {
    await Promise.all([this.#draws.flush(), this.#meta.flush(), this.#subscriptions.flush(), this.#outbox.flush()]);
    this.#release?.();
  }

  #assertWritable(): void {
    if (!this.#release) throw new Error('this store was opened read-only');
  }
}
