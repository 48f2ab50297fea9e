import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { JsonFile } from '../../src/store/lowdb/json-file.ts';
import { feedJson, rawRound } from '../helpers/fixtures.ts';
import { startFeedServer, type FeedServer } from '../helpers/feed-server.ts';
import { smallDisk } from '../helpers/small-disk.ts';
import { openStore, syncer } from '../helpers/store.ts';
import { broadcastTo, pendingPosts, planFor } from '../helpers/outbox.ts';
import { subscription } from '../helpers/subscriptions.ts';

const disk = smallDisk(512);
afterAll(() => disk.dispose());
let server: FeedServer | undefined;
afterEach(async () => {
  disk.free();
  await server?.close();
  server = undefined;
});

/** Ten stored rounds, then a feed bringing two more: enough draws to need several pages on disk. */
const older = Array.from({ length: 10 }, (_, index) =>
  rawRound({ drawNumber: String(400 + index), drawDate: `2026-0${1 + Math.floor(index / 4)}-${String(10 + (index % 4) * 4)}`, drawName: 'Canadian Experience Class', drawCRS: String(500 + index) }));
const newer = [
  rawRound({ drawNumber: '410', drawDate: '2026-04-20', drawName: 'Canadian Experience Class', drawCRS: '515' }),
  rawRound({ drawNumber: '411', drawDate: '2026-04-29', drawName: 'Canadian Experience Class', drawCRS: '520' }),
];
const chats = [subscription('1001'), subscription('1002', { locale: 'fr' })];

const scenarios = [
  // The disk is full from the start: the first write of the sync (the posts owed) fails.
  { name: 'before the posts are queued', leavePages: 0, failing: 'deliveries.json' },
  // Room for the small outbox write, not for the draws: the posts are on disk, the rounds are not.
  { name: 'between the posts and the rounds', leavePages: 4, failing: 'draws.json' },
] as const;

describe(`a full disk (${disk.mode}) loses no round and posts each once`, () => {
  it.each(scenarios)('disk full $name: memory stays as on disk; after space is back, the same feed stores the rounds and queues one post per chat', async ({ leavePages, failing }) => {
    console.info(`full-disk test running on: ${disk.mode}`);
    const dir = join(disk.root, `data-${failing}`);
    mkdirSync(dir);
    server = await startFeedServer({ kind: 'serve', body: feedJson(older) });
    const store = await openStore(dir);
    await store.saveMany(chats);
    expect(await syncer(store)(server.url)).toMatchObject({ status: 'merged', total: 10 });
    const feedBefore = store.feedState;

    server.set({ kind: 'serve', body: feedJson([...newer, ...older]) });
    disk.fill({ leavePages, simulatedFile: join(dir, failing) });
    const error = await syncer(store)(server.url).then(() => new Error('the sync did not fail'), (caught: unknown) => caught as Error);
    expect(error.message).toMatch(/ENOSPC/);
    // Soft: these say why, and the test goes on to show what a restart finds.
    expect.soft(error.message).toContain(join(dir, failing));
    // Nothing the disk refused is held in memory, and the feed is not recorded as seen.
    expect.soft(store.draws.map((draw) => draw.number)).not.toContain('410');
    expect.soft(store.feedState).toEqual(feedBefore);
    expect.soft(readdirSync(dir).filter((name) => name.endsWith('.tmp'))).toEqual([]);

    disk.free();
    const retried = await syncer(store)(server.url);
    expect(retried).toMatchObject({ status: 'merged', added: [{ number: '411' }, { number: '410' }] });
    await store.close();

    const reopened = await openStore(dir);
    expect(reopened.draws.slice(0, 3).map((draw) => draw.number)).toEqual(['411', '410', '409']);
    expect((await pendingPosts(reopened)).map((post) => [post.subscriptionId, post.rounds])).toEqual(chats.map((chat) => [chat.id, ['411', '410']]));
    // The feed is now recorded with the data it vouches for: the next poll is a 304, nothing queued again.
    expect(await syncer(reopened)(server.url)).toEqual({ status: 'not-modified' });
    expect(await reopened.outboxSummary()).toMatchObject({ pending: 2 });
    await reopened.close();
  });
});

describe(`a failed write (${disk.mode}) takes back every change it carried`, () => {
  it('changes batched behind the failed write fail with it; memory is what the disk holds; the next write works', async () => {
    const dir = join(disk.root, 'data-batch');
    mkdirSync(dir);
    const file = await JsonFile.open(join(dir, 'counter.json'), { name: 'counter.json', version: 1, schema: z.object({ count: z.number() }), empty: () => ({ count: 0 }) });
    await file.write({ count: 1 });
    let reloads = 0;
    file.onReload(() => reloads++);

    disk.fill({ leavePages: 0, simulatedFile: file.path });
    const first = file.write({ count: 2 });
    // Let the first write start (a microtask); the disk cannot answer before the event loop turns.
    await Promise.resolve();
    const batched = file.write({ count: 3 });
    expect(batched).not.toBe(first);
    await expect(first).rejects.toThrow(`data file ${file.path} could not be written (ENOSPC: no space left on device)`);
    await expect(batched).rejects.toThrow(/counter.json could not be written \(an earlier write failed: ENOSPC/);
    expect(file.data).toEqual({ count: 1, schemaVersion: 1 });
    expect(reloads).toBe(1);

    disk.free();
    await file.write({ count: 4 });
    expect(JSON.parse(readFileSync(file.path, 'utf8'))).toEqual({ count: 4, schemaVersion: 1 });
    expect(readdirSync(dir)).toEqual(['counter.json']);
  });
});

describe(`an outbox write that fails (${disk.mode}) is never taken for done`, () => {
  it('a refused "sent" mark keeps the post leased (never handed out again) until it is written; a broadcast never stored is never delivered', async () => {
    const dir = join(disk.root, 'data-outbox');
    mkdirSync(dir);
    const store = await openStore(dir);
    await planFor(store, [subscription('1001')]);
    const [held] = await store.take('telegram', 10, Date.now());

    disk.fill({ leavePages: 0, simulatedFile: join(dir, 'deliveries.json') });
    await expect(store.markSent(held!, '2026-04-29T15:00:01.000Z')).rejects.toThrow(/deliveries\.json could not be written/);
    expect(await store.take('telegram', 10, Date.now())).toEqual([]);
    expect(await store.outboxSummary()).toMatchObject({ pending: 1, sent: 0 });
    disk.fill({ leavePages: 0, simulatedFile: join(dir, 'deliveries.json') }); // simulated: the failed write removed its temp symlink
    await expect(store.addBroadcast(broadcastTo([subscription('1001')], { rounds: ['412'] }))).rejects.toThrow(/ENOSPC/);
    expect(await store.outboxSummary()).toMatchObject({ pending: 1 });

    disk.free();
    await store.markSent(held!, '2026-04-29T15:00:02.000Z');
    expect(await store.take('telegram', 10, Date.now())).toEqual([]);
    await store.close();
    expect(await (await openStore(dir)).outboxSummary()).toEqual({ pending: 0, retrying: 0, sent: 1, dropped: 0, oldestPending: null });
  });
});
