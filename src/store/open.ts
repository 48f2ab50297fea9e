import type { Config } from '../config.ts';
import type { Logger } from '../core/log.ts';
import type { BotStore } from './contract.ts';
import type { Coordination } from './coordination.ts';
import type { OutboxRecovery } from './lowdb/outbox.ts';
import { LowdbStore } from './lowdb/store.ts';
import type { StoreSeed } from './seeds.ts';
import type { StoreTransfer } from './transfer.ts';

export interface OpenStoreOptions {
  seed: StoreSeed;
  /** Readers (`ask`, `draws`, `status`) never write. */
  readOnly?: boolean;
  /** The operator's word when the outbox files disagree (lowdb only: PostgreSQL's constraints keep them together). */
  recovery?: OutboxRecovery;
  log?: Logger;
}

export type OpenedStore = BotStore & StoreTransfer & { readonly kind: 'lowdb' | 'postgres'; readonly coordination: Coordination };

/**
 * The store the configuration names: PostgreSQL when DATABASE_URL is set, else lowdb files in
 * DATA_DIR. PostgreSQL's code is loaded only when chosen: pg is no concern of a console chat.
 */
export async function openStore(config: Pick<Config, 'DATA_DIR' | 'DATABASE_URL'>, options: OpenStoreOptions): Promise<OpenedStore> {
  if (config.DATABASE_URL) {
    const { PostgresStore } = await import('./postgres/store.ts');
    return Object.assign(await PostgresStore.open({ url: config.DATABASE_URL, ...options }), { kind: 'postgres' as const });
  }
  return Object.assign(await LowdbStore.open(config.DATA_DIR, options), { kind: 'lowdb' as const });
}
