import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/core/log.ts';
import { DeliveryError, type DeliveryFailure } from '../../src/chat/adapter.ts';
import { createPacer } from '../../src/delivery/pacing.ts';
import { DeliveryWorker } from '../../src/delivery/worker.ts';
import { reply } from '../../src/chat/reply.ts';
import { tempDir } from '../helpers/fixtures.ts';
import { openStore } from '../helpers/store.ts';
import { broadcastTo, planFor } from '../helpers/outbox.ts';
import { subscription } from '../helpers/subscriptions.ts';

/** A platform that records what it accepted and fails as told, per chat. */
function fakePlatform(platform: 'telegram' | 'discord', failures: Record<string, DeliveryFailure[]> = {}, delayMs = 0) {
  const accepted: { chatId: string; title: string; at: number }[] = [];
  const attempts: string[] = [];
  return {
    accepted,
    attempts,
    adapter: {
      platform,
      async post(chatId: string, posted: { title: string }) {
        attempts.push(chatId);
        if (delayMs) await new Promise((resolve) => setTimeout(resolve, delayMs));
        const failure = failures[chatId]?.shift();
        if (failure) throw new DeliveryError(failure);
        accepted.push({ chatId, title: posted.title, at: Date.now() });
      },
    },
  };
}

async function setUp(chats: string[], failures: Record<string, DeliveryFailure[]> = {}, options: { backoffMs?: number; delayMs?: number } = {}) {
  const store = await openStore(tempDir());
  await planFor(store, chats.map((chatId) => subscription(chatId)));
  const platform = fakePlatform('telegram', failures, options.delayMs);
  const worker = new DeliveryWorker({
    store,
    adapters: [platform.adapter],
    pacers: {},
    render: (post) => reply({ title: `rounds ${post.rounds.join(',')} for ${post.subscriptionId}`, footer: '' }),
    log: silentLogger,
    backoffMs: options.backoffMs ?? 20,
  });
  return { store, platform, worker };
}

describe('the delivery worker', () => {
  it('sends every pending post once, marks it sent only after the platform accepted it', async () => {
    const { store, platform, worker } = await setUp(['1', '2', '3']);
    worker.start();
    await worker.drained();
    await worker.stop();
    expect(platform.accepted.map((post) => post.chatId).sort()).toEqual(['1', '2', '3']);
    expect(await store.outboxSummary()).toEqual({ pending: 0, retrying: 0, sent: 3, dropped: 0, oldestPending: null });
    await store.close();
  });

  it('honours a 429’s retry_after: the lane waits, then the post goes, nothing lost', async () => {
    const { store, platform, worker } = await setUp(['1', '2'], { '1': [{ kind: 'rate-limited', retryAfterMs: 300 }] });
    const started = Date.now();
    worker.start();
    await worker.drained();
    await worker.stop();
    const first = platform.accepted.find((post) => post.chatId === '1')!;
    expect(first.at - started).toBeGreaterThanOrEqual(290);
    expect(platform.accepted).toHaveLength(2);
    expect(await store.outboxSummary()).toMatchObject({ pending: 0, sent: 2 });
    await store.close();
  });

  it('retries 5xx and network failures with growing backoff until the post goes', async () => {
    const transient: DeliveryFailure = { kind: 'transient' };
    const { store, platform, worker } = await setUp(['1'], { '1': [transient, transient, transient] }, { backoffMs: 20 });
    worker.start();
    await worker.drained();
    await worker.stop();
    expect(platform.attempts).toEqual(['1', '1', '1', '1']);
    expect(await store.outboxSummary()).toMatchObject({ pending: 0, retrying: 0, sent: 1 });
    await store.close();
  });

  it('a chat that blocked the bot: subscription disabled with the reason, the rest delivered', async () => {
    const { store, platform, worker } = await setUp(['1', '2', '3'], { '2': [{ kind: 'gone', reason: 'Forbidden: bot was blocked by the user' }] });
    await store.addBroadcast(broadcastTo([subscription('2')], { rounds: ['410'] }));
    worker.start();
    await worker.drained();
    await worker.stop();
    expect(platform.accepted.map((post) => post.chatId).sort()).toEqual(['1', '3']);
    expect((await store.get('telegram:2'))?.disabled).toMatchObject({ reason: 'Forbidden: bot was blocked by the user' });
    // Both posts owed to chat 2: the one refused, and the one never tried.
    expect(await store.outboxSummary()).toMatchObject({ pending: 0, sent: 2, dropped: 2 });
    await store.close();
  });

  it('a post the platform refuses is dropped with the reason; the chat stays subscribed', async () => {
    const { store, worker } = await setUp(['1'], { '1': [{ kind: 'rejected', reason: 'Bad Request: message is too long' }] });
    worker.start();
    await worker.drained();
    await worker.stop();
    expect(await store.outboxSummary()).toMatchObject({ pending: 0, sent: 0, dropped: 1 });
    expect((await store.get('telegram:1'))?.disabled).toBeNull();
    await store.close();
  });

  it('sends one chat’s posts in order, one at a time', async () => {
    const { store, platform, worker } = await setUp(['1'], {}, { delayMs: 20 });
    await store.addBroadcast(broadcastTo([subscription('1')], { rounds: ['410'] }));
    await store.addBroadcast(broadcastTo([subscription('1')], { rounds: ['409'] }));
    worker.start();
    await worker.drained();
    await worker.stop();
    expect(platform.accepted.map((post) => post.title)).toEqual(['rounds 411 for telegram:1', 'rounds 410 for telegram:1', 'rounds 409 for telegram:1']);
    await store.close();
  });

  it('stop() lets the post in flight finish and leaves the rest queued', async () => {
    const { store, platform, worker } = await setUp(['1', '2', '3', '4', '5', '6', '7', '8', '9', '10'], {}, { delayMs: 100 });
    worker.start();
    await new Promise((resolve) => setTimeout(resolve, 30));
    await worker.stop();
    const { sent, pending } = await store.outboxSummary();
    expect(sent).toBe(platform.accepted.length);
    expect(sent).toBeGreaterThan(0);
    expect(pending).toBe(10 - sent);
    await store.close();
  });
});

