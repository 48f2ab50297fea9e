import { afterEach, describe, expect, it } from 'vitest';
import { openApp, type App } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { silentLogger } from '../../src/core/log.ts';
import { planPeriodicDigest, pollFeed } from '../../src/scheduler/jobs.ts';
import { startSchedules } from '../../src/scheduler/index.ts';
import { askConsole } from '../../src/adapters/console/input.ts';
import { Formatter } from '../../src/i18n/format.ts';
import { runCli } from '../helpers/cli.ts';
import { startFeedServer, type FeedServer } from '../helpers/feed-server.ts';
import { snapshotText, tempDir } from '../helpers/fixtures.ts';
import { pendingPosts } from '../helpers/outbox.ts';
import { freshDatabase } from '../helpers/postgres.ts';
import { subscription } from '../helpers/subscriptions.ts';

let server: FeedServer | undefined;
let app: App | undefined;
afterEach(async () => {
  await app?.store.close();
  await server?.close();
  app = server = undefined;
});

async function appOn(feed: string, dataDir = tempDir(), databaseUrl?: string): Promise<App> {
  server = await startFeedServer({ kind: 'serve', body: feed });
  const config = loadConfig({ FEED_URL: server.url, DATA_DIR: dataDir, TZ: 'America/Toronto', ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}) });
  return openApp(config, silentLogger as never, { seed: false });
}

describe('the feed poll', () => {
  it('stores new rounds, queues their posts, records the poll, and wakes delivery once', async () => {
    app = await appOn(snapshotText('ircc-rounds-en-2024-12-16.json'));
    await pollFeed(app, () => {});
    await app.store.save(subscription('a'));
    server!.set({ kind: 'serve', body: snapshotText('ircc-rounds-en-2026-04-15.json') });
    let woken = 0;
    await pollFeed(app, () => woken++);
    expect(woken).toBe(1);
    expect(app.store.meta.lastPoll).toMatchObject({ outcome: 'merged', added: 81, edited: 0, error: null });
    expect(app.store.meta.lastNewRounds?.rounds).toHaveLength(81);
    expect((await pendingPosts(app.store)).map((post) => [post.subscriptionId, post.rounds.length])).toEqual([['telegram:a', 81]]);
    await pollFeed(app, () => woken++);
    expect(app.store.meta.lastPoll).toMatchObject({ outcome: 'not-modified' });
    expect(woken).toBe(1);
  });

  // Both stores: PostgreSQL holds meta in memory, refreshed from what each change returns.
  it.each([
    ['lowdb files', async () => undefined],
    ['PostgreSQL', () => freshDatabase()],
  ])('answers say “checked with IRCC” from the last poll that reached the feed, a 304 included, not from the last change (%s)', async (_store, database) => {
    app = await appOn(snapshotText('ircc-rounds-en-2026-04-15.json'), tempDir(), await database());
    await pollFeed(app, () => {});
    const changed = app.store.meta.lastSync!.at;
    await new Promise((resolve) => setTimeout(resolve, 5));
    await pollFeed(app, () => {});
    await pollFeed(app, () => {});
    expect(server!.requests.map((request) => request.status)).toEqual([200, 304, 304]);
    const checked = app.store.meta.lastPoll!.at;
    expect(checked > changed).toBe(true);
    expect(app.core.queries.freshness().checkedAt).toBe(checked);
    const reply = await askConsole('/latest', app.answering, 'en', silentLogger);
    expect(reply.footer).toContain(`checked with IRCC ${new Formatter('en', 'America/Toronto').localInstant(checked)}`);
    // A failed poll reached nothing: the footer keeps the last check that did.
    server!.set({ kind: 'status', status: 503 });
    await pollFeed(app, () => {});
    expect(app.core.queries.freshness().checkedAt).toBe(checked);
  });

  it('a feed down for an hour of polls: each failure recorded, nothing queued, then one post when it returns', async () => {
    app = await appOn(snapshotText('ircc-rounds-en-2024-12-16.json'));
    await pollFeed(app, () => {});
    await app.store.save(subscription('a'));
    server!.set({ kind: 'status', status: 503 });
    for (let minute = 0; minute < 60; minute++) await pollFeed(app, () => {});
    expect(app.store.meta.lastPoll).toMatchObject({ outcome: 'failed', error: 'the feed answered HTTP 503 Service Unavailable' });
    expect(await pendingPosts(app.store)).toEqual([]);
    server!.set({ kind: 'serve', body: snapshotText('ircc-rounds-en-2026-04-15.json') });
    await pollFeed(app, () => {});
    expect((await pendingPosts(app.store)).map((post) => post.rounds.length)).toEqual([81]);
  });
});

