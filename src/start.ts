import type { ChatAdapter } from './chat/adapter.ts';
import { runConsoleChat } from './adapters/console/index.ts';
import type { App } from './app.ts';
import type { Locale } from './i18n/locales.ts';
import { createPacer, DISCORD_LIMITS, TELEGRAM_LIMITS } from './delivery/pacing.ts';
import { DeliveryWorker } from './delivery/worker.ts';
import { renderPost } from './delivery/digest.ts';
import { startSchedules } from './scheduler/index.ts';
import { planPeriodicDigest, pollFeed } from './scheduler/jobs.ts';

/** Sent and dropped posts are kept this long (they stop a round being posted twice), then pruned. */
const OUTBOX_RETENTION_DAYS = 90;

/**
 * `npm start`: every configured platform in one process on the same core, with the feed poll,
 * the periodic digest and the delivery worker; or the console chat on the shipped data when no
 * token is set. Shutdown is handled here, once: on SIGINT/SIGTERM the schedules stop, the posts
 * in flight finish (the rest stay queued), the adapters disconnect; the caller then flushes the store.
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

  const stopped = new Promise<NodeJS.Signals>((resolve) => {
    process.once('SIGINT', () => resolve('SIGINT'));
    process.once('SIGTERM', () => resolve('SIGTERM'));
  });
  const worker = new DeliveryWorker({
    store: app.store,
    adapters,
    pacers: { telegram: createPacer(TELEGRAM_LIMITS), discord: createPacer(DISCORD_LIMITS) },
    render: (item, subscription) => renderPost(app.answering, item, subscription),
    log: app.log,
  });
  let schedules: { stop(): Promise<void> } | undefined;
  let catchUp: Promise<void> | undefined;
  try {
    await Promise.all(adapters.map((adapter) => adapter.start()));
    await app.store.pruneOutbox(new Date(Date.now() - OUTBOX_RETENTION_DAYS * 86_400_000).toISOString());
    worker.start();
    const wake = () => worker.wake();
    schedules = startSchedules(
      [
        { name: 'poll', cron: app.config.POLL_CRON, run: () => pollFeed(app, wake) },
        { name: 'digest', cron: app.config.DIGEST_CRON, run: () => planPeriodicDigest(app, wake) },
      ],
      { timeZone: app.config.TZ, log: app.log },
    );
    app.log.info({ platforms: adapters.map((adapter) => adapter.platform) }, 'bot running');
    // Catch up at once after downtime rather than at the next scheduled poll.
    catchUp = pollFeed(app, wake).catch((error: unknown) => app.log.error({ err: error }, 'first poll failed'));
    const signal = await stopped;
    app.log.info({ signal }, 'shutting down');
  } finally {
    await schedules?.stop();
    await catchUp;
    await worker.stop();
    await Promise.allSettled(adapters.map((adapter) => adapter.stop()));
  }
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
