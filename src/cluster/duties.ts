import type { App } from '../app.ts';
import type { ChatAdapter } from '../chat/adapter.ts';
import { postRenderer } from '../delivery/digest.ts';
import { createPacer, DISCORD_LIMITS, TELEGRAM_LIMITS } from '../delivery/pacing.ts';
import { DeliveryWorker } from '../delivery/worker.ts';
import { startSchedules } from '../scheduler/index.ts';
import { planPeriodicDigest, pollFeed, pollProcessingTimes, processingTimesDue } from '../scheduler/jobs.ts';
import type { Term } from './leadership.ts';

/** Sent and dropped posts are kept this long (they stop a round being posted twice), then pruned. */
const OUTBOX_RETENTION_DAYS = 90;

export interface LeaderDuties {
  /** Ends the term's work: schedules, then the posts in flight (up to graceMs; the rest stay queued). */
  stop(graceMs: number): Promise<void>;
}

/**
 * What only the leader does, for one term: poll the feed, read IRCC's processing times and plan
 * the periodic digest on their schedules, and deliver. The term's signal stops all of it at once when the term ends: posts in
 * flight are aborted and left for the next leader, whose first poll catches up at once.
 */
export function startLeaderDuties(app: App, adapters: readonly ChatAdapter[], term: Term): LeaderDuties {
  const { store, log, config } = app;
  const worker = new DeliveryWorker({
    store,
    adapters,
    pacers: { telegram: createPacer(TELEGRAM_LIMITS), discord: createPacer(DISCORD_LIMITS) },
    render: postRenderer(app.answering),
    log,
    signal: term.signal,
  });
  const wake = () => worker.wake();
  const poll = () => pollFeed(app, wake, term.signal);
  const checkTimes = () => pollProcessingTimes(app, wake, term.signal);
  // What another instance stored while this one stood by is read first; old broadcasts go.
  const ready = (async () => {
    await store.refresh();
    await store.pruneOutbox(new Date(Date.now() - OUTBOX_RETENTION_DAYS * 86_400_000).toISOString());
  })().catch((error: unknown) => log.error({ err: error }, 'could not prepare the outbox: delivering what it holds'));
  let schedules: { stop(): Promise<void> } | undefined;
  let catchUp: Promise<void> | undefined;
  const started = ready.then(() => {
    if (term.signal.aborted) return;
    worker.start();
    schedules = startSchedules(
      [
        { name: 'poll', cron: config.POLL_CRON, run: poll },
        { name: 'digest', cron: config.DIGEST_CRON, run: () => planPeriodicDigest(app, wake) },
        { name: 'processing-times', cron: config.PROCESSING_TIMES_CRON, run: checkTimes },
      ],
      { timeZone: config.TZ, log },
    );
    // Catch up at once after downtime (or a failover) rather than at the next scheduled poll
    // (processing times: after a day without a check).
    catchUp = (async () => {
      await poll();
      if (await processingTimesDue(app)) await checkTimes();
    })().catch((error: unknown) => log.error({ err: error }, 'first poll failed'));
  });
  return {
    async stop(graceMs) {
      await started;
      await schedules?.stop();
      await catchUp;
      await worker.stop(graceMs);
    },
  };
}
