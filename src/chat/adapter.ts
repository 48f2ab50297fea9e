import type { Locale } from '../core/search.ts';
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
   * rejects with a DeliveryError saying whether to wait, retry or give up on the chat.
   */
  post(chatId: string, reply: Reply, locale: Locale): Promise<void>;
}

/** The platform refused to let the bot start: the message says what to fix, never the secret. */
export class StartupError extends Error {
  override name = 'StartupError';
}
