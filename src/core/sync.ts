import type { CategoryCatalog } from './categories.ts';
import type { Draw } from './draw.ts';
import { fetchFeed, type FetchOptions, type FeedValidators } from './feed/fetch.ts';
import { parseFeedText } from './feed/normalize.ts';
import type { Logger } from './log.ts';
import { mergeDraws, type DrawEdit } from './merge.ts';

export interface FeedState extends FeedValidators {
  source: string;
  contentHash: string | null;
}

/** What a sync needs from storage; one write holds everything a sync changes. */
export interface SyncStore {
  readonly draws: readonly Draw[];
  readonly feedState: FeedState | null;
  saveSync(change: { draws: Draw[]; added: Draw[]; edited: DrawEdit[]; feed: FeedState; at: string }): Promise<void>;
}

export type SyncOutcome =
  | { status: 'not-modified' }
  | { status: 'unchanged' }
  | { status: 'merged'; added: Draw[]; edited: DrawEdit[]; total: number; stale: boolean };

export interface SyncDeps {
  store: SyncStore;
  catalog: CategoryCatalog;
  log: Logger;
  now?: () => Date;
}

/**
 * Fetch, validate, normalize, merge, save. A feed that fails anywhere throws FeedError before
 * anything is written. Returns a function so that labels nobody knows are logged once per process.
 */
export function createSync({ store, catalog, log, now = () => new Date() }: SyncDeps) {
  const reported = new Set<string>();
  return async function sync(source: string, options: Omit<FetchOptions, 'validators'> = {}): Promise<SyncOutcome> {
    const previous = store.feedState?.source === source ? store.feedState : null;
    const fetched = await fetchFeed(source, { ...options, validators: previous });
    if (fetched.kind === 'not-modified') return { status: 'not-modified' };
    if (previous && fetched.contentHash === previous.contentHash) return { status: 'unchanged' };

    const feed = parseFeedText(fetched.text, catalog);
    for (const label of feed.unknownLabels.filter((label) => !reported.has(label))) {
      reported.add(label);
      log.warn({ label }, 'round type not in the category list: kept as "other"');
    }
    for (const label of feed.newerListLabels.filter((label) => !reported.has(label))) {
      reported.add(label);
      log.warn({ label }, "round names a list version newer than the bot's category lists: placed by keyword, without a version; update DATA_DIR/categories.json (README)");
    }
    for (const value of feed.unreadable) log.debug(value, 'typed timestamp not readable: raw text kept');

    const merged = mergeDraws(store.draws, feed.draws);
    if (merged.stale) log.warn({ source }, 'the feed ends before the stored history: a stale copy; its differences were not applied');
    await store.saveSync({ draws: merged.draws, added: merged.added, edited: merged.edited, feed: { source, ...fetched.validators, contentHash: fetched.contentHash }, at: now().toISOString() });
    if (!merged.added.length && !merged.edited.length) return { status: 'unchanged' };
    return { status: 'merged', added: merged.added, edited: merged.edited, total: merged.draws.length, stale: merged.stale };
  };
}

export type Sync = ReturnType<typeof createSync>;
