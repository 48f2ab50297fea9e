import { TelegramError } from 'telegraf';
import { DeliveryError, StartupError, type DeliveryFailure } from '../../chat/adapter.ts';

/**
 * What Telegram's answers mean for the bot. Telegram says why in `description` (never a secret);
 * network failures come from node-fetch, whose messages carry the request URL, so only their code
 * is kept.
 */

/** 400s that mean the chat is out of reach for good, not that this one message was wrong. */
const CHAT_GONE = /chat not found|have no rights to send|not enough rights to send|need administrator rights|CHAT_WRITE_FORBIDDEN|bot is not a member|bot was kicked|user is deactivated|PEER_ID_INVALID|group chat was upgraded/i;

/** The chat refuses pictures from the bot, not its messages: send the text alone. */
export function photosRefused(error: unknown): boolean {
  return error instanceof TelegramError && error.code === 400 && /rights to send (photos|media)|CHAT_SEND_(PHOTOS|MEDIA)_FORBIDDEN/i.test(error.description);
}

export function deliveryFailure(error: unknown): DeliveryFailure {
  if (!(error instanceof TelegramError)) return { kind: 'transient' };
  const { code, description } = error;
  if (code === 429) return { kind: 'rate-limited', retryAfterMs: (error.parameters?.retry_after ?? 1) * 1000 };
  if (code >= 500) return { kind: 'transient' };
  // The bot's own token stopped working: every chat fails alike, so keep them all and retry later.
  if (code === 401 || code === 404) return { kind: 'transient' };
  const migratedTo = error.parameters?.migrate_to_chat_id;
  if (code === 403 || CHAT_GONE.test(description)) {
    return { kind: 'gone', reason: migratedTo ? `${description} (now chat ${migratedTo})` : description };
  }
  return { kind: 'rejected', reason: description };
}

export function deliveryError(error: unknown): DeliveryError {
  return new DeliveryError(deliveryFailure(error), `Telegram: ${reasonOf(error)}`);
}

/** Telegram's own words, or the network failure's code: safe to log and to show an operator. */
export function reasonOf(error: unknown): string {
  if (error instanceof TelegramError) return `${error.code} ${error.description}`;
  if (error instanceof Error) {
    const { code, type } = error as Error & { code?: string; type?: string };
    if (error.name === 'AbortError') return 'no answer in time';
    return code ?? type ?? error.name;
  }
  return String(error);
}

/** Why the bot cannot start, saying what to fix. */
export function startupError(error: unknown, apiRoot: string): StartupError {
  if (error instanceof TelegramError) {
    if (error.code === 401 || error.code === 404) {
      return new StartupError(`Telegram rejected TELEGRAM_BOT_TOKEN (${error.code} ${error.code === 401 ? 'Unauthorized' : 'Not Found'}): copy the token from @BotFather again`);
    }
    return new StartupError(`Telegram refused to start the bot (${reasonOf(error)})`);
  }
  return new StartupError(`could not reach the Telegram Bot API at ${apiRoot} (${reasonOf(error)}): check the network, or TELEGRAM_API_ROOT`);
}
