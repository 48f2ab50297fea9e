import { setTimeout as sleep } from 'node:timers/promises';
import type { ChatAdapter, PlatformLost } from './chat/adapter.ts';
import { startHealthServer } from './health/server.ts';
import { runConsoleChat } from './adapters/console/index.ts';
import type { App } from './app.ts';
import type { Locale } from './i18n/locales.ts';
import { createPacer, DISCORD_LIMITS, TELEGRAM_LIMITS } from './delivery/pacing.ts';
import { DeliveryWorker } from './delivery/worker.ts';
import { postRenderer } from './delivery/digest.ts';
import { startSchedules } from './scheduler/index.ts';
import { planPeriodicDigest, pollFeed, pollProcessingTimes, processingTimesDue } from './scheduler/jobs.ts';

/** Sent and dropped posts are kept this long (they stop a round being posted twice), then pruned. */
const OUTBOX_RETENTION_DAYS = 90;

/**
 * Shutdown ends within 25 s (systemd's TimeoutStopSec in the README is 30): up to 12 s for the
 * schedules and the posts in flight, then requests still in flight are aborted (their posts stay
 * pending) and the adapters disconnect, which each bound to 10 s.
 */
const ORDERLY_STOP_MS = 12_000;
const WORKER_GRACE_MS = 8_000;

/**
 * `npm start`: every configured platform in one process on the same core, with the feed poll,
 * the periodic digest and the delivery worker; or the console chat on the shipped data when no
 * token is set. Shutdown is handled here, once: on SIGINT/SIGTERM, or when a platform refuses the
 * bot for good (then rejecting with PlatformLost, for a non-zero exit), the schedules stop, the
 * posts in flight finish (the rest stay queued), the adapters disconnect; the caller then flushes
 * the store.
 */
export async function startBot(app: App, { locale }: { locale: Locale }): Promise<void> {
  const adapters = await chatAdapters(app);
  if (!adapters.length) {
    const stop = new AbortController();
    const onSignal = () => stop.abort();
    process.once('SIGINT', onSignal).once('SIGTERM', onSignal);
    await runConsoleChat({ answering: app.answering, locale, log: app.log, input: process.stdin, output: process.stdout, signal: stop.signal });
    process.off('SIGINT', onSignal).off('SIGTERM', onSignal);
    return;
  }

  const stopped = new Promise<{ signal: NodeJS.Signals }>((resolve) => {
    process.once('SIGINT', () => resolve({ signal: 'SIGINT' }));
    process.once('SIGTERM', () => resolve({ signal: 'SIGTERM' }));
  });
  const lost = Promise.race(adapters.map((adapter) => adapter.lost)).then((error) => ({ error }));
  const shutdown = new AbortController();
  const worker = new DeliveryWorker({
    store: app.store,
    adapters,
    pacers: { telegram: createPacer(TELEGRAM_LIMITS), discord: createPacer(DISCORD_LIMITS) },
    render: postRenderer(app.answering),
    log: app.log,
  });
  let schedules: { stop(): Promise<void> } | undefined;
  let catchUp: Promise<void> | undefined;
  let health: { close(): Promise<void> } | undefined;
  let ended: { signal: NodeJS.Signals } | { error: PlatformLost } | undefined;
  try {
    if (app.config.HEALTH_PORT !== undefined) {
      health = await startHealthServer({ adapters, store: app.store }, { port: app.config.HEALTH_PORT, host: app.config.HEALTH_HOST, log: app.log });
    }
    await Promise.all(adapters.map((adapter) => adapter.start()));
    await app.store.pruneOutbox(new Date(Date.now() - OUTBOX_RETENTION_DAYS * 86_400_000).toISOString());
    worker.start();
    const wake = () => worker.wake();
    const poll = () => pollFeed(app, wake, shutdown.signal);
    const checkTimes = () => pollProcessingTimes(app, wake, shutdown.signal);
    schedules = startSchedules(
      [
        { name: 'poll', cron: app.config.POLL_CRON, run: poll },
        { name: 'digest', cron: app.config.DIGEST_CRON, run: () => planPeriodicDigest(app, wake) },
        { name: 'processing-times', cron: app.config.PROCESSING_TIMES_CRON, run: checkTimes },
      ],
      { timeZone: app.config.TZ, log: app.log },
    );
    app.log.info({ platforms: adapters.map((adapter) => adapter.platform) }, 'bot running');
    // Catch up at once after downtime rather than at the next scheduled poll (processing times: after a day without a check).
    catchUp = (async () => {
      await poll();
      if (await processingTimesDue(app)) await checkTimes();
    })().catch((error: unknown) => app.log.error({ err: error }, 'first poll failed'));
    ended = await Promise.race([stopped, lost]);
    if ('signal' in ended) app.log.info({ signal: ended.signal }, 'shutting down');
    else app.log.error({ reason: ended.error.message }, 'shutting down: a platform refuses the bot');
  } finally {
    const orderly = (async () => {
      await schedules?.stop();
      await catchUp;
      await worker.stop(WORKER_GRACE_MS);
    })();
    const late = await Promise.race([orderly.then(() => false), sleep(ORDERLY_STOP_MS, true, { ref: false })]);
    if (late) app.log.warn({ afterMs: ORDERLY_STOP_MS }, 'shutdown: aborting the requests still in flight (their posts stay pending)');
    shutdown.abort();
    await Promise.allSettled([...adapters.map((adapter) => adapter.stop()), health?.close()]);
  }
  if ('error' in ended) throw ended.error;
}

/**
 * The platforms whose tokens are set. Each adapter module plugs in here, loaded only when used:
 * discord.js alone takes a third of a second to load, which the console chat never needs.
 */
async function chatAdapters(app: App): Promise<ChatAdapter[]> {
  const adapters: ChatAdapter[] = [];
  const telegramToken = app.config.TELEGRAM_BOT_TOKEN;
  if (telegramToken) {
    const { createTelegramAdapter } = await import('./adapters/telegram/index.ts');
    adapters.push(createTelegramAdapter({ config: { ...app.config, TELEGRAM_BOT_TOKEN: telegramToken }, answering: app.answering, log: app.log }));
  }
  if (app.config.DISCORD_TOKEN) {
    const { createDiscordAdapter } = await import('./adapters/discord/index.ts');
    adapters.push(createDiscordAdapter({ config: app.config, answering: app.answering, log: app.log }));
  }
  return adapters;
}
