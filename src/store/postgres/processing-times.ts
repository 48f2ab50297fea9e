import type { Broadcast } from '../../core/broadcasts.ts';
import type { RawProcessingTimes } from '../../core/processing-times/snapshot.ts';
import {
  afterCheck,
  latestAndPrevious,
  type ProcessingTimesCheck,
  type ProcessingTimesRecord,
  type ProcessingTimesStatus,
  type ProcessingTimesStore,
  type SnapshotSummary,
  type StoredSnapshot,
} from '../../core/processing-times/store.ts';
import type { FeedState } from '../../core/sync.ts';
import type { Database, Queryable } from './database.ts';
import type { PostgresOutbox } from './outbox.ts';

interface SnapshotRow {
  id: string;
  updated: string;
  read_at: Date | null;
  source: string;
  origin: StoredSnapshot['origin'];
  content_key: string;
}

const SUMMARY_COLUMNS = 'id, updated::text AS updated, read_at, source, origin, content_key';
/** Oldest first, as compareSnapshots orders them: IRCC's date, then when read (the shipped seed first), then the order kept. */
const OLDEST_FIRST = 'ORDER BY updated, read_at NULLS FIRST, seq';
const EMPTY_RECORD: ProcessingTimesRecord = { feed: null, lastCheck: null, checkedAt: null, lastRefusal: null };

/**
 * IRCC's processing times in PostgreSQL (issue 20): a row per snapshot (processing_time_snapshots)
 * and one row for the validators and checks (processing_times_state), which every write locks
 * first, so that two processes keep snapshots one after the other. A new update is kept in the
 * same transaction as the broadcast it owes. Until a first write, the shipped snapshot is held in
 * memory, then written with it (as the lowdb file does), so that IRCC's next update has a previous.
 */
export class PostgresProcessingTimes implements ProcessingTimesStore {
  readonly #db: Database;
  readonly #outbox: PostgresOutbox;
  readonly #seed: (() => StoredSnapshot | null) | null;
  #shipped: StoredSnapshot | null | undefined;
  readonly #readOnly: boolean;
  /** What snapshots say: never changed once kept (a same id is the same content), so read once per process. */
  readonly #raws = new Map<string, RawProcessingTimes>();

  constructor(db: Database, outbox: PostgresOutbox, { seed, readOnly }: { seed: (() => StoredSnapshot | null) | null; readOnly: boolean }) {
    this.#db = db;
    this.#outbox = outbox;
    this.#seed = seed;
    this.#readOnly = readOnly;
  }

  async ready(): Promise<void> {
    await this.status();
  }

  /** The snapshot shipped in seeds/, read once. */
  #shippedSnapshot(): StoredSnapshot | null {
    if (this.#shipped === undefined) this.#shipped = this.#seed?.() ?? null;
    return this.#shipped;
  }

