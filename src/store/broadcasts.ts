import { itemId, type OutboxItem, type PlannedRounds } from '../core/outbox.ts';
import type { Subscription } from '../core/subscriptions.ts';
import { broadcastsOfItems, freshProgress, plainSent, platformOf, type Platform } from './broadcast-layout.ts';
import type { Delivery, OutboxSummary } from './contract.ts';
import type { JsonFile } from './json-file.ts';
import type { BroadcastProgress, BroadcastsData, ChatDelivery, OutboxData, StoredBroadcast } from './schema.ts';

/**
 * The outbox as broadcasts (broadcasts.json, written when planned) and their progress
 * (outbox.json, small: cursors, counters and the few chats taken, retrying or dropped). A "sent"
 * mark rewrites the progress alone, whatever the audience. Posts are taken in small batches,
 * written before they are sent, so a crash repeats at most the posts in flight, one per chat.
 */
export class Outbox {
  readonly #definitions: JsonFile<BroadcastsData>;
  readonly #progressFile: JsonFile<OutboxData>;
  readonly #lookup: (subscriptionId: string) => Subscription | undefined;
  /** The broadcasts on disk, oldest first (the definitions file's data may hold one being written). */
  #byId = new Map<string, StoredBroadcast>();
  #list: StoredBroadcast[] = [];
  /** Posts handed to the worker and not settled: memory only (a crash frees them all). */
  readonly #leases = new Set<string>();
  /** The per-chat view objects handed out (tests, `cli status`), kept in step with the files. */
  #views = new Map<string, { item: OutboxItem; broadcastId: string; index: number }>();

  constructor(definitions: JsonFile<BroadcastsData>, progress: JsonFile<OutboxData>, lookup: (subscriptionId: string) => Subscription | undefined) {
    this.#definitions = definitions;
    this.#progressFile = progress;
    this.#lookup = lookup;
    this.#index();
    // A failed write puts a file's data back as on disk: what is held must follow.
    definitions.onReload(() => this.#index());
    progress.onReload(() => {
      this.#reconcile();
      this.#refreshViews();
    });
  }

  /**
   * A version-1 outbox's items become broadcasts: their definitions are written first, then the
   * progress without the items (a crash between them converts the same items again, to the same ids).
   */
  async upgrade(write: boolean): Promise<void> {
    const legacy = this.#progressFile.data.legacyItems;
    if (!legacy) return;
    for (const { broadcast, progress } of broadcastsOfItems(legacy, (key) => `legacy|${key}`)) {
      const data = this.#definitions.data;
      data.broadcasts = [...data.broadcasts.filter((existing) => existing.id !== broadcast.id), broadcast];
      this.#progressFile.data.broadcasts[broadcast.id] = progress;
    }
    delete this.#progressFile.data.legacyItems;
    this.#index();
    if (!write) return;
    await this.#definitions.write(this.#definitions.data);
    await this.#writeProgress();
  }

  #index(): void {
    this.#list = [...this.#definitions.data.broadcasts];
    this.#byId = new Map(this.#list.map((broadcast) => [broadcast.id, broadcast]));
    this.#reconcile();
  }

  /** Progress without a definition was never planned (a crash between the two writes); a definition without progress is fresh. */
  #reconcile(): void {
    const all = this.#progressFile.data.broadcasts;
    for (const id of Object.keys(all)) if (!this.#byId.has(id)) delete all[id];
    for (const id of this.#byId.keys()) all[id] ??= freshProgress();
  }

  #progress(id: string): BroadcastProgress | undefined {
    return this.#progressFile.data.broadcasts[id];
  }

