import { z } from 'zod';
import { PROGRAM_IDS, type Draw } from '../core/draw.ts';
import type { Broadcast, OutboxItem } from '../core/outbox.ts';
import type { Subscription } from '../core/subscriptions.ts';
import type { FeedState } from '../core/sync.ts';
import { LOCALE_IDS } from '../i18n/locales.ts';
import type { FileSpec } from './json-file.ts';

const band = z.object({ from: z.number(), to: z.number(), count: z.number() });

const drawSchema = z.object({
  number: z.string(),
  date: z.iso.date(),
  label: z.string(),
  category: z.object({ id: z.string(), version: z.string().nullable(), unknownVersion: z.string().optional() }),
  programs: z.array(z.enum(PROGRAM_IDS)),
  programsText: z.string(),
  invitations: z.number(),
  crs: z.number(),
  roundAt: z.string().nullable(),
  roundAtText: z.string().nullable(),
  tieBreakAt: z.string().nullable(),
  tieBreakAtText: z.string().nullable(),
  pool: z.object({ asOf: z.string().nullable(), total: z.number(), bands: z.array(band), subtotals: z.array(band) }).nullable(),
  url: z.string().nullable(),
}) satisfies z.ZodType<Draw>;

export interface DrawsData {
  draws: Draw[];
}

export const drawsFile: FileSpec<DrawsData> = {
  name: 'draws.json',
  version: 1,
  schema: z.object({ draws: z.array(drawSchema) }),
  empty: () => ({ draws: [] }),
  // Read at every start, a few hundred KB: its schema check is skipped while its bytes are the ones written.
  hashed: true,
};

export interface SyncRecord {
  at: string;
  source: string;
  added: number;
  edited: number;
}

/** The scheduler's last feed poll, failed ones included: what `cli status` reports. */
export interface PollRecord {
  at: string;
  outcome: 'not-modified' | 'unchanged' | 'merged' | 'failed';
  added: number;
  edited: number;
  error: string | null;
}

export interface MetaData {
  feed: FeedState | null;
  lastSync: SyncRecord | null;
  /** Where the history started from on first run: the shipped snapshot. */
  seededFrom: { file: string; newestRound: string | null; at: string } | null;
  lastPoll: PollRecord | null;
  /** The last poll that found new rounds, and which. */
  lastNewRounds: { at: string; rounds: string[] } | null;
  /** End of the last period a periodic digest was planned for (ISO instant). */
  lastPeriodicAt: string | null;
  /** The hash of draws.json as this store last wrote it: its schema check is skipped while it matches. */
  drawsHash?: string;
}

const feedStateSchema = z.object({
  source: z.string(),
  etag: z.string().nullable(),
  lastModified: z.string().nullable(),
  contentHash: z.string().nullable(),
});

export const metaFile: FileSpec<MetaData> = {
  name: 'meta.json',
  version: 2,
  schema: z.object({
    feed: feedStateSchema.nullable(),
    lastSync: z.object({ at: z.string(), source: z.string(), added: z.number(), edited: z.number() }).nullable(),
    seededFrom: z.object({ file: z.string(), newestRound: z.string().nullable(), at: z.string() }).nullable(),
    lastPoll: z.object({ at: z.string(), outcome: z.enum(['not-modified', 'unchanged', 'merged', 'failed']), added: z.number(), edited: z.number(), error: z.string().nullable() }).nullable(),
    lastNewRounds: z.object({ at: z.string(), rounds: z.array(z.string()) }).nullable(),
    lastPeriodicAt: z.string().nullable(),
    drawsHash: z.string().optional(),
  }),
  empty: () => ({ feed: null, lastSync: null, seededFrom: null, lastPoll: null, lastNewRounds: null, lastPeriodicAt: null }),
  // 1 → 2: the scheduler's poll records and the periodic digest's clock.
  migrations: { 1: (data) => ({ ...data, lastPoll: null, lastNewRounds: null, lastPeriodicAt: null }) },
};

export interface SubscriptionsData {
  subscriptions: Subscription[];
}

const subscriptionSchema = z.object({
  id: z.string(),
  platform: z.enum(['telegram', 'discord']),
  chatId: z.string(),
  group: z.boolean(),
  locale: z.enum(LOCALE_IDS),
  categories: z.array(z.string()).nullable(),
  eachRound: z.boolean(),
  periodic: z.boolean(),
  processingTimes: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
  disabled: z.object({ at: z.string(), reason: z.string() }).nullable(),
}) satisfies z.ZodType<Subscription>;

