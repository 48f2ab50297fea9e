import { join } from 'node:path';
import { z } from 'zod';
import type { Broadcast } from '../../core/broadcasts.ts';
import { rawProcessingTimesSchema } from '../../core/processing-times/snapshot.ts';
import {
  afterCheck,
  compareSnapshots,
  latestAndPrevious,
  type ProcessingTimesCheck,
  type ProcessingTimesRecord,
  type ProcessingTimesStatus,
  type ProcessingTimesStore,
  type SnapshotSummary,
  type StoredSnapshot,
} from '../../core/processing-times/store.ts';
import type { FeedState } from '../../core/sync.ts';
import { JsonFile, type FileSpec } from './json-file.ts';

/**
 * IRCC's processing times as the bot kept them: DATA_DIR/processing-times.json, every snapshot
 * (a few tens of KB each, one a month), the validators of the last read and the checks `cli
 * status` reports. It is opened when first used: most answers never need it. The process's lock
 * on DATA_DIR (store.ts) covers it; a read-only opener never writes it. LowdbStore holds one as
 * its `processingTimes`, with its outbox for the posts a new update owes.
 */

export interface ProcessingTimesData {
  /** Oldest first. */
  snapshots: StoredSnapshot[];
  feed: FeedState | null;
  lastCheck: ProcessingTimesCheck | null;
  /** The last check that reached IRCC's file (a 304 counts). */
  checkedAt: string | null;
  lastRefusal: ProcessingTimesCheck | null;
}

const checkSchema = z.object({
  at: z.string(),
  source: z.string(),
  outcome: z.enum(['not-modified', 'unchanged', 'new', 'correction', 'refused', 'failed']),
  snapshot: z.string().nullable(),
  error: z.string().nullable(),
}) satisfies z.ZodType<ProcessingTimesCheck>;

export const processingTimesFile: FileSpec<ProcessingTimesData> = {
  name: 'processing-times.json',
  version: 1,
  compact: true,
  schema: z.object({
    snapshots: z.array(z.object({
      id: z.string(),
      updated: z.iso.date(),
      readAt: z.string().nullable(),
      source: z.string(),
      origin: z.enum(['fetched', 'seed']),
      contentKey: z.string(),
      raw: rawProcessingTimesSchema,
    })),
    feed: z.object({ source: z.string(), etag: z.string().nullable(), lastModified: z.string().nullable(), contentHash: z.string().nullable() }).nullable(),
    lastCheck: checkSchema.nullable(),
    checkedAt: z.string().nullable(),
    lastRefusal: checkSchema.nullable(),
  }) satisfies z.ZodType<ProcessingTimesData>,
  empty: () => ({ snapshots: [], feed: null, lastCheck: null, checkedAt: null, lastRefusal: null }),
};

export interface ProcessingTimesFileOptions {
  /** The snapshot shipped in seeds/: held (in memory) until the file exists, then written with the first check. */
  seed: (() => StoredSnapshot | null) | null;
  readOnly?: boolean;
  /**
   * Plans a broadcast in the store's outbox (LowdbStore): written before the snapshot it
   * announces, so a crash between the two plans again, to no effect, at the next check.
   */
  addBroadcast?: (broadcast: Broadcast) => Promise<void>;
}

export class ProcessingTimesFile implements ProcessingTimesStore {
  readonly path: string;
  readonly #options: ProcessingTimesFileOptions;
  #file: Promise<JsonFile<ProcessingTimesData>> | null = null;

  constructor(dataDir: string, options: ProcessingTimesFileOptions) {
    this.path = join(dataDir, processingTimesFile.name);
    this.#options = options;
  }

  /** Opens the file now (a writer does at start, so that a corrupt file stops it there, named). */
  async ready(): Promise<void> {
    await this.#open();
  }

  #open(): Promise<JsonFile<ProcessingTimesData>> {
    this.#file ??= (async () => {
      const file = await JsonFile.open(this.path, processingTimesFile);
      if (!file.existed) {
        const seed = this.#options.seed?.();
        // In memory only: the first write carries it, so it stays the "previous" of what IRCC publishes next.
        if (seed) file.data.snapshots.push(seed);
      }
      return file;
    })();
    // A failed open is not kept: the next use tries again and reports the file again.
    this.#file.catch(() => (this.#file = null));
    return this.#file;
  }

  async #data(): Promise<ProcessingTimesData> {
    return (await this.#open()).data;
  }

  async list(): Promise<SnapshotSummary[]> {
    return (await this.#data()).snapshots.map(({ raw: _raw, ...summary }) => summary);
  }

  async get(id: string): Promise<StoredSnapshot | null> {
    return (await this.#data()).snapshots.find((snapshot) => snapshot.id === id) ?? null;
  }

  async latest(): Promise<{ latest: StoredSnapshot | null; previous: StoredSnapshot | null }> {
    return latestAndPrevious((await this.#data()).snapshots);
  }

  async feedState(): Promise<FeedState | null> {
    return (await this.#data()).feed;
  }

  async keep(snapshot: StoredSnapshot, feed: FeedState, check: ProcessingTimesCheck, broadcast?: Broadcast | null): Promise<void> {
    const file = await this.#writable();
    if (broadcast) {
      if (!this.#options.addBroadcast) throw new Error('this processing-times file has no outbox to plan posts in');
      await this.#options.addBroadcast(broadcast);
    }
    const snapshots = [...file.data.snapshots.filter((kept) => kept.id !== snapshot.id), snapshot].sort(compareSnapshots);
    await file.write({ ...file.data, snapshots, feed, ...afterCheck(file.data, check) });
  }

  async recordCheck(check: ProcessingTimesCheck, feed?: FeedState | null): Promise<void> {
    const file = await this.#writable();
    await file.write({ ...file.data, ...(feed === undefined ? {} : { feed }), ...afterCheck(file.data, check) });
  }

  /**
   * `store copy`: snapshots kept elsewhere (those already here left as they are), and the record
   * of checks when this file has none of its own. Returns how many snapshots were added.
   */
  async importSnapshots(snapshots: readonly StoredSnapshot[], record: ProcessingTimesRecord): Promise<number> {
    const file = await this.#writable();
    const held = new Set(file.data.snapshots.map((snapshot) => snapshot.id));
    const added = snapshots.filter((snapshot) => !held.has(snapshot.id));
    const recorded = file.data.lastCheck !== null;
    if (!added.length && recorded) return 0;
    await file.write({ ...file.data, snapshots: [...file.data.snapshots, ...added].sort(compareSnapshots), ...(recorded ? {} : record) });
    return added.length;
  }

  async status(): Promise<ProcessingTimesStatus> {
    const { checkedAt, lastCheck, lastRefusal, snapshots } = await this.#data();
    return { checkedAt, lastCheck, lastRefusal, snapshots: snapshots.length };
  }

  async #writable(): Promise<JsonFile<ProcessingTimesData>> {
    if (this.#options.readOnly) throw new Error('this store was opened read-only');
    return this.#open();
  }

  /** Resolves when every write so far is on disk. */
  async flush(): Promise<void> {
    if (this.#file) await (await this.#file.catch(() => null))?.flush();
  }
}
