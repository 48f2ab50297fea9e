import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { Telegraf, TelegramError } from 'telegraf';
import { channelPost, message } from 'telegraf/filters';
import type { Config } from '../../config.ts';
import type { Answering } from '../../chat/context.ts';
import type { Logger } from '../../core/log.ts';
import type { Locale } from '../../i18n/locales.ts';
import type { Reply } from '../../chat/reply.ts';
import { lostSignal, postWithTextFallback, StartupError, type AdapterHealth, type ChatAdapter } from '../../chat/adapter.ts';
import { registerSecret } from '../../log.ts';
import { TelegramFlows } from './choices.ts';
import { answerInline } from './inline.ts';
import { answerText } from './input.ts';
import { deliveryError, photosRefused, reasonOf, startupError } from './errors.ts';
import { publishCommandMenus } from './menu.ts';
import { renderReply } from './render.ts';
import { call, honouringRetryAfter, PhotoIds, sendMessages } from './send.ts';
import { TelegramLink, WatchedTelegram, type LinkTimings } from './link.ts';
import { webhookDoor } from './webhook.ts';
import { MemorySharedState, type SharedState } from '../../chat/shared.ts';

export interface TelegramAdapterOptions {
  config: Pick<Config, 'TELEGRAM_API_ROOT' | 'TELEGRAM_WEBHOOK_URL' | 'TELEGRAM_WEBHOOK_PORT'> & Partial<Pick<Config, 'TELEGRAM_WEBHOOK_SECRET'>> & { TELEGRAM_BOT_TOKEN: string };
  answering: Answering;
  log: Logger;
  /**
   * What the instances of one bot share (store/coordination.ts): updates already handled (one
   * delivered twice is answered once), the webhook's secret, and what a typed answer to a flow's
   * prompt answers (the reply may land on any instance). Default: this process alone.
   */
  shared?: SharedState;
  /**
   * Receive updates only while this instance leads (follow()): Telegram allows one long-polling
   * receiver per bot, and the webhook is registered by the leader. Default: from start().
   */
  followLeader?: boolean;
  /** Where the webhook server listens (default: every interface, behind the reverse proxy). */
  webhookHost?: string;
  /**
   * How long another process may hold the token's updates (409 Conflict) before the bot gives up
   * and exits: long enough for a deploy's old process to stop, short enough to be noticed.
   */
  conflictGraceMs?: number;
  /** When the bot judges Telegram unreachable (link.ts; shorter in tests). */
  linkTimings?: Partial<LinkTimings>;
}

const CONFLICT_GRACE_MS = 3 * 60_000;
const MAX_RETRY_DELAY_MS = 30_000;
/** A polling loop that ran this long got updates (Telegram holds a poll 50 s): its next 409 is a new conflict. */
const HEALTHY_POLL_MS = 60_000;

const TELEGRAM_API_ROOT = 'https://api.telegram.org';

