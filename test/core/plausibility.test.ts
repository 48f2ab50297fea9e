import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { formatSyncOutcome } from '../../src/render/cli-text.ts';
import { createSync } from '../../src/core/sync.ts';
import { normalizeFeed } from '../../src/core/feed/normalize.ts';
import { silentLogger } from '../../src/core/log.ts';
import type { Draw } from '../../src/core/draw.ts';
import { feedJson, rawRound, seeds, snapshotRounds, tempDir } from '../helpers/fixtures.ts';
import { startFeedServer, type FeedServer } from '../helpers/feed-server.ts';
import { openStore, SHIPPED_SEED, snapshotFolder } from '../helpers/store.ts';
import { deliverAll } from '../helpers/outbox.ts';
import { subscription } from '../helpers/subscriptions.ts';
import type { LowdbStore } from '../../src/store/lowdb/store.ts';

let server: FeedServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const catalog = seeds.categories;
// 03:00 UTC on December 1 is still November 30 in Toronto: "tomorrow" there is December 1.
const NOW = new Date('2026-12-01T03:00:00Z');
const normalize = (rounds: Record<string, string>[]) => normalizeFeed({ rounds }, catalog, { now: NOW });
const syncAt = (store: LowdbStore, at = NOW) => createSync({ store, catalog, log: silentLogger, now: () => at });
const cec = (number: string, date: string, overrides: Record<string, string> = {}) =>
  rawRound({ drawNumber: number, drawDate: date, drawName: 'Canadian Experience Class', drawSize: '3,000', drawCRS: '515', ...overrides });

describe('plausibility at the feed door', () => {
  it.each([
    ['a date after tomorrow in Toronto', { drawDate: '2026-12-02' }, 'round #412, drawDate "2026-12-02": later than tomorrow in Toronto (2026-12-01)'],
    ['a date in 2099', { drawDate: '2099-06-15' }, 'round #412, drawDate "2099-06-15": later than tomorrow in Toronto (2026-12-01)'],
    ['invitations past a safe integer', { drawSize: '99999999999999999999' }, 'round #412, drawSize "99999999999999999999": expected a number of invitations from 1 to 99,999'],
    ['100,000 invitations', { drawSize: '100,000' }, 'round #412, drawSize "100,000": expected a number of invitations from 1 to 99,999'],
    ['a CRS of 0', { drawCRS: '0' }, 'round #412, drawCRS "0": expected a CRS score from 1 to 1,200'],
    ['a CRS of 000', { drawCRS: '000' }, 'round #412, drawCRS "000": expected a CRS score from 1 to 1,200'],
  ])('refuses %s, naming the round and the field; the other rounds stand', (_name, overrides, reason) => {
    const feed = normalize([cec('412', '2026-11-20', overrides), cec('411', '2026-11-06')]);
    expect(feed.refused).toEqual([{ number: '412', field: Object.keys(overrides)[0], reason }]);
    expect(feed.draws.map((draw) => draw.number)).toEqual(['411']);
  });

  it('accepts the edges: tomorrow in Toronto, 1 and 99,999 invitations, CRS 1 and 1,200', () => {
    const feed = normalize([cec('415', '2026-12-01', { drawSize: '99,999', drawCRS: '1200' }), cec('414', '2026-11-30', { drawSize: '1', drawCRS: '1' })]);
    expect(feed.refused).toEqual([]);
    expect(feed.draws.map((draw) => [draw.number, draw.invitations, draw.crs])).toEqual([['415', 99999, 1200], ['414', 1, 1]]);
  });

  it('every real round IRCC published passes', () => {
    const feed = normalizeFeed({ rounds: snapshotRounds('ircc-rounds-en-2026-04-15.json') }, catalog, { now: new Date('2026-04-15T20:00:00Z') });
    expect(feed.refused).toEqual([]);
    expect(feed.draws).toHaveLength(412);
  });
});

