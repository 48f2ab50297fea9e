import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/core/log.ts';
import { createProcessingTimesSync } from '../../src/core/processing-times/sync.ts';
import type { Subscription } from '../../src/core/subscriptions.ts';
import { lastChecked, type BotStore } from '../../src/store/contract.ts';
import { broadcastTo, chatIds, deliverAll, planFor, PLANNED_AT as AT } from '../helpers/outbox.ts';
import type { EMPTY_SEED } from '../helpers/store.ts';
import { subscription } from '../helpers/subscriptions.ts';
import { history } from '../helpers/answers.ts';
import { AFTER_SEPTEMBER_UPDATE, timesPath } from '../helpers/processing-times.ts';

/**
 * What any store must do for sync, delivery and the scheduler (src/store/contract.ts), through the
 * contract alone. An implementation runs it with a way to open a store on a place of its own, and
 * to open it again there after closing it (what a restart sees).
 */
export interface StoreUnderTest {
  /** A new, empty place (a folder, a database…). */
  fresh(): Promise<string> | string;
  open(place: string, seed?: typeof EMPTY_SEED): Promise<BotStore>;
}

const NOW = Date.parse(AT);
const chats = (count: number, platform: Subscription['platform'] = 'telegram') => Array.from({ length: count }, (_, index) => subscription(String(5000 + index), { platform }));

