import { spawn } from 'node:child_process';
import { describe, expect, it, onTestFinished } from 'vitest';
import { reply } from '../../src/chat/reply.ts';
import { silentLogger } from '../../src/core/log.ts';
import { DeliveryWorker } from '../../src/delivery/worker.ts';
import { lastChecked } from '../../src/store/contract.ts';
import { StoreConnectError, StoreDatabaseError, StoreSchemaError } from '../../src/store/errors.ts';
import { planProcessingTimesBroadcast } from '../../src/core/broadcasts.ts';
import type { ProcessingTimesStore } from '../../src/core/processing-times/store.ts';
import { MIGRATIONS, SCHEMA_VERSION } from '../../src/store/postgres/migrations.ts';
import type { PostgresStore } from '../../src/store/postgres/store.ts';
import { history } from '../helpers/answers.ts';
import { ROOT, runCli } from '../helpers/cli.ts';
import { deliverAll, planFor, PLANNED_AT as AT, broadcastTo } from '../helpers/outbox.ts';
import { freshDatabase, openPostgres, sql } from '../helpers/postgres.ts';
import { startPostgresServer } from '../helpers/postgres-server.ts';
import { subscription } from '../helpers/subscriptions.ts';
import { describeStoreConformance } from './conformance.ts';
import { seeds } from '../helpers/fixtures.ts';
import { EMPTY_SEED } from '../helpers/store.ts';
import { describeProcessingTimesStoreConformance, fixture } from './processing-times-conformance.ts';

describeStoreConformance('PostgreSQL', { fresh: () => freshDatabase(), open: (url, seed) => openPostgres(url, seed ? { seed } : {}) });

const storesOfTimes = new WeakMap<ProcessingTimesStore, PostgresStore>();
describeProcessingTimesStoreConformance('PostgreSQL', {
  fresh: () => freshDatabase(),
  open: async (url) => {
    const store = await openPostgres(url);
    storesOfTimes.set(store.processingTimes, store);
    return store.processingTimes;
  },
  close: (times) => storesOfTimes.get(times)!.close(),
});

const NOW = Date.parse(AT);
const chats = (count: number, from = 5000) => Array.from({ length: count }, (_, index) => subscription(String(from + index)));
const passwordOf = (url: string) => decodeURIComponent(new URL(url).password);

describe('PostgreSQL: starting', () => {
  it('applies its migrations once, and refuses a database whose schema is newer than the code, in one line', async () => {
    const url = await freshDatabase();
    await (await openPostgres(url)).close();
    await (await openPostgres(url)).close();
    expect(await sql(url, 'SELECT version FROM schema_version ORDER BY version')).toEqual(MIGRATIONS.map(({ version }) => ({ version })));
    await sql(url, "INSERT INTO schema_version (version, name) VALUES ($1, 'from the future')", [SCHEMA_VERSION + 1]);
    const error = await openPostgres(url).then(() => null, (caught: unknown) => caught as Error);
    expect(error).toBeInstanceOf(StoreSchemaError);
    expect(error?.message).toMatch(new RegExp(`has schema ${SCHEMA_VERSION + 1}, newer than this version of the bot reads \\(${SCHEMA_VERSION}\\)`));
    const cli = await runCli(['status'], { DATABASE_URL: url });
    expect(cli.code).toBe(1);
    expect(cli.stderr.trim().split('\n')).toHaveLength(1);
    expect(cli.stderr).toMatch(/^status failed: the database "eeb_test_\w+" on 127\.0\.0\.1:\d+ as postgres has schema \d+, newer than/);
  });

  it('a server that refuses the login, or is not there: one line naming host and database, never the password', async () => {
    const url = new URL(await freshDatabase());
    const password = passwordOf(url.toString());
    url.password = 'wrong-password-1234';
    const refused = await openPostgres(url.toString()).then(() => null, (caught: unknown) => caught as Error);
    expect(refused).toBeInstanceOf(StoreConnectError);
    expect(refused?.message).toMatch(/^cannot use PostgreSQL database "eeb_test_\w+" on 127\.0\.0\.1:\d+ as postgres: the server refused the login/);
    url.password = password;
    url.port = '1';
    const cli = await runCli(['status'], { DATABASE_URL: url.toString() });
    expect(cli.code).toBe(1);
    expect(cli.stderr.trim()).toMatch(/^status failed: cannot use PostgreSQL database "eeb_test_\w+" on 127\.0\.0\.1:1 as postgres: the server refused the connection \(is PostgreSQL running, and listening there\?\)$/);
    for (const output of [cli.stdout, cli.stderr, refused?.message ?? '']) expect(output).not.toContain(password);
  });
});

