import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { Telegraf } from 'telegraf';
import { channelPost, message } from 'telegraf/filters';
import type { Config } from '../../config.ts';
import type { Answering } from '../../chat/context.ts';
import type { Logger } from '../../core/log.ts';
import type { Locale } from '../../i18n/locales.ts';
import type { Reply } from '../../chat/reply.ts';
import { postWithTextFallback, StartupError, type ChatAdapter } from '../../chat/adapter.ts';
import { TelegramFlows } from './choices.ts';
import { answerText } from './input.ts';
import { deliveryError, photosRefused, reasonOf, startupError } from './errors.ts';
import { publishCommandMenus } from './menu.ts';
import { renderReply } from './render.ts';
import { call, honouringRetryAfter, PhotoIds, sendMessages } from './send.ts';

export interface TelegramAdapterOptions {
  config: Pick<Config, 'TELEGRAM_API_ROOT' | 'TELEGRAM_WEBHOOK_URL' | 'TELEGRAM_WEBHOOK_PORT'> & { TELEGRAM_BOT_TOKEN: string };
  answering: Answering;
  log: Logger;
  /** Where the webhook server listens (default: every interface, behind the reverse proxy). */
  webhookHost?: string;
}

const TELEGRAM_API_ROOT = 'https://api.telegram.org';

/** The only updates the bot acts on: Telegram then does not send it the rest. */
const ALLOWED_UPDATES: NonNullable<Telegraf.LaunchOptions['allowedUpdates']> = ['message', 'channel_post', 'callback_query'];

export function createTelegramAdapter(options: TelegramAdapterOptions): ChatAdapter {
  return new TelegramAdapter(options);
}

/**
 * The bot on Telegram through telegraf: long polling, or a webhook when TELEGRAM_WEBHOOK_URL is set.
 * telegraf's launch() never resolves while polling, and its stop() throws when the bot is not (or
 * no longer) running: start() and stop() here keep that state so that both are always safe.
 */
class TelegramAdapter implements ChatAdapter {
  readonly platform = 'telegram';
  private readonly bot: Telegraf;
  private readonly apiRoot: string;
  /** Cancels 429 waits at shutdown, so that no reply holds the process. */
  private readonly shutdown = new AbortController();
  /** Digest pictures already uploaded, sent again by file_id. */
  private readonly photos = new PhotoIds();
  private starting?: Promise<void>;
  private stopping?: Promise<void>;
  private polling?: Promise<void>;
  private webhookServer?: Server;

  constructor(private readonly options: TelegramAdapterOptions) {
    this.apiRoot = options.config.TELEGRAM_API_ROOT ?? TELEGRAM_API_ROOT;
    // telegraf resolves "./bot<token>/<method>" against the root: a root with a path needs its final "/".
    const apiRoot = this.apiRoot.endsWith('/') ? this.apiRoot : `${this.apiRoot}/`;
    // webhookReply off: every answer is a request of its own, whose failure telegraf reports.
    this.bot = new Telegraf(options.config.TELEGRAM_BOT_TOKEN, { telegram: { apiRoot, webhookReply: false } });
    const attempt = honouringRetryAfter(options.log, this.shutdown.signal);
    // Flows (choices.ts): button presses, and typed answers to their prompts before commands see the text.
    const flows = new TelegramFlows({ telegram: this.bot.telegram, answering: options.answering, log: options.log, username: () => this.bot.botInfo?.username ?? '', attempt });
    this.bot.on('callback_query', (ctx) => flows.press(ctx.callbackQuery));
    this.bot.on(message('text'), async (ctx, next) => ((await flows.typed(ctx.msg, ctx.botInfo.id)) ? undefined : next()));
    this.bot.on([message('text'), channelPost('text')], (ctx) =>
      answerText({ telegram: this.bot.telegram, answering: options.answering, log: options.log, commands: options.answering.commands, username: ctx.me, attempt, flows }, ctx.update.update_id, ctx.msg),
    );
    // The one boundary for what failed around a command (invoke() already answered the command's
    // own failures): log with the update id, and keep serving.
    this.bot.catch((error, ctx) => {
      options.log.error({ updateId: ctx.update.update_id, err: error }, 'Telegram update failed');
    });
  }

