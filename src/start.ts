import type { ChatAdapter } from './adapters/adapter.ts';
import { runConsoleChat } from './adapters/console/chat.ts';
import { createDiscordAdapter } from './adapters/discord/index.ts';
import { createTelegramAdapter } from './adapters/telegram/index.ts';
import type { App } from './app.ts';
import type { Locale } from './core/search.ts';

/**
 * `npm start`: every configured platform in one process on the same core, or the console chat when
 * no token is set. Shutdown is handled here, once: SIGINT/SIGTERM stop the adapters, then the
 * store is flushed, then the process exits.
 */
export async function startBot(app: App, { locale }: { locale: Locale }): Promise<void> {
  const adapters = chatAdapters(app);
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
  try {
    await Promise.all(adapters.map((adapter) => adapter.start()));
    app.log.info({ platforms: adapters.map((adapter) => adapter.platform) }, 'bot running');
    const signal = await stopped;
    app.log.info({ signal }, 'shutting down');
  } finally {
    await Promise.allSettled(adapters.map((adapter) => adapter.stop()));
  }
}

/** The platforms whose tokens are set. Each adapter module plugs in here. */
function chatAdapters(app: App): ChatAdapter[] {
  const adapters: ChatAdapter[] = [];
  const telegramToken = app.config.TELEGRAM_BOT_TOKEN;
  if (telegramToken) adapters.push(createTelegramAdapter({ config: { ...app.config, TELEGRAM_BOT_TOKEN: telegramToken }, answering: app.answering, log: app.log }));
  if (app.config.DISCORD_TOKEN) adapters.push(createDiscordAdapter({ config: app.config, answering: app.answering, log: app.log }));
  return adapters;
}
