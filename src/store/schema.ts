import { z } from 'zod';
import { PROGRAM_IDS, type Draw } from '../core/draw.ts';
import type { FeedState } from '../core/sync.ts';
import type { FileSpec } from './json-file.ts';

const band = z.object({ from: z.number(), to: z.number(), count: z.number() });

const drawSchema = z.object({
  number: z.string(),
  date: z.iso.date(),
  label: z.string(),
  category: z.object({ id: z.string(), version: z.string().nullable() }),
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
};

export interface SyncRecord {
  at: string;
  source: string;
  added: number;
  edited: number;
}

export interface MetaData {
  feed: FeedState | null;
  lastSync: SyncRecord | null;
  /** Where the history started from on first run: the shipped snapshot. */
  seededFrom: { file: string; newestRound: string | null; at: string } | null;
}

const feedStateSchema = z.object({
  source: z.string(),
  etag: z.string().nullable(),
  lastModified: z.string().nullable(),
  contentHash: z.string().nullable(),
});

export const metaFile: FileSpec<MetaData> = {
  name: 'meta.json',
  version: 1,
  schema: z.object({
    feed: feedStateSchema.nullable(),
    lastSync: z.object({ at: z.string(), source: z.string(), added: z.number(), edited: z.number() }).nullable(),
    seededFrom: z.object({ file: z.string(), newestRound: z.string().nullable(), at: z.string() }).nullable(),
  }),
  empty: () => ({ feed: null, lastSync: null, seededFrom: null }),
};
