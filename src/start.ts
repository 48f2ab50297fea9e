import { setTimeout as sleep } from 'node:timers/promises';
import type { ChatAdapter, PlatformLost } from './chat/adapter.ts';
import { startHealthServer } from './health/server.ts';
import { runConsoleChat } from './adapters/console/index.ts';
import type { App } from './app.ts';
import type { Locale } from './i18n/locales.ts';
import { startLeaderDuties, type LeaderDuties } from './cluster/duties.ts';
import { Leadership } from './cluster/leadership.ts';

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
  // One instance leads (polls, plans, delivers); on a data folder that is always this one.
  const leadership = new Leadership({ coordination: app.store.coordination, log: app.log });
  let duties: LeaderDuties | null = null;
  leadership.onElected((term) => {
    duties = startLeaderDuties(app, adapters, term);
    for (const adapter of adapters) adapter.follow?.('leader');
  });
  leadership.onDeposed(() => {
    // The term's signal already stopped every post in flight; what is left stays queued for the next leader.
    void duties?.stop(0);
    duties = null;
    for (const adapter of adapters) adapter.follow?.('standby');
  });
  let health: { close(): Promise<void> } | undefined;
  let ended: { signal: NodeJS.Signals } | { error: PlatformLost } | undefined;
  try {
    if (app.config.HEALTH_PORT !== undefined) {
      health = await startHealthServer({ adapters, store: app.store, leadership }, { port: app.config.HEALTH_PORT, host: app.config.HEALTH_HOST, log: app.log });
    }
    await Promise.all(adapters.map((adapter) => adapter.start()));
    leadership.start();
    app.log.info({ platforms: adapters.map((adapter) => adapter.platform), store: app.store.kind, instance: app.store.coordination.instanceId }, 'bot running');
    ended = await Promise.race([stopped, lost]);
    if ('signal' in ended) app.log.info({ signal: ended.signal }, 'shutting down');
    else app.log.error({ reason: ended.error.message }, 'shutting down: a platform refuses the bot');
  } finally {
    const orderly = (async () => {
      await (duties as LeaderDuties | null)?.stop(WORKER_GRACE_MS);
    })();
    const late = await Promise.race([orderly.then(() => false), sleep(ORDERLY_STOP_MS, true, { ref: false })]);
    if (late) app.log.warn({ afterMs: ORDERLY_STOP_MS }, 'shutdown: aborting the requests still in flight (their posts stay pending)');
    // Ends the term (aborting what is still in flight) and hands the lease over at once.
    await leadership.stop();
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
    // Receiving follows the lead: Telegram allows one long-polling receiver per bot, and the leader registers the webhook.
    adapters.push(createTelegramAdapter({ config: { ...app.config, TELEGRAM_BOT_TOKEN: telegramToken }, answering: app.answering, log: app.log, shared: app.store.coordination, followLeader: true }));
  }
  if (app.config.DISCORD_TOKEN) {
    const { createDiscordAdapter } = await import('./adapters/discord/index.ts');
    adapters.push(createDiscordAdapter({ config: app.config, answering: app.answering, log: app.log }));
  }
  return adapters;
}
