import type { Broadcast } from '../broadcasts.ts';
import type { FeedState } from '../sync.ts';
import type { RawProcessingTimes } from './snapshot.ts';

/**
 * What the bot keeps of IRCC's processing times, and the interface a store implements to keep it
 * (both stores do, as their `processingTimes`: src/store/lowdb/processing-times.ts and
 * src/store/postgres/processing-times.ts; src/store/contract.ts names it). Every snapshot is kept
 * — a few tens of KB a month — so that answers can say what changed since IRCC's previous update.
 */

export interface StoredSnapshot {
  /** `${updated}#${the first 12 hex digits of contentKey}`: stable, and unique per content. */
  id: string;
  /** IRCC's update date (`flpt_lastupdated`), YYYY-MM-DD. */
  updated: string;
  /** When the bot read it (ISO instant); null for the snapshot shipped in seeds/. */
  readAt: string | null;
  /** The URL or file it was read from, or the shipped seed file. */
  source: string;
  origin: 'fetched' | 'seed';
  /** What it says, whatever the bytes (snapshot.ts contentKey). */
  contentKey: string;
  /** The file as IRCC published it (its five parts), already checked when it was kept. */
  raw: RawProcessingTimes;
}

export type SnapshotSummary = Omit<StoredSnapshot, 'raw'>;

/** One check of IRCC's file, whatever came of it: what `cli status` reports. */
export interface ProcessingTimesCheck {
  at: string;
  source: string;
  outcome: 'not-modified' | 'unchanged' | 'new' | 'correction' | 'refused' | 'failed';
  /** The snapshot the check kept or found again. */
  snapshot: string | null;
  /** Why it was refused, or why it failed. */
  error: string | null;
}

export interface ProcessingTimesStatus {
  /** The last check that reached IRCC's file (a 304 counts): how fresh "checked with IRCC" is. */
  checkedAt: string | null;
  lastCheck: ProcessingTimesCheck | null;
  /** The last snapshot refused whole, and why (the last good one was kept). */
  lastRefusal: ProcessingTimesCheck | null;
  snapshots: number;
}

export interface ProcessingTimesStore {
  /** Opens what it reads now (a writer's start does, so that a corrupt file or table stops it there, named). */
  ready(): Promise<void>;
  /** Every snapshot kept, oldest first (by IRCC's update date, then by when it was read), without its values. */
  list(): Promise<SnapshotSummary[]>;
  get(id: string): Promise<StoredSnapshot | null>;
  /** The newest snapshot, and the newest one IRCC dated before it (what answers compare with). */
  latest(): Promise<{ latest: StoredSnapshot | null; previous: StoredSnapshot | null }>;
  /** The validators of the last read, for the conditional request (null: send none). */
  feedState(): Promise<FeedState | null>;
  /**
   * A new snapshot, the validators that vouch for it and the check that found it: one write. With
   * the broadcast a new IRCC update owes (/subscribe ptime), never the snapshot without it: one
   * transaction where the store has them, else the broadcast first (planned twice is a no-op).
   */
  keep(snapshot: StoredSnapshot, feed: FeedState, check: ProcessingTimesCheck, broadcast?: Broadcast | null): Promise<void>;
  /**
   * A check that kept nothing. `feed` replaces the validators (with those of a read whose content
   * is already kept); null forgets them (a refused file is read whole again next time); absent
   * leaves them as they are.
   */
  recordCheck(check: ProcessingTimesCheck, feed?: FeedState | null): Promise<void>;
  status(): Promise<ProcessingTimesStatus>;
}

/** The checks as a store records them (ProcessingTimesStatus without the count), and the validators. */
export interface ProcessingTimesRecord extends Omit<ProcessingTimesStatus, 'snapshots'> {
  feed: FeedState | null;
}

/** A check's outcomes that reached IRCC's file: they move `checkedAt`. */
const REACHED: ReadonlySet<ProcessingTimesCheck['outcome']> = new Set(['not-modified', 'unchanged', 'new', 'correction', 'refused']);

/** The record after a check, whatever the store: every store keeps the same three facts. */
export function afterCheck(record: Omit<ProcessingTimesRecord, 'feed'>, check: ProcessingTimesCheck): Omit<ProcessingTimesRecord, 'feed'> {
  return {
    lastCheck: check,
    checkedAt: REACHED.has(check.outcome) ? check.at : record.checkedAt,
    lastRefusal: check.outcome === 'refused' ? check : record.lastRefusal,
  };
}

/** Oldest first: by IRCC's date, then by when the bot read it (the shipped seed before anything read). */
export function compareSnapshots(a: SnapshotSummary, b: SnapshotSummary): number {
  if (a.updated !== b.updated) return a.updated < b.updated ? -1 : 1;
  return (a.readAt ?? '') < (b.readAt ?? '') ? -1 : (a.readAt ?? '') > (b.readAt ?? '') ? 1 : 0;
}

/** The newest of these (sorted oldest first) and the newest one IRCC dated before it. */
export function latestAndPrevious<T extends SnapshotSummary>(sorted: readonly T[]): { latest: T | null; previous: T | null } {
  const latest = sorted.at(-1) ?? null;
  if (!latest) return { latest: null, previous: null };
  const previous = sorted.findLast((snapshot) => snapshot.updated < latest.updated) ?? null;
  return { latest, previous };
}
