import type { Draw } from '../core/draw.ts';
import type { Broadcast, OutboxItem } from '../core/outbox.ts';
import type { Subscription, SubscriptionBook } from '../core/subscriptions.ts';
import type { SyncStore } from '../core/sync.ts';
import type { MetaData, PollRecord } from './schema.ts';

/**
 * IRCC's processing times are kept apart from the rounds and the outbox, behind their own small
 * contract (defined in the core, which uses it: src/core/processing-times/store.ts): every snapshot
 * (list, get, the latest and the one before it), the validators of the conditional request, and the
 * checks `cli status` reports; async throughout. The lowdb implementation is
 * src/store/processing-times.ts; another engine passes test/store/processing-times-conformance.ts.
 */
export type { ProcessingTimesStore, StoredSnapshot, SnapshotSummary, ProcessingTimesCheck, ProcessingTimesStatus } from '../core/processing-times/store.ts';

/**
 * The store as the bot uses it: what sync (core/sync.ts), delivery and the scheduler call. The
 * lowdb files (store.ts) are one implementation; another engine (PostgreSQL, for several
 * processes) implements this and passes test/store/conformance.ts, without touching core or delivery.
 */

/** What a post to one chat holds; rendered in the chat's language when its turn comes. */
export type PostContent = Pick<OutboxItem, 'id' | 'subscriptionId' | 'kind' | 'rounds' | 'period'>;

/** A post taken for sending: leased to the taker until it is marked (or released). */
export interface Delivery {
  broadcastId: string;
  /** Position in the broadcast's audience. */
  index: number;
  /** Which of the broadcast's round lists: posts with the same broadcast, variant and language are the same. */
  variant: number;
  post: PostContent;
  subscription: Subscription;
  /** Attempts made before this one. */
  attempts: number;
}

export interface OutboxSummary {
  pending: number;
  /** When the oldest broadcast with posts pending was planned. */
  oldestPending: string | null;
  retrying: number;
  sent: number;
  dropped: number;
}

/** What the delivery worker needs: posts in small batches, each chat's outcome, written before the next. */
export interface DeliveryStore {
  get(subscriptionId: string): Subscription | undefined;
  /**
   * Up to `max` posts for this platform that may go now: those waiting for a retry that is due,
   * then the next chats of the oldest broadcasts. Taking is on disk before this resolves (a crash
   * then repeats at most these); a chat unsubscribed or disabled meanwhile is dropped, not taken.
   */
  take(platform: Subscription['platform'], max: number, now: number): Promise<Delivery[]>;
  /** Whether posts for this platform are owed: some due now, or the time (ms) of the soonest retry. */
  waiting(platform: Subscription['platform'], now: number): { due: boolean; nextRetryAt: number | null };
  /** The platform accepted it. On a failed write the lease is kept: call again, never post again. */
  markSent(delivery: Delivery, at: string): Promise<void>;
  markRetry(delivery: Delivery, retry: { attempts: number; notBefore: string; error: string }): Promise<void>;
  markDropped(delivery: Delivery, drop: { attempts: number; error: string }): Promise<void>;
  /** Gives a taken post back without an outcome (it stays as on disk). */
  release(delivery: Delivery): void;
  disable(subscriptionId: string, reason: string): Promise<void>;
}

export interface BotStore extends SyncStore, SubscriptionBook, DeliveryStore {
  readonly draws: readonly Draw[];
  readonly meta: Readonly<MetaData>;
  readonly subscriptions: readonly Subscription[];
  saveMany(subscriptions: readonly Subscription[]): Promise<void>;
  recordPoll(poll: PollRecord, newRounds?: string[]): Promise<void>;
  /** Plans a periodic digest (null: nothing to post) and records when it ran. */
  recordPeriodic(at: string, broadcast: Broadcast | null): Promise<void>;
  /** Adds broadcasts; one whose id is already stored is left as it is. */
  addBroadcast(broadcast: Broadcast): Promise<void>;
  outboxSummary(): OutboxSummary;
  /** Forgets finished broadcasts planned before this instant; returns how many posts they held. */
  pruneOutbox(before: string): Promise<number>;
  /** Compatibility view, one item per chat and post: tests and `cli status --json` only, never delivery. */
  readonly outbox: readonly OutboxItem[];
  queue(items: readonly OutboxItem[]): Promise<void>;
  close(): Promise<void>;
}