describe('PostgreSQL: processing times (issue 20)', () => {
  const feed = { source: 'http://127.0.0.1/flpt-en.json', etag: '"b"', lastModified: null, contentHash: 'h' };
  const check = (at: string, snapshot: string) => ({ at, source: feed.source, outcome: 'new' as const, snapshot, error: null });

  it('the shipped snapshot is read from memory until the first write, which stores it; a reader never writes', async () => {
    const url = await freshDatabase();
    const reader = await openPostgres(url, { seed: { ...EMPTY_SEED, processingTimes: seeds.processingTimes }, readOnly: true });
    const shipped = (await reader.processingTimes.latest()).latest!;
    expect(shipped).toMatchObject({ updated: '2026-09-03', origin: 'seed', readAt: null });
    await expect(reader.processingTimes.recordCheck(check('2026-10-01T00:00:00.000Z', shipped.id))).rejects.toThrow(/read-only/);
    expect(await sql(url, 'SELECT count(*)::int AS n FROM processing_time_snapshots')).toEqual([{ n: 0 }]);
    await reader.close();

    const writer = await openPostgres(url, { seed: { ...EMPTY_SEED, processingTimes: seeds.processingTimes } });
    const august = fixture('flpt-en-2026-08-10.json', '2026-10-01T00:00:00.000Z');
    await writer.processingTimes.keep(august, feed, check(august.readAt!, august.id));
    expect(await sql(url, 'SELECT id, origin FROM processing_time_snapshots ORDER BY seq')).toEqual([{ id: shipped.id, origin: 'seed' }, { id: august.id, origin: 'fetched' }]);
    // Ordered by IRCC's date, as the lowdb file orders them.
    expect((await writer.processingTimes.list()).map((snapshot) => snapshot.id)).toEqual([august.id, shipped.id]);
    // Kept as IRCC published it, its keys in IRCC's order.
    expect((await sql<{ raw: string }>(url, 'SELECT raw::text AS raw FROM processing_time_snapshots WHERE id = $1', [august.id]))[0]!.raw).toBe(JSON.stringify(august.raw));
    await writer.close();
  });

  it('an update and the broadcast it owes are one transaction: a broadcast refused leaves the update unkept, to be read again', async () => {
    const url = await freshDatabase();
    const store = await openPostgres(url);
    await store.saveMany([subscription('a', { processingTimes: true })]);
    const september = fixture('flpt-en-2026-09-03.json', '2026-09-25T00:00:00.000Z');
    const broadcast = planProcessingTimesBroadcast(september, null, await store.listSubscriptions(), AT)!;
    // An audience the database refuses (a broadcast to nobody): nothing of the update is kept either.
    const error = await store.processingTimes.keep(september, feed, check(september.readAt!, september.id), { ...broadcast, audience: [], variantOf: [] }).then(() => null, (caught: unknown) => caught as Error);
    expect(error).toBeInstanceOf(StoreDatabaseError);
    expect(error?.message).toMatch(/^PostgreSQL: keeping new processing times failed: .*broadcasts_size_check.*; nothing of it was saved$/);
    expect(await store.processingTimes.list()).toEqual([]);
    expect(await store.processingTimes.feedState()).toBeNull();
    await store.processingTimes.keep(september, feed, check(september.readAt!, september.id), broadcast);
    expect(await store.processingTimes.list()).toHaveLength(1);
    expect(await deliverAll(store)).toEqual(['telegram:a|ptime|2026-09-03..2026-09-03']);
    await store.close();
  });

  it('a database of schema 1 is migrated: every chat keeps its posts, with the processing-times flag off', async () => {
    const url = await freshDatabase();
    await sql(url, 'CREATE TABLE schema_version (version integer NOT NULL, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())');
    await sql(url, MIGRATIONS[0]!.sql);
    await sql(url, "INSERT INTO schema_version (version, name) VALUES (1, 'as shipped')");
    await sql(url, "INSERT INTO subscriptions (id, platform, chat_id, is_group, locale, categories, each_round, periodic, created_at, updated_at) VALUES ('telegram:1', 'telegram', '1', false, 'fr', NULL, true, true, now(), now())");
    const store = await openPostgres(url);
    expect(await store.get('telegram:1')).toMatchObject({ locale: 'fr', eachRound: true, periodic: true, processingTimes: false });
    expect(await sql(url, 'SELECT version FROM schema_version ORDER BY version')).toEqual(MIGRATIONS.map(({ version }) => ({ version })));
    // The new kind is accepted, and a 'ptime' broadcast must carry its period, as a periodic one must.
    await store.addBroadcast(planProcessingTimesBroadcast({ updated: '2026-09-03' }, { updated: '2026-08-10' }, [subscription('1', { processingTimes: true })], AT)!);
    await expect(sql(url, "INSERT INTO broadcasts (id, kind, created_at, size, audience, variants, variant_of, lanes) VALUES ('x', 'ptime', now(), 1, '{telegram:1}', '[[]]', '{0}', '{}')")).rejects.toThrow(/broadcasts_period_check/);
    expect(await deliverAll(store)).toEqual(['telegram:1|ptime|2026-08-10..2026-09-03']);
    await store.close();
  });
});