export const subscriptionsFile: FileSpec<SubscriptionsData> = {
  name: 'subscriptions.json',
  version: 2,
  schema: z.object({ subscriptions: z.array(subscriptionSchema) }) satisfies z.ZodType<SubscriptionsData>,
  rows: { key: 'subscriptions', schema: subscriptionSchema },
  empty: () => ({ subscriptions: [] }),
  // 1 → 2 (issue 20): the processing-times flag (/subscribe ptime), off for every chat subscribed before.
  migrations: { 1: (data) => ({ ...data, subscriptions: (data.subscriptions as Record<string, unknown>[]).map((row) => ({ ...row, processingTimes: false })) }) },
};

const platformSchema = z.enum(['telegram', 'discord']);
const periodSchema = z.object({ from: z.string(), to: z.string() }).nullable();

/** A broadcast as stored: its audience grouped by platform, each platform's part a range of it. */
export interface StoredBroadcast extends Broadcast {
  lanes: Partial<Record<Subscription['platform'], [start: number, end: number]>>;
}

export interface BroadcastsData {
  broadcasts: StoredBroadcast[];
}

/** Fan-outs as planned: written when one is planned or pruned, never while it is sent. */
export const broadcastsFile: FileSpec<BroadcastsData> = {
  name: 'broadcasts.json',
  // 2 (issue 20): the 'ptime' kind. Nothing to convert; the version makes an older bot refuse the file by name.
  version: 2,
  compact: true,
  migrations: { 1: (data) => data },
  schema: z.object({
    broadcasts: z.array(z.object({
      id: z.string(),
      kind: z.enum(['rounds', 'periodic', 'ptime']),
      period: periodSchema,
      createdAt: z.string(),
      audience: z.array(z.string()),
      variants: z.array(z.array(z.string())),
      variantOf: z.array(z.number()),
      lanes: z.partialRecord(platformSchema, z.tuple([z.number(), z.number()])),
    })),
  }) satisfies z.ZodType<BroadcastsData>,
  empty: () => ({ broadcasts: [] }),
};

/** One chat's post that is taken and not yet settled, or settled otherwise than sent at the first attempt. */
export interface ChatDelivery {
  status: OutboxItem['status'];
  attempts: number;
  notBefore: string | null;
  sentAt: string | null;
  error: string | null;
}

/**
 * How far a broadcast went. Each platform's cursor runs through its part of the audience: a chat
 * before it was taken; one without an entry in `chats` was sent at the first attempt (counted in
 * `sent`, sent by `lastSentAt`). The rest, in flight, retrying or dropped, are kept one by one.
 */
export interface BroadcastProgress {
  cursors: Partial<Record<Subscription['platform'], number>>;
  /** By position in the audience. */
  chats: Record<string, ChatDelivery>;
  sent: number;
  lastSentAt: string | null;
}

export interface OutboxData {
  broadcasts: Record<string, BroadcastProgress>;
  /** Items of a version-1 outbox, turned into broadcasts when the store opens. */
  legacyItems?: OutboxItem[];
}

const itemSchema = z.object({
  id: z.string(),
  subscriptionId: z.string(),
  kind: z.enum(['rounds', 'periodic', 'ptime']),
  rounds: z.array(z.string()),
  period: periodSchema,
  queuedAt: z.string(),
  status: z.enum(['pending', 'sent', 'dropped']),
  attempts: z.number(),
  notBefore: z.string().nullable(),
  sentAt: z.string().nullable(),
  error: z.string().nullable(),
});

/** The delivery progress, rewritten on every mark: small whatever the audience. */
export const outboxFile: FileSpec<OutboxData> = {
  name: 'outbox.json',
  version: 2,
  compact: true,
  schema: z.object({
    broadcasts: z.record(z.string(), z.object({
      cursors: z.partialRecord(platformSchema, z.number()),
      chats: z.record(z.string(), z.object({ status: z.enum(['pending', 'sent', 'dropped']), attempts: z.number(), notBefore: z.string().nullable(), sentAt: z.string().nullable(), error: z.string().nullable() })),
      sent: z.number(),
      lastSentAt: z.string().nullable(),
    })),
    legacyItems: z.array(itemSchema).optional(),
  }) satisfies z.ZodType<OutboxData>,
  empty: () => ({ broadcasts: {} }),
  // 1 → 2: one item per chat becomes broadcasts (their definitions move to broadcasts.json at open).
  migrations: { 1: (data) => ({ broadcasts: {}, legacyItems: data.items }) },
};
