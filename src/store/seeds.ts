import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { loadCategoryLists, type CategoryLists } from './category-lists.ts';
import type { CategoryCatalog } from '../core/categories.ts';
import type { Draw } from '../core/draw.ts';
import { parseFeedText } from '../core/feed/normalize.ts';
import { NocCatalog, nocSeedSchema } from '../core/noc.ts';
import { plansSeedSchema, type PlansSeed } from '../core/plans.ts';
import { contentKey, rawProcessingTimesSchema, timesOf } from '../core/processing-times/snapshot.ts';
import type { StoredSnapshot } from '../core/processing-times/store.ts';

export type { PlansSeed } from '../core/plans.ts';

/** The project's folder (the one holding package.json), whether this runs from src/ (tsx) or from the bundle in dist/. */
const PROJECT_DIR = projectDir(import.meta.dirname);

function projectDir(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) return resolve(from, '../..');
  }
}

/** The data the project ships, built by scripts/build-seeds.ts from the reference data. */
export const SEEDS_DIR = join(PROJECT_DIR, 'seeds');
export const PLANS_FILE = 'plans.json';
export const SNAPSHOT_FILE = 'ircc-rounds.json';
export const PROCESSING_TIMES_FILE = 'processing-times.json';

/** What a first start begins with: the draw history, and IRCC's processing times until the store holds its own. */
export interface StoreSeed {
  file: string;
  draws: () => Draw[];
  /** Absent or null: none (an empty start, a copy). */
  processingTimes?: (() => StoredSnapshot | null) | null;
}

export interface Seeds {
  /** The lists in force: the operator's DATA_DIR/categories.json, else the shipped ones. */
  categories: CategoryCatalog;
  categoryLists: Omit<CategoryLists, 'catalog'>;
  noc: NocCatalog;
  plans: PlansSeed;
  snapshotPath: string;
  /** The shipped draw history, normalized on demand (first start only). */
  snapshotDraws: () => Draw[];
  /** IRCC's processing times as shipped, read on demand (until the data folder holds its own); null if none is shipped. */
  processingTimes: () => StoredSnapshot | null;
}

function readJson(dir: string, name: string): unknown {
  return JSON.parse(readFileSync(join(dir, name), 'utf8'));
}

export function loadSeeds(dir = SEEDS_DIR, { dataDir }: { dataDir?: string } = {}): Seeds {
  const { catalog: categories, ...categoryLists } = loadCategoryLists(dataDir, dir);
  const snapshotPath = join(dir, SNAPSHOT_FILE);
  return {
    categories,
    categoryLists,
    noc: new NocCatalog(nocSeedSchema.parse(readJson(dir, 'noc2021.json'))),
    plans: plansSeedSchema.parse(readJson(dir, PLANS_FILE)),
    snapshotPath,
    snapshotDraws: () => parseFeedText(readFileSync(snapshotPath, 'utf8'), categories).draws,
    processingTimes: () => shippedProcessingTimes(dir),
  };
}

/** seeds/processing-times.json: `{ about, snapshot }`, the snapshot as IRCC published it. */
function shippedProcessingTimes(dir: string): StoredSnapshot | null {
  const path = join(dir, PROCESSING_TIMES_FILE);
  if (!existsSync(path)) return null;
  const raw = rawProcessingTimesSchema.parse((readJson(dir, PROCESSING_TIMES_FILE) as { snapshot: unknown }).snapshot);
  const key = contentKey(raw);
  const { updated } = timesOf(raw);
  return { id: `${updated}#${key.slice(0, 12)}`, updated, readAt: null, source: `seeds/${PROCESSING_TIMES_FILE}`, origin: 'seed', contentKey: key, raw };
}
