import type { CategoryCatalog } from './categories.ts';
import type { Draw } from './draw.ts';
import { fetchFeed, type FetchOptions, type FeedValidators } from './feed/fetch.ts';
import { parseFeedText } from './feed/normalize.ts';
import type { RoundRefusal } from './feed/plausibility.ts';
import type { Logger } from './log.ts';
import { mergeDraws, type DrawEdit } from './merge.ts';
import { newestHeldRound, newsOf, planRoundBroadcast, type Broadcast, type PlannedRounds } from './broadcasts.ts';
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
  /** The posts the new rounds owe to subscribed chats, as one broadcast; null when none. */
  broadcast: Broadcast | null;
  feed: FeedState;
  at: string;
}

/** What a sync needs from storage. */
export interface SyncStore {
  readonly draws: readonly Draw[];
  readonly feedState: FeedState | null;
  /** Every subscription, disabled ones included (read only when a sync finds news). */
  listSubscriptions(): Promise<Subscription[]>;
  /** Which of these rounds each chat was already owed or sent (a round is never planned twice). */
  plannedRounds(rounds: readonly string[]): Promise<PlannedRounds>;
  saveSync(change: SyncChange): Promise<void>;
}

/** `refused`, present only when not empty: implausible rounds left out (feed/plausibility.ts). */
export type SyncOutcome =
  | { status: 'not-modified' }
  | { status: 'unchanged'; refused?: RoundRefusal[] }
  | { status: 'merged'; added: Draw[]; edited: DrawEdit[]; total: number; stale: boolean; refused?: RoundRefusal[] };

export interface SyncDeps {
  store: SyncStore;
  catalog: CategoryCatalog;
  log: Logger;
  now?: () => Date;
}

/**
 * Fetch, validate, normalize, merge, decide the posts new rounds owe, save. A feed that cannot be
 * read throws FeedError before anything is written; an implausible round is left out alone
 * (feed/plausibility.ts). Returns a function so that labels nobody knows are logged once per process.
 */
export function createSync({ store, catalog, log, now = () => new Date() }: SyncDeps) {
  const reported = new Set<string>();
  // One sync at a time: two at once (the catch-up poll at start and a scheduled one) would both
  // find the same rounds new, before either stored them, and plan them twice.
  let previousRun: Promise<unknown> = Promise.resolve();
  return function sync(source: string, options: Omit<FetchOptions, 'validators'> = {}): Promise<SyncOutcome> {
    const run = previousRun.then(() => syncOnce(source, options), () => syncOnce(source, options));
    previousRun = run.catch(() => undefined);
    return run;
  };

  async function syncOnce(source: string, options: Omit<FetchOptions, 'validators'>): Promise<SyncOutcome> {
    const previous = store.feedState?.source === source ? store.feedState : null;
    const fetched = await fetchFeed(source, { ...options, validators: previous });
    if (fetched.kind === 'not-modified') return { status: 'not-modified' };
    if (previous && fetched.contentHash === previous.contentHash) return { status: 'unchanged' };

    const feed = parseFeedText(fetched.text, catalog, { now: now() });
    for (const label of feed.unknownLabels.filter((label) => !reported.has(label))) {
      reported.add(label);
      log.warn({ label }, 'round type not in the category list: kept as "other"');
    }
    for (const refusal of feed.refused.filter(({ reason }) => !reported.has(reason))) {
      reported.add(refusal.reason);
      log.warn({ round: refusal.number, field: refusal.field }, `round refused, the rest of the feed kept: ${refusal.reason}`);
    }
    for (const label of feed.newerListLabels.filter((label) => !reported.has(label))) {
      reported.add(label);
      log.warn({ label }, "round names a list version newer than the bot's category lists: placed by keyword, without a version; update DATA_DIR/categories.json (README)");
    }
    for (const value of feed.unreadable) log.debug(value, 'typed timestamp not readable: raw text kept');

    const merged = mergeDraws(store.draws, feed.draws);
    if (merged.stale) log.warn({ source }, 'the feed ends before the stored history: a stale copy; its differences were not applied');
    const changed = merged.added.length > 0 || merged.edited.length > 0;
    const refused = feed.refused.length ? { refused: feed.refused } : {};
    // The feed's validators vouch for all of it. With rounds refused, not all of it is stored: record
    // none, so every poll reads it again and a corrected round comes in at once (no 304 hiding it).
    if (feed.refused.length && !changed) return { status: 'unchanged', ...refused };
    const validators = feed.refused.length ? { etag: null, lastModified: null, contentHash: null } : { ...fetched.validators, contentHash: fetched.contentHash };
    const at = now().toISOString();
    const news = newsOf(merged.added, newestHeldRound(merged.draws, merged.added, at));
    const broadcast = news.length ? planRoundBroadcast(news, await store.listSubscriptions(), await store.plannedRounds(news.map((draw) => draw.number)), at) : null;
    await store.saveSync({ draws: merged.draws, added: merged.added, edited: merged.edited, broadcast, feed: { source, ...validators }, at });
    if (!changed) return { status: 'unchanged' };
    return { status: 'merged', added: merged.added, edited: merged.edited, total: merged.draws.length, stale: merged.stale, ...refused };
  }
}

export type Sync = ReturnType<typeof createSync>;
