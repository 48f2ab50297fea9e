import { DeliveryError, type ChatAdapter } from '../chat/adapter.ts';
import type { Logger } from '../core/log.ts';
import type { OutboxItem } from '../core/outbox.ts';
import type { Subscription } from '../core/subscriptions.ts';
import type { Reply } from '../chat/reply.ts';

import type { Pacer } from './pacing.ts';

/** What the worker needs from the store. */
export interface OutboxStore {
  readonly outbox: readonly OutboxItem[];
  get(subscriptionId: string): Subscription | undefined;
  updateItem(id: string, patch: Partial<Pick<OutboxItem, 'status' | 'attempts' | 'notBefore' | 'sentAt' | 'error'>>): Promise<void>;
  disable(subscriptionId: string, reason: string): Promise<void>;
}

export interface DeliveryOptions {
  store: OutboxStore;
  adapters: readonly Pick<ChatAdapter, 'platform' | 'post'>[];
  pacers: Partial<Record<ChatAdapter['platform'], Pacer>>;
  render: (item: OutboxItem, subscription: Subscription) => Reply | Promise<Reply>;
  log: Logger;
  /** Posts in flight at once per platform (each to a different chat). */
  concurrency?: number;
  /** First retry delay after a 5xx or network failure; doubles each attempt up to maxBackoffMs. */
  backoffMs?: number;
  maxBackoffMs?: number;
  now?: () => number;
}

/**
 * Posts in flight per platform, each to a different chat. A post holds its place until its "sent"
 * mark is on disk, so this is also the most a crash can repeat (one post per chat at most); 16
 * keeps a 10,000-chat outbox moving at Telegram's full rate while each write carries many marks.
 */
export const DEFAULT_CONCURRENCY = 16;

type Settings = Required<Omit<DeliveryOptions, 'pacers'>> & Pick<DeliveryOptions, 'pacers'>;

/**
 * The outbox worker (DESIGN.md, "Digests and delivery"): sends owed posts in order, paced per
 * platform; honours 429 retry_after; retries 5xx with backoff; stops posting to chats that blocked
 * or removed the bot, keeping the reason. An item is marked sent only after the platform accepted
 * it, so a crash can repeat at most the posts in flight — one per chat — and never loses one.
 */
export class DeliveryWorker {
  readonly #lanes: Lane[];

  constructor(options: DeliveryOptions) {
    const settings: Settings = { concurrency: DEFAULT_CONCURRENCY, backoffMs: 1000, maxBackoffMs: 10 * 60_000, now: Date.now, ...options };
    this.#lanes = options.adapters.map((adapter) => new Lane(adapter, settings));
  }

