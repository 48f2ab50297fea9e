import type { Draw } from './draw.ts';
import { latestPlausibleDate } from './feed/plausibility.ts';
import { wants, type Subscription } from './subscriptions.ts';

/**
 * One post owed to one chat, as tests and `cli status` see it (the store keeps broadcasts, below,
 * not one record per chat). Ids are deterministic; an item is marked sent only after the platform
 * accepted it.
 */
export interface OutboxItem {
  id: string;
  subscriptionId: string;
  /** 'ptime' (issue 20): IRCC's new processing times, no rounds; `period` runs from its previous update to this one. */
  kind: 'rounds' | 'periodic' | 'ptime';
  /** Round numbers in the post, newest first. */
  rounds: string[];
  /** For a periodic summary: the calendar dates it covers; for 'ptime', IRCC's previous update date and this one's. */
  period: { from: string; to: string } | null;
  queuedAt: string;
  status: 'pending' | 'sent' | 'dropped';
  attempts: number;
  /** Earliest time to try again after a failure (ISO), or null. */
  notBefore: string | null;
  sentAt: string | null;
  /** Why the last attempt failed, or why the item was dropped. */
  error: string | null;
}

/**
 * A round is news when it is dated no more than this before the newest round already held: a
 * feed that fills in old rounds, or a first load into an empty store, is history, not news.
 */
export const NEWS_WINDOW_DAYS = 7;

/**
 * The newest round held before a sync, as that sync corrected it (`draws` is the merged history,
 * newest first): what the news window is measured from. A round dated after tomorrow (stored by a
 * version that did not check) is skipped, or it would make every real new round look like history.
 */
export function newestHeldRound(draws: readonly Draw[], added: readonly Draw[], at: string): Draw | undefined {
  const fresh = new Set(added);
  const latest = latestPlausibleDate(new Date(at));
  return draws.find((draw) => !fresh.has(draw) && draw.date <= latest);
}

/**
 * A fan-out planned at once: one post to each chat of its audience. Written once when planned,
 * whatever happens next; what was sent is kept apart, small (see the store's progress file).
 */
export interface Broadcast {
  /** Unique; deterministic for a periodic digest (its period), so planning it twice is a no-op. */
  id: string;
  kind: OutboxItem['kind'];
  period: OutboxItem['period'];
  createdAt: string;
  /** Subscription ids, in the order they are posted to; each at most once. */
  audience: string[];
  /** The distinct lists of rounds posted (newest first): chat i gets variants[variantOf[i]]. */
  variants: string[][];
  variantOf: number[];
}

/** The rounds each chat was already owed or sent (planning never plans one again). */
export type PlannedRounds = (subscriptionId: string) => ReadonlySet<string> | undefined;

/** An item's id, derived from what it holds: the same post planned twice has the same id. */
export function itemId(subscriptionId: string, kind: OutboxItem['kind'], rounds: readonly string[], period: OutboxItem['period']): string {
  return `${subscriptionId}|${kind}|${kind !== 'rounds' && period ? `${period.from}..${period.to}` : rounds.join(',')}`;
}

/** A broadcast's chats as per-chat items, all pending: the view planRoundPosts and tests use. */
export function broadcastItems(broadcast: Broadcast): OutboxItem[] {
  return broadcast.audience.map((subscriptionId, index) => {
    const rounds = broadcast.variants[broadcast.variantOf[index]!]!;
    return { id: itemId(subscriptionId, broadcast.kind, rounds, broadcast.period), subscriptionId, kind: broadcast.kind, rounds, period: broadcast.period, queuedAt: broadcast.createdAt, status: 'pending', attempts: 0, notBefore: null, sentAt: null, error: null };
  });
}

/** Builds a broadcast from each chat's rounds, sharing equal lists; null when nobody is owed anything. */
export function broadcastOf(id: string, kind: OutboxItem['kind'], period: OutboxItem['period'], createdAt: string, owed: Iterable<[subscriptionId: string, rounds: string[]]>): Broadcast | null {
  const broadcast: Broadcast = { id, kind, period, createdAt, audience: [], variants: [], variantOf: [] };
  const variantIndex = new Map<string, number>();
  for (const [subscriptionId, rounds] of owed) {
    if (!rounds.length) continue;
    const key = rounds.join(',');
    let variant = variantIndex.get(key);
    if (variant === undefined) {
      variant = broadcast.variants.push(rounds) - 1;
      variantIndex.set(key, variant);
    }
    broadcast.audience.push(subscriptionId);
    broadcast.variantOf.push(variant);
  }
  return broadcast.audience.length ? broadcast : null;
}

