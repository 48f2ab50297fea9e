import type { Locale } from '../i18n/locales.ts';
import type { Reply } from './reply.ts';

/**
 * A chat platform the bot runs on, as the composition root sees it. Each adapter turns chat input
 * into command calls and Replies into that platform's messages; it knows nothing about draws.
 */
export interface ChatAdapter {
  readonly platform: 'telegram' | 'discord';
  /** Connects and starts answering. Rejects with StartupError when the platform refuses (bad token). */
  start(): Promise<void>;
  /** Stops answering and disconnects. Safe to call more than once, and before start finished. */
  stop(): Promise<void>;
  /**
   * Posts a Reply to a chat unprompted (digests). Resolves only once the platform accepted it;
   * rejects with a DeliveryError saying whether to wait, retry or give up on the chat. `signal`
   * aborts it (this instance stopped leading: nothing more may go out from here).
   */
  post(chatId: string, reply: Reply, locale: Locale, options?: { signal?: AbortSignal }): Promise<void>;
  /** Whether it answers members now, for health checks; `detail` says why not. */
  health(): AdapterHealth;
  /**
   * This instance now leads, or stands by (several instances on one database). A platform that
   * allows one receiver per bot (Telegram's long polling) receives only on the leader; one that
   * must be told where to deliver once (Telegram's webhook) is told by the leader.
   */
  follow?(role: 'leader' | 'standby'): void;
  /**
   * Settles when the platform refuses the bot for good after it started (the token was revoked,
   * another process has held the token's updates for minutes, the gateway gave up): the process
   * then exits non-zero so that its supervisor notices. Never rejects; pending while all is well.
   */
  readonly lost: Promise<PlatformLost>;
}

export interface AdapterHealth {
  /** `standby`: another instance receives this platform's updates (Telegram's long polling); nothing is wrong. */
  state: 'starting' | 'up' | 'standby' | 'reconnecting' | 'down' | 'stopped';
  detail?: string;
  /** Discord: the gateway shards this instance holds (each answers its servers). */
  shards?: number[];
}

/** Why a platform will not have the bot any more: one line for the operator, never the secret. */
export class PlatformLost extends Error {
  override name = 'PlatformLost';
}

/** A `lost` promise and the function that settles it (once). */
export function lostSignal(): { lost: Promise<PlatformLost>; lose(reason: string): void } {
  let lose!: (reason: string) => void;
  const lost = new Promise<PlatformLost>((resolve) => {
    let settled = false;
    lose = (reason) => {
      if (settled) return;
      settled = true;
      resolve(new PlatformLost(reason));
    };
  });
  return { lost, lose };
}

/** The platform refused to let the bot start: the message says what to fix, never the secret. */
export class StartupError extends Error {
  override name = 'StartupError';
}

/**
 * Why a post did not go through, as the delivery worker needs to know it:
 * - rate-limited: wait retryAfterMs (the platform's 429 retry_after), then send again;
 * - transient: 5xx, timeouts, network — retry with backoff;
 * - gone: the bot was blocked or kicked, the chat is not found, access is missing — stop posting
 *   to this chat and keep the reason;
 * - rejected: the platform refused this message itself (400) — give up on the message, keep the chat.
 */
export type DeliveryFailure =
  | { kind: 'rate-limited'; retryAfterMs: number }
  | { kind: 'transient' }
  | { kind: 'gone'; reason: string }
  | { kind: 'rejected'; reason: string };

export class DeliveryError extends Error {
  override name = 'DeliveryError';
  constructor(readonly failure: DeliveryFailure, message?: string) {
    super(message ?? ('reason' in failure ? failure.reason : failure.kind));
  }
}

/** How an adapter tells the failures of its platform apart. */
export interface FailureReading {
  /** The failure as the delivery worker needs it. */
  classify(error: unknown): DeliveryError;
  /** The chat takes the bot's messages but not its pictures (photos, attachments). */
  picturesRefused(error: unknown): boolean;
}

/**
 * Posts a Reply through `send`; a chat that refuses pictures gets the text alone, so a post is
 * never lost for its picture. Any other failure rejects, classified.
 */
export async function postWithTextFallback(reply: Reply, send: (reply: Reply) => Promise<unknown>, failures: FailureReading): Promise<void> {
  try {
    await send(reply);
  } catch (error) {
    if (!reply.image || !failures.picturesRefused(error)) throw failures.classify(error);
    try {
      await send({ ...reply, image: undefined });
    } catch (retried) {
      throw failures.classify(retried);
    }
  }
}
