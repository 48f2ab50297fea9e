import { afterEach, describe, expect, it } from 'vitest';
import { FeedError } from '../../../src/core/feed/normalize.ts';
import { silentLogger } from '../../../src/core/log.ts';
import { createProcessingTimesSync } from '../../../src/core/processing-times/sync.ts';
import { ProcessingTimesFile } from '../../../src/store/lowdb/processing-times.ts';
import { startFeedServer, type FeedServer } from '../../helpers/feed-server.ts';
import { seeds, tempDir } from '../../helpers/fixtures.ts';
import { editedTimes, timesPath, timesRaw, timesText } from '../../helpers/processing-times.ts';
import { snapshotFolder } from '../../helpers/store.ts';

let server: FeedServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function setUp({ seed = false } = {}) {
  const dir = tempDir();
  const store = new ProcessingTimesFile(dir, { seed: seed ? seeds.processingTimes : null });
  await store.ready();
  return { dir, store, sync: createProcessingTimesSync({ store, log: silentLogger }) };
}

describe("IRCC's processing times read from a local HTTP server, snapshot after snapshot", () => {
  it('keeps each new update once: a 304 and the same snapshot served again keep nothing', async () => {
    const { store, sync } = await setUp();
    server = await startFeedServer({ kind: 'serve', body: timesText('flpt-en-2026-08-10.json') });

    const august = await sync(server.url);
    expect(august).toMatchObject({ status: 'new', snapshot: { updated: '2026-08-10', origin: 'fetched', source: server.url }, previous: null });
    expect(await sync(server.url)).toMatchObject({ status: 'not-modified', latest: { updated: '2026-08-10' } });
    // Conditional, with an honest user agent (canada.ca's CDN resets the streams of spoofed browsers).
    expect(server.requests.map((request) => request.status)).toEqual([200, 304]);
    expect(server.requests[1]).toMatchObject({ ifNoneMatch: expect.stringMatching(/^".+"$/), ifModifiedSince: expect.any(String), userAgent: 'express-entry-bot' });

    server.set({ kind: 'serve', body: timesText('flpt-en-2026-09-03.json') });
    const september = await sync(server.url);
    expect(september).toMatchObject({ status: 'new', snapshot: { updated: '2026-09-03' }, previous: { updated: '2026-08-10' } });

    // The same snapshot with other bytes (spacing, key order): another ETag, the same content.
    const raw = timesRaw('flpt-en-2026-09-03.json');
    server.set({ kind: 'serve', body: JSON.stringify(Object.fromEntries(Object.entries(raw).reverse()), null, 2) });
    expect(await sync(server.url)).toMatchObject({ status: 'unchanged', latest: { updated: '2026-09-03' } });
    expect(await sync(server.url)).toMatchObject({ status: 'not-modified' });

    expect((await store.list()).map((snapshot) => snapshot.updated)).toEqual(['2026-08-10', '2026-09-03']);
    expect(await store.status()).toMatchObject({ lastCheck: { outcome: 'not-modified' }, lastRefusal: null, snapshots: 2 });
  });

  it('refuses a malformed snapshot whole, keeps the last good one, and reads the file in full next time', async () => {
    const { dir, store, sync } = await setUp();
    server = await startFeedServer({ kind: 'serve', body: timesText('flpt-en-2026-08-10.json') });
    await sync(server.url);
    const kept = snapshotFolder(dir);

    server.set({ kind: 'serve', body: editedTimes('flpt-en-2026-09-03.json', (raw) => (raw['wait-times']['cec-2026/08'] = 'Five months left')) });
    const refused = await sync(server.url);
    expect(refused).toEqual({ status: 'refused', reason: 'wait-times.cec-2026/08: "Five months left" is not a processing time', latest: expect.objectContaining({ updated: '2026-08-10' }) });
    expect((await store.latest()).latest!.updated).toBe('2026-08-10');
    expect(await store.list()).toHaveLength(1);
    expect(await store.status()).toMatchObject({ lastRefusal: { outcome: 'refused', error: refused.status === 'refused' ? refused.reason : '' }, snapshots: 1 });
    expect(snapshotFolder(dir)).not.toEqual(kept); // the check is recorded…
    expect(JSON.stringify(await store.get((await store.latest()).latest!.id))).toContain('"cec-2026/07":"4 months left"'); // …the snapshot is not touched

    // IRCC fixes it: no validators were kept for the refused file, so it is read whole at once.
    server.set({ kind: 'serve', body: timesText('flpt-en-2026-09-03.json') });
    expect(await sync(server.url)).toMatchObject({ status: 'new', snapshot: { updated: '2026-09-03' }, previous: { updated: '2026-08-10' } });
    expect(server.requests.at(-1)).toMatchObject({ status: 200, ifNoneMatch: undefined });
  });

  it('refuses HTML, a cut-short file and a stale copy; a 503 changes nothing but the record of the check', async () => {
    const { store, sync } = await setUp({ seed: true });
    server = await startFeedServer({ kind: 'serve', body: '<html><body>Maintenance</body></html>', contentType: 'text/html' });
    expect(await sync(server.url)).toMatchObject({ status: 'refused', reason: expect.stringMatching(/^not JSON/), latest: { updated: '2026-09-03', origin: 'seed' } });
    server.set({ kind: 'serve', body: timesText('flpt-en-2026-09-03.json').slice(0, 30_000) });
    expect(await sync(server.url)).toMatchObject({ status: 'refused', reason: expect.stringMatching(/^not JSON/) });
    server.set({ kind: 'serve', body: timesText('flpt-en-2026-08-10.json') });
    expect(await sync(server.url)).toMatchObject({ status: 'refused', reason: 'dated 2026-08-10, before the update already held (2026-09-03): a stale copy' });
    server.set({ kind: 'status', status: 503 });
    await expect(sync(server.url)).rejects.toThrow(new FeedError("IRCC's processing-times file answered HTTP 503 Service Unavailable"));
    expect(await store.status()).toMatchObject({ lastCheck: { outcome: 'failed', error: "IRCC's processing-times file answered HTTP 503 Service Unavailable" }, lastRefusal: { outcome: 'refused', error: expect.stringMatching(/stale copy/) }, snapshots: 1 });
    expect((await store.latest()).latest).toMatchObject({ origin: 'seed', updated: '2026-09-03' });
  });

  it('the shipped snapshot served by IRCC is no news; values changed under the same date are a correction, kept and not news', async () => {
    const { store, sync } = await setUp({ seed: true });
    expect(await sync(timesPath('flpt-en-2026-09-03.json'))).toMatchObject({ status: 'unchanged', latest: { origin: 'seed' } });
    server = await startFeedServer({ kind: 'serve', body: editedTimes('flpt-en-2026-09-03.json', (raw) => (raw['current-flpt'].fsw = 'About 8 months')) });
    expect(await sync(server.url)).toMatchObject({ status: 'correction', snapshot: { updated: '2026-09-03', origin: 'fetched' } });
    expect((await store.list()).map((snapshot) => snapshot.origin)).toEqual(['seed', 'fetched']);
  });
});
