import type { Broadcast, Post } from '../core/broadcasts.ts';
import type { CategoryRef, Draw } from '../core/draw.ts';
import type { Platform, Subscription, SubscriptionBook } from '../core/subscriptions.ts';
import type { ProcessingTimesStore } from '../core/processing-times/store.ts';
import type { FeedState, SyncStore } from '../core/sync.ts';

/**
 * IRCC's processing times are kept apart from the rounds, behind their own small contract
 * (defined in the core, which uses it: src/core/processing-times/store.ts): every snapshot (list,
 * get, the latest and the one before it), the validators of the conditional request, and the
 * checks `cli status` reports; async throughout. Each store provides one as `processingTimes`
 * (lowdb/processing-times.ts, postgres/processing-times.ts), and both pass
 * test/store/processing-times-conformance.ts.
 */
export type { ProcessingTimesStore, StoredSnapshot, SnapshotSummary, ProcessingTimesCheck, ProcessingTimesStatus } from '../core/processing-times/store.ts';

/**
 * The store as the bot uses it: what sync (core/sync.ts), delivery and the scheduler call, nothing
 * else. Two implementations pass the same conformance suite (test/store/conformance.ts): lowdb files
 * in DATA_DIR (lowdb/store.ts) and PostgreSQL (postgres/store.ts). docs/STORE.md describes both.
 *
 * Semantics every implementation keeps: nothing changes in memory before it is stored; a sync's new
 * rounds are stored with the broadcast they owe, never without it; a crash repeats at most the posts
 * in flight (one per chat) and loses none; a chat unsubscribed or disabled mid-way is skipped.
 */

export interface SyncRecord {
  at: string;
  source: string;
  added: number;
  edited: number;
}

/** The scheduler's last feed poll, failed ones included: what `cli status` reports. */
export interface PollRecord {
  at: string;
  outcome: 'not-modified' | 'unchanged' | 'merged' | 'failed';
  added: number;
  edited: number;
  error: string | null;
}

export interface MetaData {
  feed: FeedState | null;
  lastSync: SyncRecord | null;
  /** Where the history started from on first run: the shipped snapshot. */
  seededFrom: { file: string; newestRound: string | null; at: string } | null;
  lastPoll: PollRecord | null;
  /** The last poll that found new rounds, and which. */
  lastNewRounds: { at: string; rounds: string[] } | null;
  /** End of the last period a periodic digest was planned for (ISO instant). */
  lastPeriodicAt: string | null;
  /** The last poll that reached the feed (a 304 included): kept apart, as a failed poll replaces lastPoll. */
  lastReachedAt?: string;
}

/**
 * When the data was last checked with IRCC: the last poll that reached the feed (a 304 included)
 * or the last sync, whichever is later. A failed poll checked nothing.
 */
export function lastChecked(meta: Pick<MetaData, 'lastSync' | 'lastPoll' | 'lastReachedAt'>): string | null {
  const poll = meta.lastPoll && meta.lastPoll.outcome !== 'failed' ? meta.lastPoll.at : null;
  const sync = meta.lastSync?.at ?? null;
  return [poll, sync, meta.lastReachedAt ?? null].reduce<string | null>((latest, at) => (at && (!latest || at > latest) ? at : latest), null);
}

/** A post taken for sending: leased to its taker until it is marked sent, retried or dropped, or released. */
export interface Delivery {
  broadcastId: string;
  /** Position in the broadcast's audience. */
  index: number;
  /** Which of the broadcast's round lists: posts with the same broadcast, variant and language are the same. */
  variant: number;
  post: Post;
  subscription: Subscription;
  /** Attempts made before this one. */
  attempts: number;
}

/**
 * A delivery as stored until it is sent: taken and not yet settled, waiting for a retry
 * (`notBefore`), or dropped for good (`error` says why). Sent ones are counted, not kept.
 */
export interface DeliveryState {
  status: 'pending' | 'dropped';
  attempts: number;
  notBefore: string | null;
  error: string | null;
}

/**
 * How far a broadcast went. Each platform's cursor runs through its part of the audience: a chat
 * before it has been taken. The deliveries not sent, by position, are kept one by one; the sent
 * ones are a count. Small whatever the audience: 100,000 chats cost what 1,000 do per mark.
 */
export interface Progress {
  cursors: Partial<Record<Platform, number>>;
  deliveries: Record<number, DeliveryState>;
  sent: number;
  lastSentAt: string | null;
}

export interface OutboxSummary {
  pending: number;
  /** When the oldest broadcast with posts pending was planned. */
  oldestPending: string | null;
  /** Pending posts that failed at least once and wait for their retry. */
  retrying: number;
  sent: number;
  dropped: number;
}

/** What the delivery worker needs: posts in small batches, each chat's outcome stored before its slot is free. */
export interface DeliveryStore {
  get(subscriptionId: string): Promise<Subscription | undefined>;
  /**
   * Up to `max` posts for this platform that may go now: those waiting for a retry that is due,
   * then the next chats of the oldest broadcasts. Taking is stored before this resolves (a crash
   * then repeats at most these); a chat unsubscribed or disabled meanwhile is dropped, not taken.
   */
  take(platform: Platform, max: number, now: number): Promise<Delivery[]>;
  /** Whether posts for this platform are owed: some due now, or the time (ms) of the soonest retry. */
  waiting(platform: Platform, now: number): Promise<{ due: boolean; nextRetryAt: number | null }>;
  /** The platform accepted it. On a failed write the lease is kept: call again, never post again. */
  markSent(delivery: Delivery, at: string): Promise<void>;
  markRetry(delivery: Delivery, retry: { attempts: number; notBefore: string; error: string }): Promise<void>;
  markDropped(delivery: Delivery, drop: { attempts: number; error: string }): Promise<void>;
  /** Gives a taken post back without an outcome (it stays as stored: pending). */
  release(delivery: Delivery): Promise<void>;
  /** The platform refuses the chat for good: its subscription stops, with the reason; what it was owed is dropped. */
  disable(subscriptionId: string, reason: string): Promise<void>;
}

export interface BotStore extends SyncStore, SubscriptionBook, DeliveryStore {
  /** The round history, newest first: read on every answer, so held in memory by every implementation. */
  readonly draws: readonly Draw[];
  readonly meta: Readonly<MetaData>;
  /** Reads again what another process may have changed (the rounds, meta); resolves once they are current. */
  refresh(): Promise<void>;
  /** Places the stored rounds again with the category lists in force; returns how many moved. */
  placeRounds(place: (draw: Draw) => CategoryRef): Promise<number>;
  /** Adds or replaces several subscriptions at once (`store copy`, benchmarks). */
  saveMany(subscriptions: readonly Subscription[]): Promise<void>;
  recordPoll(poll: PollRecord, newRounds?: string[]): Promise<void>;
  /** Plans a periodic digest (null: nothing to post) and records when it ran. */
  recordPeriodic(at: string, broadcast: Broadcast | null): Promise<void>;
  /** Plans a broadcast outside a sync; one whose id is already stored is left as it is. */
  addBroadcast(broadcast: Broadcast): Promise<void>;
  outboxSummary(): Promise<OutboxSummary>;
  /** Forgets finished broadcasts planned before this instant; returns how many posts they held. */
  pruneOutbox(before: string): Promise<number>;
  /** IRCC's processing times (issue 20); a new update is kept with the broadcast it owes (/subscribe ptime). */
  readonly processingTimes: ProcessingTimesStore;
  /** Writes what is pending and lets go of the store (its lock, its connections). */
  close(): Promise<void>;
}
