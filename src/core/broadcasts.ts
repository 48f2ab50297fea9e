import type { Draw } from './draw.ts';
import { latestPlausibleDate } from './feed/plausibility.ts';
import { PLATFORMS, platformOf, wants, type Platform, type Subscription } from './subscriptions.ts';

/**
 * The outbox's words (DESIGN.md, "Digests and delivery"), the same in core, store, delivery and
 * tests. A **broadcast** is one announcement planned once: the rounds or period it covers and its
 * audience in a stable order. A **post** is what one chat receives of it, rendered in that chat's
 * language when its turn comes. A **delivery** is a post taken for sending, until it is marked
 * sent, retried or dropped (store/contract.ts). The **outbox** is the broadcasts with their progress.
 */

/**
 * 'rounds': new rounds a sync found; 'periodic': a period's summary; 'ptime' (issue 20,
 * /subscribe ptime): IRCC published new processing times, a post holding no rounds.
 */
export const BROADCAST_KINDS = ['rounds', 'periodic', 'ptime'] as const;
export type BroadcastKind = (typeof BROADCAST_KINDS)[number];

/**
 * The calendar dates a periodic summary covers (YYYY-MM-DD, both included); for 'ptime', IRCC's
 * previous update date and this one's.
 */
export interface Period {
  from: string;
  to: string;
}

export interface Broadcast {
  /** Unique; deterministic for a periodic summary and for processing times (their period), so planning one twice is a no-op. */
  id: string;
  kind: BroadcastKind;
  /** For a periodic summary and for processing times; null for new rounds. */
  period: Period | null;
  createdAt: string;
  /**
   * Subscription ids, each at most once, in the order their posts go out: grouped by platform
   * (each platform's delivery walks its own part, see lanesOf), planning order within each.
   */
  audience: string[];
  /** The distinct lists of rounds posted (newest first): chat i gets variants[variantOf[i]]. A 'ptime' broadcast has one, empty. */
  variants: string[][];
  variantOf: number[];
}

/** What one chat receives of a broadcast. */
export interface Post {
  /** Derived from what it holds (the same post planned twice has the same id): for logs. */
  id: string;
  subscriptionId: string;
  kind: BroadcastKind;
  /** Round numbers, newest first (a periodic summary: the period's rounds the chat wants). */
  rounds: string[];
  period: Period | null;
}

/** The post to the chat at `index` in the broadcast's audience. */
export function postOf(broadcast: Broadcast, index: number): Post {
  const subscriptionId = broadcast.audience[index]!;
  const rounds = broadcast.variants[broadcast.variantOf[index]!]!;
  const what = broadcast.kind !== 'rounds' && broadcast.period ? `${broadcast.period.from}..${broadcast.period.to}` : rounds.join(',');
  return { id: `${subscriptionId}|${broadcast.kind}|${what}`, subscriptionId, kind: broadcast.kind, rounds, period: broadcast.period };
}

/** Each platform's part of the audience, as [start, end) positions. */
export function lanesOf(broadcast: Pick<Broadcast, 'audience'>): Partial<Record<Platform, [start: number, end: number]>> {
  const lanes: Partial<Record<Platform, [number, number]>> = {};
  broadcast.audience.forEach((subscriptionId, index) => {
    const lane = (lanes[platformOf(subscriptionId)] ??= [index, index]);
    lane[1] = index + 1;
  });
  return lanes;
}

/** The rounds each chat was already owed or sent (planning never plans one again). */
export type PlannedRounds = (subscriptionId: string) => ReadonlySet<string> | undefined;