  start(): void {
    for (const lane of this.#lanes) lane.start();
  }

  /** New posts were queued. */
  wake(): void {
    for (const lane of this.#lanes) lane.refresh();
  }

  /** Stops taking posts; waits for those in flight (up to graceMs) — the rest stay queued. */
  async stop(graceMs = 10_000): Promise<void> {
    await Promise.all(this.#lanes.map((lane) => lane.stop(graceMs)));
  }

  /** Resolves when nothing is left that could be sent now (for tests and benchmarks). */
  async drained(): Promise<void> {
    await Promise.all(this.#lanes.map((lane) => lane.drained()));
  }
}

type Entry = { item: OutboxItem; subscription: Subscription };

/** One platform's queue: its own pacing, pauses and posts in flight. */
class Lane {
  readonly #adapter: Pick<ChatAdapter, 'platform' | 'post'>;
  readonly #settings: Settings;
  readonly #inFlight = new Map<string, Promise<void>>();
  /** Pending posts for this platform, oldest first; #head skips those already done. */
  #queue: Entry[] = [];
  #head = 0;
  #dirty = true;
  #running = false;
  #loop: Promise<void> | null = null;
  #pausedUntil = 0;
  #wakeUp: (() => void) | null = null;
  #idleWaiters: (() => void)[] = [];

  constructor(adapter: Pick<ChatAdapter, 'platform' | 'post'>, settings: Settings) {
    this.#adapter = adapter;
    this.#settings = settings;
  }

  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#loop = this.#run();
  }

  /** The outbox changed: read it again before the next post. */
  refresh(): void {
    this.#dirty = true;
    this.#wakeUp?.();
  }

  async stop(graceMs: number): Promise<void> {
    this.#running = false;
    this.#wakeUp?.();
    await this.#loop;
    const settled = Promise.allSettled(this.#inFlight.values());
    await Promise.race([settled, new Promise((resolve) => setTimeout(resolve, graceMs).unref())]);
  }

  drained(): Promise<void> {
    if (this.#idle()) return Promise.resolve();
    return new Promise((resolve) => this.#idleWaiters.push(resolve));
  }

  #idle(): boolean {
    return !this.#inFlight.size && !this.#next() && this.#waiting() === null;
  }

  #read(): void {
    const { store } = this.#settings;
    this.#queue = [];
    this.#head = 0;
    for (const item of store.outbox) {
      if (item.status !== 'pending') continue;
      const subscription = store.get(item.subscriptionId);
      if (subscription?.platform === this.#adapter.platform && !subscription.disabled) this.#queue.push({ item, subscription });
    }
    this.#dirty = false;
  }

  /** The next post that may go now: still pending, not waiting for a retry, its chat not already in flight. */
  #next(): Entry | undefined {
    if (this.#dirty) this.#read();
    const now = this.#settings.now();
    for (let index = this.#head; index < this.#queue.length; index++) {
      const entry = this.#queue[index]!;
      if (entry.item.status !== 'pending') {
        if (index === this.#head) this.#head++;
        continue;
      }
      if (this.#inFlight.has(entry.subscription.chatId)) continue;
      if (entry.item.notBefore && Date.parse(entry.item.notBefore) > now) continue;
      return entry;
    }
    return undefined;
  }

  /** Milliseconds until a post waiting for a retry may go, or null when none waits. */
  #waiting(): number | null {
    const now = this.#settings.now();
    let soonest: number | null = null;
    for (let index = this.#head; index < this.#queue.length; index++) {
      const { item } = this.#queue[index]!;
      if (item.status !== 'pending' || !item.notBefore) continue;
      const wait = Date.parse(item.notBefore) - now;
      if (wait > 0 && (soonest === null || wait < soonest)) soonest = wait;
    }
    return soonest;
  }

  async #run(): Promise<void> {
    while (this.#running) {
      const paused = this.#pausedUntil - this.#settings.now();
      if (paused > 0) {
        await this.#sleep(paused);
        continue;
      }
      if (this.#inFlight.size >= this.#settings.concurrency) {
        await Promise.race(this.#inFlight.values());
        continue;
      }
      const next = this.#next();
      if (!next) {
        if (this.#idle()) this.#notifyIdle();
        await this.#sleep(this.#waiting() ?? 60_000);
        continue;
      }
      await this.#settings.pacers[this.#adapter.platform]?.acquire(next.subscription.chatId, next.subscription.group);
      if (!this.#running) break;
      const chatId = next.subscription.chatId;
      const sending = this.#send(next.item, next.subscription).finally(() => {
        this.#inFlight.delete(chatId);
        this.#wakeUp?.();
      });
      this.#inFlight.set(chatId, sending);
    }
  }

  async #send(item: OutboxItem, subscription: Subscription): Promise<void> {
    const { store, log, now } = this.#settings;
    const attempts = item.attempts + 1;
    try {
      await this.#adapter.post(subscription.chatId, await this.#settings.render(item, subscription), subscription.locale);
      await store.updateItem(item.id, { status: 'sent', attempts, sentAt: new Date(now()).toISOString(), notBefore: null, error: null });
    } catch (error) {
      const failure = error instanceof DeliveryError ? error.failure : ({ kind: 'transient' } as const);
      const reason = error instanceof Error ? error.message : String(error);
      switch (failure.kind) {
        case 'rate-limited':
          // The platform asked the bot to slow down: the whole lane waits, the post keeps its place.
          this.#pausedUntil = Math.max(this.#pausedUntil, now() + failure.retryAfterMs);
          log.warn({ item: item.id, retryAfterMs: failure.retryAfterMs }, 'rate limited: pausing posts');
          await store.updateItem(item.id, { notBefore: new Date(now() + failure.retryAfterMs).toISOString(), error: reason });
          break;
        case 'gone':
          log.warn({ subscription: subscription.id, reason: failure.reason }, 'chat unreachable: subscription disabled');
          await store.disable(subscription.id, failure.reason);
          break;
        case 'rejected':
          log.error({ item: item.id, reason: failure.reason }, 'post refused by the platform: dropped');
          await store.updateItem(item.id, { status: 'dropped', attempts, error: failure.reason });
          break;
        case 'transient': {
          const delay = Math.min(this.#settings.maxBackoffMs, this.#settings.backoffMs * 2 ** (attempts - 1));
          log.warn({ item: item.id, attempts, retryInMs: delay, err: error }, 'post failed: will retry');
          await store.updateItem(item.id, { attempts, notBefore: new Date(now() + delay).toISOString(), error: reason });
          break;
        }
      }
    }
  }

  #sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        if (this.#wakeUp === done) this.#wakeUp = null;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.#wakeUp = done;
    });
  }

  #notifyIdle(): void {
    const waiters = this.#idleWaiters;
    this.#idleWaiters = [];
    for (const resolve of waiters) resolve();
  }
}
