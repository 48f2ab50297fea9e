import type { App } from '../app.ts';
import { FeedError } from '../core/feed/normalize.ts';
import { planPeriodicBroadcast } from '../core/broadcasts.ts';
import { dateIn } from '../i18n/format.ts';

/**
 * One feed poll: sync through the core (new rounds are queued as posts in the same store write),
 * record the outcome for `cli status`, and tell the delivery worker. A failing feed changes no
 * data; the next poll tries again, and rounds found then go out together.
 */
export async function pollFeed(app: App, onQueued: () => void, signal?: AbortSignal): Promise<void> {
  const at = new Date().toISOString();
  try {
    const outcome = await app.sync(app.config.FEED_URL, signal ? { signal } : {});
    const added = outcome.status === 'merged' ? outcome.added.map((draw) => draw.number) : [];
    const edited = outcome.status === 'merged' ? outcome.edited.length : 0;
    await app.store.recordPoll({ at, outcome: outcome.status, added: added.length, edited, error: null }, added);
    if (added.length) {
      app.log.info({ added }, 'new rounds');
      onQueued();
    } else if (edited) {
      app.log.info({ edited }, 'IRCC edited stored rounds (not posted)');
    }
  } catch (error) {
    const reason = error instanceof FeedError ? error.message : String(error);
    app.log.warn({ reason }, 'feed poll failed');
    await app.store.recordPoll({ at, outcome: 'failed', added: 0, edited: 0, error: reason });
  }
}

/** A daily check finds IRCC's update within a day; a bot that starts after a longer gap checks at once. */
const PROCESSING_TIMES_CATCH_UP_MS = 20 * 3_600_000;

/**
 * One check of IRCC's processing times (core/processing-times/sync.ts records every outcome for
 * `cli status`): a new update is kept, a refused file leaves the last good one in place, a failure
 * changes nothing and the next check tries again.
 */
export async function pollProcessingTimes(app: App, onQueued: () => void, signal?: AbortSignal): Promise<void> {
  try {
    const outcome = await app.syncProcessingTimes(app.config.PROCESSING_TIMES_URL, signal ? { signal } : {});
    if (outcome.status === 'refused') app.log.warn({ reason: outcome.reason, kept: outcome.latest?.id ?? null }, 'processing times refused: the last good snapshot is kept');
    if (outcome.status === 'new') onQueued();
  } catch (error) {
    app.log.warn({ reason: error instanceof FeedError ? error.message : String(error) }, 'processing times check failed');
  }
}

/** Whether the last check that reached IRCC's file is too old to wait for the next scheduled one (or there was none). */
export async function processingTimesDue(app: App, now = new Date()): Promise<boolean> {
  const { checkedAt } = await app.store.processingTimes.status();
  return !checkedAt || now.getTime() - Date.parse(checkedAt) > PROCESSING_TIMES_CATCH_UP_MS;
}

/**
 * The periodic digest: the rounds dated from the last run's day up to the day before this one
 * (a round on the day of the run goes in the next summary), one post per opted-in chat, none when
 * nothing happened. The first run looks back seven days.
 */
export async function planPeriodicDigest(app: App, onQueued: () => void, now = new Date()): Promise<void> {
  const zone = app.config.TZ;
  const to = dateIn(zone, now);
  const from = app.store.meta.lastPeriodicAt ? dateIn(zone, new Date(app.store.meta.lastPeriodicAt)) : dateIn(zone, new Date(now.getTime() - 7 * 86_400_000));
  if (from >= to) return;
  const rounds = app.store.draws.filter((draw) => draw.date >= from && draw.date < to);
  const lastDay = dateIn('UTC', new Date(Date.parse(`${to}T12:00:00Z`) - 86_400_000));
  const broadcast = planPeriodicBroadcast(rounds, await app.store.listSubscriptions(), { from, to: lastDay }, now.toISOString());
  await app.store.recordPeriodic(now.toISOString(), broadcast);
  const posts = broadcast?.audience.length ?? 0;
  app.log.info({ from, to: lastDay, rounds: rounds.length, posts }, 'periodic digest planned');
  if (posts) onQueued();
}
