import { describe, expect, it } from 'vitest';
import type { Broadcast } from '../../src/core/outbox.ts';
import type { Subscription } from '../../src/core/subscriptions.ts';
import type { BotStore, Delivery } from '../../src/store/contract.ts';
import { subscription } from '../helpers/subscriptions.ts';

/**
 * What any store must do for sync and delivery (src/store/contract.ts), through the contract
 * alone. An implementation runs it with a way to open a store on a place of its own, and to open
 * it again there after closing it (what a restart sees).
 */
export interface StoreUnderTest {
  /** A new, empty place (a folder, a database schema…). */
  fresh(): Promise<string> | string;
  open(place: string): Promise<BotStore>;
}

const AT = '2026-04-15T16:00:00.000Z';
const NOW = Date.parse(AT);

function broadcastTo(subscriptions: readonly Subscription[], id = `rounds|${AT}|411`, rounds = ['411']): Broadcast {
  return { id, kind: 'rounds', period: null, createdAt: AT, audience: subscriptions.map((each) => each.id), variants: [rounds], variantOf: subscriptions.map(() => 0) };
}

const chats = (count: number, platform: Subscription['platform'] = 'telegram') => Array.from({ length: count }, (_, index) => subscription(String(5000 + index), { platform }));
const chatIds = (taken: readonly Delivery[]) => taken.map((delivery) => delivery.subscription.chatId);

