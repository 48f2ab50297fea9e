import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.ts';
import { startFeedServer, type FeedServer } from '../helpers/feed-server.ts';
import { snapshotPath, snapshotText, tempDir } from '../helpers/fixtures.ts';
import { snapshotFolder } from '../helpers/store.ts';

let server: FeedServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('npm run cli -- sync / draws', () => {
  it('sync prints the numbers of new and edited rounds and exits 0', async () => {
    const DATA_DIR = tempDir();
    server = await startFeedServer({ kind: 'serve', body: snapshotText('ircc-rounds-en-2024-12-16.json') });
    const first = await runCli(['sync', '--no-seed'], { DATA_DIR, FEED_URL: server.url });
    expect(first).toMatchObject({ code: 0, stderr: '' });
    expect(first.stdout).toMatch(/^331 new, 0 edited; 331 rounds stored, newest #330 \(2024-12-16\)$/m);

    const again = await runCli(['sync'], { DATA_DIR, FEED_URL: server.url });
    expect(again.stdout).toMatch(/^feed not modified since the last sync \(HTTP 304\): 0 new, 0 edited/);

    const newer = await runCli(['sync', '--json', '--feed', snapshotPath('ircc-rounds-en-2026-04-15.json')], { DATA_DIR, FEED_URL: server.url });
    expect(newer.code).toBe(0);
    expect(JSON.parse(newer.stdout)).toMatchObject({ status: 'merged', new: 81, edited: 0, stored: 412 });
  });

  it('on a failure exits non-zero with one line saying why, the store untouched', async () => {
    const DATA_DIR = tempDir();
    server = await startFeedServer({ kind: 'status', status: 503 });
    const seeded = await runCli(['sync', '--feed', snapshotPath('ircc-rounds-en-2026-04-15.json')], { DATA_DIR });
    expect(seeded.code).toBe(0);
    const before = snapshotFolder(DATA_DIR);
    const failed = await runCli(['sync'], { DATA_DIR, FEED_URL: server.url });
    expect(failed.code).toBe(1);
    expect(failed.stdout).toBe('');
    expect(failed.stderr.trim().split('\n')).toEqual(['sync failed: the feed answered HTTP 503 Service Unavailable']);
    expect(snapshotFolder(DATA_DIR)).toEqual(before);
  });

  it('refuses to run on a data file cut in half, naming it, and never overwrites it', async () => {
    const DATA_DIR = tempDir();
    await runCli(['sync', '--feed', snapshotPath('ircc-rounds-en-2026-04-15.json')], { DATA_DIR });
    const path = join(DATA_DIR, 'draws.json');
    writeFileSync(path, readFileSync(path).subarray(0, 100_000));
    const before = snapshotFolder(DATA_DIR);
    const result = await runCli(['sync', '--feed', snapshotPath('ircc-rounds-en-2026-04-15.json')], { DATA_DIR });
    expect(result.code).toBe(1);
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^sync failed: data file (.+) is not valid JSON \(.+\); it was left untouched/);
    expect(lines[0]).toContain(path);
    expect(snapshotFolder(DATA_DIR)).toEqual(before);
  });

  it('names a bad variable without printing its value', async () => {
    const result = await runCli(['draws'], { DATA_DIR: tempDir(), TELEGRAM_BOT_TOKEN: 'not-a-token-but-a-secret-value', LOG_LEVEL: 'loud' });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/TELEGRAM_BOT_TOKEN: does not look like a Telegram bot token/);
    expect(result.stderr).toMatch(/LOG_LEVEL:/);
    expect(result.stderr).not.toContain('not-a-token-but-a-secret-value');
  });

  it('draws --json prints every stored draw with its normalized fields', async () => {
    const result = await runCli(['draws', '--json'], { DATA_DIR: tempDir() });
    expect(result.code).toBe(0);
    const draws = JSON.parse(result.stdout) as Record<string, unknown>[];
    expect(draws).toHaveLength(412);
    const stem = draws.find((draw) => draw.number === '293')!;
    expect(Object.keys(stem)).toEqual(expect.arrayContaining(['number', 'date', 'label', 'category', 'programs', 'invitations', 'crs', 'roundAt', 'tieBreakAt', 'pool', 'url']));
    expect(stem).toMatchObject({ date: '2024-04-11', category: { id: 'stem', version: 'stem-v1' }, programs: ['fsw', 'cec', 'fst'], invitations: 4500, crs: 491 });
  });
});
