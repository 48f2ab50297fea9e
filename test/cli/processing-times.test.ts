import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.ts';
import { startFeedServer, type FeedServer } from '../helpers/feed-server.ts';
import { snapshotPath, tempDir } from '../helpers/fixtures.ts';
import { editedTimes, timesText } from '../helpers/processing-times.ts';
import { snapshotFolder } from '../helpers/store.ts';

let server: FeedServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const FEED_URL = snapshotPath('ircc-rounds-en-2026-04-15.json');

describe('npm run cli -- sync / status: IRCC’s processing times beside the rounds', () => {
  it('sync reads them after the rounds; a malformed file is refused with the last good one kept, and status says so', async () => {
    const DATA_DIR = tempDir();
    server = await startFeedServer({ kind: 'serve', body: timesText('flpt-en-2026-08-10.json') });
    const env = { DATA_DIR, FEED_URL, PROCESSING_TIMES_URL: server.url };

    const first = await runCli(['sync', '--no-seed'], env);
    expect(first).toMatchObject({ code: 0, stderr: '' });
    expect(first.stdout.split('\n')).toContain("processing times: new — IRCC's update of 2026-08-10");

    server.set({ kind: 'serve', body: timesText('flpt-en-2026-09-03.json') });
    const second = await runCli(['sync', '--json'], env);
    expect(second.code).toBe(0);
    expect(JSON.parse(second.stdout)).toMatchObject({ status: 'unchanged', processingTimes: { status: 'new', updated: '2026-09-03', previous: '2026-08-10', reason: null } });

    expect((await runCli(['sync'], env)).stdout).toMatch(/^processing times: not modified since the last check \(HTTP 304\); IRCC's update of 2026-09-03$/m);

    server.set({ kind: 'serve', body: editedTimes('flpt-en-2026-09-03.json', (raw) => (raw['total-people'].cec = 'About 58,900 persons waiting')) });
    const before = snapshotFolder(DATA_DIR);
    const refused = await runCli(['sync'], env);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toMatch(/^no change: 0 new, 0 edited; 412 rounds stored/);
    expect(refused.stderr.trim().split('\n')).toEqual([
      'sync failed: processing times refused: total-people.cec: "About 58,900 persons waiting" is not a number of people; IRCC\'s update of 2026-09-03 is kept',
    ]);

    const status = await runCli(['status'], { DATA_DIR });
    expect(status.code).toBe(0);
    const lines = status.stdout.split('\n');
    expect(lines).toContainEqual(expect.stringMatching(/^processing times: IRCC's update of 2026-09-03, \d+ days old; 2 snapshots kept$/));
    expect(lines).toContainEqual(expect.stringMatching(/^ {2}last check: {3}\S+ — refused: total-people\.cec: "About 58,900 persons waiting" is not a number of people$/));
    expect(lines).toContainEqual(expect.stringMatching(/^ {2}last refused: \S+ — total-people\.cec: .+ \(the last good snapshot was kept\)$/));
    const json = JSON.parse((await runCli(['status', '--json'], { DATA_DIR })).stdout) as { processingTimes: Record<string, unknown> };
    expect(json.processingTimes).toMatchObject({ updated: '2026-09-03', origin: 'fetched', snapshots: 2, lastRefusal: { outcome: 'refused' }, lastCheck: { outcome: 'refused' } });
    // Only the record of the check changed: the snapshots are the ones kept before.
    const kept = (folder: Record<string, string>) => JSON.parse(Buffer.from(folder['processing-times.json']!, 'base64').toString()).snapshots;
    expect(kept(snapshotFolder(DATA_DIR))).toEqual(kept(before));
  });

  it('a processing-times data file cut in half stops the bot’s start and `status`, named, and is left untouched', async () => {
    const DATA_DIR = tempDir();
    expect((await runCli(['sync'], { DATA_DIR, FEED_URL })).code).toBe(0);
    const path = join(DATA_DIR, 'processing-times.json');
    writeFileSync(path, readFileSync(path).subarray(0, 10_000));
    const before = snapshotFolder(DATA_DIR);
    const start = await runCli(['start', '--offline'], { DATA_DIR, FEED_URL }, '/quit\n');
    expect(start.code).toBe(1);
    expect(start.stderr.trim()).toMatch(new RegExp(`^start failed: data file ${path} is not valid JSON \\(.+\\); it was left untouched`));
    const status = await runCli(['status'], { DATA_DIR });
    expect(status.code).toBe(1);
    expect(status.stderr.trim()).toMatch(/^status failed: data file .+processing-times\.json is not valid JSON/);
    expect(snapshotFolder(DATA_DIR)).toEqual(before);
  });

  it('a file that cannot be reached: the rounds are synced, the one line says why, the shipped snapshot still answers', async () => {
    const DATA_DIR = tempDir();
    server = await startFeedServer({ kind: 'status', status: 503 });
    const result = await runCli(['sync'], { DATA_DIR, FEED_URL, PROCESSING_TIMES_URL: server.url });
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^no change: 0 new, 0 edited; 412 rounds stored/);
    expect(result.stderr.trim()).toBe("sync failed: processing times: IRCC's processing-times file answered HTTP 503 Service Unavailable; IRCC's update of 2026-09-03 (shipped data) is kept");
    const status = await runCli(['status'], { DATA_DIR });
    expect(status.stdout).toMatch(/^processing times: IRCC's update of 2026-09-03, \d+ days old \(shipped data\); 1 snapshot kept$/m);
    expect(status.stdout).toMatch(/^ {2}last check: {3}\S+ — failed: IRCC's processing-times file answered HTTP 503 Service Unavailable$/m);
  });
});
