import { existsSync } from 'node:fs';
import { z } from 'zod';
import { lanesOf, type Broadcast, type BroadcastKind, type Period } from '../../core/broadcasts.ts';
import { PLATFORMS, platformOf, type Platform } from '../../core/subscriptions.ts';
import type { DeliveryState } from '../contract.ts';
import { JsonFile, type FileSpec } from './json-file.ts';
import type { StoredProgress } from './schema.ts';

/**
 * The outbox as earlier versions left it in outbox.json, read once at open and turned into
 * broadcasts and their progress (deliveries.json). Schema 1 held one item per chat; schema 2 the
 * progress of each broadcast beside broadcasts.json, with a state per chat taken.
 */
export const LEGACY_OUTBOX_FILE = 'outbox.json';

const periodSchema = z.object({ from: z.string(), to: z.string() }).nullable();
const statusSchema = z.enum(['pending', 'sent', 'dropped']);
const chatSchema = z.object({ status: statusSchema, attempts: z.number(), notBefore: z.string().nullable(), sentAt: z.string().nullable(), error: z.string().nullable() });
const itemSchema = chatSchema.extend({ id: z.string(), subscriptionId: z.string(), kind: z.enum(['rounds', 'periodic']), rounds: z.array(z.string()), period: periodSchema, queuedAt: z.string() });

type LegacyChat = z.infer<typeof chatSchema>;
type LegacyItem = z.infer<typeof itemSchema>;

interface LegacyOutbox {
  broadcasts: Record<string, { cursors: Partial<Record<Platform, number>>; chats: Record<string, LegacyChat>; sent: number; lastSentAt: string | null }>;
  legacyItems?: LegacyItem[];
}

const legacyOutboxFile: FileSpec<LegacyOutbox> = {
  name: LEGACY_OUTBOX_FILE,
  version: 2,
  schema: z.object({
    broadcasts: z.record(z.string(), z.object({ cursors: z.partialRecord(z.enum(PLATFORMS), z.number()), chats: z.record(z.string(), chatSchema), sent: z.number(), lastSentAt: z.string().nullable() })),
    legacyItems: z.array(itemSchema).optional(),
  }),
  empty: () => ({ broadcasts: {} }),
  migrations: { 1: (data) => ({ broadcasts: {}, legacyItems: data.items }) },
};

/** What outbox.json held, as this version stores it: broadcasts it alone knew (schema 1), and progress by broadcast id. */
export interface LegacyOutboxContents {
  broadcasts: Broadcast[];
  progress: Record<string, StoredProgress>;
}

/** Reads outbox.json, if there is one, against the broadcasts already defined; null when there is none. */
export async function readLegacyOutbox(path: string, defined: readonly Broadcast[]): Promise<LegacyOutboxContents | null> {
  if (!existsSync(path)) return null;
  const { data } = await JsonFile.open(path, legacyOutboxFile);
  const byId = new Map(defined.map((broadcast) => [broadcast.id, broadcast]));
  const progress: Record<string, StoredProgress> = {};
  for (const [id, old] of Object.entries(data.broadcasts)) {
    const broadcast = byId.get(id);
    // Progress with no definition was never planned (a crash between the two writes of that version).
    if (!broadcast) continue;
    progress[id] = { size: broadcast.audience.length, cursors: old.cursors, deliveries: {}, sent: old.sent, lastSentAt: old.lastSentAt };
    for (const [index, chat] of Object.entries(old.chats)) settle(progress[id], Number(index), chat);
  }
  const broadcasts: Broadcast[] = [];
  for (const { broadcast, progress: itemsProgress } of broadcastsOfItems(data.legacyItems ?? [])) {
    if (byId.has(broadcast.id)) continue;
    broadcasts.push(broadcast);
    progress[broadcast.id] = itemsProgress;
  }
  return { broadcasts, progress };
}

/** A chat's old state in the new progress: a sent one is counted, the others kept by position. */
function settle(progress: StoredProgress, index: number, chat: LegacyChat): void {
  if (chat.status === 'sent') {
    progress.sent++;
    if (chat.sentAt && (!progress.lastSentAt || chat.sentAt > progress.lastSentAt)) progress.lastSentAt = chat.sentAt;
    return;
  }
  const state: DeliveryState = { status: chat.status, attempts: chat.attempts, notBefore: chat.notBefore, error: chat.error };
  progress.deliveries[index] = state;
}

const untouched = (item: LegacyItem) => item.status === 'pending' && item.attempts === 0 && item.notBefore === null && item.error === null;

/**
 * Schema-1 items as broadcasts: items planned together (same kind, period and time) form one, a
 * chat at most once in each, grouped by platform with the chats already under way first (behind
 * the cursor), the untouched ones after it.
 */
function broadcastsOfItems(items: readonly LegacyItem[]): { broadcast: Broadcast; progress: StoredProgress }[] {
  const groups = new Map<string, LegacyItem[][]>();
  for (const item of items) {
    const key = `${item.kind}|${item.period ? `${item.period.from}..${item.period.to}` : ''}|${item.queuedAt}`;
    const parts = groups.get(key) ?? [];
    if (!groups.has(key)) groups.set(key, parts);
    let part = parts.find((candidate) => !candidate.some((other) => other.subscriptionId === item.subscriptionId));
    if (!part) parts.push((part = []));
    part.push(item);
  }
  const result: { broadcast: Broadcast; progress: StoredProgress }[] = [];
  for (const [key, parts] of groups) {
    parts.forEach((part, partIndex) => {
      const ordered = PLATFORMS.flatMap((platform) => {
        const mine = part.filter((item) => platformOf(item.subscriptionId) === platform);
        return [...mine.filter((item) => !untouched(item)), ...mine.filter(untouched)];
      });
      const first = ordered[0]!;
      const broadcast = withVariants(`legacy|${key}#${partIndex}`, first.kind, first.period, first.queuedAt, ordered);
      const progress: StoredProgress = { size: ordered.length, cursors: {}, deliveries: {}, sent: 0, lastSentAt: null };
      for (const [platform, [start, end]] of Object.entries(lanesOf(broadcast)) as [Platform, [number, number]][]) {
        let cursor = start;
        for (let index = start; index < end && !untouched(ordered[index]!); index++) {
          settle(progress, index, ordered[index]!);
          cursor = index + 1;
        }
        progress.cursors[platform] = cursor;
      }
      result.push({ broadcast, progress });
    });
  }
  return result;
}

function withVariants(id: string, kind: BroadcastKind, period: Period | null, createdAt: string, items: readonly LegacyItem[]): Broadcast {
  const variants: string[][] = [];
  const variantIndex = new Map<string, number>();
  const variantOf = items.map((item) => {
    const key = item.rounds.join(',');
    if (!variantIndex.has(key)) variantIndex.set(key, variants.push(item.rounds) - 1);
    return variantIndex.get(key)!;
  });
  return { id, kind, period, createdAt, audience: items.map((item) => item.subscriptionId), variants, variantOf };
}
