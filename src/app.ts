import { commands } from '../commands/index.ts';
import type { Config } from './config.ts';
import type { Answering } from './chat/context.ts';
import { createCore, type Core } from './core/index.ts';
import { planProcessingTimesBroadcast } from './core/outbox.ts';
import { createProcessingTimesSync, type ProcessingTimesSync } from './core/processing-times/sync.ts';
import { createSync, type Sync } from './core/sync.ts';
import type { Logger } from './log.ts';
import { ProcessingTimesFile } from './store/processing-times.ts';
import { loadSeeds, SEEDS_DIR, type Seeds } from './store/seeds.ts';
import { Store } from './store/store.ts';

/** The composition root's parts: built once per process from the validated config. */
export interface App {
  config: Config;
  log: Logger;
  seeds: Seeds;
  store: Store;
  core: Core;
  answering: Answering;
  sync: Sync;
  /** IRCC's processing times as kept (DATA_DIR/processing-times.json). */
  processingTimes: ProcessingTimesFile;
  syncProcessingTimes: ProcessingTimesSync;
}

export interface OpenAppOptions {
  /** Readers (`ask`, `draws`) never write and take no lock. */
  readOnly?: boolean;
  /** Start from an empty history instead of the shipped snapshot (first run only). */
  seed?: boolean;
}

export async function openApp(config: Config, log: Logger, { readOnly = false, seed = true }: OpenAppOptions = {}): Promise<App> {
  const seeds = loadSeeds(SEEDS_DIR, { dataDir: config.DATA_DIR });
  const history = seed ? { file: seeds.snapshotPath, draws: seeds.snapshotDraws } : { file: '(none: --no-seed)', draws: () => [] };
  const store = await Store.open(config.DATA_DIR, { seed: history, readOnly });
  log.debug({ dataDir: config.DATA_DIR, draws: store.draws.length, readOnly }, 'store open');
  // Under the store's lock; opened when first needed (most answers never need it). `start` opens it
  // at once, so that a corrupt file stops the bot there, named.
  const processingTimes = new ProcessingTimesFile(config.DATA_DIR, { seed: seed ? seeds.processingTimes : null, readOnly });
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
        checkedAt: store.meta.lastSync?.at ?? null,
        snapshotDate: store.draws.find((draw) => draw.number === seededFrom)?.date ?? null,
      };
    },
    categories: seeds.categories,
    noc: seeds.noc,
    plans: seeds.plans,
    processingTimes,
  });
  return {
    config,
    log,
    seeds,
    store,
    core,
    answering: { core, commands, timeZone: config.TZ, subscriptions: readOnly ? undefined : store },
    sync: createSync({ store, catalog: seeds.categories, log }),
    processingTimes,
    syncProcessingTimes: createProcessingTimesSync({
      store: processingTimes,
      log,
      // Issue 20 (/subscribe ptime): a new update's posts are planned before it is kept, as new rounds' are.
      beforeKeep: async (update, previous) => {
        const broadcast = planProcessingTimesBroadcast(update, previous, store.subscriptions, new Date().toISOString());
        if (broadcast) await store.addBroadcast(broadcast);
      },
    }),
  };
}

/** Every write on disk, then the data folder's lock released. */
export async function closeApp(app: App): Promise<void> {
  try {
    await app.processingTimes.flush();
  } finally {
    await app.store.close();
  }
}
