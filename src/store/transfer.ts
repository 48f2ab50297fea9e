import type { Broadcast } from '../core/broadcasts.ts';
import type { Draw } from '../core/draw.ts';
import type { ProcessingTimesRecord, StoredSnapshot } from '../core/processing-times/store.ts';
import type { MetaData, Progress } from './contract.ts';

/**
 * What `cli store copy` needs of a store beyond the bot's contract: the broadcasts still under way
 * with their progress, and a way to write history, broadcasts and processing times as they were
 * elsewhere (processing times are read through the contract: `processingTimes.list()` and `get`).
 * Both implementations provide it; the bot itself never calls it.
 */
export interface StoreTransfer {
  /** Broadcasts with posts pending, oldest first, each with its progress. */
  unfinishedBroadcasts(): Promise<{ broadcast: Broadcast; progress: Progress }[]>;
  /** Adds a broadcast as it stood elsewhere; false (and nothing changed) when its id is already here. */
  importBroadcast(broadcast: Broadcast, progress: Progress): Promise<boolean>;
  /** Adds or replaces these rounds, and takes meta as given. */
  importHistory(draws: readonly Draw[], meta: MetaData): Promise<void>;
  /**
   * Adds processing-times snapshots kept elsewhere (those already here are left as they are), and
   * takes their record of checks when this store has none of its own. Returns how many were added.
   */
  importProcessingTimes(snapshots: readonly StoredSnapshot[], record: ProcessingTimesRecord): Promise<number>;
  /** Other processes running on this store now (a lowdb folder has none while this one holds its lock). */
  liveInstances(): Promise<LiveInstance[]>;
}

export interface LiveInstance {
  id: string;
  host: string;
  pid: number;
  startedAt: string;
  seenAt: string;
}
