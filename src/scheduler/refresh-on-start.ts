import type { App } from '../app.ts';
import { FeedError } from '../core/feed/normalize.ts';
import { lastChecked, type MetaData } from '../store/contract.ts';

/**
 * The console chat and `cli ask` do not poll: without this, a new user's first answers come from
 * the shipped history, months old. At start, when the data was last checked with IRCC more than
 * an hour ago, one conditional request (the feed's ETag / Last-Modified, so usually a 304) brings
 * newer rounds in. It never holds the first answer up for long: the request gives up after
 * REFRESH_TIMEOUT_MS, and any failure leaves the stored data as it was.
 */

export const REFRESH_AFTER_MS = 60 * 60_000;
/** The whole request, body included; what follows (normalize, merge, write) is local and quick. */
export const REFRESH_TIMEOUT_MS = 2_500;

export type RefreshOutcome =
  | { kind: 'fresh' }
  | { kind: 'checked'; added: string[] }
  | { kind: 'failed'; reason: string };

export function needsRefresh(meta: Pick<MetaData, 'lastSync' | 'lastPoll' | 'lastReachedAt'>, now = new Date()): boolean {
  const checked = lastChecked(meta);
  return !checked || now.getTime() - Date.parse(checked) > REFRESH_AFTER_MS;
}

/** Checks the feed once if the data is over an hour old; the app must have been opened for writing. */
export async function refreshOnStart(app: App, { timeoutMs = REFRESH_TIMEOUT_MS, now = () => new Date() } = {}): Promise<RefreshOutcome> {
  if (!needsRefresh(app.store.meta, now())) return { kind: 'fresh' };
  const at = now().toISOString();
  try {
    const outcome = await app.sync(app.config.FEED_URL, { timeoutMs });
    const added = outcome.status === 'merged' ? outcome.added.map((draw) => draw.number) : [];
    const edited = outcome.status === 'merged' ? outcome.edited.length : 0;
    await app.store.recordPoll({ at, outcome: outcome.status, added: added.length, edited, error: null }, added);
    app.log.info({ outcome: outcome.status, added }, 'checked the feed at start');
    return { kind: 'checked', added };
  } catch (error) {
    if (!(error instanceof FeedError)) throw error;
    app.log.debug({ reason: error.message }, 'feed check at start failed: answering from stored data');
    await app.store.recordPoll({ at, outcome: 'failed', added: 0, edited: 0, error: error.message });
    return { kind: 'failed', reason: error.message };
  }
}
