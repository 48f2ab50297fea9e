import { TokenBucket } from 'limiter';

/**
 * Paces posts within a platform's published limits with token buckets (limiter): tokens drip
 * continuously, so a late timer catches up instead of losing time, and a chat's bucket draws on
 * its group's and the platform's, so one token is taken from each at once. A margin under each
 * limit absorbs network jitter between leaving here and arriving there.
 */
export interface Pacer {
  /** Resolves when a message to this chat may be sent now; the caller then sends it. */
  acquire(chatId: string, group: boolean): Promise<void>;
}

export interface Limit {
  messages: number;
  perMs: number;
}

export interface PacingLimits {
  overall: Limit;
  perChat?: Limit;
  perGroup?: Limit;
}

/** Telegram's Bot API limits: about 30 messages a second overall, 1 a second per chat, 20 a minute per group. */
export const TELEGRAM_LIMITS: PacingLimits = {
  overall: { messages: 30, perMs: 1000 },
  perChat: { messages: 1, perMs: 1000 },
  perGroup: { messages: 20, perMs: 60_000 },
};

/** discord.js's REST queue honours Discord's own rate limits; this only keeps well under the 50/s global one. */
export const DISCORD_LIMITS: PacingLimits = { overall: { messages: 40, perMs: 1000 } };

const MARGIN = 0.97;
/** How far the platform's bucket may run ahead after a stall: a few messages, never a second's worth. */
const OVERALL_BURST = 10;

function bucket({ messages, perMs }: Limit, scale: number, size: number, parentBucket?: TokenBucket): TokenBucket {
  const created = new TokenBucket({ bucketSize: size, tokensPerInterval: messages * MARGIN, interval: perMs / scale, parentBucket });
  created.content = size; // full at start: a chat's first message need not wait
  return created;
}

/** `scale` speeds the clock up (benchmarks against a stub enforcing scaled limits); 1 in production. */
export function createPacer(limits: PacingLimits, { scale = 1 } = {}): Pacer {
  const overall = bucket(limits.overall, scale, OVERALL_BURST);
  const chats = new Map<string, TokenBucket>();
  const forChat = (chatId: string, group: boolean): TokenBucket => {
    let found = chats.get(chatId);
    if (!found) {
      const parent = group && limits.perGroup ? bucket(limits.perGroup, scale, 1, overall) : overall;
      found = limits.perChat ? bucket(limits.perChat, scale, 1, parent) : parent;
      chats.set(chatId, found);
    }
    return found;
  };
  return {
    async acquire(chatId, group) {
      await forChat(chatId, group).removeTokens(1);
    },
  };
}