describe('pacing', () => {
  it('never overdraws the platform’s budget, and runs close to its limit', async () => {
    // Scaled 10×: 300 a second overall, 1 per 100 ms per chat.
    const pacer = createPacer({ overall: { messages: 30, perMs: 1000 }, perChat: { messages: 1, perMs: 1000 } }, { scale: 10 });
    const times: number[] = [];
    const started = performance.now();
    for (let index = 0; index < 300; index++) {
      await pacer.acquire(`chat-${index % 50}`, false);
      times.push(performance.now() - started);
    }
    // The platform as a token bucket: a second's worth (30) at most, refilled at 30 a second.
    let budget = 30;
    for (let index = 0; index < times.length; index++) {
      budget = Math.min(30, budget + (index ? ((times[index]! - times[index - 1]!) * 300) / 1000 : 0));
      expect(budget, `message ${index}`).toBeGreaterThanOrEqual(1);
      budget -= 1;
    }
    const byChat = new Map<number, number[]>();
    times.forEach((time, index) => byChat.set(index % 50, [...(byChat.get(index % 50) ?? []), time]));
    for (const list of byChat.values()) for (let index = 1; index < list.length; index++) expect(list[index]! - list[index - 1]!).toBeGreaterThanOrEqual(99);
    const rate = 300 / ((times.at(-1)! - times[0]!) / 1000);
    expect(rate).toBeLessThan(300 * 1.05); // the few tokens in hand at the start lift a short run a little
    expect(rate).toBeGreaterThan(0.8 * 300); // the benchmark measures the rate itself, unhurried
  });

  it('spaces one chat’s messages by its own limit, and a group’s by the group limit', async () => {
    const pacer = createPacer({ overall: { messages: 30, perMs: 1000 }, perChat: { messages: 1, perMs: 1000 }, perGroup: { messages: 20, perMs: 60_000 } }, { scale: 10 });
    const at: number[] = [];
    for (let index = 0; index < 4; index++) {
      await pacer.acquire('one-chat', false);
      at.push(performance.now());
    }
    for (let index = 1; index < at.length; index++) expect(at[index]! - at[index - 1]!).toBeGreaterThanOrEqual(99);
    // A group at 100×: 19 (20 less the margin) in any 600 ms window.
    const fast = createPacer({ overall: { messages: 30, perMs: 1000 }, perChat: { messages: 1, perMs: 1000 }, perGroup: { messages: 20, perMs: 60_000 } }, { scale: 100 });
    const group: number[] = [];
    const started = performance.now();
    for (let index = 0; index < 20; index++) {
      await fast.acquire('a-group', true);
      group.push(performance.now() - started);
    }
    expect(group[18]! - group[0]!).toBeLessThan(600);
    expect(group[19]! - group[0]!).toBeGreaterThanOrEqual(595);
  });
});