describe('the periodic digest', () => {
  it('summarizes the days since the last run for opted-in chats; nothing when nothing happened', async () => {
    app = await appOn(snapshotText('ircc-rounds-en-2026-04-15.json'));
    await pollFeed(app, () => {});
    await app.store.save(subscription('weekly', { eachRound: false, periodic: true }));
    await app.store.save(subscription('stem-weekly', { periodic: true, categories: ['stem'] }));
    await planPeriodicDigest(app, () => {}, new Date('2026-04-20T13:00:00Z'));
    expect((await pendingPosts(app.store)).map((post) => [post.id, post.rounds])).toEqual([
      ['telegram:weekly|periodic|2026-04-13..2026-04-19', ['411', '410', '409']],
    ]);
    await planPeriodicDigest(app, () => {}, new Date('2026-04-27T13:00:00Z'));
    expect(await app.store.outboxSummary()).toMatchObject({ pending: 1 });
    expect(app.store.meta.lastPeriodicAt).toBe('2026-04-27T13:00:00.000Z');
  });
});

describe('schedules', () => {
  it('run jobs on their cron in the time zone, skip overlaps, and stop waits for a running job', async () => {
    const runs: number[] = [];
    let finished = 0;
    const schedules = startSchedules(
      [{ name: 'tick', cron: '* * * * * *', run: async () => { runs.push(Date.now()); await new Promise((resolve) => setTimeout(resolve, 1500)); finished++; } }],
      { timeZone: 'America/Toronto', log: silentLogger },
    );
    await new Promise((resolve) => setTimeout(resolve, 2300));
    await schedules.stop();
    expect(runs.length).toBeGreaterThanOrEqual(1);
    expect(runs.length).toBeLessThanOrEqual(2);
    expect(finished).toBe(runs.length);
  });
});

describe('npm run cli -- status', () => {
  it('reports the last poll, the new rounds, pending posts and disabled subscriptions', async () => {
    const dataDir = tempDir();
    app = await appOn(snapshotText('ircc-rounds-en-2024-12-16.json'), dataDir);
    await pollFeed(app, () => {});
    await app.store.save(subscription('a'));
    await app.store.save(subscription('b'));
    server!.set({ kind: 'serve', body: snapshotText('ircc-rounds-en-2026-04-15.json') });
    await pollFeed(app, () => {});
    await app.store.disable('telegram:b', 'Forbidden: bot was blocked by the user');
    await app.store.close();
    app = undefined;
    const result = await runCli(['status'], { DATA_DIR: dataDir });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^newest round: +#411 \(2026-04-15\)$/m);
    expect(result.stdout).toMatch(/^last poll: +\S+ — merged \(81 new, 0 edited\)$/m);
    expect(result.stdout).toMatch(/^new rounds: +#411 \(2026-04-15\) French-Language proficiency 2026-Version 2; #410/m);
    expect(result.stdout).toMatch(/^outbox: +1 pending \(oldest queued \S+\), 0 retrying, 0 sent, 1 dropped$/m);
    expect(result.stdout).toMatch(/^subscriptions: +1 active \(telegram 1, discord 0\), 1 disabled$/m);
    expect(result.stdout).toMatch(/^ {2}disabled telegram:b since \S+: Forbidden: bot was blocked by the user$/m);
    const json = JSON.parse((await runCli(['status', '--json'], { DATA_DIR: dataDir })).stdout);
    expect(json.outbox).toMatchObject({ pending: 1, dropped: 1 });
  });
});
