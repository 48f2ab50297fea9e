import type { CategoryCatalog } from './categories.ts';
import type { Draw } from './draw.ts';
import { fetchFeed, type FetchOptions, type FeedValidators } from './feed/fetch.ts';
import { parseFeedText } from './feed/normalize.ts';
import type { Logger } from './log.ts';
import { mergeDraws, type DrawEdit } from './merge.ts';
import { planRoundPosts, type OutboxItem } from './outbox.ts';
import type { Subscription } from './subscriptions.ts';

export interface FeedState extends FeedValidators {
  source: string;
  contentHash: string | null;
}

/** What a sync changes, written by the store in one ordered write (posts, draws, then the feed state). */
export interface SyncChange {
  draws: Draw[];
  added: Draw[];
  edited: DrawEdit[];
  /** The posts the new rounds owe to subscribed chats. */
  posts: OutboxItem[];
  feed: FeedState;
  at: string;
}

/** What a sync needs from storage. */
export interface SyncStore {
  readonly draws: readonly Draw[];
  readonly feedState: FeedState | null;
  readonly subscriptions: readonly Subscription[];
  readonly outbox: readonly OutboxItem[];
  saveSync(change: SyncChange): Promise<void>;
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
 * Fetch, validate, normalize, merge, decide the posts new rounds owe, save. A feed that fails anywhere throws FeedError before
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
    for (const value of feed.unreadable) log.debug(value, 'typed timestamp not readable: raw text kept');

    const merged = mergeDraws(store.draws, feed.draws);
    if (merged.stale) log.warn({ source }, 'the feed ends before the stored history: a stale copy; its differences were not applied');
    const at = now().toISOString();
    const posts = planRoundPosts(merged.added, store.draws[0], store.subscriptions, store.outbox, at);
    await store.saveSync({ draws: merged.draws, added: merged.added, edited: merged.edited, posts, feed: { source, ...fetched.validators, contentHash: fetched.contentHash }, at });
    if (!merged.added.length && !merged.edited.length) return { status: 'unchanged' };
    return { status: 'merged', added: merged.added, edited: merged.edited, total: merged.draws.length, stale: merged.stale };
  };
}

export type Sync = ReturnType<typeof createSync>;
