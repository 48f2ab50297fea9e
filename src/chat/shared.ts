/**
 * What the instances of one bot share about chats (store/coordination.ts stores it): updates
 * already handled (a platform may deliver one twice, or to two instances), secrets every instance
 * must know (a webhook's), and values any instance can read until they expire (a flow's prompt
 * waiting for a typed answer, which may land on any instance). One process keeps them in memory.
 */
export interface SharedState {
  /** True when this instance may handle the update: the first to claim it, or the one claiming it after its claimer died without handling it. */
  claimUpdate(updateId: number): Promise<boolean>;
  /** The claimed update was handled: it is never handled again. */
  updateHandled(updateId: number): Promise<void>;
  /** The value stored under `name`, or `make()` stored there by whichever instance asked first. */
  sharedSecret(name: string, make: () => string): Promise<string>;
  /** A value kept for `ttlMs` under a key any instance can read. */
  remember(key: string, value: unknown, ttlMs: number): Promise<void>;
  /** The value kept under `key`, or undefined when none or expired. */
  recall<T>(key: string): Promise<T | undefined>;
  forget(key: string): Promise<void>;
}

/** One process's shared state: in memory, bounded. */
export class MemorySharedState implements SharedState {
  readonly #updates = new Set<number>();
  readonly #secrets = new Map<string, string>();
  readonly #kept = new Map<string, { value: unknown; expiresAt: number }>();

  async claimUpdate(updateId: number): Promise<boolean> {
    if (this.#updates.has(updateId)) return false;
    // Telegram retries an update for a day at most, a few thousand ids for a busy bot.
    if (this.#updates.size >= 10_000) this.#updates.delete(this.#updates.values().next().value!);
    this.#updates.add(updateId);
    return true;
  }

  async updateHandled(): Promise<void> {}

  async sharedSecret(name: string, make: () => string): Promise<string> {
    let secret = this.#secrets.get(name);
    if (secret === undefined) this.#secrets.set(name, (secret = make()));
    return secret;
  }

  async remember(key: string, value: unknown, ttlMs: number): Promise<void> {
    const now = Date.now();
    for (const [old, kept] of this.#kept) if (kept.expiresAt < now) this.#kept.delete(old);
    // A bound, whatever comes: the oldest go first.
    if (this.#kept.size >= 10_000) this.#kept.delete(this.#kept.keys().next().value!);
    this.#kept.set(key, { value, expiresAt: now + ttlMs });
  }

  async recall<T>(key: string): Promise<T | undefined> {
    const kept = this.#kept.get(key);
    return kept && kept.expiresAt >= Date.now() ? (kept.value as T) : undefined;
  }

  async forget(key: string): Promise<void> {
    this.#kept.delete(key);
  }
}