  start(): Promise<void> {
    this.starting ??= this.stopping ? Promise.resolve() : this.connect();
    return this.starting;
  }

  stop(): Promise<void> {
    this.stopping ??= this.disconnect();
    return this.stopping;
  }

  async post(chatId: string, reply: Reply, locale: Locale): Promise<void> {
    await postWithTextFallback(reply, (message) => sendMessages(this.bot.telegram, chatId, renderReply(message, locale), { photos: this.photos }), { classify: deliveryError, picturesRefused: photosRefused });
  }

  private async connect(): Promise<void> {
    const { log } = this.options;
    try {
      this.bot.botInfo = await call(this.bot.telegram, 'getMe', {});
    } catch (error) {
      throw startupError(error, this.apiRoot);
    }
    try {
      await publishCommandMenus(this.bot.telegram, this.options.answering.commands);
    } catch (error) {
      // The menu only helps people type: the commands work without it.
      log.warn({ error: reasonOf(error) }, 'could not publish the Telegram command menu');
    }
    if (this.stopping) return;
    const mode = this.options.config.TELEGRAM_WEBHOOK_URL ? await this.listenForWebhook(this.options.config.TELEGRAM_WEBHOOK_URL) : this.startPolling();
    log.info({ bot: this.bot.botInfo.username, mode }, 'Telegram bot running');
  }

  private startPolling(): string {
    this.polling = this.bot.launch({ allowedUpdates: ALLOWED_UPDATES }).catch((error: unknown) => {
      // 409: another process polls with this token; 401: the token was revoked meanwhile.
      this.options.log.error({ error: reasonOf(error) }, 'Telegram long polling stopped');
    });
    return 'long polling';
  }

  /**
   * A server of our own around telegraf's webhookCallback (rather than launch({ webhook })), so a
   * port in use is a StartupError instead of an unhandled 'error' event, and the server listens
   * before Telegram is told to post to it. A fresh secret token each start: Telegram sends it back
   * with every update, and the callback refuses requests without it.
   */
  private async listenForWebhook(publicUrl: string): Promise<string> {
    const url = new URL(publicUrl);
    const secretToken = randomBytes(32).toString('base64url');
    const server = createServer(this.bot.webhookCallback(url.pathname + url.search, { secretToken }));
    const port = this.options.config.TELEGRAM_WEBHOOK_PORT;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, this.options.webhookHost, () => {
        server.off('error', reject);
        resolve();
      });
    }).catch((error: unknown) => {
      throw new StartupError(`cannot listen for Telegram webhooks on TELEGRAM_WEBHOOK_PORT ${port} (${reasonOf(error)})`);
    });
    server.on('error', (error) => this.options.log.error({ error: reasonOf(error) }, 'Telegram webhook server failed'));
    this.webhookServer = server;
    try {
      await call(this.bot.telegram, 'setWebhook', { url: url.href, secret_token: secretToken, allowed_updates: ALLOWED_UPDATES });
    } catch (error) {
      throw startupError(error, this.apiRoot);
    }
    this.options.log.info({ port: (server.address() as AddressInfo).port, path: url.pathname }, 'Telegram webhook listening');
    return 'webhook';
  }

  private async disconnect(): Promise<void> {
    this.shutdown.abort();
    // start() launches nothing once stop() was called, but may be under way: let it finish first.
    await this.starting?.catch(() => {});
    if (this.polling) await this.stopPolling(this.polling);
    if (this.webhookServer) {
      const server = this.webhookServer;
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    }
  }

  /**
   * launch() starts polling only once its deleteWebhook call returns; until then bot.stop() throws
   * "Bot is not running!" (telegraf#2003). Try again until polling is up, or launch() has failed.
   */
  private async stopPolling(polling: Promise<void>): Promise<void> {
    let ended = false;
    void polling.then(() => (ended = true));
    while (!ended) {
      try {
        this.bot.stop('shutdown');
        break;
      } catch {
        await sleep(20);
      }
    }
    // The loop ends by telling Telegram which updates were handled; do not wait on it for long.
    await Promise.race([polling, sleep(5_000, undefined, { ref: false })]);
  }
}