describe('PostgreSQL: several processes on one database', () => {
  it('two stores taking at once never take the same post', async () => {
    const url = await freshDatabase();
    const first = await openPostgres(url);
    const second = await openPostgres(url);
    await planFor(first, chats(200));
    const taken = await Promise.all([0, 1, 2, 3].map((turn) => (turn % 2 ? second : first).take('telegram', 40, NOW)));
    const ids = taken.flat().map((delivery) => delivery.post.id);
    expect(ids).toHaveLength(160);
    expect(new Set(ids).size).toBe(160);
    expect((await first.take('telegram', 100, NOW)).length + (await second.take('telegram', 100, NOW)).length).toBe(40);
    await Promise.all([first.close(), second.close()]);
  });

  it('one process storing new rounds is seen by the others at once; a round stored by one is never planned again by another', async () => {
    const url = await freshDatabase();
    const seed = { file: 'test', draws: () => history.filter((draw) => draw.number !== '411') };
    const writer = await openPostgres(url, { seed });
    const reader = await openPostgres(url, { seed });
    await writer.saveMany([subscription('a')]);
    const news = history[0]!;
    const change = { draws: [...history], added: [news], edited: [], broadcast: broadcastTo([subscription('a')]), feed: { source: 'test', etag: null, lastModified: null, contentHash: 'h' }, at: AT };
    await writer.saveSync(change);
    await expect.poll(() => reader.draws[0]?.number, { timeout: 5_000 }).toBe('411');
    expect(reader.meta.lastSync).toMatchObject({ added: 1 });
    // The same rounds saved again by the other (a `cli sync` beside the bot): no second broadcast.
    await reader.saveSync({ ...change, broadcast: broadcastTo([subscription('a')], { at: '2026-04-15T16:00:05.000Z' }) });
    expect(await writer.outboxSummary()).toMatchObject({ pending: 1 });
    await Promise.all([writer.close(), reader.close()]);
  });

  it('the last poll that reached the feed is seen by the other processes, for their footers’ “checked with IRCC”', async () => {
    const url = await freshDatabase();
    const writer = await openPostgres(url);
    const reader = await openPostgres(url);
    await writer.recordPoll({ at: AT, outcome: 'not-modified', added: 0, edited: 0, error: null });
    await expect.poll(() => reader.meta.lastReachedAt, { timeout: 5_000 }).toBe(AT);
    await writer.recordPoll({ at: '2026-04-15T16:01:00.000Z', outcome: 'failed', added: 0, edited: 0, error: 'the feed answered HTTP 503 Service Unavailable' });
    await expect.poll(() => reader.meta.lastPoll?.outcome, { timeout: 5_000 }).toBe('failed');
    expect(lastChecked(reader.meta)).toBe(AT);
    await Promise.all([writer.close(), reader.close()]);
  });

  it('what a process took and never marked is free again once it is no longer seen (kill -9)', async () => {
    const url = await freshDatabase();
    const store = await openPostgres(url, { instanceExpirySeconds: 1 });
    await planFor(store, chats(10));
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/helpers/postgres-taker.ts', url, '3'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
    onTestFinished(() => void child.kill('SIGKILL'));
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk));
    await new Promise((resolve) => child.on('close', resolve));
    expect(JSON.parse(output.trim())).toEqual(['5000', '5001', '5002']);
    // Still held while its lease runs: the others go first, then the dead instance's.
    expect((await store.take('telegram', 20, NOW)).map((delivery) => delivery.subscription.chatId)).toEqual(['5003', '5004', '5005', '5006', '5007', '5008', '5009']);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect((await store.take('telegram', 20, NOW)).map((delivery) => delivery.subscription.chatId)).toEqual(['5000', '5001', '5002']);
    await store.close();
  });
});

