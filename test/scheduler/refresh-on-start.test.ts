import { readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { silentLogger } from '../../src/core/log.ts';
import { refreshOnStart, REFRESH_AFTER_MS } from '../../src/scheduler/refresh-on-start.ts';
import { runCli } from '../helpers/cli.ts';
import { startFeedServer, type FeedServer } from '../helpers/feed-server.ts';
import { rawRound, snapshotRounds, snapshotText, tempDir } from '../helpers/fixtures.ts';

let server: FeedServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const checking = (DATA_DIR: string, FEED_URL: string) => ({ DATA_DIR, FEED_URL, CHECK_ON_START: 'true' });
const NOTICE = /^Could not check IRCC for newer rounds \((.+)\): answering from the stored data\.$/;

/** The shipped history (newest #411) plus a newer CEC round, #412. */
function newerFeed(): string {
  const round = rawRound({ drawNumber: '412', drawDate: '2026-11-20', drawDateFull: 'November 20, 2026', drawName: 'Canadian Experience Class', drawSize: '3,000', drawCRS: '512', drawText2: 'Canadian Experience Class', drawDateTime: 'November 20, 2026 at 14:00:00 UTC', drawCutOff: 'November 1, 2026 at 10:00:00 UTC', drawDistributionAsOn: 'November 18, 2026' });
  return JSON.stringify({ classes: 'wb-tables', rounds: [round, ...snapshotRounds('ircc-rounds-en-2026-04-15.json')] });
}

/** A loopback port nothing listens on: connections are refused at once. */
async function closedPort(): Promise<string> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return `http://127.0.0.1:${port}/ee_rounds_123_en.json`;
}

/** Pretends the last check with IRCC was two hours ago. */
function ageLastCheck(DATA_DIR: string): void {
  const path = join(DATA_DIR, 'meta.json');
  const meta = JSON.parse(readFileSync(path, 'utf8')) as { lastPoll: { at: string }; lastSync: { at: string }; lastReachedAt?: string };
  meta.lastPoll.at = meta.lastSync.at = meta.lastReachedAt = new Date(Date.now() - 2 * REFRESH_AFTER_MS).toISOString();
  writeFileSync(path, JSON.stringify(meta));
}

describe('cli ask and the console chat look for newer rounds at start', () => {
  it('picks up newer rounds with one request, then not again within the hour; --offline never asks', async () => {
    const DATA_DIR = tempDir();
    server = await startFeedServer({ kind: 'serve', body: newerFeed() });
    const first = await runCli(['ask', '/latest'], checking(DATA_DIR, server.url));
    expect(first).toMatchObject({ code: 0, stderr: '' });
    expect(first.stdout).toContain('Round #412 (November 20, 2026)');
    expect(first.stdout).toMatch(/newest round #412 \(November 20, 2026\) · checked with IRCC /);
    expect(server.requests.map((request) => request.status)).toEqual([200]);

    expect((await runCli(['ask', '/latest'], checking(DATA_DIR, server.url))).stdout).toContain('Round #412');
    expect((await runCli(['ask', '/latest', '--offline'], checking(DATA_DIR, server.url))).stdout).toContain('Round #412');
    expect(server.requests).toHaveLength(1);

    // An hour later: one conditional request, answered 304.
    ageLastCheck(DATA_DIR);
    expect((await runCli(['ask', '/latest'], checking(DATA_DIR, server.url))).code).toBe(0);
    expect(server.requests).toHaveLength(2);
    expect(server.requests[1]).toMatchObject({ status: 304, ifNoneMatch: expect.stringMatching(/^".+"$/) });
    expect(JSON.parse((await runCli(['status', '--json'], { DATA_DIR })).stdout).lastPoll).toMatchObject({ outcome: 'not-modified' });
  });

  it('the console chat starts on the newer rounds', async () => {
    const DATA_DIR = tempDir();
    server = await startFeedServer({ kind: 'serve', body: newerFeed() });
    const chat = await runCli(['start'], checking(DATA_DIR, server.url), '/latest\n/quit\n');
    expect(chat.code).toBe(0);
    expect(chat.stdout.split('\n')[0]).toBe('Express Entry bot — local console chat. Newest round held: #412 (November 20, 2026). Type /help, or /quit to leave.');
    expect(server.requests).toHaveLength(1);
  });

  it('a feed that cannot be reached: the answer comes from the stored data, saying so once', async () => {
    const DATA_DIR = tempDir();
    const unreachable = await closedPort();
    const asked = await runCli(['ask', '/latest'], checking(DATA_DIR, unreachable));
    expect(asked.code).toBe(0);
    expect(asked.stdout).toContain('Round #411 (April 15, 2026)');
    expect(asked.stderr.trim().split('\n')).toEqual([expect.stringMatching(NOTICE)]);
    expect(asked.stderr).toContain('cannot reach the feed (ECONNREFUSED)');

    const chat = await runCli(['start', '--lang', 'fr'], checking(DATA_DIR, unreachable), '/latest\n/quit\n');
    const lines = chat.stdout.split('\n');
    expect(lines[0]).toBe('Impossible de vérifier auprès d’IRCC s’il y a des rondes plus récentes (cannot reach the feed (ECONNREFUSED)) : réponses tirées des données enregistrées.');
    expect(lines.filter((line) => line.startsWith('Impossible de vérifier'))).toHaveLength(1);
    expect(lines[1]).toMatch(/^Robot Entrée express — discussion locale\. Ronde la plus récente : no 411/);
  });

  it('a feed that hangs does not hold the first answer past 3 s', async () => {
    server = await startFeedServer({ kind: 'hang' });
    // In process: the check itself, timed.
    const app = await openApp(loadConfig(checking(tempDir(), server.url)), silentLogger as never);
    try {
      const started = performance.now();
      const outcome = await refreshOnStart(app);
      const elapsed = performance.now() - started;
      expect(outcome).toEqual({ kind: 'failed', reason: 'the feed did not answer within 2.5 s' });
      expect(elapsed).toBeLessThan(3_000);
      expect(app.store.meta.lastPoll).toMatchObject({ outcome: 'failed', error: 'the feed did not answer within 2.5 s' });
    } finally {
      await app.store.close();
    }

    // End to end: what the check adds to an answer, against the same answer offline.
    const DATA_DIR = tempDir();
    let started = performance.now();
    const offline = await runCli(['ask', '/latest', '--offline'], checking(DATA_DIR, server.url));
    const offlineMs = performance.now() - started;
    started = performance.now();
    const hung = await runCli(['ask', '/latest'], checking(DATA_DIR, server.url));
    const hungMs = performance.now() - started;
    expect(hung.stdout).toBe(offline.stdout);
    expect(hung.stderr.trim()).toBe('Could not check IRCC for newer rounds (the feed did not answer within 2.5 s): answering from the stored data.');
    expect(hungMs - offlineMs).toBeLessThan(3_000);
  });

  it('while a bot holds the data folder, ask answers from what it stored without asking the feed', async () => {
    const DATA_DIR = tempDir();
    server = await startFeedServer({ kind: 'serve', body: snapshotText('ircc-rounds-en-2026-04-15.json') });
    const running = await openApp(loadConfig({ DATA_DIR, FEED_URL: server.url }), silentLogger as never);
    try {
      const asked = await runCli(['ask', '/latest'], checking(DATA_DIR, server.url));
      expect(asked).toMatchObject({ code: 0, stderr: '' });
      expect(asked.stdout).toContain('Round #411');
      expect(server.requests).toHaveLength(0);
    } finally {
      await running.store.close();
    }
  });
});
