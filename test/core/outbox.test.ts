import { describe, expect, it } from 'vitest';
import { planPeriodicPosts, planRoundPosts } from '../../src/core/outbox.ts';
import { history } from '../helpers/answers.ts';
import { snapshotText, tempDir } from '../helpers/fixtures.ts';
import { startFeedServer } from '../helpers/feed-server.ts';
import { Store } from '../../src/store/store.ts';
import { EMPTY_SEED, openStore, syncer } from '../helpers/store.ts';
import { subscription } from '../helpers/subscriptions.ts';

const AT = '2026-04-15T16:00:00.000Z';
const byNumber = new Map(history.map((draw) => [draw.number, draw]));
const rounds = (...numbers: string[]) => numbers.map((number) => byNumber.get(number)!);

describe('planning posts for new rounds', () => {
  const added = rounds('411', '410', '409');
  const previousNewest = byNumber.get('408');

  it('one post per chat, holding every round it wants', () => {
    const posts = planRoundPosts(added, previousNewest, [subscription('a'), subscription('b', { categories: ['pnp', 'cec'] }), subscription('c', { categories: ['stem'] })], [], AT);
    expect(posts.map((post) => [post.id, post.rounds])).toEqual([
      ['telegram:a|rounds|411,410,409', ['411', '410', '409']],
      ['telegram:b|rounds|410,409', ['410', '409']],
    ]);
  });

  it('never plans a round a chat was already owed or sent, whatever sync finds it again', () => {
    const first = planRoundPosts(rounds('410'), previousNewest, [subscription('a')], [], AT);
    const sent = [{ ...first[0]!, status: 'sent' as const }];
    expect(planRoundPosts(added, previousNewest, [subscription('a')], sent, AT).map((post) => post.rounds)).toEqual([['411', '409']]);
  });

  it('skips disabled chats, chats that only want the periodic summary, and history that is not news', () => {
    const subscriptions = [subscription('gone', { disabled: { at: AT, reason: 'blocked' } }), subscription('weekly', { eachRound: false, periodic: true })];
    expect(planRoundPosts(added, previousNewest, subscriptions, [], AT)).toEqual([]);
    expect(planRoundPosts(rounds('300'), previousNewest, [subscription('a')], [], AT)).toEqual([]);
    expect(planRoundPosts(added, undefined, [subscription('a')], [], AT)).toEqual([]);
  });

  it('a periodic summary per opted-in chat, with deterministic ids; none when nothing happened', () => {
    const period = { from: '2026-04-13', to: '2026-04-19' };
    const subscriptions = [subscription('w', { periodic: true, eachRound: false }), subscription('x', { periodic: true, categories: ['stem'] }), subscription('y')];
    expect(planPeriodicPosts(added, subscriptions, period, AT).map((post) => [post.id, post.rounds])).toEqual([['telegram:w|periodic|2026-04-13..2026-04-19', ['411', '410', '409']]]);
    expect(planPeriodicPosts([], subscriptions, period, AT)).toEqual([]);
  });
});

describe('the store queues posts in the same write as the new rounds', () => {
  it('syncing the 2026 snapshot onto the 2024 history queues one post per chat, on disk', async () => {
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
      // On disk: what a reader opening the data folder finds (the files hold broadcasts, not items).
      const outbox = (await Store.open(dir, { seed: EMPTY_SEED, readOnly: true })).outbox;
      const frenchRounds = store.draws.filter((draw) => draw.category.id === 'french' && draw.date > '2024-12-16').map((draw) => draw.number);
      expect(outbox.map((item: { subscriptionId: string; rounds: string[] }) => [item.subscriptionId, item.rounds.length])).toEqual([
        ['telegram:all', 81],
        ['discord:french', frenchRounds.length],
      ]);
      expect(frenchRounds.length).toBeGreaterThan(5);
      // Serving it again finds nothing new and queues nothing.
      await syncer(store)(server.url);
      expect(store.outbox).toHaveLength(2);
      await store.close();
    } finally {
      await server.close();
    }
  });
});