/** The only updates the bot acts on: Telegram then does not send it the rest. */
const ALLOWED_UPDATES: NonNullable<Telegraf.LaunchOptions['allowedUpdates']> = ['message', 'channel_post', 'callback_query', 'inline_query'];

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
  /** Pictures already uploaded (posts and answers), sent again by file_id and offered in inline answers. */
  private readonly photos = new PhotoIds();
  private readonly lostPlatform = lostSignal();
  readonly lost = this.lostPlatform.lost;
  private state: AdapterHealth = { state: 'starting' };
  /** Whether Telegram answers: an outage telegraf's polling retries by itself shows here. */
  private readonly link: TelegramLink;
  private starting?: Promise<void>;
  private stopping?: Promise<void>;
  private polling?: Promise<void>;
  /** Ends the current long-polling session (this instance stopped leading). */
  private pollingSession?: AbortController;
  private webhookServer?: Server;
  private webhook?: { url: URL; secretToken: string };
  private readonly shared: NonNullable<TelegramAdapterOptions['shared']>;
  /** Whether updates are received here now: from start, or while this instance leads. */
  private receiving: boolean;

  constructor(private readonly options: TelegramAdapterOptions) {
    this.shared = options.shared ?? new MemorySharedState();
    this.receiving = !options.followLeader;
    this.apiRoot = options.config.TELEGRAM_API_ROOT ?? TELEGRAM_API_ROOT;
    // telegraf resolves "./bot<token>/<method>" against the root: a root with a path needs its final "/".
    const apiRoot = this.apiRoot.endsWith('/') ? this.apiRoot : `${this.apiRoot}/`;
    // webhookReply off: every answer is a request of its own, whose failure telegraf reports.
    this.bot = new Telegraf(options.config.TELEGRAM_BOT_TOKEN, { telegram: { apiRoot, webhookReply: false } });
    this.link = new TelegramLink({
      log: options.log,
      probe: () => call(this.bot.telegram, 'getMe', {}, this.shutdown.signal),
      webhookInfo: () => call(this.bot.telegram, 'getWebhookInfo', {}, this.shutdown.signal),
      timings: options.linkTimings,
    });
    // Before anything takes bot.telegram: polling, flows and answers all go through this client.
    this.bot.telegram = new WatchedTelegram(options.config.TELEGRAM_BOT_TOKEN, this.bot.telegram.options, this.link);
    const attempt = honouringRetryAfter(options.log, this.shutdown.signal);
    // An update delivered twice (a retry after a slow answer, a webhook behind several instances,
    // polling handed from one leader to the next) is answered once, by whichever instance claims it.
    this.bot.use(async (ctx, next) => {
      const id = ctx.update.update_id;
      if (!(await this.shared.claimUpdate(id))) return options.log.debug({ updateId: id }, 'Telegram update already handled: skipped');
      await next();
      await this.shared.updateHandled(id).catch((error: unknown) => options.log.warn({ updateId: id, err: error }, 'could not record a Telegram update as handled'));
    });
    // Flows (choices.ts): button presses, and typed answers to their prompts before commands see the text.
    const flows = new TelegramFlows({ telegram: this.bot.telegram, answering: options.answering, log: options.log, username: () => this.bot.botInfo?.username ?? '', attempt, signal: this.shutdown.signal, shared: this.shared });
    this.bot.on('callback_query', (ctx) => flows.press(ctx.callbackQuery));
    this.bot.on(message('text'), async (ctx, next) => ((await flows.typed(ctx.msg, ctx.botInfo.id)) ? undefined : next()));
    this.bot.on([message('text'), channelPost('text')], (ctx) =>
      answerText({ telegram: this.bot.telegram, answering: options.answering, log: options.log, commands: options.answering.commands, username: ctx.me, attempt, signal: this.shutdown.signal, flows, photos: this.photos }, ctx.update.update_id, ctx.msg),
    );
    // "@Bot latest cec" in any chat (inline.ts). Not retried after a 429: Telegram drops an inline query within seconds.
    this.bot.on('inline_query', (ctx) => answerInline(this.bot.telegram, { answering: options.answering, log: options.log, username: ctx.me, photos: this.photos }, ctx.inlineQuery, this.shutdown.signal));
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

  health(): AdapterHealth {
    const unreachable = this.link.unreachable;
    if (this.state.state === 'up' && !this.receiving && !this.webhook) return { state: 'standby', detail: 'another instance receives Telegram updates (long polling allows one receiver per bot)' };
    return this.state.state === 'up' && unreachable ? { state: 'reconnecting', detail: unreachable } : this.state;
  }

  follow(role: 'leader' | 'standby'): void {
    if (!this.options.followLeader || this.stopping) return;
    this.receiving = role === 'leader';
    if (this.webhook) {
      // Every instance serves the webhook; the leader tells Telegram where it is, once a term.
      if (role === 'leader') void this.registerWebhook(this.webhook).catch((error: unknown) => this.options.log.error({ error: reasonOf(error) }, 'could not register the Telegram webhook: trying again next term'));
    } else if (role === 'leader') {
      if (this.state.state !== 'starting') this.startPolling();
    } else void this.endPollingSession();
  }

  async post(chatId: string, reply: Reply, locale: Locale, { signal }: { signal?: AbortSignal } = {}): Promise<void> {
    const options = { photos: this.photos, signal: signal ? AbortSignal.any([this.shutdown.signal, signal]) : this.shutdown.signal };
    await postWithTextFallback(reply, (message) => sendMessages(this.bot.telegram, chatId, renderReply(message, locale), options), { classify: deliveryError, picturesRefused: photosRefused });
  }

  private async connect(): Promise<void> {
    const { log } = this.options;
    try {
      this.bot.botInfo = await call(this.bot.telegram, 'getMe', {});
    } catch (error) {
      throw startupError(error, this.apiRoot);
    }
    if (this.bot.botInfo.supports_inline_queries === false) {
      log.info({ bot: this.bot.botInfo.username }, 'Telegram inline mode is off for this bot: members cannot ask it from other chats (@BotFather → /setinline turns it on)');
    }
    try {
      await publishCommandMenus(this.bot.telegram, this.options.answering.commands);
    } catch (error) {
      // The menu only helps people type: the commands work without it.
      log.warn({ error: reasonOf(error) }, 'could not publish the Telegram command menu');
    }
    if (this.stopping) return;
    const mode = this.options.config.TELEGRAM_WEBHOOK_URL ? await this.listenForWebhook(this.options.config.TELEGRAM_WEBHOOK_URL) : this.receiving ? this.startPolling() : 'long polling, while this instance leads';
    if (!this.options.config.TELEGRAM_WEBHOOK_URL) this.state = { state: 'up' };
    log.info({ bot: this.bot.botInfo.username, mode }, 'Telegram bot running');
  }

  private startPolling(): string {
    if (this.polling) return 'long polling';
    const session = new AbortController();
    this.pollingSession = session;
    this.polling = this.pollUntilStopped(session.signal).finally(() => {
      if (this.pollingSession === session) [this.polling, this.pollingSession] = [undefined, undefined];
    });
    return 'long polling';
  }

  /** This instance stopped leading: another polls now (Telegram answers two at once with 409). */
  private async endPollingSession(): Promise<void> {
    const [polling, session] = [this.polling, this.pollingSession];
    if (!polling || !session) return;
    session.abort();
    await this.stopPolling(polling);
  }

  /**
   * telegraf's polling ends on 401 and 409, and the bot would be deaf while looking alive. A 409
   * (another process polls with this token: maybe a deploy's old one, still stopping) is tried
   * again with backoff; past conflictGraceMs, or on a 401 (token revoked), the platform is lost.
   */
  private async pollUntilStopped(session: AbortSignal): Promise<void> {
    const { log, conflictGraceMs = CONFLICT_GRACE_MS } = this.options;
    let conflictSince: number | null = null;
    let delay = 1000;
    while (!this.stopping && !session.aborted) {
      const launched = Date.now();
      this.state = { state: 'up' };
      try {
        await this.bot.launch({ allowedUpdates: ALLOWED_UPDATES });
        return;
      } catch (error) {
        if (this.stopping || session.aborted) return;
        if (Date.now() - launched > HEALTHY_POLL_MS) [conflictSince, delay] = [null, 1000];
        const code = error instanceof TelegramError ? error.code : null;
        if (code === 401) return this.lose('Telegram no longer accepts TELEGRAM_BOT_TOKEN (401 Unauthorized): it was revoked or changed in @BotFather');
        if (code === 409) conflictSince ??= Date.now();
        if (conflictSince !== null && Date.now() - conflictSince >= conflictGraceMs) {
          return this.lose(`another process has been receiving this bot's Telegram updates for ${Math.round((Date.now() - conflictSince) / 1000)} s (409 Conflict): stop it, or give this one its own token`);
        }
        const reason = reasonOf(error);
        this.state = { state: 'reconnecting', detail: `long polling stopped (${reason}); trying again` };
        log.warn({ error: reason, retryInMs: delay }, 'Telegram long polling stopped: trying again');
        await sleep(delay, undefined, { signal: AbortSignal.any([this.shutdown.signal, session]), ref: false }).catch(() => {});
        delay = Math.min(delay * 2, MAX_RETRY_DELAY_MS);
      }
    }
  }

  private lose(reason: string): void {
    this.state = { state: 'down', detail: reason };
    this.options.log.error({ reason }, 'Telegram refuses the bot for good');
    this.lostPlatform.lose(`Telegram: ${reason}`);
  }

  /**
   * A server of our own around telegraf's webhookCallback (rather than launch({ webhook })), so a
   * port in use is a StartupError instead of an unhandled 'error' event, and the server listens
   * before Telegram is told to post to it. The secret token Telegram sends back with every update
   * is TELEGRAM_WEBHOOK_SECRET, or one the instances share (kept in the database; made anew each
   * start on a data folder): every instance behind the one URL must accept the same.
   */
  private async listenForWebhook(publicUrl: string): Promise<string> {
    const url = new URL(publicUrl);
    const secretToken = this.options.config.TELEGRAM_WEBHOOK_SECRET ?? (await this.shared.sharedSecret('telegram-webhook', () => randomBytes(32).toString('base64url')));
    registerSecret(secretToken);
    const path = url.pathname + url.search;
    const callback = this.bot.webhookCallback(path, { secretToken });
    const handle: typeof callback = (request, response, next) => {
      this.link.heard();
      return callback(request, response, next);
    };
    const server = createServer(webhookDoor({ path, secretToken, handle }));
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
    this.webhook = { url, secretToken };
    if (this.receiving) {
      try {
        await this.registerWebhook(this.webhook);
      } catch (error) {
        throw startupError(error, this.apiRoot);
      }
    }
    this.options.log.info({ port: (server.address() as AddressInfo).port, path: url.pathname }, 'Telegram webhook listening');
    this.state = { state: 'up' };
    return 'webhook';
  }

  /** Tells Telegram where to post updates, with the secret; watched from then on (link.ts). */
  private async registerWebhook({ url, secretToken }: { url: URL; secretToken: string }): Promise<void> {
    await call(this.bot.telegram, 'setWebhook', { url: url.href, secret_token: secretToken, allowed_updates: ALLOWED_UPDATES }, this.shutdown.signal);
    this.link.watchWebhook();
  }

  private async disconnect(): Promise<void> {
    // Also aborts every request still in flight: their posts stay pending for the next start.
    this.shutdown.abort();
    this.link.stop();
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
    this.state = { state: 'stopped' };
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
