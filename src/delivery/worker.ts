import { DeliveryError, type ChatAdapter } from '../chat/adapter.ts';
import type { Logger } from '../core/log.ts';
import type { Post } from '../core/broadcasts.ts';
import type { Subscription } from '../core/subscriptions.ts';
import type { Reply } from '../chat/reply.ts';
import type { Delivery, DeliveryStore } from '../store/contract.ts';

import type { Pacer } from './pacing.ts';

export interface DeliveryOptions {
  store: DeliveryStore;
  adapters: readonly Pick<ChatAdapter, 'platform' | 'post'>[];
  pacers: Partial<Record<ChatAdapter['platform'], Pacer>>;
  render: (post: Post, subscription: Subscription) => Reply | Promise<Reply>;
  log: Logger;
  /** Posts in flight at once per platform (each to a different chat). */
  concurrency?: number;
  /**
   * Aborted when this process may no longer send (its leader term ended): nothing more is taken
   * or sent, posts in flight are aborted and left as stored, for the next leader.
   */
  signal?: AbortSignal;
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

type Settings = Required<Omit<DeliveryOptions, 'pacers' | 'signal'>> & Pick<DeliveryOptions, 'pacers' | 'signal'>;

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
    // The term ended: every lane stops at once (posts in flight are aborted by the same signal).
    options.signal?.addEventListener('abort', () => void this.stop(0), { once: true });
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

/** One platform's queue: its own pacing, pauses and posts in flight. */
class Lane {
  readonly #adapter: Pick<ChatAdapter, 'platform' | 'post'>;
  readonly #settings: Settings;
  readonly #inFlight = new Map<string, Promise<void>>();
  /** Posts taken from the store (leased to this lane), oldest first. */
  #ready: Delivery[] = [];
  #refilling: Promise<void> | null = null;
  /** The last take found fewer posts than it asked for: take again only once woken (new posts, a retry due). */
  #exhausted = false;
  #running = false;
  #loop: Promise<void> | null = null;
  #pausedUntil = 0;
  #wakeUp: (() => void) | null = null;
  #idleWaiters: (() => void)[] = [];

  constructor(adapter: Pick<ChatAdapter, 'platform' | 'post'>, settings: Settings) {
    this.#adapter = adapter;
    this.#settings = settings;
  }