  #writeProgress(): Promise<void> {
    return this.#progressFile.write(this.#progressFile.data);
  }

  get broadcasts(): readonly StoredBroadcast[] {
    return this.#list;
  }

  // Planning -----------------------------------------------------------------------------------

  async add(plans: readonly { broadcast: StoredBroadcast; progress: BroadcastProgress }[]): Promise<void> {
    const added = plans.filter(({ broadcast }) => !this.#byId.has(broadcast.id));
    if (!added.length) return;
    // Progress first: a definition on disk always has its progress (#reconcile drops an orphan).
    for (const { broadcast, progress } of added) this.#progressFile.data.broadcasts[broadcast.id] = progress;
    await this.#writeProgress();
    // In memory only once on disk: no post may go out for a broadcast a crash could forget.
    const data = this.#definitions.data;
    try {
      await this.#definitions.write({ broadcasts: [...data.broadcasts, ...added.map(({ broadcast }) => broadcast)] });
    } finally {
      this.#index();
    }
  }

  /** Which of these rounds each chat was already owed or sent: only broadcasts holding one of them are read. */
  plannedRounds(rounds: readonly string[]): PlannedRounds {
    const wanted = new Set(rounds);
    const planned = new Map<string, Set<string>>();
    for (const broadcast of this.broadcasts) {
      if (broadcast.kind !== 'rounds') continue;
      const relevant = broadcast.variants.map((variant) => variant.filter((number) => wanted.has(number)));
      if (!relevant.some((variant) => variant.length)) continue;
      broadcast.audience.forEach((subscriptionId, index) => {
        const numbers = relevant[broadcast.variantOf[index]!]!;
        if (!numbers.length) return;
        const held = planned.get(subscriptionId) ?? new Set<string>();
        for (const number of numbers) held.add(number);
        planned.set(subscriptionId, held);
      });
    }
    return (subscriptionId) => planned.get(subscriptionId);
  }

  // Delivery -----------------------------------------------------------------------------------

  async take(platform: Platform, max: number, now: number): Promise<Delivery[]> {
    const taken: Delivery[] = [];
    let changed = false;
    for (const broadcast of this.broadcasts) {
      const lane = broadcast.lanes[platform];
      const progress = this.#progress(broadcast.id);
      if (!lane || !progress) continue;
      const [start, end] = lane;
      for (const [key, state] of Object.entries(progress.chats)) {
        if (taken.length >= max) break;
        const index = Number(key);
        if (index < start || index >= end || state.status !== 'pending' || this.#leases.has(`${broadcast.id}#${index}`)) continue;
        if (state.notBefore && Date.parse(state.notBefore) > now) continue;
        const delivery = this.#deliverable(broadcast, index, state);
        if (delivery) taken.push(delivery);
        else changed = true;
      }
      let cursor = progress.cursors[platform] ?? start;
      for (; cursor < end && taken.length < max; cursor++) {
        if (progress.chats[cursor]) continue; // dropped before its turn (unsubscribed)
        const state: ChatDelivery = { status: 'pending', attempts: 0, notBefore: null, sentAt: null, error: null };
        progress.chats[cursor] = state;
        const delivery = this.#deliverable(broadcast, cursor, state);
        if (delivery) taken.push(delivery);
      }
      if (cursor !== (progress.cursors[platform] ?? start)) {
        progress.cursors[platform] = cursor;
        changed = true;
      }
      if (taken.length >= max) break;
    }
    for (const delivery of taken) this.#leases.add(leaseOf(delivery));
    if (changed) {
      try {
        await this.#writeProgress();
      } catch (error) {
        for (const delivery of taken) this.#leases.delete(leaseOf(delivery));
        throw error;
      }
    }
    return taken;
  }

  /** The post, or null when its chat unsubscribed or was disabled (the entry is then dropped). */
  #deliverable(broadcast: StoredBroadcast, index: number, state: ChatDelivery): Delivery | null {
    const subscriptionId = broadcast.audience[index]!;
    const subscription = this.#lookup(subscriptionId);
    if (!subscription || subscription.disabled) {
      Object.assign(state, { status: 'dropped', error: subscription?.disabled ? `subscription disabled: ${subscription.disabled.reason}` : 'unsubscribed' });
      return null;
    }
    const variant = broadcast.variantOf[index]!;
    const rounds = broadcast.variants[variant]!;
    const post = { id: itemId(subscriptionId, broadcast.kind, rounds, broadcast.period), subscriptionId, kind: broadcast.kind, rounds, period: broadcast.period };
    return { broadcastId: broadcast.id, index, variant, post, subscription, attempts: state.attempts };
  }

  waiting(platform: Platform, now: number): { due: boolean; nextRetryAt: number | null } {
    let nextRetryAt: number | null = null;
    for (const broadcast of this.broadcasts) {
      const lane = broadcast.lanes[platform];
      const progress = this.#progress(broadcast.id);
      if (!lane || !progress) continue;
      const [start, end] = lane;
      let cursor = progress.cursors[platform] ?? start;
      while (cursor < end && progress.chats[cursor]) cursor++;
      if (cursor < end) return { due: true, nextRetryAt };
      for (const [key, state] of Object.entries(progress.chats)) {
        const index = Number(key);
        if (index < start || index >= end || state.status !== 'pending' || this.#leases.has(`${broadcast.id}#${index}`)) continue;
        const at = state.notBefore ? Date.parse(state.notBefore) : 0;
        if (at <= now) return { due: true, nextRetryAt };
        if (nextRetryAt === null || at < nextRetryAt) nextRetryAt = at;
      }
    }
    return { due: false, nextRetryAt };
  }

  async markSent(delivery: Delivery, at: string): Promise<void> {
    const progress = this.#progress(delivery.broadcastId);
    if (!progress) return this.release(delivery);
    const state: ChatDelivery = { status: 'sent', attempts: delivery.attempts + 1, notBefore: null, sentAt: at, error: null };
    if (plainSent(state)) {
      delete progress.chats[delivery.index];
      progress.sent++;
      if (!progress.lastSentAt || at > progress.lastSentAt) progress.lastSentAt = at;
    } else progress.chats[delivery.index] = state;
    // Kept leased if the write fails: the caller writes the mark again, it never posts again.
    await this.#writeProgress();
    this.release(delivery);
  }

  markRetry(delivery: Delivery, { attempts, notBefore, error }: { attempts: number; notBefore: string; error: string }): Promise<void> {
    return this.#settle(delivery, { status: 'pending', attempts, notBefore, sentAt: null, error });
  }

  markDropped(delivery: Delivery, { attempts, error }: { attempts: number; error: string }): Promise<void> {
    return this.#settle(delivery, { status: 'dropped', attempts, notBefore: null, sentAt: null, error });
  }

  async #settle(delivery: Delivery, state: ChatDelivery): Promise<void> {
    try {
      const progress = this.#progress(delivery.broadcastId);
      if (!progress) return;
      progress.chats[delivery.index] = state;
      await this.#writeProgress();
    } finally {
      this.release(delivery);
    }
  }

  release(delivery: Delivery): void {
    this.#leases.delete(leaseOf(delivery));
  }

  /** Drops what a subscription is still owed (unsubscribed, or the platform refused the chat). */
  async dropPending(subscriptionId: string, reason: string): Promise<void> {
    const platform = platformOf(subscriptionId);
    let changed = false;
    for (const broadcast of this.broadcasts) {
      const lane = broadcast.lanes[platform];
      const progress = this.#progress(broadcast.id);
      if (!lane || !progress) continue;
      const index = broadcast.audience.indexOf(subscriptionId, lane[0]);
      if (index < 0 || index >= lane[1]) continue;
      const state = progress.chats[index];
      const cursor = progress.cursors[platform] ?? lane[0];
      if (state ? state.status !== 'pending' : index < cursor) continue;
      progress.chats[index] = { ...(state ?? { attempts: 0, notBefore: null, sentAt: null }), status: 'dropped', error: reason };
      changed = true;
    }
    if (changed) {
      await this.#writeProgress();
      this.#refreshViews();
    }
  }

  // Reports and upkeep -------------------------------------------------------------------------

  /** The state of each chat of a broadcast, computed (not stored) for those without an entry. */
  #stateAt(broadcast: StoredBroadcast, progress: BroadcastProgress, index: number): ChatDelivery {
    const state = progress.chats[index];
    if (state) return state;
    const platform = platformOf(broadcast.audience[index]!);
    const taken = index < (progress.cursors[platform] ?? broadcast.lanes[platform]![0]);
    return taken
      ? { status: 'sent', attempts: 1, notBefore: null, sentAt: progress.lastSentAt, error: null }
      : { status: 'pending', attempts: 0, notBefore: null, sentAt: null, error: null };
  }

  summary(): OutboxSummary {
    const summary: OutboxSummary = { pending: 0, oldestPending: null, retrying: 0, sent: 0, dropped: 0 };
    for (const broadcast of this.broadcasts) {
      const progress = this.#progress(broadcast.id);
      if (!progress) continue;
      const before = summary.pending;
      let untaken = 0;
      for (const [platform, [start, end]] of Object.entries(broadcast.lanes) as [Platform, [number, number]][]) untaken += end - (progress.cursors[platform] ?? start);
      summary.sent += progress.sent;
      for (const [key, state] of Object.entries(progress.chats)) {
        const index = Number(key);
        const platform = platformOf(broadcast.audience[index]!);
        if (index >= (progress.cursors[platform] ?? broadcast.lanes[platform]![0])) untaken--;
        if (state.status === 'pending') {
          summary.pending++;
          if (state.attempts > 0) summary.retrying++;
        } else summary[state.status]++;
      }
      summary.pending += untaken;
      if (summary.pending > before) summary.oldestPending ??= broadcast.createdAt;
    }
    return summary;
  }

  /** Every post as a per-chat item. O(audience): tests and reports only, never delivery. */
  items(): OutboxItem[] {
    const views = new Map<string, { item: OutboxItem; broadcastId: string; index: number }>();
    const items: OutboxItem[] = [];
    for (const broadcast of this.broadcasts) {
      const progress = this.#progress(broadcast.id);
      if (!progress) continue;
      for (let index = 0; index < broadcast.audience.length; index++) {
        const item = this.#itemAt(broadcast, progress, index);
        const held = this.#views.get(item.id)?.item;
        const view = held ? Object.assign(held, item) : item;
        views.set(item.id, { item: view, broadcastId: broadcast.id, index });
        items.push(view);
      }
    }
    this.#views = views;
    return items;
  }

  #itemAt(broadcast: StoredBroadcast, progress: BroadcastProgress, index: number): OutboxItem {
    const subscriptionId = broadcast.audience[index]!;
    const rounds = broadcast.variants[broadcast.variantOf[index]!]!;
    const { status, attempts, notBefore, sentAt, error } = this.#stateAt(broadcast, progress, index);
    return { id: itemId(subscriptionId, broadcast.kind, rounds, broadcast.period), subscriptionId, kind: broadcast.kind, rounds, period: broadcast.period, queuedAt: broadcast.createdAt, status, attempts, notBefore, sentAt, error };
  }

  /** Puts the view objects handed out back in step (after a failed write, a drop, an update). */
  #refreshViews(): void {
    for (const view of this.#views.values()) {
      const broadcast = this.#byId.get(view.broadcastId);
      const progress = this.#progress(view.broadcastId);
      if (broadcast && progress) Object.assign(view.item, this.#itemAt(broadcast, progress, view.index));
      else Object.assign(view.item, { status: 'dropped', error: 'never stored (write failed)' });
    }
  }

  item(id: string): OutboxItem | undefined {
    if (!this.#views.has(id)) this.items();
    return this.#views.get(id)?.item;
  }

  /** Compatibility: per-chat items queued as broadcasts; an item id already stored is left as it is. */
  async queue(items: readonly OutboxItem[]): Promise<void> {
    const known = new Set<string>();
    for (const broadcast of this.broadcasts) broadcast.audience.forEach((subscriptionId, index) => known.add(itemId(subscriptionId, broadcast.kind, broadcast.variants[broadcast.variantOf[index]!]!, broadcast.period)));
    const fresh = items.filter((item) => !known.has(item.id) && (known.add(item.id), true));
    if (!fresh.length) return;
    let serial = this.broadcasts.length;
    const unique = (key: string) => {
      let id: string;
      do id = `queued|${key}|${serial++}`;
      while (this.#byId.has(id));
      return id;
    };
    try {
      await this.add(broadcastsOfItems(fresh, unique));
    } catch (error) {
      for (const item of fresh) if (!this.#views.has(item.id)) Object.assign(item, { status: 'dropped', error: 'never stored (write failed)' });
      throw error;
    }
  }

  /** Compatibility: sets one item's state as given. */
  async update(id: string, patch: Partial<Pick<OutboxItem, 'status' | 'attempts' | 'notBefore' | 'sentAt' | 'error'>>): Promise<void> {
    const view = (this.#views.has(id) || this.items(), this.#views.get(id));
    const broadcast = view && this.#byId.get(view.broadcastId);
    const progress = view && this.#progress(view.broadcastId);
    if (!view || !broadcast || !progress) return;
    const { status, attempts, notBefore, sentAt, error } = { ...this.#stateAt(broadcast, progress, view.index), ...patch };
    progress.chats[view.index] = { status, attempts, notBefore, sentAt, error };
    Object.assign(view.item, progress.chats[view.index]);
    await this.#writeProgress();
  }

  /** Forgets broadcasts planned before `before` with nothing pending; the definitions go first. */
  async prune(before: string): Promise<number> {
    const finished = new Set(this.broadcasts.filter((broadcast) => broadcast.createdAt < before && this.#finished(broadcast)).map((broadcast) => broadcast.id));
    if (!finished.size) return 0;
    const removed = this.broadcasts.filter((broadcast) => finished.has(broadcast.id)).reduce((sum, broadcast) => sum + broadcast.audience.length, 0);
    try {
      await this.#definitions.write({ broadcasts: this.#definitions.data.broadcasts.filter((broadcast) => !finished.has(broadcast.id)) });
    } finally {
      this.#index();
    }
    await this.#writeProgress();
    return removed;
  }

  #finished(broadcast: StoredBroadcast): boolean {
    const progress = this.#progress(broadcast.id);
    if (!progress) return true;
    const allTaken = (Object.entries(broadcast.lanes) as [Platform, [number, number]][]).every(([platform, [start, end]]) => {
      let cursor = progress.cursors[platform] ?? start;
      while (cursor < end && progress.chats[cursor]) cursor++;
      return cursor >= end;
    });
    return allTaken && Object.values(progress.chats).every((state) => state.status !== 'pending');
  }

  flush(): Promise<void> {
    return Promise.all([this.#definitions.flush(), this.#progressFile.flush()]).then(() => undefined);
  }
}

function leaseOf(delivery: Pick<Delivery, 'broadcastId' | 'index'>): string {
  return `${delivery.broadcastId}#${delivery.index}`;
}
