import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { OutboxItem } from '../../src/core/outbox.ts';
import { tempDir } from '../helpers/fixtures.ts';
import { openStore } from '../helpers/store.ts';
import { subscription } from '../helpers/subscriptions.ts';
import { describeStoreConformance } from './conformance.ts';

describeStoreConformance('lowdb files', { fresh: () => tempDir(), open: (dir) => openStore(dir) });

const AT = '2026-04-15T16:00:00.000Z';

describe('the lowdb outbox', () => {
  it('a "sent" mark rewrites a few hundred bytes, whatever the audience; the audience is written once', async () => {
    const dir = tempDir();
    const store = await openStore(dir);
    const audience = Array.from({ length: 20_000 }, (_, index) => subscription(String(100_000 + index)));
    await store.saveMany(audience);
    await store.addBroadcast({ id: 'rounds|big', kind: 'rounds', period: null, createdAt: AT, audience: audience.map((each) => each.id), variants: [['411']], variantOf: audience.map(() => 0) });
    const definitions = statSync(join(dir, 'broadcasts.json'));
    expect(definitions.size).toBeGreaterThan(20_000 * 15);
    for (let batch = 0; batch < 10; batch++) {
      for (const delivery of await store.take('telegram', 32, Date.parse(AT))) await store.markSent(delivery, AT);
    }
    expect(statSync(join(dir, 'outbox.json')).size).toBeLessThan(300);
    expect(statSync(join(dir, 'broadcasts.json')).mtimeMs).toBe(definitions.mtimeMs);
    expect(store.outboxSummary()).toMatchObject({ sent: 320, pending: 20_000 - 320 });
    await store.close();
  });

  it('a chat disabled mid-fan-out drops its post on disk at once; its mark joins the next subscriptions write, at the latest on close', async () => {
    const dir = tempDir();
    const store = await openStore(dir);
    const audience = Array.from({ length: 50 }, (_, index) => subscription(String(7000 + index)));
    await store.saveMany(audience);
    await store.addBroadcast({ id: 'rounds|mid', kind: 'rounds', period: null, createdAt: AT, audience: audience.map((each) => each.id), variants: [['411']], variantOf: audience.map(() => 0) });
    const before = readFileSync(join(dir, 'subscriptions.json'), 'utf8');
    await store.disable('telegram:7003', 'Forbidden: bot was blocked by the user');
    expect(readFileSync(join(dir, 'subscriptions.json'), 'utf8')).toBe(before);
    expect(store.get('telegram:7003')?.disabled).toMatchObject({ reason: 'Forbidden: bot was blocked by the user' });
    expect(JSON.parse(readFileSync(join(dir, 'outbox.json'), 'utf8')).broadcasts['rounds|mid'].chats['3']).toMatchObject({ status: 'dropped' });
    await store.close();
    const reopened = await openStore(dir);
    expect(reopened.get('telegram:7003')?.disabled).toMatchObject({ reason: 'Forbidden: bot was blocked by the user' });
    await reopened.close();
  });

  it('an outbox.json of schema 1 (one item per chat) is migrated at open: pending posts kept, sent ones never sent again', async () => {
    const dir = tempDir();
    const item = (chatId: string, rounds: string[], state: Partial<OutboxItem> = {}): OutboxItem => ({
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
    writeFileSync(join(dir, 'outbox.json'), JSON.stringify({ schemaVersion: 1, items }));

    const store = await openStore(dir);
    // Each item as it was (the chats already under way now come first in their broadcast).
    expect([...store.outbox].sort((a, b) => a.subscriptionId.localeCompare(b.subscriptionId))).toEqual(items);
    expect(JSON.parse(readFileSync(join(dir, 'outbox.json'), 'utf8'))).toMatchObject({ schemaVersion: 2 });
    expect(JSON.parse(readFileSync(join(dir, 'broadcasts.json'), 'utf8')).broadcasts).toHaveLength(1);
    const taken = await store.take('telegram', 10, Date.parse('2026-04-15T16:10:00.000Z'));
    expect(taken.map((delivery) => [delivery.post.id, delivery.attempts])).toEqual([['telegram:3|rounds|411', 2], ['telegram:2|rounds|411', 0], ['telegram:5|rounds|411', 0]]);
    await store.close();
  });
});
