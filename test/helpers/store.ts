import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Draw } from '../../src/core/draw.ts';
import { createSync } from '../../src/core/sync.ts';
import { silentLogger } from '../../src/core/log.ts';
import type { BotStore } from '../../src/store/contract.ts';
import { LowdbStore } from '../../src/store/lowdb/store.ts';
import { seeds } from './fixtures.ts';

export const EMPTY_SEED = { file: '(empty)', draws: (): Draw[] => [] };
export const SHIPPED_SEED = { file: seeds.snapshotPath, draws: seeds.snapshotDraws };

/** The lowdb store on a data folder, as `npm start` opens it. */
export function openStore(dir: string, seed = EMPTY_SEED): Promise<LowdbStore> {
  return LowdbStore.open(dir, { seed });
}

export function syncer(store: BotStore) {
  return createSync({ store, catalog: seeds.categories, log: silentLogger });
}

/** Every file in a data folder, byte for byte: what "the store stays byte-identical" compares. */
export function snapshotFolder(dir: string): Record<string, string> {
  return Object.fromEntries(readdirSync(dir).filter((name) => name !== '.lock').map((name) => [name, readFileSync(join(dir, name)).toString('base64')]));
}
