import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DeliveryError, type ChatAdapter, type DeliveryFailure } from '../../src/chat/adapter.ts';
import type { Reply } from '../../src/chat/reply.ts';
import { ask } from '../helpers/answers.ts';
import type { AdapterHarness } from './harness/harness.ts';
import { discordHarness } from './harness/discord.ts';
import { telegramHarness } from './harness/telegram.ts';

/**
 * What every chat adapter must do, whatever its platform, checked against each platform's local
 * peer: answer a member's command, post with and without a picture, give the text alone to a chat
 * that refuses pictures, and tell the delivery worker what a failed post means.
 */

/** A 1×1 PNG. */
const PNG = Uint8Array.from(Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64'));

/** Resolves with the failure the post was refused with; fails the test if it went through or threw anything but a DeliveryError. */
async function failureOf(post: Promise<void>): Promise<DeliveryFailure> {
  const error = await post.then(() => null, (caught: unknown) => caught);
  expect(error).toBeInstanceOf(DeliveryError);
  return (error as DeliveryError).failure;
}

const harnesses = ([telegramHarness(), discordHarness()] satisfies AdapterHarness[]).map((harness) => [harness.name, harness] as const);

describe.each(harnesses)('the %s adapter keeps the chat-adapter contract', (_, harness) => {
  /** The newest round of the shipped history, as a digest posts it: with and without its chart. */
  let latest: Reply;
  let withPicture: Reply;

  beforeEach(async () => {
    await harness.open();
    latest = await ask('/latest');
    withPicture = { ...latest, image: { png: PNG, alt: 'Cut-offs of recent rounds', filename: 'cutoffs.png' } };
  });
  afterEach(() => harness.close());

  async function running(): Promise<ChatAdapter> {
    const adapter = harness.adapter();
    await adapter.start();
    return adapter;
  }

  it('answers a member’s command: /latest names the newest round and its source', async () => {
    await running();
    const answer = await harness.ask('latest');
    expect(answer).toMatch(/^Latest round\n/);
    expect(answer).toContain('Round #411 (April 15, 2026)');
    expect(answer).toContain('Source: IRCC, Express Entry rounds of invitations');
  });

  it('posts a Reply with its picture, and one without as text alone, the same text both times', async () => {
    const adapter = await running();
    await adapter.post(harness.chatId, withPicture, 'en');
    await adapter.post(harness.chatId, latest, 'en');
    const [pictured, plain] = harness.posted();
    expect(harness.posted()).toHaveLength(2);
    expect(pictured).toEqual({ text: expect.stringContaining('Round #411 (April 15, 2026)'), hasPicture: true });
    expect(plain).toEqual({ text: pictured!.text, hasPicture: false });
  });

  it('gives a chat that refuses pictures the text alone, once, and resolves', async () => {
    const adapter = await running();
    harness.failNextPost('pictures-refused');
    await expect(adapter.post(harness.chatId, withPicture, 'en')).resolves.toBeUndefined();
    expect(harness.posted()).toEqual([{ text: expect.stringContaining('Round #411 (April 15, 2026)'), hasPicture: false }]);
  });

  it.each([
    ['a blocked, kicked or unknown chat', 'gone'],
    ['a refused message', 'rejected'],
  ] as const)('classifies %s as %s, with the platform’s reason', async (_what, kind) => {
    const adapter = await running();
    const words = harness.failNextPost(kind);
    expect(await failureOf(adapter.post(harness.chatId, latest, 'en'))).toEqual({ kind, reason: expect.stringContaining(words) });
    expect(harness.posted()).toEqual([]);
  });

  it('classifies a server error (5xx) as transient: retry later', async () => {
    const adapter = await running();
    harness.failNextPost('transient');
    expect(await failureOf(adapter.post(harness.chatId, latest, 'en'))).toEqual({ kind: 'transient' });
    expect(harness.posted()).toEqual([]);
  });

  it('never loses a post to a 429: it is sent once the wait is over, or refused with the time to wait', async () => {
    const adapter = await running();
    harness.failNextPost('rate-limited');
    const error = await adapter.post(harness.chatId, latest, 'en').then(() => undefined, (caught: unknown) => caught);
    const outcome = error instanceof DeliveryError ? { delivered: false, failure: error.failure } : { delivered: error === undefined, error };
    expect(outcome).toEqual(harness.rateLimitOutcome);
    expect(harness.posted()).toHaveLength(outcome.delivered ? 1 : 0);
  });

  it('stops safely before start(), twice, and while start() is under way; then it is quiet', async () => {
    const early = harness.adapter();
    await early.stop();
    await expect(early.start()).resolves.toBeUndefined();

    const starting = harness.adapter();
    const start = starting.start();
    await Promise.all([starting.stop(), starting.stop()]);
    await expect(start).resolves.toBeUndefined();

    const adapter = await running();
    await Promise.all([adapter.stop(), adapter.stop()]);
    await expect(adapter.stop()).resolves.toBeUndefined();
    expect(await harness.quiet()).toBe(true);
  });
});