describe('a refused round never blocks the good ones, and comes in once corrected', () => {
  it('the good new round is stored and posted; the refused one is read again at every poll and stored when IRCC fixes it', async () => {
    const dir = tempDir();
    server = await startFeedServer({ kind: 'serve', body: feedJson([cec('410', '2026-11-06')]) });
    const store = await openStore(dir);
    await store.saveMany([subscription('1001')]);
    expect(await syncAt(store)(server.url)).toMatchObject({ status: 'merged', total: 1 });

    server.set({ kind: 'serve', body: feedJson([cec('412', '2026-11-20', { drawCRS: '0' }), cec('411', '2026-11-18'), cec('410', '2026-11-06')]) });
    const outcome = await syncAt(store)(server.url);
    expect(outcome).toMatchObject({ status: 'merged', added: [{ number: '411' }], refused: [{ number: '412', field: 'drawCRS' }] });
    expect(formatSyncOutcome(outcome, store.draws).split('\n')).toEqual([
      '1 new, 0 edited; 2 rounds stored, newest #411 (2026-11-18)',
      'new: #411',
      'refused (not stored until IRCC corrects it): round #412, drawCRS "0": expected a CRS score from 1 to 1,200',
    ]);
    expect(store.draws.map((draw) => draw.number)).toEqual(['411', '410']);
    expect(await deliverAll(store)).toEqual(['telegram:1001|rounds|411']);
    // Not recorded: the next poll reads the whole feed again rather than getting a 304.
    expect(store.feedState).toMatchObject({ etag: null, contentHash: null });

    const before = snapshotFolder(dir);
    expect(await syncAt(store)(server.url)).toMatchObject({ status: 'unchanged', refused: [{ number: '412' }] });
    expect(server.requests.at(-1)?.status).toBe(200);
    expect(snapshotFolder(dir)).toEqual(before);

    server.set({ kind: 'serve', body: feedJson([cec('412', '2026-11-20', { drawCRS: '505' }), cec('411', '2026-11-18'), cec('410', '2026-11-06')]) });
    expect(await syncAt(store)(server.url)).toMatchObject({ status: 'merged', added: [{ number: '412', crs: 505 }] });
    expect(await deliverAll(store)).toEqual(['telegram:1001|rounds|412']);
    expect(store.feedState?.contentHash).toEqual(expect.any(String));
    expect(await syncAt(store)(server.url)).toEqual({ status: 'not-modified' });
    await store.close();
  });
});

describe('no single stored round can block corrections', () => {
  /** A data folder written by an older version that accepted a mistyped round. */
  async function storeHolding(mistype: (draws: Draw[]) => Draw[]): Promise<{ dir: string; store: LowdbStore }> {
    const dir = tempDir();
    const seeded = await openStore(dir, SHIPPED_SEED);
    await seeded.close();
    const path = join(dir, 'draws.json');
    const file = JSON.parse(readFileSync(path, 'utf8')) as { draws: Draw[] };
    writeFileSync(path, JSON.stringify({ ...file, draws: mistype(file.draws) }));
    const store = await openStore(dir, SHIPPED_SEED);
    await store.saveMany([subscription('1001')]);
    return { dir, store };
  }

  const next = cec('412', '2026-04-29');
  const ircc = () => snapshotRounds('ircc-rounds-en-2026-04-15.json') as unknown as Record<string, string>[];
  const april30 = new Date('2026-04-30T15:00:00Z');

  it('round #411 stored as 2099-06-15: IRCC’s next feed corrects it, and its new round is stored and posted', async () => {
    const { store } = await storeHolding((draws) => draws.map((draw) => (draw.number === '411' ? { ...draw, date: '2099-06-15' } : draw)));
    expect(store.draws[0]).toMatchObject({ number: '411', date: '2099-06-15' });

    server = await startFeedServer({ kind: 'serve', body: feedJson([next, ...ircc()]) });
    const outcome = await syncAt(store, april30)(server.url);
    expect(outcome).toMatchObject({ status: 'merged', stale: false, added: [{ number: '412' }] });
    if (outcome.status !== 'merged') throw new Error('unreachable');
    expect(outcome.edited.map((edit) => [edit.after.number, edit.before.date, edit.after.date])).toEqual([['411', '2099-06-15', '2026-04-15']]);
    expect(store.draws.slice(0, 2).map((draw) => [draw.number, draw.date])).toEqual([['412', '2026-04-29'], ['411', '2026-04-15']]);
    expect(await deliverAll(store)).toEqual(['telegram:1001|rounds|412']);
    await store.close();
  });

  it('a stray round no feed carries (#999, 2099) makes no later feed an "older copy" and hides no new round', async () => {
    const stray = (draws: Draw[]) => [{ ...draws[0]!, number: '999', date: '2099-06-15' }, ...draws];
    const { store } = await storeHolding(stray);
    const corrected = ircc().map((round) => (round.drawNumber === '410' ? { ...round, drawCRS: '999' } : round));
    server = await startFeedServer({ kind: 'serve', body: feedJson([next, ...corrected]) });
    const outcome = await syncAt(store, april30)(server.url);
    expect(outcome).toMatchObject({ status: 'merged', stale: false, added: [{ number: '412' }], edited: [{ after: { number: '410', crs: 999 }, fields: ['crs'] }] });
    expect(await deliverAll(store)).toEqual(['telegram:1001|rounds|412']);
    await store.close();
  });

  it('a copy missing two or more of the newest rounds is still an older copy: its differences are not applied', async () => {
    const { store } = await storeHolding((draws) => draws);
    const olderCopy = ircc().filter((round) => round.drawNumber !== '411' && round.drawNumber !== '410').map((round) => (round.drawNumber === '409' ? { ...round, drawCRS: '1' } : round));
    server = await startFeedServer({ kind: 'serve', body: feedJson(olderCopy) });
    expect(await syncAt(store, april30)(server.url)).toEqual({ status: 'unchanged' });
    expect(store.draws.find((draw) => draw.number === '409')?.crs).not.toBe(1);
    await store.close();
  });
});
