import { existsSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { StoreFileError, StoreIntegrityError } from '../../src/store/errors.ts';
import { LowdbStore } from '../../src/store/lowdb/store.ts';
import { tempDir } from '../helpers/fixtures.ts';
import { deliverAll, planFor, PLANNED_AT as AT } from '../helpers/outbox.ts';
import { EMPTY_SEED, openStore } from '../helpers/store.ts';
import { subscription } from '../helpers/subscriptions.ts';
import { describeStoreConformance } from './conformance.ts';

describeStoreConformance('lowdb files', { fresh: () => tempDir(), open: (dir, seed) => openStore(dir, seed) });

const chats = (count: number, from = 100_000) => Array.from({ length: count }, (_, index) => subscription(String(from + index)));
const readJson = (dir: string, name: string) => JSON.parse(readFileSync(join(dir, name), 'utf8'));

describe('the lowdb outbox', () => {
  it('a "sent" mark rewrites a few hundred bytes, whatever the audience; the audience is written once', async () => {
    const dir = tempDir();
    const store = await openStore(dir);
    await planFor(store, chats(20_000), { id: 'rounds|big' });
    const definitions = statSync(join(dir, 'broadcasts.json'));
    expect(definitions.size).toBeGreaterThan(20_000 * 15);
    for (let batch = 0; batch < 10; batch++) {
      for (const delivery of await store.take('telegram', 32, Date.parse(AT))) await store.markSent(delivery, AT);
    }
    expect(statSync(join(dir, 'deliveries.json')).size).toBeLessThan(300);
    expect(statSync(join(dir, 'broadcasts.json')).mtimeMs).toBe(definitions.mtimeMs);
    expect(await store.outboxSummary()).toMatchObject({ sent: 320, pending: 20_000 - 320 });
    await store.close();
  });

  it('a chat disabled mid-fan-out: its post dropped and its mark written at once, in small files; subscriptions.json takes the mark at its next write', async () => {
    const dir = tempDir();
    const store = await openStore(dir);
    await planFor(store, chats(50, 7000), { id: 'rounds|mid' });
    const before = readFileSync(join(dir, 'subscriptions.json'), 'utf8');
    await store.disable('telegram:7003', 'Forbidden: bot was blocked by the user');
    expect(readFileSync(join(dir, 'subscriptions.json'), 'utf8')).toBe(before);
    expect(readJson(dir, 'disabled.json').marks['telegram:7003']).toMatchObject({ reason: 'Forbidden: bot was blocked by the user' });
    expect(readJson(dir, 'deliveries.json').broadcasts['rounds|mid'].deliveries['3']).toMatchObject({ status: 'dropped' });
    // A crash now: the mark is on disk, learned again at open.
    const reader = await LowdbStore.open(dir, { seed: EMPTY_SEED, readOnly: true });
    expect((await reader.get('telegram:7003'))?.disabled).toMatchObject({ reason: 'Forbidden: bot was blocked by the user' });
    await store.save(subscription('8000'));
    expect(readJson(dir, 'subscriptions.json').subscriptions.find((each: { id: string }) => each.id === 'telegram:7003').disabled).toMatchObject({ reason: 'Forbidden: bot was blocked by the user' });
    expect(readJson(dir, 'disabled.json').marks).toEqual({});
    await store.close();
  });
});

describe('the outbox files vouch for each other', () => {
  /** A data folder with 20 posts pending and 5 sent, closed. */
  async function folderWithPending(): Promise<string> {
    const dir = tempDir();
    const store = await openStore(dir);
    await planFor(store, chats(25));
    for (const delivery of await store.take('telegram', 5, Date.parse(AT))) await store.markSent(delivery, AT);
    await store.close();
    return dir;
  }

  it('broadcasts.json lost with posts pending: the start refuses, naming the file and what its progress holds', async () => {
    const dir = await folderWithPending();
    rmSync(join(dir, 'broadcasts.json'));
    const error = (await openStore(dir).then(() => new Error("opened"), (caught: unknown) => caught)) as Error;
    expect(error).toBeInstanceOf(StoreIntegrityError);
    expect(error.message).toBe(`${join(dir, 'broadcasts.json')} is missing, with the broadcast whose progress deliveries.json holds: "rounds|${AT}|411" (20 posts pending, 5 sent). Restore broadcasts.json from a backup, or start with --drop-pending to forget those posts (their rounds stay stored and are not announced again)`);
    expect(existsSync(join(dir, '.lock'))).toBe(false);
    // The operator's word: forgotten, and said so by the summary.
    const dropped = await LowdbStore.open(dir, { seed: EMPTY_SEED, recovery: { dropPending: true } });
    expect(await dropped.outboxSummary()).toEqual({ pending: 0, retrying: 0, sent: 0, dropped: 0, oldestPending: null });
    await dropped.close();
    await (await openStore(dir)).close();
  });

  it('deliveries.json lost after a finished fan-out: the start refuses rather than posting to every chat again', async () => {
    const dir = tempDir();
    const store = await openStore(dir);
    await planFor(store, chats(300));
    expect(await deliverAll(store)).toHaveLength(300);
    await store.close();
    rmSync(join(dir, 'deliveries.json'));
    await expect(openStore(dir)).rejects.toThrow(`${join(dir, 'deliveries.json')} is missing, with the progress of the broadcast "rounds|${AT}|411" (300 posts, planned ${AT}) that broadcasts.json holds: their posts may have been sent already. Restore deliveries.json from a backup, or start with --assume-sent to count them as delivered`);
    const assumed = await LowdbStore.open(dir, { seed: EMPTY_SEED, recovery: { assumeSent: true } });
    expect(await assumed.take('telegram', 10, Date.parse(AT))).toEqual([]);
    expect(await assumed.outboxSummary()).toMatchObject({ pending: 0, sent: 300 });
    await assumed.close();
  });

  it('a crash between planning steps is told apart from a lost file, and settled quietly', async () => {
    const dir = await folderWithPending();
    // Progress written for a broadcast that never reached broadcasts.json (a crash in between).
    const progress = readJson(dir, 'deliveries.json');
    progress.broadcasts['rounds|never'] = { size: 3, planning: true, cursors: {}, deliveries: {}, sent: 0, lastSentAt: null };
    // And one whose broadcast was pruned before its progress was (nothing pending).
    progress.broadcasts['rounds|pruned'] = { size: 2, cursors: { telegram: 2 }, deliveries: {}, sent: 2, lastSentAt: AT };
    writeFileSync(join(dir, 'deliveries.json'), JSON.stringify(progress));
    const store = await openStore(dir);
    expect(await store.outboxSummary()).toMatchObject({ pending: 20, sent: 5 });
    await store.close();
    expect(Object.keys(readJson(dir, 'deliveries.json').broadcasts)).toEqual([`rounds|${AT}|411`]);
  });

  it('a hand-edited cursor or audience is refused at open, naming the file and the broadcast', async () => {
    const dir = await folderWithPending();
    const progress = readJson(dir, 'deliveries.json');
    progress.broadcasts[`rounds|${AT}|411`].cursors.telegram = 984;
    writeFileSync(join(dir, 'deliveries.json'), JSON.stringify(progress));
    await expect(openStore(dir)).rejects.toThrow(`data file ${join(dir, 'deliveries.json')} does not match broadcast "rounds|${AT}|411" in broadcasts.json: its telegram cursor 984 is outside its part of the audience (0–25)`);
    progress.broadcasts[`rounds|${AT}|411`].cursors.telegram = 5;
    writeFileSync(join(dir, 'deliveries.json'), JSON.stringify(progress));
    const definitions = readJson(dir, 'broadcasts.json');
    definitions.broadcasts[0].audience.pop();
    writeFileSync(join(dir, 'broadcasts.json'), JSON.stringify(definitions));
    const error = (await openStore(dir).then(() => new Error("opened"), (caught: unknown) => caught)) as Error;
    expect(error).toBeInstanceOf(StoreFileError);
    expect(error.message).toMatch(/does not match broadcast .*: its broadcast's audience \(24\) and round lists \(25\) differ in length/);
    definitions.broadcasts[0].audience.push(42);
    writeFileSync(join(dir, 'broadcasts.json'), JSON.stringify(definitions));
    await expect(openStore(dir)).rejects.toThrow(/broadcasts\.json does not match its schema \(broadcasts\.0\.audience\.24:/);
  });
});

describe('older outbox layouts are migrated at open', () => {
  it('outbox.json of schema 1 (one item per chat): pending posts kept, sent ones never sent again', async () => {
    const dir = tempDir();
    const item = (chatId: string, rounds: string[], state: object = {}) => ({
      id: `telegram:${chatId}|rounds|${rounds.join(',')}`, subscriptionId: `telegram:${chatId}`, kind: 'rounds', rounds, period: null,
      queuedAt: AT, status: 'pending', attempts: 0, notBefore: null, sentAt: null, error: null, ...state,
    });
    const items = [
      item('1', ['411', '410'], { status: 'sent', attempts: 1, sentAt: '2026-04-15T16:00:05.000Z' }),
      item('2', ['411']),
      item('3', ['411'], { attempts: 2, notBefore: '2026-04-15T16:10:00.000Z', error: 'HTTP 502' }),
      item('4', ['411'], { status: 'dropped', attempts: 1, error: 'Bad Request: chat not found' }),
      item('5', ['411']),
    ];
    const first = await openStore(dir);
    await first.saveMany(['1', '2', '3', '4', '5'].map((chatId) => subscription(chatId)));
    await first.close();
    rmSync(join(dir, 'deliveries.json'), { force: true });
    writeFileSync(join(dir, 'outbox.json'), JSON.stringify({ schemaVersion: 1, items }));

    const store = await openStore(dir);
    expect(await store.outboxSummary()).toEqual({ pending: 3, retrying: 1, sent: 1, dropped: 1, oldestPending: AT });
    expect(existsSync(join(dir, 'outbox.json'))).toBe(false);
    expect(readJson(dir, 'broadcasts.json').broadcasts).toHaveLength(1);
    const taken = await store.take('telegram', 10, Date.parse('2026-04-15T16:10:00.000Z'));
    expect(taken.map((delivery) => [delivery.post.id, delivery.attempts])).toEqual([['telegram:3|rounds|411', 2], ['telegram:2|rounds|411', 0], ['telegram:5|rounds|411', 0]]);
    await store.close();
  });

  it('broadcasts.json 1 with its outbox.json of schema 2 (a state per chat): what was sent stays sent', async () => {
    const dir = tempDir();
    const first = await openStore(dir);
    await first.saveMany(chats(4));
    await first.close();
    const audience = chats(4).map((each) => each.id);
    writeFileSync(join(dir, 'broadcasts.json'), JSON.stringify({ schemaVersion: 1, broadcasts: [{ id: 'b', kind: 'rounds', period: null, createdAt: AT, audience, variants: [['411']], variantOf: [0, 0, 0, 0], lanes: { telegram: [0, 4] } }] }));
    rmSync(join(dir, 'deliveries.json'), { force: true });
    writeFileSync(join(dir, 'outbox.json'), JSON.stringify({ schemaVersion: 2, broadcasts: { b: { cursors: { telegram: 3 }, chats: { 1: { status: 'sent', attempts: 2, notBefore: null, sentAt: AT, error: null }, 2: { status: 'pending', attempts: 0, notBefore: null, sentAt: null, error: null } }, sent: 1, lastSentAt: AT } } }));
    const store = await openStore(dir);
    expect(await store.outboxSummary()).toEqual({ pending: 2, retrying: 0, sent: 2, dropped: 0, oldestPending: AT });
    expect(await deliverAll(store)).toEqual(['telegram:100002|rounds|411', 'telegram:100003|rounds|411']);
    await store.close();
    expect(readJson(dir, 'broadcasts.json')).toMatchObject({ schemaVersion: 3, broadcasts: [{ id: 'b' }] });
    expect(readJson(dir, 'broadcasts.json').broadcasts[0].lanes).toBeUndefined();
  });
});
