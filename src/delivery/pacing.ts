import pThrottle from 'p-throttle';

/**
 * Paces posts within a platform's published limits, with p-throttle's strict algorithm: no window
 * of the interval, however aligned, holds more than the limit. A small margin under each limit
 * absorbs network jitter between leaving here and arriving there.
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

type Gate = () => Promise<void>;

function gate({ messages, perMs }: Limit, scale: number): Gate {
  return pThrottle({ limit: Math.max(1, Math.floor(messages * MARGIN)), interval: perMs / scale, strict: true })(async () => {});
}

/** `scale` speeds the clock up (benchmarks against a stub enforcing scaled limits); 1 in production. */
export function createPacer(limits: PacingLimits, { scale = 1 } = {}): Pacer {
  const overall = gate(limits.overall, scale);
  const chats = new Map<string, Gate[]>();
  return {
    async acquire(chatId, group) {
      let gates = chats.get(chatId);
      if (!gates) {
        gates = [limits.perChat, group ? limits.perGroup : undefined].filter((limit): limit is Limit => !!limit).map((limit) => gate(limit, scale));
        chats.set(chatId, gates);
      }
      for (const chatGate of gates) await chatGate();
      await overall();
    },
  };
}
