import { commands } from '../commands/index.ts';
import type { Config } from './config.ts';
import type { Answering } from './chat/context.ts';
import { createCore, type Core } from './core/index.ts';
import { createProcessingTimesSync, type ProcessingTimesSync } from './core/processing-times/sync.ts';
import { createSync, type Sync } from './core/sync.ts';
import type { Logger } from './log.ts';
import { loadSeeds, SEEDS_DIR, type Seeds } from './store/seeds.ts';
import { nextRun } from './scheduler/next-run.ts';
import { lastChecked } from './store/contract.ts';
import type { OutboxRecovery } from './store/lowdb/outbox.ts';
import { openStore, type OpenedStore } from './store/open.ts';

/** The composition root's parts: built once per process from the validated config. */
export interface App {
  config: Config;
  log: Logger;
  seeds: Seeds;
  store: OpenedStore;
  core: Core;
  answering: Answering;
  sync: Sync;
  /** One check of IRCC's processing times, kept in `store.processingTimes` with the posts a new update owes. */
  syncProcessingTimes: ProcessingTimesSync;
}

export interface OpenAppOptions {
  /** Readers (`ask`, `draws`) never write and take no lock. */
  readOnly?: boolean;
  /** Start from an empty history instead of the shipped snapshot (first run only). */
  seed?: boolean;
  /** What to do when the outbox files disagree (`--drop-pending`, `--assume-sent`). */
  recovery?: OutboxRecovery;
}

export async function openApp(config: Config, log: Logger, { readOnly = false, seed = true, recovery }: OpenAppOptions = {}): Promise<App> {
  const seeds = loadSeeds(SEEDS_DIR, { dataDir: config.DATA_DIR });
  const history = seed ? { file: seeds.snapshotPath, draws: seeds.snapshotDraws, processingTimes: seeds.processingTimes } : { file: '(none: --no-seed)', draws: () => [] };
  const store = await openStore(config, { seed: history, readOnly, recovery, log });
  log.debug({ store: store.kind, draws: store.draws.length, readOnly }, 'store open');
  const placed = await store.placeRounds((draw) => seeds.categories.place(draw.label, draw.date));
  // A reader places them again at each start (it writes nothing): only the writer's change is news.
  if (placed) log[readOnly ? 'debug' : 'info']({ rounds: placed, lists: seeds.categoryLists.file }, 'stored rounds placed again with the category lists in force');
  const core = createCore({
    draws: () => store.draws,
    freshness: () => {
      const newest = store.draws[0];
      const seededFrom = store.meta.seededFrom?.newestRound;
      return {
        newest: newest ? { number: newest.number, date: newest.date } : null,
        // A 304 is a check too: the footer says when IRCC was last asked, not when the feed last changed.
        checkedAt: lastChecked(store.meta),
        snapshotDate: store.draws.find((draw) => draw.number === seededFrom)?.date ?? null,
      };
    },
    categories: seeds.categories,
    noc: seeds.noc,
    plans: seeds.plans,
    // Opened when first needed (most answers never need it). `start` opens it at once, so that a
    // corrupt file stops the bot there, named.
    processingTimes: store.processingTimes,
  });
  return {
    config,
    log,
    seeds,
    store,
    core,
    answering: { core, commands, timeZone: config.TZ, subscriptions: readOnly ? undefined : store, nextDigest: () => nextRun(config.DIGEST_CRON, config.TZ) },
    sync: createSync({ store, catalog: seeds.categories, log }),
    // Issue 20 (/subscribe ptime): a new update's posts are planned by the core and kept with it.
    syncProcessingTimes: createProcessingTimesSync({ store: store.processingTimes, log, subscriptions: () => store.listSubscriptions() }),
  };
}
