import cron from 'node-cron';
import { afterEach, describe, expect, it } from 'vitest';
import { openApp, type App } from '../../src/app.ts';
import { DEFAULT_PROCESSING_TIMES_CRON, loadConfig } from '../../src/config.ts';
import { DEFAULT_PROCESSING_TIMES_URL } from '../../src/core/processing-times/sync.ts';
import { pollProcessingTimes, processingTimesDue } from '../../src/scheduler/jobs.ts';
import { startFeedServer, type FeedServer } from '../helpers/feed-server.ts';
import { snapshotPath, tempDir } from '../helpers/fixtures.ts';
import { timesText } from '../helpers/processing-times.ts';

let server: FeedServer | undefined;
let app: App | undefined;
afterEach(async () => {
  if (app) await app.store.close();
  await server?.close();
  app = server = undefined;
});

describe("the check of IRCC's processing times", () => {
  it('by default reads IRCC’s flpt-en.json once a day, at 07:17 in the bot’s time zone', () => {
    const config = loadConfig({});
    expect(config.PROCESSING_TIMES_URL).toBe(DEFAULT_PROCESSING_TIMES_URL);
    expect(DEFAULT_PROCESSING_TIMES_URL).toBe('https://www.canada.ca/content/dam/ircc/documents/json/flpt-en.json');
    expect(config.PROCESSING_TIMES_CRON).toBe(DEFAULT_PROCESSING_TIMES_CRON);
    expect(cron.validate(DEFAULT_PROCESSING_TIMES_CRON)).toBe(true);
    const task = cron.createTask(DEFAULT_PROCESSING_TIMES_CRON, () => {}, { timezone: 'America/Toronto' });
    const matches: string[] = [];
    for (let at = Date.parse('2026-06-01T04:00:00Z'), end = at + 7 * 86_400_000; at < end; at += 60_000) if (task.match(new Date(at))) matches.push(new Date(at).toISOString());
    void task.destroy();
    expect(matches).toHaveLength(7);
    expect(matches[0]).toBe('2026-06-01T11:17:00.000Z');
    expect(() => loadConfig({ PROCESSING_TIMES_CRON: 'daily' })).toThrow(/PROCESSING_TIMES_CRON: expected a cron expression/);
  });

  it('a new update wakes delivery; a refused one is logged and leaves the last good one; a bot checks at start after a day without', async () => {
    server = await startFeedServer({ kind: 'serve', body: timesText('flpt-en-2026-08-10.json') });
    const warnings: string[] = [];
    const log = { debug() {}, info() {}, error() {}, warn: (_: object, message: string) => warnings.push(message) };
    app = await openApp(loadConfig({ FEED_URL: snapshotPath('ircc-rounds-en-2026-04-15.json'), PROCESSING_TIMES_URL: server.url, DATA_DIR: tempDir() }), log as never, { seed: false });
    expect(await processingTimesDue(app)).toBe(true);

    let woken = 0;
    await pollProcessingTimes(app, () => woken++);
    expect(woken).toBe(1);
    expect(await processingTimesDue(app)).toBe(false);
    expect(await processingTimesDue(app, new Date(Date.now() + 21 * 3_600_000))).toBe(true);

    server.set({ kind: 'serve', body: '{"default-update": {}}' });
    await pollProcessingTimes(app, () => woken++);
    expect(woken).toBe(1);
    expect(warnings).toEqual(['processing times refused: the last good snapshot is kept']);
    expect((await app.store.processingTimes.latest()).latest?.updated).toBe('2026-08-10');

    server.set({ kind: 'status', status: 500 });
    await pollProcessingTimes(app, () => woken++);
    expect(warnings.at(-1)).toBe('processing times check failed');
    expect(await app.store.processingTimes.status()).toMatchObject({ lastCheck: { outcome: 'failed' }, lastRefusal: { outcome: 'refused' }, snapshots: 1 });
  });
});
