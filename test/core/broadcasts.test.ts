import { describe, expect, it } from 'vitest';
import { newsOf, planPeriodicBroadcast, planRoundBroadcast, postOf, type Broadcast } from '../../src/core/broadcasts.ts';
import { LowdbStore } from '../../src/store/lowdb/store.ts';
import { history } from '../helpers/answers.ts';
import { snapshotText, tempDir } from '../helpers/fixtures.ts';
import { startFeedServer } from '../helpers/feed-server.ts';
import { deliverAll } from '../helpers/outbox.ts';
import { EMPTY_SEED, openStore, syncer } from '../helpers/store.ts';
import { subscription } from '../helpers/subscriptions.ts';

const AT = '2026-04-15T16:00:00.000Z';
const byNumber = new Map(history.map((draw) => [draw.number, draw]));
const rounds = (...numbers: string[]) => numbers.map((number) => byNumber.get(number)!);
const posts = (broadcast: Broadcast | null) => (broadcast ? broadcast.audience.map((_, index) => postOf(broadcast, index)) : []);
const nothingPlanned = () => undefined;

describe('planning the broadcast new rounds owe', () => {
  const news = newsOf(rounds('411', '410', '409'), byNumber.get('408'));

  it('one post per chat, holding every round it wants', () => {
    const broadcast = planRoundBroadcast(news, [subscription('a'), subscription('b', { categories: ['pnp', 'cec'] }), subscription('c', { categories: ['stem'] })], nothingPlanned, AT);
    expect(posts(broadcast).map((post) => [post.id, post.rounds])).toEqual([
      ['telegram:a|rounds|411,410,409', ['411', '410', '409']],
      ['telegram:b|rounds|410,409', ['410', '409']],
    ]);
  });

  it('never plans a round a chat was already owed or sent, whatever sync finds it again', () => {
    const planned = (id: string) => (id === 'telegram:a' ? new Set(['410']) : undefined);
    expect(posts(planRoundBroadcast(news, [subscription('a')], planned, AT)).map((post) => post.rounds)).toEqual([['411', '409']]);
  });

  it('skips disabled chats, chats that only want the periodic summary, and history that is not news', () => {
    const subscriptions = [subscription('gone', { disabled: { at: AT, reason: 'blocked' } }), subscription('weekly', { eachRound: false, periodic: true })];
    expect(planRoundBroadcast(news, subscriptions, nothingPlanned, AT)).toBeNull();
    expect(newsOf(rounds('300'), byNumber.get('408'))).toEqual([]);
    expect(newsOf(rounds('411'), undefined)).toEqual([]);
  });

  it('groups the audience by platform in a stable order, sharing equal round lists', () => {
    const broadcast = planRoundBroadcast(news, [subscription('d1', { platform: 'discord' }), subscription('t1'), subscription('d2', { platform: 'discord', categories: ['cec'] }), subscription('t2')], nothingPlanned, AT)!;
    expect(broadcast.audience).toEqual(['telegram:t1', 'telegram:t2', 'discord:d1', 'discord:d2']);
    expect(broadcast.variants).toEqual([['411', '410', '409'], ['410']]);
    expect(broadcast.variantOf).toEqual([0, 0, 0, 1]);
  });

  it('a periodic summary per opted-in chat, with deterministic ids; none when nothing happened', () => {
    const period = { from: '2026-04-13', to: '2026-04-19' };
    const subscriptions = [subscription('w', { periodic: true, eachRound: false }), subscription('x', { periodic: true, categories: ['stem'] }), subscription('y')];
    expect(posts(planPeriodicBroadcast(rounds('411', '410', '409'), subscriptions, period, AT)).map((post) => [post.id, post.rounds])).toEqual([['telegram:w|periodic|2026-04-13..2026-04-19', ['411', '410', '409']]]);
    expect(planPeriodicBroadcast([], subscriptions, period, AT)).toBeNull();
  });
});

describe('the store plans posts in the same write as the new rounds', () => {
  it('syncing the 2026 snapshot onto the 2024 history owes one post per chat, on disk', async () => {
    const server = await startFeedServer({ kind: 'serve', body: snapshotText('ircc-rounds-en-2024-12-16.json') });
    try {
      const dir = tempDir();
      const store = await openStore(dir);
      await syncer(store)(server.url);
      await store.save(subscription('all'));
      await store.save(subscription('stem-only', { categories: ['stem'] }));
      await store.save(subscription('french', { categories: ['french'], platform: 'discord' }));
      server.set({ kind: 'serve', body: snapshotText('ircc-rounds-en-2026-04-15.json') });
      const outcome = await syncer(store)(server.url);
      expect(outcome).toMatchObject({ status: 'merged', total: 412 });
      // On disk: what a reader opening the data folder finds.
      const reader = await LowdbStore.open(dir, { seed: EMPTY_SEED, readOnly: true });
      expect(await reader.outboxSummary()).toMatchObject({ pending: 2 });
      const frenchRounds = store.draws.filter((draw) => draw.category.id === 'french' && draw.date > '2024-12-16').map((draw) => draw.number);
      expect(frenchRounds.length).toBeGreaterThan(5);
      const owed = [...(await reader.plannedRounds(store.draws.map((draw) => draw.number)))('telegram:all') ?? []];
      expect(owed).toHaveLength(81);
      expect([...(await reader.plannedRounds(frenchRounds))('discord:french') ?? []].sort()).toEqual([...frenchRounds].sort());
      expect((await reader.plannedRounds(store.draws.map((draw) => draw.number)))('telegram:stem-only')).toBeUndefined();
      // Serving it again finds nothing new and plans nothing.
      await syncer(store)(server.url);
      expect(await store.outboxSummary()).toMatchObject({ pending: 2 });
      expect((await deliverAll(store, 'telegram')).map((id) => id.split('|')[0])).toEqual(['telegram:all']);
      expect((await deliverAll(store, 'discord')).map((id) => id.split('|')[0])).toEqual(['discord:french']);
      await store.close();
    } finally {
      await server.close();
    }
  });
});
