import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, onTestFinished } from 'vitest';
import { BROADCAST_ID, prepareFanout, startLimitsStub, type StubStats } from '../../bench/fanout-parts.ts';
import { DEFAULT_CONCURRENCY } from '../../src/delivery/worker.ts';
import type { BotStore } from '../../src/store/contract.ts';
import { LowdbStore } from '../../src/store/lowdb/store.ts';
import { ROOT } from '../helpers/cli.ts';
import { tempDir } from '../helpers/fixtures.ts';
import { freshDatabase, openPostgres, sql } from '../helpers/postgres.ts';
import { EMPTY_SEED } from '../helpers/store.ts';

/**
 * kill -9 in the middle of a 2,000-chat fan-out (the broadcast model at a size where a batch, the
 * cursor and the marks all move many times), then a restart: every chat gets its post, repeats
 * stay within the posts in flight, the files stay valid. Telegram's limits scaled 10× (300/s).
 */

const CHATS = 2000;
let stub: Awaited<ReturnType<typeof startLimitsStub>>;

beforeEach(async () => {
  stub = await startLimitsStub(10);
});

afterEach(() => {
  stub.process.kill('SIGTERM');
});

function delivery(place: string) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/fanout-child.ts', place, stub.apiRoot, '10'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk));
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  onTestFinished(async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await exited;
  });
  return { child, exited, stdout: () => stdout };
}

async function expectValidData(dataDir: string): Promise<LowdbStore> {
  const files = readdirSync(dataDir).filter((name) => name.endsWith('.json') && !name.startsWith('.'));
  expect(files.sort()).toEqual(['broadcasts.json', 'deliveries.json', 'draws.json', 'meta.json', 'subscriptions.json']);
  for (const name of files) expect(() => JSON.parse(readFileSync(join(dataDir, name), 'utf8')), name).not.toThrow();
  return LowdbStore.open(dataDir, { seed: EMPTY_SEED, readOnly: true });
}

describe('kill -9 in the middle of a large fan-out', () => {
  it('lowdb: after a restart every chat has its post once, repeats at most the posts in flight; the progress file stays small', async () => {
    const dataDir = tempDir();
    await killAndRestart(dataDir, async () => {
      const interrupted = await expectValidData(dataDir);
      // The broadcast holds the audience; its progress holds a cursor and the few deliveries taken.
      const progress = JSON.parse(readFileSync(join(dataDir, 'deliveries.json'), 'utf8')) as { broadcasts: Record<string, { deliveries: object }> };
      expect(Object.keys(progress.broadcasts[BROADCAST_ID]!.deliveries).length).toBeLessThanOrEqual(4 * DEFAULT_CONCURRENCY);
      expect(readFileSync(join(dataDir, 'deliveries.json')).length).toBeLessThan(8_000);
      return interrupted;
    });
    const reopened = await expectValidData(dataDir);
    expect(await reopened.outboxSummary()).toEqual({ pending: 0, oldestPending: null, retrying: 0, sent: CHATS, dropped: 0 });
  }, 120_000);

  it('PostgreSQL: the same, the dead process\'s posts free again once it is no longer seen; the deliveries table stays small', async () => {
    const url = await freshDatabase();
    await killAndRestart(url, async () => {
      expect((await sql<{ n: number }>(url, 'SELECT count(*)::int AS n FROM deliveries'))[0]!.n).toBeLessThanOrEqual(4 * DEFAULT_CONCURRENCY);
      return openPostgres(url, { readOnly: true });
    });
    const reopened = await openPostgres(url, { readOnly: true });
    expect(await reopened.outboxSummary()).toEqual({ pending: 0, oldestPending: null, retrying: 0, sent: CHATS, dropped: 0 });
    await reopened.close();
  }, 120_000);
});

/** A fan-out to CHATS chats on a place, killed (kill -9) a third of the way, then a second process to the end. */
async function killAndRestart(place: string, inspect: () => Promise<BotStore>): Promise<void> {
  const prepared = await prepareFanout(place, CHATS);
  await prepared.close();

  const first = delivery(place);
  await expect.poll(() => stub.stats().then((stats: StubStats) => stats.accepted), { timeout: 60_000, interval: 50 }).toBeGreaterThanOrEqual(CHATS / 3);
  first.child.kill('SIGKILL');
  await first.exited;
  const atKill = await stub.stats();
  expect(atKill.accepted).toBeLessThan(CHATS);

  const interrupted = await inspect();
  const summary = await interrupted.outboxSummary();
  expect(summary.pending).toBeGreaterThan(0);
  expect(summary.sent + summary.pending).toBe(CHATS);
  await interrupted.close();

  const second = delivery(place);
  expect(await second.exited).toBe(0);
  expect(JSON.parse(second.stdout())).toEqual({ pending: 0, oldestPending: null, retrying: 0, sent: CHATS, dropped: 0 });
  const final = await stub.stats();
  expect(final.accepted).toBe(CHATS);
  expect(final.duplicates).toBeLessThanOrEqual(DEFAULT_CONCURRENCY);
  expect(final.messages).toBe(CHATS + final.duplicates);
}
