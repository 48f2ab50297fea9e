import { createHash } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { Low } from 'lowdb';
import { DataFile } from 'lowdb/node';
import type { ZodType } from 'zod';
import { describeIoError, StoreFileError, StoreWriteError } from '../errors.ts';

/**
 * One lowdb file with a schema version. lowdb writes atomically (temp file + rename, coalescing
 * writes that overlap); this adds: errors that name the file, migrations from older versions, a
 * refusal to load a newer version's file or one that does not match the schema, and memory that
 * never holds what the disk refused (a failed write reloads the file, see #recover).
 */
export interface FileSpec<T> {
  name: string;
  version: number;
  schema: ZodType<T>;
  empty: () => T;
  /** migrations[n] turns a version-n file into version n+1. */
  migrations?: Record<number, (data: Record<string, unknown>) => Record<string, unknown>>;
  /** One line instead of indented: for files rewritten often and read by no one (the outbox). */
  compact?: boolean;
  /**
   * A field holding one row per chat (100,000 subscriptions): checked row by row against `schema`
   * (the whole file's schema, given an empty list there), keeping the parsed rows rather than a
   * validated copy of them all, which would double the memory of loading the file.
   */
  rows?: { key: string; schema: ZodType };
  /**
   * Keep the hash of what is on disk (`JsonFile.hash`), so that a later open given that hash can
   * skip the schema check of bytes this store itself checked and wrote (a large file read at every
   * start: the rounds).
   */
  hashed?: boolean;
}

export interface OpenFileOptions {
  /** The hash of this file as last written: if the bytes still match, the schema check is skipped. */
  trustedHash?: string | null;
}

function hashOf(text: string): string {
  return createHash('sha256').update(text).digest('base64url');
}

type Versioned<T> = T & { schemaVersion: number };

interface Batch {
  promise: Promise<void>;
  /** Set when the changes it carries were wiped by a reload before it started. */
  lost: StoreWriteError | null;
}

export class JsonFile<T extends object> {
  readonly #low: Low<Versioned<T>>;
  readonly #spec: FileSpec<T>;
  /** The write under way (settled when it is on disk, failed or not). */
  #current: Promise<void> = Promise.resolve();
  /** The next write, not started yet: every change made meanwhile goes out in it. */
  #next: Batch | null = null;
  readonly #reloadListeners: (() => void)[] = [];
  /** For a `hashed` file: the hash of the bytes on disk, and of the ones being written. */
  readonly #hashes: { disk: string | null; writing: string | null };

  private constructor(
    readonly path: string,
    low: Low<Versioned<T>>,
    spec: FileSpec<T>,
    readonly existed: boolean,
    hashes: { disk: string | null; writing: string | null },
  ) {
    this.#low = low;
    this.#spec = spec;
    this.#hashes = hashes;
  }

