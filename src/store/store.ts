import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Draw } from '../core/draw.ts';
import type { DrawEdit } from '../core/merge.ts';
import type { FeedState, SyncStore } from '../core/sync.ts';
import { JsonFile } from './json-file.ts';
import { acquireLock } from './lock.ts';
import { drawsFile, metaFile, type DrawsData, type MetaData } from './schema.ts';

export interface StoreSeed {
  file: string;
  draws: () => Draw[];
}

export interface OpenOptions {
  /** Draw history for a first start, from the shipped snapshot. */
  seed: StoreSeed;
  /** Readers (`ask`, `draws`, `status`) take no lock and never write; a first start seeds in memory only. */
  readOnly?: boolean;
  now?: () => Date;
}

/** The bot's persistent state under DATA_DIR: lowdb files, one writer per folder. */
export class Store implements SyncStore {
  readonly #draws: JsonFile<DrawsData>;
  readonly #meta: JsonFile<MetaData>;
  readonly #release: (() => void) | null;

  private constructor(draws: JsonFile<DrawsData>, meta: JsonFile<MetaData>, release: (() => void) | null) {
    this.#draws = draws;
    this.#meta = meta;
    this.#release = release;
  }

  static async open(dataDir: string, { seed, readOnly = false, now = () => new Date() }: OpenOptions): Promise<Store> {
    await mkdir(dataDir, { recursive: true });
    const release = readOnly ? null : acquireLock(join(dataDir, '.lock'));
    try {
      const draws = await JsonFile.open(join(dataDir, drawsFile.name), drawsFile);
      const meta = await JsonFile.open(join(dataDir, metaFile.name), metaFile);
      const store = new Store(draws, meta, release);
      if (!draws.existed) await store.#seed(seed, readOnly, now());
      return store;
    } catch (error) {
      release?.();
      throw error;
    }
  }

  async #seed(seed: StoreSeed, readOnly: boolean, at: Date): Promise<void> {
    const draws = seed.draws();
    const seededFrom = { file: seed.file, newestRound: draws[0]?.number ?? null, at: at.toISOString() };
    if (readOnly) {
      Object.assign(this.#draws.data, { draws });
      Object.assign(this.#meta.data, { seededFrom });
      return;
    }
    // Meta first: a crash between the two writes leaves no draws file, so the next start seeds again.
    await this.#meta.write({ ...this.#meta.data, seededFrom });
    await this.#draws.write({ draws });
  }

  get draws(): readonly Draw[] {
    return this.#draws.data.draws;
  }

  get meta(): Readonly<MetaData> {
    return this.#meta.data;
  }

  get feedState(): FeedState | null {
    return this.#meta.data.feed;
  }

  get paths(): { draws: string; meta: string } {
    return { draws: this.#draws.path, meta: this.#meta.path };
  }

  async saveSync({ draws, added, edited, feed, at }: { draws: Draw[]; added: Draw[]; edited: DrawEdit[]; feed: FeedState; at: string }): Promise<void> {
    this.#assertWritable();
    if (added.length || edited.length) await this.#draws.write({ draws });
    await this.#meta.write({ ...this.#meta.data, feed, lastSync: { at, source: feed.source, added: added.length, edited: edited.length } });
  }

  async close(): Promise<void> {
    await Promise.all([this.#draws.flush(), this.#meta.flush()]);
    this.#release?.();
  }

  #assertWritable(): void {
    if (!this.#release) throw new Error('this store was opened read-only');
  }
}