/** The rounds each chat holds in these broadcasts, among `rounds` (kind "rounds" only). */
export function plannedIn(broadcasts: Iterable<Broadcast>, rounds: readonly string[]): PlannedRounds {
  const wanted = new Set(rounds);
  const planned = new Map<string, Set<string>>();
  for (const broadcast of broadcasts) {
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

/**
 * The audience walk, written once: each subscription's rounds (null: not in the audience; a post
 * may hold no rounds, as processing times do), the chats grouped by platform, equal round lists
 * shared. Null when nobody is owed anything.
 */
export function planBroadcast(plan: Pick<Broadcast, 'id' | 'kind' | 'period' | 'createdAt'>, subscriptions: Iterable<Subscription>, roundsFor: (subscription: Subscription) => string[] | null): Broadcast | null {
  const byPlatform = new Map<Platform, { subscriptionId: string; rounds: string[] }[]>(PLATFORMS.map((platform) => [platform, []]));
  for (const subscription of subscriptions) {
    const rounds = roundsFor(subscription);
    if (rounds) byPlatform.get(subscription.platform)!.push({ subscriptionId: subscription.id, rounds });
  }
  const broadcast: Broadcast = { ...plan, audience: [], variants: [], variantOf: [] };
  const variantIndex = new Map<string, number>();
  for (const chats of byPlatform.values()) {
    for (const { subscriptionId, rounds } of chats) {
      const key = rounds.join(',');
      let variant = variantIndex.get(key);
      if (variant === undefined) variantIndex.set(key, (variant = broadcast.variants.push(rounds) - 1));
      broadcast.audience.push(subscriptionId);
      broadcast.variantOf.push(variant);
    }
  }
  return broadcast.audience.length ? broadcast : null;
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

/** The rounds found by a sync that are news (see NEWS_WINDOW_DAYS); none without a previous newest round. */
export function newsOf(added: readonly Draw[], previousNewest: Draw | undefined): Draw[] {
  if (!previousNewest) return [];
  const cutoff = new Date(Date.parse(`${previousNewest.date}T00:00:00Z`) - NEWS_WINDOW_DAYS * 86_400_000).toISOString().slice(0, 10);
  return added.filter((draw) => draw.date >= cutoff);
}

/**
 * The news one sync found (newsOf): one post per chat holding every round it wants (a catch-up
 * after downtime is one post, not twenty). A round already owed or sent to a chat is never
 * planned again, whatever sync finds it.
 */
export function planRoundBroadcast(news: readonly Draw[], subscriptions: Iterable<Subscription>, planned: PlannedRounds, at: string): Broadcast | null {
  if (!news.length) return null;
  const plan = { id: `rounds|${at}|${news.map((draw) => draw.number).join(',')}`, kind: 'rounds', period: null, createdAt: at } as const;
  return planBroadcast(plan, subscriptions, (subscription) => {
    if (subscription.disabled !== null || !subscription.eachRound) return null;
    const already = planned(subscription.id);
    return nonEmpty(news.filter((draw) => wants(subscription, draw) && !already?.has(draw.number)).map((draw) => draw.number));
  });
}

/** The period's summary for each chat that asked for one, holding the rounds it wants; none when nothing happened. */
export function planPeriodicBroadcast(roundsInPeriod: readonly Draw[], subscriptions: Iterable<Subscription>, period: Period, at: string): Broadcast | null {
  const plan = { id: `periodic|${period.from}..${period.to}`, kind: 'periodic', period, createdAt: at } as const;
  return planBroadcast(plan, subscriptions, (subscription) =>
    subscription.disabled !== null || !subscription.periodic ? null : nonEmpty(roundsInPeriod.filter((draw) => wants(subscription, draw)).map((draw) => draw.number)),
  );
}

/**
 * Issue 20 (/subscribe ptime): IRCC published new processing times. One post to each chat that
 * asked for them, holding no rounds: its period runs from IRCC's previous update to this one, and
 * the post is built from the two kept snapshots when it is sent. The id is the update's date, so
 * planning the same update twice is a no-op. Null when no chat asked.
 */
export function planProcessingTimesBroadcast(update: { updated: string }, previous: { updated: string } | null, subscriptions: Iterable<Subscription>, at: string): Broadcast | null {
  const plan = { id: `ptime|${update.updated}`, kind: 'ptime', period: { from: previous?.updated ?? update.updated, to: update.updated }, createdAt: at } as const;
  return planBroadcast(plan, subscriptions, (subscription) => (subscription.disabled === null && subscription.processingTimes ? [] : null));
}

/** A chat owed no rounds is owed no post of rounds. */
function nonEmpty(rounds: string[]): string[] | null {
  return rounds.length ? rounds : null;
}