  static async open<T extends object>(path: string, spec: FileSpec<T>, { trustedHash = null }: OpenFileOptions = {}): Promise<JsonFile<T>> {
    const hashes = { disk: null as string | null, writing: null as string | null };
    const adapter = new DataFile<Versioned<T>>(path, {
      parse: (text) => {
        if (spec.hashed) hashes.disk = hashOf(text);
        return upgrade(path, text, spec, trustedHash !== null && hashes.disk === trustedHash);
      },
      stringify: (data) => {
        const text = `${spec.compact ? JSON.stringify(data) : JSON.stringify(data, null, 1)}\n`;
        if (spec.hashed) hashes.writing = hashOf(text);
        return text;
      },
    });
    const low = new Low<Versioned<T>>(adapter, { schemaVersion: spec.version, ...spec.empty() });
    let text: Versioned<T> | null;
    try {
      text = await adapter.read();
    } catch (error) {
      if (error instanceof StoreFileError) throw error;
      throw new StoreFileError(path, `cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
    }
    if (text) low.data = text;
    return new JsonFile(path, low, spec, text !== null, hashes);
  }

  /** For a `hashed` file: the hash of its bytes on disk (null for a file never read or written). */
  get hash(): string | null {
    return this.#hashes.disk;
  }

  get data(): T {
    return this.#low.data;
  }

  /**
   * Replaces the data and resolves once a write holding it is on disk. Changes made while a write
   * is under way are batched into the next one, serialized once when it starts: a burst of a
   * thousand changes costs a few writes, not a thousand.
   */
  write(data: T): Promise<void> {
    this.#low.data = { ...data, schemaVersion: this.#low.data.schemaVersion };
    if (!this.#next) {
      const batch: Batch = { promise: Promise.resolve(), lost: null };
      batch.promise = this.#current.then(async () => {
        if (batch.lost) throw batch.lost;
        this.#next = null;
        try {
          await this.#low.write();
          this.#hashes.disk = this.#hashes.writing;
        } catch (error) {
          throw this.#recover(error);
        }
      });
      this.#next = batch;
      this.#current = batch.promise.catch(() => undefined);
    }
    return this.#next.promise;
  }

  /** Called, synchronously, whenever a failed write puts the data back as it is on disk (to rebuild indexes). */
  onReload(listener: () => void): void {
    this.#reloadListeners.push(listener);
  }

  /**
   * A write failed (full disk…): the file on disk is the last good one (lowdb renames a complete
   * temp file over it, or nothing). Memory goes back to it, so nothing the disk refused can be
   * mistaken for saved — a later "nothing new" would otherwise hide it for good. The changes
   * batched for the next write were made on the data just replaced: that batch fails too. All of
   * this is synchronous, so no change can slip in between the reload and the listeners.
   */
  #recover(error: unknown): StoreWriteError {
    const failure = new StoreWriteError(this.path, describeIoError(error));
    // steno's temp file (`.name.tmp` beside the file), possibly cut short: never leave it behind.
    try {
      rmSync(join(dirname(this.path), `.${basename(this.path)}.tmp`), { force: true });
    } catch {
      // Left behind if it cannot be removed: the next write replaces it, nothing reads it.
    }
    if (this.#next) {
      this.#next.lost = new StoreWriteError(this.path, `an earlier write failed: ${describeIoError(error)}`);
      this.#next = null;
    }
    this.#low.data = this.#readDisk();
    for (const listener of this.#reloadListeners) listener();
    return failure;
  }

  #readDisk(): Versioned<T> {
    let text: string;
    try {
      text = readFileSync(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw new StoreFileError(this.path, `cannot be read back after a failed write (${describeIoError(error)})`);
      return { schemaVersion: this.#spec.version, ...this.#spec.empty() };
    }
    return upgrade(this.path, text, this.#spec);
  }

  /** Resolves when every write so far is on disk. */
  flush(): Promise<void> {
    return this.#current;
  }
}

function upgrade<T>(path: string, text: string, spec: FileSpec<T>, trusted = false): Versioned<T> {
  let data: Record<string, unknown>;
  try {
    data = JSON.parse(text) as Record<string, unknown>;
  } catch (error) {
    throw new StoreFileError(path, `is not valid JSON (${(error as Error).message})`);
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data) || typeof data.schemaVersion !== 'number') {
    throw new StoreFileError(path, 'has no schemaVersion');
  }
  let version = data.schemaVersion as number;
  if (version > spec.version) {
    throw new StoreFileError(path, `was written by a newer version of the bot (schema ${version}, this one reads up to ${spec.version})`);
  }
  while (version < spec.version) {
    const migrate = spec.migrations?.[version];
    if (!migrate) throw new StoreFileError(path, `has schema ${version}, which this version cannot migrate`);
    data = { ...migrate(data), schemaVersion: ++version };
  }
  // Bytes this store checked before it wrote them, unchanged since (same hash, same schema version).
  if (trusted && data.schemaVersion === spec.version) return data as Versioned<T>;
  const refuse = (issue: { path: PropertyKey[]; message: string } | undefined, prefix: PropertyKey[] = []) => {
    throw new StoreFileError(path, `does not match its schema (${[...prefix, ...(issue?.path ?? [])].join('.') || 'root'}: ${issue?.message})`);
  };
  const rows = spec.rows ? data[spec.rows.key] : undefined;
  if (spec.rows && Array.isArray(rows)) {
    for (const [index, row] of rows.entries()) {
      const checkedRow = spec.rows.schema.safeParse(row);
      if (!checkedRow.success) refuse(checkedRow.error.issues[0], [spec.rows.key, index]);
    }
    data = { ...data, [spec.rows.key]: [] };
  }
  const checked = spec.schema.safeParse(data);
  if (!checked.success) refuse(checked.error.issues[0]);
  const valid = checked.data as T & Record<string, unknown>;
  return { ...(spec.rows && Array.isArray(rows) ? { ...valid, [spec.rows.key]: rows } : valid), schemaVersion: version };
}
