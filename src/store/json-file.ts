import { Low } from 'lowdb';
import { DataFile } from 'lowdb/node';
import type { ZodType } from 'zod';
import { StoreFileError } from './errors.ts';

/**
 * One lowdb file with a schema version. lowdb writes atomically (temp file + rename, coalescing
 * writes that overlap); this adds: errors that name the file, migrations from older versions, and
 * a refusal to load a newer version's file or one that does not match the schema.
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
}

type Versioned<T> = T & { schemaVersion: number };

export class JsonFile<T extends object> {
  readonly #low: Low<Versioned<T>>;
  /** The write under way (settled when it is on disk, failed or not). */
  #current: Promise<void> = Promise.resolve();
  /** The next write, not started yet: every change made meanwhile goes out in it. */
  #next: Promise<void> | null = null;

  private constructor(
    readonly path: string,
    low: Low<Versioned<T>>,
    readonly existed: boolean,
  ) {
    this.#low = low;
  }

  static async open<T extends object>(path: string, spec: FileSpec<T>): Promise<JsonFile<T>> {
    const adapter = new DataFile<Versioned<T>>(path, {
      parse: (text) => upgrade(path, text, spec),
      stringify: (data) => `${spec.compact ? JSON.stringify(data) : JSON.stringify(data, null, 1)}\n`,
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
    return new JsonFile(path, low, text !== null);
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
      const next = this.#current.then(() => {
        this.#next = null;
        return this.#low.write();
      });
      this.#next = next;
      this.#current = next.catch(() => undefined);
    }
    return this.#next;
  }

  /** Resolves when every write so far is on disk. */
  flush(): Promise<void> {
    return this.#current;
  }
}

function upgrade<T>(path: string, text: string, spec: FileSpec<T>): Versioned<T> {
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
  const checked = spec.schema.safeParse(data);
  if (!checked.success) {
    const issue = checked.error.issues[0];
    throw new StoreFileError(path, `does not match its schema (${issue?.path.join('.') || 'root'}: ${issue?.message})`);
  }
  return { ...(checked.data as T), schemaVersion: version };
}
