import { Telegram, TelegramError } from 'telegraf';
import type { Telegram as Methods, Opts } from 'telegraf/types';
import type { Logger } from '../../core/log.ts';
import { reasonOf } from './errors.ts';

/**
 * Whether the bot hears Telegram, for /healthz. telegraf's long polling retries network failures
 * and 5xx by itself (every 5 s, forever): launch() never fails, and without looking at getUpdates
 * itself the bot would say `up` through an outage. A webhook just stops receiving.
 *
 * - Polling: every getUpdates telegraf makes is watched (WatchedTelegram). A failure that telegraf
 *   retries (no answer, a network error, a 5xx) makes Telegram unreachable at once; an answer, or
 *   a poll Telegram holds open (long polling waits for updates) while a getMe goes through, makes
 *   it reachable again. A poll unanswered well past Telegram's 50 s counts as a failure too.
 * - Webhook: while no update arrives, getWebhookInfo is asked every WEBHOOK_CHECK_MS whether
 *   Telegram fails to deliver (updates pending, an error since the bot last heard from it); an
 *   update received, or nothing pending, makes it reachable again.
 * Each change is one log line: a warning when Telegram is lost, an info line when it is back.
 */

/** Telegram holds a long poll at most 50 s (telegraf asks `timeout: 50`). */
const POLL_OVERDUE_MS = 65_000;
/** A poll held this long without failing is Telegram waiting for updates, once a getMe confirms it answers. */
const POLL_HELD_MS = 3_000;
const WEBHOOK_CHECK_MS = 15_000;

/** How long the link waits before it judges; shorter in tests. */
export interface LinkTimings {
  /** A long poll unanswered this long has failed (Telegram holds one at most 50 s). */
  pollOverdueMs: number;
  /** Webhook mode: how often, while no update arrives, Telegram is asked whether it fails to deliver. */
  webhookCheckMs: number;
}

const TIMINGS: LinkTimings = { pollOverdueMs: POLL_OVERDUE_MS, webhookCheckMs: WEBHOOK_CHECK_MS };

export interface LinkOptions {
  log: Logger;
  /** A cheap call that succeeds only if Telegram answers (getMe). */
  probe: () => Promise<unknown>;
  /** getWebhookInfo, in webhook mode. */
  webhookInfo: () => Promise<{ pending_update_count: number; last_error_date?: number; last_error_message?: string }>;
  timings?: Partial<LinkTimings>;
}

export class TelegramLink {
  /** Why Telegram cannot be reached, or null while it answers. */
  #unreachable: string | null = null;
  #since = 0;
  #stopped = false;
  #timers = new Set<NodeJS.Timeout>();
  /** Webhook mode: when the bot last heard from Telegram (an update, or the webhook set). */
  #heardAt = 0;

  readonly #timings: LinkTimings;

  constructor(private readonly options: LinkOptions) {
    this.#timings = { ...TIMINGS, ...options.timings };
  }

  /** Why Telegram cannot be reached now; null while it answers. */
  get unreachable(): string | null {
    return this.#unreachable;
  }

  /** Watches one getUpdates call of telegraf's polling loop. */
  poll(result: Promise<unknown>): void {
    let settled = false;
    const done = () => {
      settled = true;
      this.#clear(held, overdue);
    };
    const held = this.#after(POLL_HELD_MS, () => {
      if (this.#unreachable === null) return;
      this.options.probe().then(() => !settled && this.#reached(), () => {});
    });
    const { pollOverdueMs } = this.#timings;
    const overdue = this.#after(pollOverdueMs, () => !settled && this.#lost(`no answer to long polling for ${Math.round(pollOverdueMs / 1000)} s`));
    result.then(
      () => {
        done();
        this.#reached();
      },
      (error: unknown) => {
        done();
        if (isOutage(error)) this.#lost(`${reasonOf(error)}; long polling retries by itself`);
        else if (error instanceof TelegramError) this.#reached();
      },
    );
  }

  /** Webhook mode, from the moment Telegram was told where to post. */
  watchWebhook(): void {
    this.#heardAt = Date.now();
    const check = () => {
      const heardAt = this.#heardAt;
      // Updates came since the last check: the webhook works.
      if (Date.now() - heardAt < this.#timings.webhookCheckMs) return this.#reached();
      this.options.webhookInfo().then(
        (info) => {
          const failing = info.pending_update_count > 0 && (info.last_error_date ?? 0) * 1000 > heardAt;
          if (failing) this.#lost(`Telegram cannot deliver updates to the webhook (${info.last_error_message ?? 'no reason given'}; ${info.pending_update_count} waiting)`);
          else if (this.#heardAt === heardAt) this.#reached();
        },
        (error: unknown) => (isOutage(error) ? this.#lost(`${reasonOf(error)} asking Telegram about the webhook`) : undefined),
      );
    };
    const every = () => {
      check();
      this.#after(this.#timings.webhookCheckMs, every);
    };
    this.#after(this.#timings.webhookCheckMs, every);
  }

  /** Webhook mode: an update arrived. */
  heard(): void {
    this.#heardAt = Date.now();
    this.#reached();
  }

  stop(): void {
    this.#stopped = true;
    this.#clear(...this.#timers);
  }

  #lost(reason: string): void {
    if (this.#stopped) return;
    if (this.#unreachable === null) {
      this.#since = Date.now();
      this.options.log.warn({ error: reason }, 'Telegram unreachable: members are not heard until it answers again');
    }
    this.#unreachable = `Telegram unreachable (${reason})`;
  }

  #reached(): void {
    if (this.#stopped || this.#unreachable === null) return;
    this.#unreachable = null;
    this.options.log.info({ unreachableForMs: Date.now() - this.#since }, 'Telegram answers again');
  }

  #after(ms: number, run: () => void): NodeJS.Timeout {
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      if (!this.#stopped) run();
    }, ms).unref();
    this.#timers.add(timer);
    return timer;
  }

  #clear(...timers: NodeJS.Timeout[]): void {
    for (const timer of timers) {
      clearTimeout(timer);
      this.#timers.delete(timer);
    }
  }
}

/** What telegraf's polling retries by itself: no answer, a network failure, a server error. A shutdown's abort is none. */
function isOutage(error: unknown): boolean {
  if (error instanceof TelegramError) return error.code >= 500;
  return error instanceof Error && error.name !== 'AbortError';
}

/** telegraf's client, with every getUpdates (its polling loop's calls) shown to the link. */
export class WatchedTelegram extends Telegram {
  constructor(token: string, options: Telegram['options'], private readonly link: TelegramLink) {
    super(token, options);
  }

  override callApi<M extends keyof Methods>(method: M, payload: Opts<M>, options?: Parameters<Telegram['callApi']>[2]): Promise<ReturnType<Methods[M]>> {
    const result = super.callApi(method, payload, options);
    if (method === 'getUpdates') this.link.poll(result);
    return result;
  }
}