/** The rounds found by a sync that are news (see NEWS_WINDOW_DAYS); none without a previous newest round. */
export function newsOf(added: readonly Draw[], previousNewest: Draw | undefined): Draw[] {
  if (!previousNewest) return [];
  const cutoff = new Date(Date.parse(`${previousNewest.date}T00:00:00Z`) - NEWS_WINDOW_DAYS * 86_400_000).toISOString().slice(0, 10);
  return added.filter((draw) => draw.date >= cutoff);
}

/**
 * New rounds found by one sync: one post per chat holding every round it wants (a catch-up after
 * downtime is one post, not twenty). A round already owed to or sent to a chat is never planned
 * again, whatever sync finds it.
 */
export function planRoundBroadcast(added: readonly Draw[], previousNewest: Draw | undefined, subscriptions: readonly Subscription[], planned: PlannedRounds, at: string): Broadcast | null {
  const news = newsOf(added, previousNewest);
  if (!news.length) return null;
  const owed = function* (): Generator<[string, string[]]> {
    for (const subscription of subscriptions) {
      if (subscription.disabled !== null || !subscription.eachRound) continue;
      const already = planned(subscription.id);
      yield [subscription.id, news.filter((draw) => wants(subscription, draw) && !already?.has(draw.number)).map((draw) => draw.number)];
    }
  };
  return broadcastOf(`rounds|${at}|${news.map((draw) => draw.number).join(',')}`, 'rounds', null, at, owed());
}

/** The period's summary for each chat that asked for one, holding the rounds it wants; none when nothing happened. */
export function planPeriodicBroadcast(roundsInPeriod: readonly Draw[], subscriptions: readonly Subscription[], period: { from: string; to: string }, at: string): Broadcast | null {
  const owed = function* (): Generator<[string, string[]]> {
    for (const subscription of subscriptions) {
      if (subscription.disabled !== null || !subscription.periodic) continue;
      yield [subscription.id, roundsInPeriod.filter((draw) => wants(subscription, draw)).map((draw) => draw.number)];
    }
  };
  return broadcastOf(`periodic|${period.from}..${period.to}`, 'periodic', period, at, owed());
}

/** The rounds each chat holds in these items (kind "rounds"). */
export function plannedIn(items: readonly OutboxItem[]): PlannedRounds {
  const planned = new Map<string, Set<string>>();
  for (const existing of items) {
    if (existing.kind !== 'rounds') continue;
    const rounds = planned.get(existing.subscriptionId) ?? new Set<string>();
    for (const number of existing.rounds) rounds.add(number);
    planned.set(existing.subscriptionId, rounds);
  }
  return (subscriptionId) => planned.get(subscriptionId);
}

/** planRoundBroadcast as per-chat items, against per-chat items already planned. */
export function planRoundPosts(added: readonly Draw[], previousNewest: Draw | undefined, subscriptions: readonly Subscription[], outbox: readonly OutboxItem[], at: string): OutboxItem[] {
  const broadcast = planRoundBroadcast(added, previousNewest, subscriptions, plannedIn(outbox), at);
  return broadcast ? broadcastItems(broadcast) : [];
}

/** planPeriodicBroadcast as per-chat items. */
export function planPeriodicPosts(roundsInPeriod: readonly Draw[], subscriptions: readonly Subscription[], period: { from: string; to: string }, at: string): OutboxItem[] {
  const broadcast = planPeriodicBroadcast(roundsInPeriod, subscriptions, period, at);
  return broadcast ? broadcastItems(broadcast) : [];
}

/**
 * Issue 20 (/subscribe ptime): IRCC published new processing times. One post to each chat that
 * asked for them, holding no rounds: its period runs from IRCC's previous update to this one, and
 * the post is built from the two kept snapshots when it is sent. The id is the update's date, so
 * planning the same update twice is a no-op. null when no chat asked.
 */
export function planProcessingTimesBroadcast(update: { updated: string }, previous: { updated: string } | null, subscriptions: readonly Subscription[], at: string): Broadcast | null {
  const audience = subscriptions.filter((subscription) => subscription.disabled === null && subscription.processingTimes).map((subscription) => subscription.id);
  if (!audience.length) return null;
  return { id: `ptime|${update.updated}`, kind: 'ptime', period: { from: previous?.updated ?? update.updated, to: update.updated }, createdAt: at, audience, variants: [[]], variantOf: audience.map(() => 0) };
}
