import type { Broadcast, OutboxItem } from '../core/outbox.ts';
import type { Subscription } from '../core/subscriptions.ts';
import type { BroadcastProgress, ChatDelivery, StoredBroadcast } from './schema.ts';

/** How broadcasts are laid out on disk, and per-chat items (a schema-1 outbox, queue()) turned into them. */

export type Platform = Subscription['platform'];
const PLATFORMS: readonly Platform[] = ['telegram', 'discord'];

/** Subscription ids are `${platform}:${chatId}` (core/subscriptions.ts). */
export function platformOf(subscriptionId: string): Platform {
  const prefix = subscriptionId.slice(0, subscriptionId.indexOf(':'));
  return PLATFORMS.find((platform) => platform === prefix) ?? 'telegram';
}

export function freshProgress(): BroadcastProgress {
  return { cursors: {}, chats: {}, sent: 0, lastSentAt: null };
}

/** The audience regrouped by platform (first appearance, stable), each platform a range. */
export function stored(broadcast: Broadcast, order: (index: number) => number = () => 0): StoredBroadcast {
  const byPlatform = new Map<Platform, number[]>();
  broadcast.audience.forEach((subscriptionId, index) => {
    const platform = platformOf(subscriptionId);
    const list = byPlatform.get(platform) ?? [];
    if (!byPlatform.has(platform)) byPlatform.set(platform, list);
    list.push(index);
  });
  const result: StoredBroadcast = { ...broadcast, audience: [], variantOf: [], lanes: {} };
  for (const [platform, indexes] of byPlatform) {
    const start = result.audience.length;
    // Stable sort: `order` puts the chats already taken (a legacy outbox's) before the fresh ones.
    for (const index of [...indexes].sort((a, b) => order(a) - order(b))) {
      result.audience.push(broadcast.audience[index]!);
      result.variantOf.push(broadcast.variantOf[index]!);
    }
    result.lanes[platform] = [start, result.audience.length];
  }
  return result;
}

const fresh = (item: OutboxItem) => item.status === 'pending' && item.attempts === 0 && item.notBefore === null && item.error === null;
/** Sent at the first attempt: kept as a count, not one by one. */
export const plainSent = (state: ChatDelivery) => state.status === 'sent' && state.attempts === 1 && state.error === null;

/**
 * Per-chat items (a version-1 outbox, or `queue()`) as broadcasts: items planned together (same
 * kind, period and time) form one, a chat at most once in each. Items already under way become
 * progress entries; fresh ones are left after the cursor.
 */
export function broadcastsOfItems(items: readonly OutboxItem[], idFor: (key: string) => string): { broadcast: StoredBroadcast; progress: BroadcastProgress }[] {
  const groups = new Map<string, OutboxItem[][]>();
  for (const item of items) {
    const key = `${item.kind}|${item.period ? `${item.period.from}..${item.period.to}` : ''}|${item.queuedAt}`;
    const parts = groups.get(key) ?? [];
    if (!groups.has(key)) groups.set(key, parts);
    let part = parts.find((candidate) => !candidate.some((other) => other.subscriptionId === item.subscriptionId));
    if (!part) parts.push((part = []));
    part.push(item);
  }
  const result: { broadcast: StoredBroadcast; progress: BroadcastProgress }[] = [];
  for (const [key, parts] of groups) {
    parts.forEach((part, partIndex) => {
      const first = part[0]!;
      const variants: string[][] = [];
      const variantIndex = new Map<string, number>();
      const variantOf = part.map((item) => {
        const rounds = item.rounds.join(',');
        if (!variantIndex.has(rounds)) variantIndex.set(rounds, variants.push(item.rounds) - 1);
        return variantIndex.get(rounds)!;
      });
      const plan: Broadcast = { id: idFor(`${key}#${partIndex}`), kind: first.kind, period: first.period, createdAt: first.queuedAt, audience: part.map((item) => item.subscriptionId), variants, variantOf };
      const broadcast = stored(plan, (index) => (fresh(part[index]!) ? 1 : 0));
      const progress = freshProgress();
      const position = new Map(part.map((item) => [item.subscriptionId, item]));
      for (const [platform, [start, end]] of Object.entries(broadcast.lanes) as [Platform, [number, number]][]) {
        let cursor = start;
        for (let index = start; index < end; index++) {
          const item = position.get(broadcast.audience[index]!)!;
          if (fresh(item)) continue;
          cursor = index + 1;
          const state: ChatDelivery = { status: item.status, attempts: item.attempts, notBefore: item.notBefore, sentAt: item.sentAt, error: item.error };
          if (plainSent(state)) {
            progress.sent++;
            if (!progress.lastSentAt || (item.sentAt && item.sentAt > progress.lastSentAt)) progress.lastSentAt = item.sentAt;
          } else progress.chats[index] = state;
        }
        progress.cursors[platform] = cursor;
      }
      result.push({ broadcast, progress });
    });
  }
  return result;
}