describe('PostgreSQL: faults', () => {
  it('a connection dropped in the middle of a sync’s transaction stores nothing; the same sync later stores the rounds and one broadcast', async () => {
    const url = await freshDatabase();
    const seed = { file: 'test', draws: () => history.filter((draw) => draw.number !== '411') };
    const store = await openPostgres(url, { seed });
    await store.saveMany([subscription('a'), subscription('b')]);
    const change = { draws: [...history], added: [history[0]!], edited: [], broadcast: broadcastTo([subscription('a'), subscription('b')]), feed: { source: 'test', etag: '"2"', lastModified: null, contentHash: 'h2' }, at: AT };
    // Another session holds meta: the sync writes the broadcast and the round, then waits on meta.
    const blocker = await lockedRow(url, 'SELECT * FROM meta FOR UPDATE');
    const saving = store.saveSync(change).then(() => null, (caught: unknown) => caught as Error);
    await expect.poll(() => sql(url, "SELECT pid FROM pg_stat_activity WHERE application_name = 'express-entry-bot' AND wait_event_type = 'Lock'").then((rows) => rows.length), { timeout: 5_000 }).toBe(1);
    await sql(url, "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'express-entry-bot' AND wait_event_type = 'Lock'");
    const error = await saving;
    expect(error).toBeInstanceOf(StoreDatabaseError);
    expect(error?.message).toMatch(/^PostgreSQL: saving new rounds failed: .*; nothing of it was saved$/);
    await blocker.end();
    expect(store.draws[0]!.number).not.toBe('411');
    expect(await sql(url, "SELECT count(*)::int AS n FROM draws WHERE number = '411'")).toEqual([{ n: 0 }]);
    expect(await store.outboxSummary()).toMatchObject({ pending: 0 });
    await store.saveSync(change);
    expect(store.draws[0]!.number).toBe('411');
    expect(await deliverAll(store)).toEqual(['telegram:a|rounds|411', 'telegram:b|rounds|411']);
    await store.close();
  });

  it('a statement timeout is reported, not swallowed; the mark goes through once the way is clear', async () => {
    const url = await freshDatabase();
    const store = await openPostgres(url, { statementTimeoutMs: 300 });
    await planFor(store, chats(2));
    const [delivery] = await store.take('telegram', 1, NOW);
    const blocker = await lockedRow(url, 'SELECT * FROM broadcasts FOR UPDATE');
    const error = await store.markSent(delivery!, AT).then(() => null, (caught: unknown) => caught as Error);
    expect(error).toBeInstanceOf(StoreDatabaseError);
    expect(error?.message).toMatch(/^PostgreSQL: writing "sent" marks failed: a statement took longer than the statement timeout and was cancelled \(canceling statement due to statement timeout\); nothing of it was saved$/);
    await blocker.end();
    expect(await store.outboxSummary()).toMatchObject({ sent: 0, pending: 2 });
    await store.markSent(delivery!, AT);
    expect(await store.outboxSummary()).toMatchObject({ sent: 1, pending: 1 });
    await store.close();
  });

  it('marks made while one is written go together in the next write, each resolved only once committed and counted once', async () => {
    const url = await freshDatabase();
    const store = await openPostgres(url);
    await planFor(store, chats(300));
    const taken = [];
    for (let batch = await store.take('telegram', 100, NOW); batch.length; batch = await store.take('telegram', 100, NOW)) taken.push(...batch);
    expect(taken).toHaveLength(300);
    // Each statement that deletes deliveries counted by the database itself.
    await sql(url, `CREATE TABLE mark_writes (at timestamptz DEFAULT now());
      CREATE FUNCTION count_mark_write() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN INSERT INTO mark_writes DEFAULT VALUES; RETURN NULL; END $$;
      CREATE TRIGGER mark_writes AFTER DELETE ON deliveries FOR EACH STATEMENT EXECUTE FUNCTION count_mark_write();`);
    // The first write waits on the broadcast's row; the 299 marks that come meanwhile wait with it.
    const blocker = await lockedRow(url, 'SELECT * FROM broadcasts FOR UPDATE');
    let resolved = 0;
    const marks = Promise.all(taken.map((delivery) => store.markSent(delivery, AT).then(() => resolved++)));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(resolved).toBe(0);
    expect(await store.outboxSummary()).toMatchObject({ sent: 0, pending: 300 });
    await blocker.end();
    await marks;
    expect(resolved).toBe(300);
    expect(await store.outboxSummary()).toMatchObject({ sent: 300, pending: 0 });
    expect(await sql(url, 'SELECT count(*)::int AS writes FROM mark_writes')).toEqual([{ writes: 2 }]);
    // A mark made twice counts nothing the second time.
    await store.markSent(taken[0]!, AT);
    expect(await store.outboxSummary()).toMatchObject({ sent: 300, pending: 0 });
    await store.close();
  });

  it('the server restarted in the middle of a fan-out: every chat gets its post, repeats at most the posts in flight', async () => {
    const server = await startPostgresServer();
    onTestFinished(() => server.dispose());
    const url = await server.createDatabase();
    const store = await openPostgres(url);
    const audience = chats(600, 20_000);
    await planFor(store, audience);
    const posted = new Map<string, number>();
    const worker = new DeliveryWorker({
      store,
      adapters: [{ platform: 'telegram', post: async (chatId: string) => {
        await new Promise((resolve) => setTimeout(resolve, 4));
        posted.set(chatId, (posted.get(chatId) ?? 0) + 1);
      } }],
      pacers: {},
      render: () => reply({ title: 'rounds', footer: '' }),
      log: silentLogger,
      backoffMs: 100,
      maxBackoffMs: 1_000,
    });
    worker.start();
    await expect.poll(() => posted.size, { timeout: 20_000, interval: 10 }).toBeGreaterThan(150);
    await server.stop();
    const during = posted.size;
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    await server.start();
    await expect.poll(() => posted.size, { timeout: 40_000, interval: 50 }).toBe(audience.length);
    await worker.drained();
    await worker.stop();
    expect(during).toBeLessThan(audience.length);
    const repeats = [...posted.values()].filter((count) => count > 1).length;
    expect([...posted.values()].every((count) => count <= 2)).toBe(true);
    expect(repeats).toBeLessThanOrEqual(16);
    expect(await store.outboxSummary()).toEqual({ pending: 0, retrying: 0, sent: audience.length, dropped: 0, oldestPending: null });
    await store.close();
  }, 90_000);
});

/** Another session holding a lock in an open transaction, until end() is called. */
async function lockedRow(url: string, statement: string): Promise<{ end(): Promise<void> }> {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: url, application_name: 'test blocker' });
  client.on('error', () => undefined);
  await client.connect();
  await client.query('BEGIN');
  await client.query(statement);
  return { end: async () => void (await client.query('ROLLBACK'), await client.end()) };
}
