import { setTimeout as sleep } from 'node:timers/promises';
import { TokenBucket } from 'limiter';

/**
 * Paces posts within a platform's published limits: token buckets (limiter) for the platform and
 * each chat — tokens drip continuously, and a chat's bucket draws on the platform's, so one token
 * is taken from each at once — and, for a group's few messages a minute, a log of the sends in the
 * last window. A margin under each limit absorbs network jitter between leaving here and arriving
 * there.
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

/**
 * A group's limit (20 a minute): a few messages over a long window. Its margin is a whole message
 * (97 % of 20 would still let a 20th message in), and it is kept as a log of the sends of the
 * last window rather than a bucket: a message waits for the oldest send to leave the window, so
 * a late timer never delays the ones after it, and no window ever holds more than `limit`.
 */
class SendLog {
  readonly #sent: number[] = [];

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly now: () => number,
  ) {}

  async acquire(): Promise<void> {
    for (;;) {
      const at = this.now();
      while (this.#sent.length && at - this.#sent[0]! >= this.windowMs) this.#sent.shift();
      if (this.#sent.length < this.limit) {
        this.#sent.push(at);
        return;
      }
      await sleep(this.#sent[0]! + this.windowMs - at);
    }
  }
}

function sendLog({ messages, perMs }: Limit, scale: number, now: () => number): SendLog {
  return new SendLog(Math.max(1, messages - 1), perMs / scale, now);
}

/** How often (in acquisitions) the buckets of chats gone quiet are forgotten. */
const SWEEP_EVERY = 1000;

/** `scale` speeds the clock up (benchmarks against a stub enforcing scaled limits); 1 in production. */
export function createPacer(limits: PacingLimits, { scale = 1, now = () => performance.now() } = {}): Pacer & { tracked(): number } {
  const overall = bucket(limits.overall, scale, OVERALL_BURST);
  /**
   * A chat's (and its group's) bucket, while it may still hold back that chat's next message. One
   * left alone for a full interval is full again, the same as a new one: forgotten, so that a
   * fan-out to 100,000 chats keeps the buckets of the last few seconds, not 100,000.
   */
  const chats = new Map<string, { bucket: TokenBucket; group: SendLog | null; lastUsed: number }>();
  const quietAfterMs = Math.max(limits.perChat?.perMs ?? 0, limits.perGroup?.perMs ?? 0) / scale;
  let acquisitions = 0;
  const sweep = (at: number) => {
    for (const [chatId, entry] of chats) if (at - entry.lastUsed > quietAfterMs) chats.delete(chatId);
  };
  const forChat = (chatId: string, group: boolean): { bucket: TokenBucket; group: SendLog | null; lastUsed: number } => {
    const at = now();
    if (++acquisitions % SWEEP_EVERY === 0) sweep(at);
    let found = chats.get(chatId);
    if (!found) {
      found = {
        bucket: limits.perChat ? bucket(limits.perChat, scale, 1, overall) : overall,
        group: group && limits.perGroup ? sendLog(limits.perGroup, scale, now) : null,
        lastUsed: at,
      };
    }
    return found;
  };
  return {
    async acquire(chatId, group) {
      const entry = forChat(chatId, group);
      await entry.bucket.removeTokens(1);
      // Last, so that the time it logs is the send's.
      await entry.group?.acquire();
      // Kept from the moment its token is taken (a sweep while it waited must not lose it).
      entry.lastUsed = now();
      if (entry.bucket !== overall || entry.group) chats.set(chatId, entry);
    },
    /** Chats whose buckets are held (what memory the pacer uses). */
    tracked: () => chats.size,
  };
}
