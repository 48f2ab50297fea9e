import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FeedError } from '../../src/core/feed/normalize.ts';
import { feedJson, rawRound, snapshotPath, snapshotRounds, snapshotText, tempDir } from '../helpers/fixtures.ts';
import { startFeedServer, type FeedServer } from '../helpers/feed-server.ts';
import { openStore, SHIPPED_SEED, snapshotFolder, syncer } from '../helpers/store.ts';

let server: FeedServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const serve = (body: string) => ({ kind: 'serve', body }) as const;

describe('sync over HTTP from a local feed server', () => {
  it('from an empty store: 239, then 92, then 81 new rounds; the same feed again costs a 304', async () => {
    server = await startFeedServer(serve(snapshotText('ircc-rounds-en-2023-01-18.json')));
    const store = await openStore(tempDir());
    const sync = syncer(store);
    const counts = [];
    for (const name of ['ircc-rounds-en-2023-01-18.json', 'ircc-rounds-en-2024-12-16.json', 'ircc-rounds-en-2026-04-15.json'] as const) {
      server.set(serve(snapshotText(name)));
      const outcome = await sync(server.url);
      counts.push(outcome.status === 'merged' ? [outcome.added.length, outcome.edited.length] : outcome.status);
    }
    expect(counts).toEqual([[239, 0], [92, 0], [81, 0]]);
    expect(store.draws).toHaveLength(412);

    expect(await sync(server.url)).toEqual({ status: 'not-modified' });
    expect(server.requests.at(-1)).toMatchObject({ status: 304, ifNoneMatch: expect.stringMatching(/^"/), ifModifiedSince: expect.any(String) });
    await store.close();
  });

  it('re-indented bytes with the same rounds report nothing', async () => {
    const rounds = snapshotRounds('ircc-rounds-en-2026-04-15.json');
    server = await startFeedServer(serve(JSON.stringify({ rounds }, null, 2)));
    const store = await openStore(tempDir(), SHIPPED_SEED);
    expect(await syncer(store)(server.url)).toEqual({ status: 'unchanged' });
    server.set(serve(JSON.stringify({ rounds }, null, '\t')));
    expect(await syncer(store)(server.url)).toEqual({ status: 'unchanged' });
    await store.close();
  });

  it('a relabelled old round is an edit, never a new round', async () => {
    const rounds = snapshotRounds('ircc-rounds-en-2026-04-15.json').map((round) =>
      round.drawNumber === '252' ? { ...round, drawName: 'Healthcare occupations (2023-1)', drawCRS: '477' } : round);
    server = await startFeedServer(serve(JSON.stringify({ rounds })));
    const store = await openStore(tempDir(), SHIPPED_SEED);
    const outcome = await syncer(store)(server.url);
    expect(outcome).toMatchObject({ status: 'merged', added: [], total: 412 });
    if (outcome.status !== 'merged') throw new Error('unreachable');
    expect(outcome.edited).toHaveLength(1);
    expect(outcome.edited[0]).toMatchObject({ before: { number: '252', label: 'Healthcare occupations (Version 1)', crs: 476 }, after: { number: '252', label: 'Healthcare occupations (2023-1)', crs: 477 }, fields: ['label', 'crs'] });
    expect(store.draws.find((draw) => draw.number === '252')).toMatchObject({ crs: 477, category: { id: 'healthcare', version: 'healthcare-v1' } });
    await store.close();
  });

  it('a seeded store syncing an older snapshot loses nothing and reverts nothing', async () => {
    const dir = tempDir();
    const store = await openStore(dir, SHIPPED_SEED);
    const history = structuredClone(store.draws);
    for (const name of ['ircc-rounds-en-2024-12-16.json', 'ircc-rounds-en-2023-01-18.json'] as const) {
      const outcome = await syncer(store)(snapshotPath(name));
      expect(outcome).toEqual({ status: 'unchanged' });
    }
    expect(store.draws).toEqual(history);
  });

  it('a feed that lacks stored rounds never deletes them', async () => {
    server = await startFeedServer(serve(feedJson([rawRound({ drawNumber: '412', drawDate: '2026-04-29', drawName: 'Canadian Experience Class', drawSize: '3,000', drawCRS: '515' })])));
    const store = await openStore(tempDir(), SHIPPED_SEED);
    const outcome = await syncer(store)(server.url);
    expect(outcome).toMatchObject({ status: 'merged', total: 413 });
    expect(store.draws[0]).toMatchObject({ number: '412', category: { id: 'cec' }, crs: 515 });
    expect(store.draws.find((draw) => draw.number === '1')).toBeDefined();
    await store.close();
  });

  describe('faults: the store stays byte-identical and the error says why', () => {
    const faults: [string, Parameters<typeof startFeedServer>[0], RegExp][] = [
      ['HTTP 500', { kind: 'status', status: 500 }, /HTTP 500/],
      ['HTTP 404', { kind: 'status', status: 404 }, /HTTP 404/],
      ['a timeout', { kind: 'hang' }, /did not answer within 0.3 s/],
      ['an HTML page with status 200', { kind: 'serve', body: '<!DOCTYPE html><html><body>We are updating canada.ca</body></html>', contentType: 'text/html' }, /HTML page/],
      ['truncated JSON', serve(snapshotText('ircc-rounds-en-2026-04-15.json').slice(0, 200_000)), /not valid JSON/],
      ['{"rounds": []}', serve('{"rounds": []}'), /holds no rounds/],
      ['a round with an empty CRS', serve(feedJson([rawRound({ drawNumber: '412', drawDate: '2026-04-29', drawCRS: '' })])), /round #412, drawCRS/],
    ];
    it.each(faults)('%s', async (_name, behaviour, reason) => {
      server = await startFeedServer(behaviour);
      const dir = tempDir();
      const store = await openStore(dir, SHIPPED_SEED);
      await store.close();
      const reopened = await openStore(dir, SHIPPED_SEED);
      const before = snapshotFolder(dir);
      const error = await syncer(reopened)(server.url, { timeoutMs: 300 }).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(FeedError);
      expect((error as Error).message).toMatch(reason);
      await reopened.close();
      expect(snapshotFolder(dir)).toEqual(before);
    });

    it('a feed over the size cap', async () => {
      server = await startFeedServer(serve(snapshotText('ircc-rounds-en-2026-04-15.json')));
      const store = await openStore(tempDir(), SHIPPED_SEED);
      await expect(syncer(store)(server.url, { maxBytes: 100_000 })).rejects.toThrow(/over the 100000-byte cap/);
      await store.close();
    });

    it('an unreachable feed', async () => {
      server = await startFeedServer(serve('{}'));
      const url = server.url;
      await server.close();
      server = undefined;
      const store = await openStore(tempDir(), SHIPPED_SEED);
      await expect(syncer(store)(url)).rejects.toThrow(/cannot reach the feed \(ECONNREFUSED\)/);
      await store.close();
    });
  });

  it('reads a feed from a file path', async () => {
    const dir = tempDir();
    const path = join(dir, 'feed.json');
    writeFileSync(path, readFileSync(snapshotPath('ircc-rounds-en-2023-01-18.json')));
    const store = await openStore(join(dir, 'data'));
    expect(await syncer(store)(path)).toMatchObject({ status: 'merged', total: 239 });
    expect(await syncer(store)(path)).toEqual({ status: 'unchanged' });
    await store.close();
  });
});
