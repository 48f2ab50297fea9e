import { z } from 'zod';
import { PROGRAM_IDS, type Draw } from '../../core/draw.ts';
import { BROADCAST_KINDS, type Broadcast } from '../../core/broadcasts.ts';
import { PLATFORMS, type Subscription } from '../../core/subscriptions.ts';
import { LOCALE_IDS } from '../../i18n/locales.ts';
import type { DeliveryState, MetaData, Progress } from '../contract.ts';
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

const feedStateSchema = z.object({
  source: z.string(),
  etag: z.string().nullable(),
  lastModified: z.string().nullable(),
  contentHash: z.string().nullable(),
});

/** Meta as stored: with the hash of draws.json as this store last wrote it (its schema check is skipped while it matches). */
export type StoredMeta = MetaData & { drawsHash?: string };

export const metaFile: FileSpec<StoredMeta> = {
  name: 'meta.json',
  version: 2,
  schema: z.object({
    feed: feedStateSchema.nullable(),
    lastSync: z.object({ at: z.string(), source: z.string(), added: z.number(), edited: z.number() }).nullable(),
    seededFrom: z.object({ file: z.string(), newestRound: z.string().nullable(), at: z.string() }).nullable(),
    lastPoll: z.object({ at: z.string(), outcome: z.enum(['not-modified', 'unchanged', 'merged', 'failed']), added: z.number(), edited: z.number(), error: z.string().nullable() }).nullable(),
    lastNewRounds: z.object({ at: z.string(), rounds: z.array(z.string()) }).nullable(),
    lastPeriodicAt: z.string().nullable(),
    lastReachedAt: z.string().optional(),
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

const platformSchema = z.enum(PLATFORMS);
const periodSchema = z.object({ from: z.string(), to: z.string() }).nullable();
/** A subscription id (`telegram:…`, `discord:…`): a hand-edited audience is refused at open, not met mid-fan-out. */
const subscriptionIdSchema = z.string().regex(/^(telegram|discord):./, 'expected a subscription id such as telegram:123');

export interface BroadcastsData {
  broadcasts: Broadcast[];
}

/** Broadcasts as planned: written when one is planned or pruned, never while it is sent. */
export const broadcastsFile: FileSpec<BroadcastsData> = {
  name: 'broadcasts.json',
  version: 3,
  compact: true,
  schema: z.object({
    broadcasts: z.array(z.object({
      id: z.string(),
      kind: z.enum(BROADCAST_KINDS),
      period: periodSchema,
      createdAt: z.string(),
      audience: z.array(subscriptionIdSchema),
      variants: z.array(z.array(z.string())),
      variantOf: z.array(z.number().int().nonnegative()),
    })),
  }) satisfies z.ZodType<BroadcastsData>,
  empty: () => ({ broadcasts: [] }),
  migrations: {
    // 1 → 2: each platform's part of the audience ("lanes") is derived, no longer stored.
    1: (data) => ({ broadcasts: (data.broadcasts as Record<string, unknown>[]).map(({ lanes: _lanes, ...broadcast }) => broadcast) }),
    // 2 → 3 (issue 20): the 'ptime' kind. Nothing to convert; the version makes an older bot refuse the file by name.
    2: (data) => data,
  },
};

/**
 * A broadcast's progress as stored. `size` (its audience's length) lets this file alone say what is
 * pending, so that a lost broadcasts.json is never taken for "nothing owed". `planning` marks an
 * entry written before its broadcast (see LowdbOutbox.add): never planned if its broadcast is missing.
 */
export interface StoredProgress extends Progress {
  size: number;
  planning?: true;
}

export interface DeliveriesData {
  broadcasts: Record<string, StoredProgress>;
}

const count = z.number().int().nonnegative();
const deliveryStateSchema = z.object({ status: z.enum(['pending', 'dropped']), attempts: count, notBefore: z.string().nullable(), error: z.string().nullable() }) satisfies z.ZodType<DeliveryState>;

/** The outbox's progress, rewritten on every mark: small whatever the audience. */
export const deliveriesFile: FileSpec<DeliveriesData> = {
  name: 'deliveries.json',
  version: 1,
  compact: true,
  schema: z.object({
    broadcasts: z.record(z.string(), z.object({
      size: count,
      planning: z.literal(true).optional(),
      cursors: z.partialRecord(platformSchema, count),
      deliveries: z.record(z.string().regex(/^\d+$/, 'expected a position in the audience'), deliveryStateSchema),
      sent: count,
      lastSentAt: z.string().nullable(),
    })),
  }) satisfies z.ZodType<DeliveriesData>,
  empty: () => ({ broadcasts: {} }),
};

export interface DisabledData {
  /** By subscription id: when and why the platform refused the chat. */
  marks: Record<string, { at: string; reason: string }>;
}

/**
 * "Disabled" marks, small and written at once; folded into subscriptions.json at its next write. A
 * fan-out meeting a thousand blocked chats among 100,000 would otherwise rewrite that whole file a
 * thousand times.
 */
export const disabledFile: FileSpec<DisabledData> = {
  name: 'disabled.json',
  version: 1,
  compact: true,
  schema: z.object({ marks: z.record(subscriptionIdSchema, z.object({ at: z.string(), reason: z.string() })) }),
  empty: () => ({ marks: {} }),
};
