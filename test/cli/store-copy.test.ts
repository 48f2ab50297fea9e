import { spawn } from 'node:child_process';
import { afterEach, beforeEach, describe, expect, it, onTestFinished } from 'vitest';
import { prepareFanout, startLimitsStub } from '../../bench/fanout-parts.ts';
import { LowdbStore } from '../../src/store/lowdb/store.ts';
import { outcome, ROOT, runCli } from '../helpers/cli.ts';
import { tempDir } from '../helpers/fixtures.ts';
import { freshDatabase, openPostgres } from '../helpers/postgres.ts';
import { EMPTY_SEED } from '../helpers/store.ts';
import { fixture } from '../store/processing-times-conformance.ts';

/**
 * `npm run cli -- store copy`: a bot moved from its data folder to PostgreSQL in the middle of a
 * fan-out, then started there: every chat still owed gets its post once, none of those sent before.
 */

const CHATS = 10_000;
const SENT_BEFORE = 3_000;
const SCALE = 20;
let stub: Awaited<ReturnType<typeof startLimitsStub>>;

beforeEach(async () => {
  stub = await startLimitsStub(SCALE);
});

afterEach(() => {
  stub.process.kill('SIGTERM');
});

describe('npm run cli -- store copy', () => {
  it('a lowdb folder with 10,000 subscriptions, a broadcast under way and two processing-times updates, to PostgreSQL and back: counts copied and checked, safe twice, the rest delivered once', async () => {
    const dir = tempDir();
    const source = await prepareFanout(dir, CHATS, '2026-04-15T16:00:00.000Z');
    // IRCC's processing times as the bot kept them: two updates, the validators of the last read, a refusal since.
    const [august, september] = [fixture('flpt-en-2026-08-10.json', '2026-08-27T00:29:54.720Z'), fixture('flpt-en-2026-09-03.json', '2026-09-25T00:45:28.713Z')];
    const validators = { source: 'https://ircc.example/flpt-en.json', etag: '"b"', lastModified: null, contentHash: 'hash-b' };
    const check = (at: string, outcome: 'new' | 'refused', snapshot: string, error: string | null = null) => ({ at, source: validators.source, outcome, snapshot, error });
    await source.processingTimes.keep(august, { ...validators, etag: '"a"' }, check(august.readAt!, 'new', august.id));
    await source.processingTimes.keep(september, validators, check(september.readAt!, 'new', september.id));
    await source.processingTimes.recordCheck(check('2026-09-26T00:00:00.000Z', 'refused', september.id, 'not JSON'), null);
    const times = { list: await source.processingTimes.list(), latest: await source.processingTimes.latest(), status: await source.processingTimes.status(), feed: await source.processingTimes.feedState() };
    for (let sent = 0; sent < SENT_BEFORE;) {
      for (const delivery of await source.take('telegram', 500, Date.now())) {
        await source.markSent(delivery, new Date().toISOString());
        sent++;
      }
    }
    // A bot holding the folder: the copy refuses, and changes nothing.
    const url = await freshDatabase();
    const held = await runCli(['store', 'copy', '--from', dir, '--to', url], {});
    expect(held.code).toBe(1);
    expect(held.stderr).toMatch(/^store failed: another express-entry-bot \(pid \d+\) is writing to this data folder/);
    await source.close();

    const copied = await runCli(['store', 'copy', '--from', dir, '--to', url], {});
    expect(copied.stderr).toBe('');
    expect(copied.code).toBe(0);
    const password = decodeURIComponent(new URL(url).password);
    expect(copied.stdout).not.toContain(password);
    expect(copied.stdout.trim().split('\n')).toEqual([
      `copied from ${dir} to ${url.replace(`:${password}@`, ':***@')}:`,
      '  412 rounds, 10,000 subscriptions, 1 unfinished broadcast (7,000 posts pending), 2 processing-times snapshots',
      'checked: the target holds 412 rounds (newest #411), 10,000 subscriptions, 7,000 posts pending, 2 processing-times snapshots',
    ]);
    const again = JSON.parse((await runCli(['store', 'copy', '--from', dir, '--to', url, '--json'], {})).stdout);
    expect(again).toMatchObject({ copied: { rounds: 412, subscriptions: 10_000, broadcasts: 0, alreadyThere: 1, postsPending: 7_000, processingTimes: 2 }, checked: { rounds: 412, subscriptions: 10_000, postsPending: 7_000, processingTimes: 2 } });
    const database = await openPostgres(url, { readOnly: true });
    expect({ list: await database.processingTimes.list(), latest: await database.processingTimes.latest(), status: await database.processingTimes.status(), feed: await database.processingTimes.feedState() }).toEqual(times);
    await database.close();

    // A bot started on the database sends what was still owed, once each.
    const delivery = spawn(process.execPath, ['--import', 'tsx', 'bench/fanout-child.ts', url, stub.apiRoot, String(SCALE)], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    onTestFinished(() => void delivery.kill('SIGKILL'));
    const finished = await outcome(delivery);
    expect(finished.code).toBe(0);
    expect(JSON.parse(finished.stdout)).toEqual({ pending: 0, oldestPending: null, retrying: 0, sent: CHATS, dropped: 0 });
    const stats = await stub.stats();
    expect(stats).toMatchObject({ accepted: CHATS - SENT_BEFORE, duplicates: 0, messages: CHATS - SENT_BEFORE });

    // And back to a folder: nothing pending any more, the same rounds and chats.
    const back = tempDir();
    const returned = JSON.parse((await runCli(['store', 'copy', '--from', url, '--to', back, '--json'], {})).stdout);
    expect(returned).toMatchObject({ copied: { rounds: 412, subscriptions: 10_000, broadcasts: 0, postsPending: 0, processingTimes: 2 }, checked: { rounds: 412, newestRound: '411', subscriptions: 10_000, postsPending: 0, processingTimes: 2 } });
    const folder = await LowdbStore.open(back, { seed: EMPTY_SEED, readOnly: true });
    expect(folder.meta.seededFrom).toMatchObject({ file: 'bench' });
    expect(await folder.outboxSummary()).toMatchObject({ pending: 0 });
    expect({ list: await folder.processingTimes.list(), latest: await folder.processingTimes.latest(), status: await folder.processingTimes.status(), feed: await folder.processingTimes.feedState() }).toEqual(times);
  }, 180_000);

  it('refuses while a bot runs on the database, and says what it accepts', async () => {
    const url = await freshDatabase();
    const running = await openPostgres(url);
    const refused = await runCli(['store', 'copy', '--from', url, '--to', tempDir()], {});
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/^store failed: a bot is running on the source database \(\S+, pid \d+, seen \S+\): stop it before copying\n$/);
    await running.close();
    const usage = await runCli(['store', 'copy', '--from', url], {});
    expect(usage.code).toBe(1);
    expect(usage.stderr).toMatch(/expected `store copy --from DATA_DIR\|postgres:\/\/… --to DATA_DIR\|postgres:\/\/…`/);
    expect((await runCli(['store', 'copy', '--from', tempDir(), '--to', url], {})).stderr).toMatch(/holds no bot data \(no draws\.json\): nothing to copy/);
  });
});
