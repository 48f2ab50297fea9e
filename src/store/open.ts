import type { Config } from '../config.ts';
import type { BotStore } from './contract.ts';
import { LowdbStore } from './lowdb/store.ts';
import type { OutboxRecovery } from './lowdb/outbox.ts';
import type { StoreSeed } from './seeds.ts';

export interface OpenStoreOptions {
  seed: StoreSeed;
  /** Readers (`ask`, `draws`, `status`) never write. */
  readOnly?: boolean;
  /** The operator's word when the outbox files disagree (lowdb only: PostgreSQL's constraints keep them together). */
  recovery?: OutboxRecovery;
}

/** The store the configuration names: PostgreSQL when DATABASE_URL is set, else lowdb files in DATA_DIR. */
export async function openStore(config: Pick<Config, 'DATA_DIR'>, options: OpenStoreOptions): Promise<BotStore> {
  return LowdbStore.open(config.DATA_DIR, options);
}
