import { planProcessingTimesBroadcast } from '../broadcasts.ts';
import { fetchFeed, type FetchOptions } from '../feed/fetch.ts';
import { FeedError } from '../feed/normalize.ts';
import type { Logger } from '../log.ts';
import type { Subscription } from '../subscriptions.ts';
import { contentKey, readProcessingTimes } from './snapshot.ts';
import type { ProcessingTimesCheck, ProcessingTimesStore, SnapshotSummary, StoredSnapshot } from './store.ts';

export const DEFAULT_PROCESSING_TIMES_URL = 'https://www.canada.ca/content/dam/ircc/documents/json/flpt-en.json';
/** What messages call it. */
export const PROCESSING_TIMES_FILE = "IRCC's processing-times file";
/** The real file, every program and month, is a few hundred KB. */
const MAX_BYTES = 4 * 1024 * 1024;

export type ProcessingTimesOutcome =
  | { status: 'not-modified'; latest: SnapshotSummary | null }
  /** The file says what a kept snapshot says (served again, perhaps with other bytes). */
  | { status: 'unchanged'; latest: SnapshotSummary | null }
  /** IRCC's newer update: kept, and news for subscribed chats. */
  | { status: 'new'; snapshot: StoredSnapshot; previous: SnapshotSummary | null }
  /** IRCC changed values under the same update date: kept, not announced (as edits to rounds are). */
  | { status: 'correction'; snapshot: StoredSnapshot }
  /** Malformed or implausible, or older than the update already held: nothing kept, the last good snapshot stays. */
  | { status: 'refused'; reason: string; latest: SnapshotSummary | null };

export interface ProcessingTimesSyncDeps {
  store: ProcessingTimesStore;
  log: Logger;
  now?: () => Date;
  /**
   * The chats, for the posts a new IRCC update owes (/subscribe ptime): planned here and kept with
   * the update (ProcessingTimesStore.keep). Absent: nobody is told.
   */
  subscriptions?: () => Promise<readonly Subscription[]>;
}

/**
 * One read of IRCC's processing times: a conditional request (an unchanged file costs a 304), the
 * whole file checked, kept if it is new, every outcome recorded for `cli status`. A file that
 * cannot be reached throws FeedError (recorded as failed first); one that cannot be read or
 * cannot be true is refused whole, and its validators are forgotten so the next check reads it
 * again in full (a fixed file then comes in at once).
 */
export function createProcessingTimesSync({ store, log, now = () => new Date(), subscriptions }: ProcessingTimesSyncDeps) {
  return async function syncProcessingTimes(source: string, options: Omit<FetchOptions, 'validators' | 'what' | 'maxBytes'> = {}): Promise<ProcessingTimesOutcome> {
    const at = now().toISOString();
    const check = (outcome: ProcessingTimesCheck['outcome'], snapshot: string | null, error: string | null = null): ProcessingTimesCheck => ({ at, source, outcome, snapshot, error });
    const previousState = await store.feedState();
    const validators = previousState?.source === source ? previousState : null;
    const { latest } = await store.latest();
    const held = latest ? summary(latest) : null;

    let fetched;
    try {
      fetched = await fetchFeed(source, { ...options, validators, what: PROCESSING_TIMES_FILE, maxBytes: MAX_BYTES });
    } catch (error) {
      const reason = error instanceof FeedError ? error.message : String(error);
      await store.recordCheck(check('failed', null, reason));
      throw error instanceof FeedError ? error : new FeedError(reason);
    }
    if (fetched.kind === 'not-modified') {
      await store.recordCheck(check('not-modified', held?.id ?? null));
      return { status: 'not-modified', latest: held };
    }
    const feed = { source, ...fetched.validators, contentHash: fetched.contentHash };
    if (validators && fetched.contentHash === validators.contentHash) {
      await store.recordCheck(check('unchanged', held?.id ?? null), feed);
      return { status: 'unchanged', latest: held };
    }

    const read = readProcessingTimes(fetched.text, { now: now() });
    if (!read.ok) return refuse(read.reason);
    const key = contentKey(read.raw);
    const kept = (await store.list()).find((snapshot) => snapshot.contentKey === key);
    if (kept) {
      await store.recordCheck(check('unchanged', kept.id), feed);
      return { status: 'unchanged', latest: held };
    }
    if (held && read.times.updated < held.updated) {
      return refuse(`dated ${read.times.updated}, before the update already held (${held.updated}): a stale copy`);
    }
    const snapshot: StoredSnapshot = { id: `${read.times.updated}#${key.slice(0, 12)}`, updated: read.times.updated, readAt: at, source, origin: 'fetched', contentKey: key, raw: read.raw };
    if (held && read.times.updated === held.updated) {
      await store.keep(snapshot, feed, check('correction', snapshot.id));
      log.info({ snapshot: snapshot.id }, 'IRCC changed its processing times under the same update date (kept, not posted)');
      return { status: 'correction', snapshot };
    }
    const broadcast = subscriptions ? planProcessingTimesBroadcast(snapshot, held, await subscriptions(), at) : null;
    await store.keep(snapshot, feed, check('new', snapshot.id), broadcast);
    log.info({ snapshot: snapshot.id, previous: held?.id ?? null, posts: broadcast?.audience.length ?? 0 }, 'new processing times from IRCC');
    return { status: 'new', snapshot, previous: held };

    // Said by the caller (the scheduler's log, `cli sync`'s one line), as a failure is.
    async function refuse(reason: string): Promise<ProcessingTimesOutcome> {
      await store.recordCheck(check('refused', held?.id ?? null, reason), null);
      return { status: 'refused', reason, latest: held };
    }
  };
}

export type ProcessingTimesSync = ReturnType<typeof createProcessingTimesSync>;

function summary({ raw: _raw, ...rest }: StoredSnapshot): SnapshotSummary {
  return rest;
}
