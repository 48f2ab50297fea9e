import type { Draw } from './draw.ts';
import { latestPlausibleDate } from './feed/plausibility.ts';
import { wants, type Subscription } from './subscriptions.ts';

/**
 * One post owed to one chat. Ids are deterministic, so planning the same post twice is a no-op;
 * an item is marked sent only after the platform accepted it.
 */
export interface OutboxItem {
  id: string;
  subscriptionId: string;
  kind: 'rounds' | 'periodic';
  /** Round numbers in the post, newest first. */
  rounds: string[];
  /** For a periodic summary: the calendar dates it covers. */
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

function item(subscription: Subscription, kind: OutboxItem['kind'], key: string, rounds: string[], period: OutboxItem['period'], at: string): OutboxItem {
  return { id: `${subscription.id}|${kind}|${key}`, subscriptionId: subscription.id, kind, rounds, period, queuedAt: at, status: 'pending', attempts: 0, notBefore: null, sentAt: null, error: null };
}

function active(subscriptions: readonly Subscription[]): Subscription[] {
  return subscriptions.filter((subscription) => subscription.disabled === null);
}

/**
 * New rounds found by one sync: one post per chat holding every round it wants (a catch-up after
 * downtime is one post, not twenty). A round already owed to or sent to a chat is never planned
 * again, whatever sync finds it.
 */
export function planRoundPosts(added: readonly Draw[], previousNewest: Draw | undefined, subscriptions: readonly Subscription[], outbox: readonly OutboxItem[], at: string): OutboxItem[] {
  if (!previousNewest) return [];
  const cutoff = new Date(Date.parse(`${previousNewest.date}T00:00:00Z`) - NEWS_WINDOW_DAYS * 86_400_000).toISOString().slice(0, 10);
  const news = added.filter((draw) => draw.date >= cutoff);
  if (!news.length) return [];
  const planned = new Map<string, Set<string>>();
  for (const existing of outbox) {
    if (existing.kind !== 'rounds') continue;
    const rounds = planned.get(existing.subscriptionId) ?? new Set<string>();
    for (const number of existing.rounds) rounds.add(number);
    planned.set(existing.subscriptionId, rounds);
  }
  return active(subscriptions)
    .filter((subscription) => subscription.eachRound)
    .flatMap((subscription) => {
      const already = planned.get(subscription.id);
      const rounds = news.filter((draw) => wants(subscription, draw) && !already?.has(draw.number)).map((draw) => draw.number);
      return rounds.length ? [item(subscription, 'rounds', rounds.join(','), rounds, null, at)] : [];
    });
}

/** The period's summary for each chat that asked for one, holding the rounds it wants; none when nothing happened. */
export function planPeriodicPosts(roundsInPeriod: readonly Draw[], subscriptions: readonly Subscription[], period: { from: string; to: string }, at: string): OutboxItem[] {
  return active(subscriptions)
    .filter((subscription) => subscription.periodic)
    .flatMap((subscription) => {
      const rounds = roundsInPeriod.filter((draw) => wants(subscription, draw)).map((draw) => draw.number);
      return rounds.length ? [item(subscription, 'periodic', `${period.from}..${period.to}`, rounds, period, at)] : [];
    });
}
