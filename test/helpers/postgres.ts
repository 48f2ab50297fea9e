import { inject } from 'vitest';
import pg from 'pg';
import { PostgresStore, type PostgresOpenOptions } from '../../src/store/postgres/store.ts';
import { EMPTY_SEED } from './store.ts';
import { createDatabase } from './postgres-server.ts';

/** The tests' PostgreSQL server (test/setup/postgres.ts): a fresh database per store under test. */

/** A new, empty database on the tests' server, as a URL. */
export function freshDatabase(prefix = 'eeb_test'): Promise<string> {
  return createDatabase(inject('postgresAdminUrl'), prefix);
}

export function openPostgres(url: string, options: Partial<PostgresOpenOptions> = {}): Promise<PostgresStore> {
  return PostgresStore.open({ url, seed: EMPTY_SEED, ...options });
}

/** Runs one statement on a database, on a connection of its own (what another process does). */
export async function sql<R extends pg.QueryResultRow = Record<string, unknown>>(url: string, text: string, values?: unknown[]): Promise<R[]> {
  const client = new pg.Client({ connectionString: url });
  client.on('error', () => undefined);
  await client.connect();
  try {
    return (await client.query<R>(text, values)).rows;
  } finally {
    await client.end();
  }
}