  /** The snapshots kept, oldest first, without their values; the shipped one while none is. */
  async #summaries(): Promise<SnapshotSummary[]> {
    const { rows } = await this.#db.query<SnapshotRow>('reading the processing times', `SELECT ${SUMMARY_COLUMNS} FROM processing_time_snapshots ${OLDEST_FIRST}`);
    if (!rows.length) {
      const shipped = this.#shippedSnapshot();
      return shipped ? [summaryOf(shipped)] : [];
    }
    return rows.map((row) => ({ id: row.id, updated: row.updated, readAt: row.read_at?.toISOString() ?? null, source: row.source, origin: row.origin, contentKey: row.content_key }));
  }

  async #withValues(summary: SnapshotSummary): Promise<StoredSnapshot> {
    let raw = this.#raws.get(summary.id);
    if (!raw) {
      const { rows } = await this.#db.query<{ raw: RawProcessingTimes }>('reading a processing-times snapshot', 'SELECT raw FROM processing_time_snapshots WHERE id = $1', [summary.id]);
      const shipped = this.#shippedSnapshot();
      raw = rows[0]?.raw ?? (shipped?.id === summary.id ? shipped.raw : undefined);
      if (!raw) throw new Error(`processing-times snapshot "${summary.id}" is not stored`);
      this.#raws.set(summary.id, raw);
    }
    return { ...summary, raw };
  }

  list(): Promise<SnapshotSummary[]> {
    return this.#summaries();
  }

  async get(id: string): Promise<StoredSnapshot | null> {
    const summary = (await this.#summaries()).find((candidate) => candidate.id === id);
    return summary ? this.#withValues(summary) : null;
  }

  async latest(): Promise<{ latest: StoredSnapshot | null; previous: StoredSnapshot | null }> {
    const { latest, previous } = latestAndPrevious(await this.#summaries());
    const [withLatest, withPrevious] = await Promise.all([latest && this.#withValues(latest), previous && this.#withValues(previous)]);
    return { latest: withLatest, previous: withPrevious };
  }

  /** The validators and checks; locked for the rest of the transaction by a write. */
  async #record(client?: Queryable): Promise<ProcessingTimesRecord> {
    const { rows } = client
      ? await client.query<{ data: Partial<ProcessingTimesRecord> }>('SELECT data FROM processing_times_state FOR UPDATE')
      : await this.#db.query<{ data: Partial<ProcessingTimesRecord> }>('reading the processing times', 'SELECT data FROM processing_times_state');
    return { ...EMPTY_RECORD, ...rows[0]?.data };
  }

  async feedState(): Promise<FeedState | null> {
    return (await this.#record()).feed;
  }

  async status(): Promise<ProcessingTimesStatus> {
    const [{ feed: _feed, ...record }, snapshots] = await Promise.all([this.#record(), this.#summaries()]);
    return { ...record, snapshots: snapshots.length };
  }

  async keep(snapshot: StoredSnapshot, feed: FeedState, check: ProcessingTimesCheck, broadcast?: Broadcast | null): Promise<void> {
    await this.#write('keeping new processing times', async (client, record) => {
      if (broadcast) await this.#outbox.add(client, broadcast);
      await insertSnapshots(client, [snapshot], 'replace');
      return { ...afterCheck(record, check), feed };
    });
  }

  async recordCheck(check: ProcessingTimesCheck, feed?: FeedState | null): Promise<void> {
    await this.#write('recording a check of the processing times', async (_client, record) => ({ ...afterCheck(record, check), feed: feed === undefined ? record.feed : feed }));
  }

  /**
   * `store copy`: snapshots kept elsewhere (those already here left as they are), and the record
   * of checks when this database has none of its own. Returns how many snapshots were added.
   */
  async importSnapshots(snapshots: readonly StoredSnapshot[], given: ProcessingTimesRecord): Promise<number> {
    let added = 0;
    await this.#write('copying the processing times', async (client, record) => {
      added = await insertSnapshots(client, snapshots, 'keep');
      return record.lastCheck === null ? given : record;
    }, { seed: false });
    return added;
  }

  /** One transaction: the state row locked, the shipped snapshot written if none is kept yet, the work, the new record. */
  async #write(doing: string, work: (client: Queryable, record: ProcessingTimesRecord) => Promise<ProcessingTimesRecord>, { seed = true } = {}): Promise<void> {
    if (this.#readOnly) throw new Error('this store was opened read-only');
    await this.#db.transaction(doing, async (client) => {
      const record = await this.#record(client);
      const shipped = seed ? this.#shippedSnapshot() : null;
      if (shipped) {
        const { rows } = await client.query('SELECT 1 FROM processing_time_snapshots LIMIT 1');
        if (!rows.length) await insertSnapshots(client, [shipped], 'keep');
      }
      const next = await work(client, record);
      await client.query('UPDATE processing_times_state SET data = $1', [JSON.stringify(next)]);
    });
  }
}

/** Writes snapshots; one whose id is kept is replaced (a read of the same content again) or left as it is. Returns how many rows were written. */
async function insertSnapshots(client: Queryable, snapshots: readonly StoredSnapshot[], onConflict: 'replace' | 'keep'): Promise<number> {
  if (!snapshots.length) return 0;
  const { rowCount } = await client.query(
    `INSERT INTO processing_time_snapshots (id, updated, read_at, source, origin, content_key, raw)
     SELECT * FROM unnest($1::text[], $2::date[], $3::timestamptz[], $4::text[], $5::text[], $6::text[], $7::json[])
     ON CONFLICT (id) DO ${onConflict === 'replace' ? 'UPDATE SET updated = EXCLUDED.updated, read_at = EXCLUDED.read_at, source = EXCLUDED.source, origin = EXCLUDED.origin, content_key = EXCLUDED.content_key, raw = EXCLUDED.raw' : 'NOTHING'}`,
    [
      snapshots.map((each) => each.id),
      snapshots.map((each) => each.updated),
      snapshots.map((each) => each.readAt),
      snapshots.map((each) => each.source),
      snapshots.map((each) => each.origin),
      snapshots.map((each) => each.contentKey),
      snapshots.map((each) => JSON.stringify(each.raw)),
    ],
  );
  return rowCount ?? 0;
}

function summaryOf({ raw: _raw, ...summary }: StoredSnapshot): SnapshotSummary {
  return summary;
}