export function describeStoreConformance(name: string, implementation: StoreUnderTest): void {
  async function storeWith(subscriptions: readonly Subscription[], broadcast?: Broadcast) {
    const place = await implementation.fresh();
    const store = await implementation.open(place);
    await store.saveMany(subscriptions);
    if (broadcast) await store.addBroadcast(broadcast);
    return { place, store };
  }

  async function reopened(store: BotStore, place: string): Promise<BotStore> {
    await store.close();
    return implementation.open(place);
  }

  describe(`the store contract: ${name}`, () => {
    it('hands out a broadcast in its audience order, in batches, each chat once, per platform', async () => {
      const telegram = chats(5);
      const discord = chats(2, 'discord');
      const { store } = await storeWith([...telegram, ...discord], broadcastTo([...telegram, ...discord]));
      const first = await store.take('telegram', 3, NOW);
      expect(chatIds(first)).toEqual(['5000', '5001', '5002']);
      expect(first[0]!.post).toEqual({ id: 'telegram:5000|rounds|411', subscriptionId: 'telegram:5000', kind: 'rounds', rounds: ['411'], period: null });
      expect(first[0]!.attempts).toBe(0);
      // Taken posts are leased: not handed out again until marked or released.
      expect(chatIds(await store.take('telegram', 10, NOW))).toEqual(['5003', '5004']);
      expect(await store.take('telegram', 10, NOW)).toEqual([]);
      expect(chatIds(await store.take('discord', 10, NOW))).toEqual(['5000', '5001']);
      store.release(first[1]!);
      expect(chatIds(await store.take('telegram', 10, NOW))).toEqual(['5001']);
      await store.close();
    });

    it('a post taken and not marked is pending after a restart, and taken again first; one marked sent never is', async () => {
      const audience = chats(4);
      const { place, store } = await storeWith(audience, broadcastTo(audience));
      const [sent, inFlight] = await store.take('telegram', 2, NOW);
      await store.markSent(sent!, AT);
      const restarted = await reopened(store, place);
      expect(restarted.outboxSummary()).toMatchObject({ pending: 3, sent: 1, retrying: 0, dropped: 0, oldestPending: AT });
      expect(chatIds(await restarted.take('telegram', 10, NOW))).toEqual([inFlight!.subscription.chatId, '5002', '5003']);
      await restarted.close();
    });

    it('a retry waits for its time and counts its attempts; a drop is final; the rest goes on', async () => {
      const audience = chats(3);
      const { place, store } = await storeWith(audience, broadcastTo(audience));
      const [retried, dropped, sent] = await store.take('telegram', 3, NOW);
      await store.markRetry(retried!, { attempts: 1, notBefore: new Date(NOW + 60_000).toISOString(), error: 'HTTP 502' });
      await store.markDropped(dropped!, { attempts: 1, error: 'Bad Request: message is too long' });
      await store.markSent(sent!, AT);
      expect(await store.take('telegram', 10, NOW)).toEqual([]);
      expect(store.waiting('telegram', NOW)).toEqual({ due: false, nextRetryAt: NOW + 60_000 });
      const restarted = await reopened(store, place);
      expect(restarted.outboxSummary()).toMatchObject({ pending: 1, retrying: 1, sent: 1, dropped: 1 });
      const again = await restarted.take('telegram', 10, NOW + 60_000);
      expect(chatIds(again)).toEqual(['5000']);
      expect(again[0]!.attempts).toBe(1);
      await restarted.markSent(again[0]!, AT);
      expect(restarted.outbox.map((item) => [item.subscriptionId, item.status, item.attempts, item.error])).toEqual([
        ['telegram:5000', 'sent', 2, null],
        ['telegram:5001', 'dropped', 1, 'Bad Request: message is too long'],
        ['telegram:5002', 'sent', 1, null],
      ]);
      await restarted.close();
    });

    it('a chat that unsubscribes or is disabled mid-way is not handed out; what it was owed is dropped with the reason', async () => {
      const audience = chats(4);
      const { place, store } = await storeWith(audience, broadcastTo(audience));
      const [first] = await store.take('telegram', 1, NOW);
      await store.remove('telegram:5002');
      await store.disable('telegram:5003', 'Forbidden: bot was blocked by the user');
      await store.markSent(first!, AT);
      expect(chatIds(await store.take('telegram', 10, NOW))).toEqual(['5001']);
      expect(store.outbox.map((item) => [item.subscriptionId, item.status, item.error])).toEqual([
        ['telegram:5000', 'sent', null],
        ['telegram:5001', 'pending', null],
        ['telegram:5002', 'dropped', 'unsubscribed'],
        ['telegram:5003', 'dropped', 'subscription disabled: Forbidden: bot was blocked by the user'],
      ]);
      const restarted = await reopened(store, place);
      expect(restarted.get('telegram:5002')).toBeUndefined();
      expect(restarted.get('telegram:5003')?.disabled).toMatchObject({ reason: 'Forbidden: bot was blocked by the user' });
      // 5001 was taken, never marked: after a restart it is handed out again; the others never are.
      expect(chatIds(await restarted.take('telegram', 10, NOW))).toEqual(['5001']);
      await restarted.close();
    });

    it('a broadcast planned twice is stored once; several broadcasts go oldest first, a chat in each', async () => {
      const audience = chats(2);
      const { store } = await storeWith(audience, broadcastTo(audience));
      await store.addBroadcast(broadcastTo(audience));
      await store.addBroadcast(broadcastTo(audience, `rounds|${AT}|412`, ['412']));
      expect(store.outbox.map((item) => item.id)).toEqual(['telegram:5000|rounds|411', 'telegram:5001|rounds|411', 'telegram:5000|rounds|412', 'telegram:5001|rounds|412']);
      const taken = await store.take('telegram', 10, NOW);
      expect(taken.map((delivery) => delivery.post.id)).toEqual(['telegram:5000|rounds|411', 'telegram:5001|rounds|411', 'telegram:5000|rounds|412', 'telegram:5001|rounds|412']);
      await store.close();
    });

    it('tells sync which rounds each chat was already owed or sent, whatever became of the post', async () => {
      const audience = chats(3);
      const { store } = await storeWith(audience, { ...broadcastTo(audience), variants: [['411', '410'], ['410']], variantOf: [0, 1, 1] });
      const [sent] = await store.take('telegram', 1, NOW);
      await store.markSent(sent!, AT);
      const planned = store.plannedRounds(['411', '409']);
      expect([...(planned('telegram:5000') ?? [])]).toEqual(['411']);
      expect(planned('telegram:5001')).toBeUndefined();
      expect(planned('telegram:6000')).toBeUndefined();
      expect([...(store.plannedRounds(['410'])('telegram:5002') ?? [])]).toEqual(['410']);
      await store.close();
    });

    it('forgets finished broadcasts planned before a date, keeps one with posts pending', async () => {
      const audience = chats(2);
      const { place, store } = await storeWith(audience, broadcastTo(audience));
      await store.addBroadcast({ ...broadcastTo(audience, 'periodic|2026-04-06..2026-04-12'), kind: 'periodic', period: { from: '2026-04-06', to: '2026-04-12' } });
      for (const delivery of await store.take('telegram', 2, NOW)) await store.markSent(delivery, AT);
      expect(await store.pruneOutbox('2026-04-16T00:00:00.000Z')).toBe(2);
      const restarted = await reopened(store, place);
      expect(restarted.outbox.map((item) => item.id)).toEqual(['telegram:5000|periodic|2026-04-06..2026-04-12', 'telegram:5001|periodic|2026-04-06..2026-04-12']);
      expect(restarted.outboxSummary()).toMatchObject({ pending: 2, sent: 0 });
      await restarted.close();
    });

    it('per-chat items queued through the compatibility surface are delivered like any broadcast', async () => {
      const audience = chats(2);
      const { store } = await storeWith(audience);
      const item = (chatId: string) => ({ id: `telegram:${chatId}|rounds|411`, subscriptionId: `telegram:${chatId}`, kind: 'rounds' as const, rounds: ['411'], period: null, queuedAt: AT, status: 'pending' as const, attempts: 0, notBefore: null, sentAt: null, error: null });
      await store.queue([item('5000'), item('5001')]);
      await store.queue([item('5000')]);
      const taken = await store.take('telegram', 10, NOW);
      expect(taken.map((delivery) => delivery.post.id)).toEqual(['telegram:5000|rounds|411', 'telegram:5001|rounds|411']);
      for (const delivery of taken) await store.markSent(delivery, AT);
      expect(store.outbox.map((queued) => queued.status)).toEqual(['sent', 'sent']);
      await store.close();
    });
  });
}