export function describeStoreConformance(name: string, implementation: StoreUnderTest): void {
  async function storeWith(subscriptions: readonly Subscription[], options?: Parameters<typeof planFor>[2]) {
    const place = await implementation.fresh();
    const store = await implementation.open(place);
    await planFor(store, subscriptions, options);
    return { place, store };
  }

  async function reopened(store: BotStore, place: string): Promise<BotStore> {
    await store.close();
    return implementation.open(place);
  }

  describe(`the store contract: ${name}`, () => {
    it('hands out a broadcast in its audience order, in batches, each chat once, per platform', async () => {
      const { store } = await storeWith([...chats(5), ...chats(2, 'discord')]);
      const first = await store.take('telegram', 3, NOW);
      expect(chatIds(first)).toEqual(['5000', '5001', '5002']);
      expect(first[0]!.post).toEqual({ id: 'telegram:5000|rounds|411', subscriptionId: 'telegram:5000', kind: 'rounds', rounds: ['411'], period: null });
      expect(first[0]!.attempts).toBe(0);
      // Taken posts are leased: not handed out again until marked or released.
      expect(chatIds(await store.take('telegram', 10, NOW))).toEqual(['5003', '5004']);
      expect(await store.take('telegram', 10, NOW)).toEqual([]);
      expect(chatIds(await store.take('discord', 10, NOW))).toEqual(['5000', '5001']);
      await store.release(first[1]!);
      expect(chatIds(await store.take('telegram', 10, NOW))).toEqual(['5001']);
      await store.close();
    });

    it('a post taken and not marked is pending after a restart, and taken again first; one marked sent never is', async () => {
      const { place, store } = await storeWith(chats(4));
      const [sent, inFlight] = await store.take('telegram', 2, NOW);
      await store.markSent(sent!, AT);
      const restarted = await reopened(store, place);
      expect(await restarted.outboxSummary()).toEqual({ pending: 3, sent: 1, retrying: 0, dropped: 0, oldestPending: AT });
      expect(chatIds(await restarted.take('telegram', 10, NOW))).toEqual([inFlight!.subscription.chatId, '5002', '5003']);
      await restarted.close();
    });

    it('a retry waits for its time and counts its attempts; a drop is final; the rest goes on', async () => {
      const { place, store } = await storeWith(chats(3));
      const [retried, dropped, sent] = await store.take('telegram', 3, NOW);
      await store.markRetry(retried!, { attempts: 1, notBefore: new Date(NOW + 60_000).toISOString(), error: 'HTTP 502' });
      await store.markDropped(dropped!, { attempts: 1, error: 'Bad Request: message is too long' });
      await store.markSent(sent!, AT);
      expect(await store.take('telegram', 10, NOW)).toEqual([]);
      expect(await store.waiting('telegram', NOW)).toEqual({ due: false, nextRetryAt: NOW + 60_000 });
      expect(await store.waiting('discord', NOW)).toEqual({ due: false, nextRetryAt: null });
      const restarted = await reopened(store, place);
      expect(await restarted.outboxSummary()).toMatchObject({ pending: 1, retrying: 1, sent: 1, dropped: 1 });
      expect(await restarted.waiting('telegram', NOW + 60_000)).toEqual({ due: true, nextRetryAt: null });
      const again = await restarted.take('telegram', 10, NOW + 60_000);
      expect(chatIds(again)).toEqual(['5000']);
      expect(again[0]!.attempts).toBe(1);
      await restarted.markSent(again[0]!, AT);
      expect(await restarted.outboxSummary()).toEqual({ pending: 0, retrying: 0, sent: 2, dropped: 1, oldestPending: null });
      expect(await restarted.take('telegram', 10, NOW + 120_000)).toEqual([]);
      await restarted.close();
    });

    it('a chat that unsubscribes or is disabled mid-way is not handed out; what it was owed is dropped', async () => {
      const { place, store } = await storeWith(chats(4));
      const [first] = await store.take('telegram', 1, NOW);
      await store.remove('telegram:5002');
      await store.disable('telegram:5003', 'Forbidden: bot was blocked by the user');
      await store.markSent(first!, AT);
      expect(await store.outboxSummary()).toMatchObject({ pending: 1, sent: 1, dropped: 2 });
      expect((await store.get('telegram:5003'))?.disabled).toMatchObject({ reason: 'Forbidden: bot was blocked by the user' });
      expect(chatIds(await store.take('telegram', 10, NOW))).toEqual(['5001']);
      const restarted = await reopened(store, place);
      expect(await restarted.get('telegram:5002')).toBeUndefined();
      expect((await restarted.get('telegram:5003'))?.disabled).toMatchObject({ reason: 'Forbidden: bot was blocked by the user' });
      expect((await restarted.listSubscriptions()).map((each) => each.id).sort()).toEqual(['telegram:5000', 'telegram:5001', 'telegram:5003']);
      // 5001 was taken, never marked: after a restart it is handed out again; the others never are.
      expect(chatIds(await restarted.take('telegram', 10, NOW))).toEqual(['5001']);
      await restarted.close();
    });

    it('a chat disabled before its turn, or while it waits for a retry, is dropped when its turn comes', async () => {
      const { store } = await storeWith(chats(3));
      const [retried] = await store.take('telegram', 1, NOW);
      await store.markRetry(retried!, { attempts: 1, notBefore: AT, error: 'HTTP 502' });
      // Disabled behind the store's back (another process, an older version): take still skips it.
      await store.saveMany([subscription('5000', { disabled: { at: AT, reason: 'blocked' } }), subscription('5002', { disabled: { at: AT, reason: 'blocked' } })]);
      expect(chatIds(await store.take('telegram', 10, NOW))).toEqual(['5001']);
      expect(await store.outboxSummary()).toMatchObject({ pending: 1, dropped: 2 });
      await store.close();
    });

    it('an admin who subscribes again after the chat was disabled gets posts again', async () => {
      const { place, store } = await storeWith(chats(1));
      await store.disable('telegram:5000', 'Forbidden: bot was kicked');
      await store.save(subscription('5000', { updatedAt: '2026-04-16T00:00:00.000Z' }));
      const restarted = await reopened(store, place);
      expect((await restarted.get('telegram:5000'))?.disabled).toBeNull();
      await restarted.close();
    });

    it('a broadcast planned twice is stored once; several broadcasts go oldest first, a chat in each', async () => {
      const audience = chats(2);
      const { store } = await storeWith(audience);
      await store.addBroadcast(broadcastTo(audience));
      await store.addBroadcast(broadcastTo(audience, { rounds: ['412'] }));
      expect(await store.outboxSummary()).toMatchObject({ pending: 4 });
      expect(await deliverAll(store)).toEqual(['telegram:5000|rounds|411', 'telegram:5001|rounds|411', 'telegram:5000|rounds|412', 'telegram:5001|rounds|412']);
      await store.close();
    });

    it('tells sync which rounds each chat was already owed or sent, whatever became of the post', async () => {
      const audience = chats(3);
      const place = await implementation.fresh();
      const store = await implementation.open(place);
      await store.saveMany(audience);
      await store.addBroadcast({ id: `rounds|${AT}|411,410`, kind: 'rounds', period: null, createdAt: AT, audience: audience.map((each) => each.id), variants: [['411', '410'], ['410']], variantOf: [0, 1, 1] });
      const [sent] = await store.take('telegram', 1, NOW);
      await store.markSent(sent!, AT);
      const planned = await store.plannedRounds(['411', '409']);
      expect([...(planned('telegram:5000') ?? [])]).toEqual(['411']);
      expect(planned('telegram:5001')).toBeUndefined();
      expect(planned('telegram:6000')).toBeUndefined();
      expect([...((await store.plannedRounds(['410']))('telegram:5002') ?? [])]).toEqual(['410']);
      await store.close();
    });

    it('forgets finished broadcasts planned before a date, keeps one with posts pending', async () => {
      const audience = chats(2);
      const { place, store } = await storeWith(audience);
      await store.addBroadcast(broadcastTo(audience, { kind: 'periodic', period: { from: '2026-04-06', to: '2026-04-12' } }));
      for (const delivery of await store.take('telegram', 2, NOW)) await store.markSent(delivery, AT);
      expect(await store.pruneOutbox('2026-04-16T00:00:00.000Z')).toBe(2);
      const restarted = await reopened(store, place);
      expect(await restarted.outboxSummary()).toEqual({ pending: 2, sent: 0, retrying: 0, dropped: 0, oldestPending: AT });
      expect(await deliverAll(restarted)).toEqual(['telegram:5000|periodic|2026-04-06..2026-04-12', 'telegram:5001|periodic|2026-04-06..2026-04-12']);
      await restarted.close();
    });

    it('a sync stores new rounds with the broadcast they owe, and never plans a round twice', async () => {
      const place = await implementation.fresh();
      const store = await implementation.open(place, { file: 'test', draws: () => history.filter((draw) => draw.number !== '411') });
      await store.saveMany([subscription('all'), subscription('stem', { categories: ['stem'] })]);
      const news = history.find((draw) => draw.number === '411')!;
      await store.saveSync({ draws: [...history], added: [news], edited: [], broadcast: broadcastTo([subscription('all')], { rounds: ['411'] }), feed: { source: 'test', etag: '"1"', lastModified: null, contentHash: 'h' }, at: AT });
      expect(store.draws[0]!.number).toBe('411');
      expect(store.meta.lastSync).toMatchObject({ source: 'test', added: 1 });
      const restarted = await reopened(store, place);
      expect(restarted.draws.map((draw) => draw.number)).toEqual(history.map((draw) => draw.number));
      expect(restarted.draws[0]).toEqual(news);
      expect(restarted.feedState).toEqual({ source: 'test', etag: '"1"', lastModified: null, contentHash: 'h' });
      expect([...((await restarted.plannedRounds(['411']))('telegram:all') ?? [])]).toEqual(['411']);
      expect(await restarted.outboxSummary()).toMatchObject({ pending: 1 });
      await restarted.close();
    });

    it('records polls and periodic digests; places stored rounds again with new lists', async () => {
      const place = await implementation.fresh();
      const store = await implementation.open(place, { file: 'test', draws: () => history.slice(0, 20) });
      expect(store.meta.seededFrom).toMatchObject({ file: 'test', newestRound: history[0]!.number });
      await store.recordPoll({ at: AT, outcome: 'merged', added: 1, edited: 0, error: null }, ['411']);
      await store.recordPoll({ at: '2026-04-15T16:01:00.000Z', outcome: 'not-modified', added: 0, edited: 0, error: null });
      await store.recordPeriodic('2026-04-20T13:00:00.000Z', broadcastTo([subscription('w', { periodic: true })], { kind: 'periodic', period: { from: '2026-04-13', to: '2026-04-19' } }));
      const moved = await store.placeRounds((draw) => (draw.number === history[0]!.number ? { id: 'other', version: null } : draw.category));
      expect(moved).toBe(1);
      const restarted = await reopened(store, place);
      expect(restarted.meta).toMatchObject({ lastPoll: { outcome: 'not-modified' }, lastNewRounds: { at: AT, rounds: ['411'] }, lastPeriodicAt: '2026-04-20T13:00:00.000Z' });
      expect(restarted.draws[0]!.category).toEqual({ id: 'other', version: null });
      expect(await restarted.outboxSummary()).toMatchObject({ pending: 1 });
      await restarted.close();
    });

    it('keeps the last poll that reached the feed (a 304 included) apart: a failed poll after it leaves “checked with IRCC” where it was', async () => {
      const place = await implementation.fresh();
      const store = await implementation.open(place, { file: 'test', draws: () => history.slice(0, 20) });
      expect(lastChecked(store.meta)).toBeNull();
      await store.recordPoll({ at: AT, outcome: 'merged', added: 1, edited: 0, error: null }, ['411']);
      const reached = '2026-04-15T16:01:00.000Z';
      await store.recordPoll({ at: reached, outcome: 'not-modified', added: 0, edited: 0, error: null });
      // Held at once by the process that wrote it: every answer's footer reads it.
      expect(store.meta.lastReachedAt).toBe(reached);
      await store.recordPoll({ at: '2026-04-15T16:02:00.000Z', outcome: 'failed', added: 0, edited: 0, error: 'the feed answered HTTP 503 Service Unavailable' });
      expect(store.meta.lastPoll).toMatchObject({ outcome: 'failed' });
      expect(lastChecked(store.meta)).toBe(reached);
      const restarted = await reopened(store, place);
      expect(restarted.meta).toMatchObject({ lastPoll: { outcome: 'failed' }, lastReachedAt: reached });
      expect(lastChecked(restarted.meta)).toBe(reached);
      await restarted.close();
    });

    it('a new processing-times update is kept with its broadcast (/subscribe ptime): one post to each chat that asked, holding no rounds', async () => {
      const place = await implementation.fresh();
      const store = await implementation.open(place);
      await store.saveMany([
        subscription('6001', { processingTimes: true, eachRound: false }),
        subscription('6002', { processingTimes: true, locale: 'fr' }),
        subscription('6003', { processingTimes: true, platform: 'discord' }),
        subscription('6004'),
        subscription('6005', { processingTimes: true, disabled: { at: AT, reason: 'Forbidden: bot was blocked by the user' } }),
      ]);
      // The core plans (the one audience walk); the store keeps the update and its broadcast together.
      const sync = createProcessingTimesSync({ store: store.processingTimes, log: silentLogger, subscriptions: () => store.listSubscriptions(), now: () => AFTER_SEPTEMBER_UPDATE });
      expect(await sync(timesPath('flpt-en-2026-08-10.json'))).toMatchObject({ status: 'new', previous: null });
      // No update held before it: posted too, its period that one date; the disabled chat and the rounds-only one get nothing.
      expect(await store.outboxSummary()).toMatchObject({ pending: 3 });
      expect(await deliverAll(store)).toEqual(['telegram:6001|ptime|2026-08-10..2026-08-10', 'telegram:6002|ptime|2026-08-10..2026-08-10']);
      expect(await deliverAll(store, 'discord')).toEqual(['discord:6003|ptime|2026-08-10..2026-08-10']);

      expect(await sync(timesPath('flpt-en-2026-09-03.json'))).toMatchObject({ status: 'new', previous: { updated: '2026-08-10' } });
      const restarted = await reopened(store, place);
      expect((await restarted.get('telegram:6001'))?.processingTimes).toBe(true);
      expect((await restarted.get('telegram:6004'))?.processingTimes).toBe(false);
      expect((await restarted.processingTimes.latest()).latest?.updated).toBe('2026-09-03');
      expect(await restarted.outboxSummary()).toMatchObject({ pending: 3, sent: 3 });
      const taken = await restarted.take('telegram', 10, NOW);
      expect(taken.map((delivery) => delivery.post)).toEqual(['6001', '6002'].map((chatId) => ({
        id: `telegram:${chatId}|ptime|2026-08-10..2026-09-03`,
        subscriptionId: `telegram:${chatId}`,
        kind: 'ptime',
        rounds: [],
        period: { from: '2026-08-10', to: '2026-09-03' },
      })));
      // Processing-times posts owe no round: a sync plans every round as before.
      expect((await restarted.plannedRounds(['411']))('telegram:6002')).toBeUndefined();
      for (const delivery of taken) await restarted.markSent(delivery, AT);
      expect(await deliverAll(restarted, 'discord')).toEqual(['discord:6003|ptime|2026-08-10..2026-09-03']);
      expect(await restarted.outboxSummary()).toMatchObject({ pending: 0, sent: 6 });
      await restarted.close();
    });
  });
}