  /** Posts taken at once: a small batch, written before they are sent. */
  get #batch(): number {
    return this.#settings.concurrency * 2;
  }

  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#loop = this.#run();
  }

  /** New posts were planned: look again. */
  refresh(): void {
    this.#exhausted = false;
    this.#wakeUp?.();
  }

  async stop(graceMs: number): Promise<void> {
    this.#running = false;
    this.#wakeUp?.();
    await this.#loop;
    await this.#refilling;
    const settled = Promise.allSettled(this.#inFlight.values());
    await Promise.race([settled, new Promise((resolve) => setTimeout(resolve, graceMs).unref())]);
    // Taken, not sent: they stay pending, for whoever takes them next.
    const taken = this.#ready;
    this.#ready = [];
    await Promise.allSettled(taken.map((delivery) => this.#settings.store.release(delivery)));
  }

  async drained(): Promise<void> {
    if (await this.#idle()) return;
    await new Promise<void>((resolve) => this.#idleWaiters.push(resolve));
  }

  /** Nothing in hand, nothing in flight, and nothing the store could hand out now or later. */
  async #idle(): Promise<boolean> {
    if (this.#inFlight.size || this.#ready.length || this.#refilling) return false;
    const { due, nextRetryAt } = await this.#settings.store.waiting(this.#adapter.platform, this.#settings.now());
    return !due && nextRetryAt === null;
  }

  /** The next taken post whose chat has nothing in flight (a chat's posts go one at a time, in order). */
  #pick(): Delivery | undefined {
    const index = this.#ready.findIndex((delivery) => !this.#inFlight.has(delivery.subscription.chatId));
    return index < 0 ? undefined : this.#ready.splice(index, 1)[0];
  }

  /** Takes the next batch from the store (in the background while posts remain in hand). */
  #refill(): Promise<void> {
    this.#refilling ??= (async () => {
      const { store, log, now, backoffMs } = this.#settings;
      try {
        const wanted = this.#batch - this.#ready.length;
        const taken = await store.take(this.#adapter.platform, wanted, now());
        this.#ready.push(...taken);
        if (taken.length < wanted) this.#exhausted = true;
      } catch (error) {
        // Taking is written first; a store that cannot write sends nothing until it can.
        log.error({ err: error }, 'cannot take posts (the store refused the write): waiting');
        this.#pausedUntil = Math.max(this.#pausedUntil, now() + backoffMs);
      } finally {
        this.#refilling = null;
        this.#wakeUp?.();
      }
    })();
    return this.#refilling;
  }

  async #run(): Promise<void> {
    while (this.#running) {
      try {
        if ((await this.#step()) === 'stop') break;
      } catch (error) {
        // The store cannot be read (a database restarting): what is in hand stays in hand; try again shortly.
        this.#settings.log.error({ err: error }, 'the store cannot be read: delivery waits');
        this.#pausedUntil = Math.max(this.#pausedUntil, this.#settings.now() + this.#settings.backoffMs);
      }
    }
  }

  /** One turn of the lane: wait, take, or send the next post. */
  async #step(): Promise<'stop' | void> {
    const { store, now } = this.#settings;
    const paused = this.#pausedUntil - now();
    if (paused > 0) return this.#sleep(paused);
    if (this.#inFlight.size >= this.#settings.concurrency) {
      await Promise.race(this.#inFlight.values());
      return;
    }
    if (this.#ready.length < this.#settings.concurrency && !this.#refilling && !this.#exhausted) void this.#refill();
    const next = this.#pick();
    if (!next) {
      if (this.#refilling) {
        await this.#refilling;
      } else if (this.#inFlight.size || this.#ready.length) {
        // Taken posts whose chats are in flight wait for those: each end wakes this.
        await this.#sleep(60_000);
      } else {
        // Nothing in hand: ask the store whether anything is owed, now or at a retry's time.
        const { due, nextRetryAt } = await store.waiting(this.#adapter.platform, now());
        if (due) {
          this.#exhausted = false;
          return;
        }
        if (nextRetryAt === null) this.#notifyIdle();
        await this.#sleep(nextRetryAt === null ? 60_000 : Math.max(1, nextRetryAt - now()));
        this.#exhausted = false;
      }
      return;
    }
    // Unsubscribed or disabled since it was taken: the store dropped it, it does not go out.
    let current: Subscription | undefined;
    try {
      current = await store.get(next.subscription.id);
    } catch (error) {
      this.#ready.unshift(next);
      throw error;
    }
    if (!current || current.disabled) return store.release(next);
    await this.#settings.pacers[this.#adapter.platform]?.acquire(next.subscription.chatId, next.subscription.group);
    if (!this.#running || this.#settings.signal?.aborted) {
      await store.release(next);
      return 'stop';
    }
    const chatId = next.subscription.chatId;
    const sending = this.#send(next).finally(() => {
      this.#inFlight.delete(chatId);
      this.#wakeUp?.();
    });
    this.#inFlight.set(chatId, sending);
  }

  /** Never rejects: every outcome is written, or logged when the store cannot write it. */
  async #send(delivery: Delivery): Promise<void> {
    const { subscription, post } = delivery;
    const { signal } = this.#settings;
    try {
      await this.#adapter.post(subscription.chatId, await this.#settings.render(post, subscription), subscription.locale, signal ? { signal } : undefined);
    } catch (error) {
      // Stopped leading mid-post: left as stored (taken, not sent) for the next leader; at most this one repeats.
      if (signal?.aborted) return;
      await this.#failed(delivery, error);
      return;
    }
    await this.#markSent(delivery);
  }

  /**
   * The post went out: its mark must reach the disk before the chat's slot is free. A store that
   * refuses the write (full disk) is asked again, with backoff; the post is never sent again from
   * here (after a crash meanwhile it is, once: it counts as in flight).
   */
  async #markSent(delivery: Delivery): Promise<void> {
    const { store, log, now } = this.#settings;
    for (let attempt = 1; ; attempt++) {
      try {
        await store.markSent(delivery, new Date(now()).toISOString());
        return;
      } catch (error) {
        if (!this.#running) return;
        const delay = Math.min(this.#settings.maxBackoffMs, this.#settings.backoffMs * 2 ** (attempt - 1));
        log.error({ item: delivery.post.id, err: error, retryInMs: delay }, 'post delivered but its "sent" mark could not be written: writing it again');
        await new Promise((resolve) => setTimeout(resolve, delay));
      }
    }
  }

  async #failed(delivery: Delivery, error: unknown): Promise<void> {
    const { store, log, now } = this.#settings;
    const { post, subscription } = delivery;
    const attempts = delivery.attempts + 1;
    const failure = error instanceof DeliveryError ? error.failure : ({ kind: 'transient' } as const);
    const reason = error instanceof Error ? error.message : String(error);
    try {
      switch (failure.kind) {
        case 'rate-limited':
          // The platform asked the bot to slow down: the whole lane waits, the post keeps its place.
          this.#pausedUntil = Math.max(this.#pausedUntil, now() + failure.retryAfterMs);
          log.warn({ item: post.id, retryAfterMs: failure.retryAfterMs }, 'rate limited: pausing posts');
          await store.markRetry(delivery, { attempts: delivery.attempts, notBefore: new Date(now() + failure.retryAfterMs).toISOString(), error: reason });
          break;
        case 'gone':
          log.warn({ subscription: subscription.id, reason: failure.reason }, 'chat unreachable: subscription disabled');
          try {
            await store.disable(subscription.id, failure.reason);
          } finally {
            await store.release(delivery);
          }
          break;
        case 'rejected':
          log.error({ item: post.id, reason: failure.reason }, 'post refused by the platform: dropped');
          await store.markDropped(delivery, { attempts, error: failure.reason });
          break;
        case 'transient': {
          const delay = Math.min(this.#settings.maxBackoffMs, this.#settings.backoffMs * 2 ** (attempts - 1));
          log.warn({ item: post.id, attempts, retryInMs: delay, err: error }, 'post failed: will retry');
          await store.markRetry(delivery, { attempts, notBefore: new Date(now() + delay).toISOString(), error: reason });
          break;
        }
      }
    } catch (writeError) {
      // Not posted, and the outcome not written: the post stays as on disk (pending) and is tried again.
      log.error({ item: post.id, err: writeError }, 'the outcome of a failed post could not be written: it stays pending');
      this.#pausedUntil = Math.max(this.#pausedUntil, now() + this.#settings.backoffMs);
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
