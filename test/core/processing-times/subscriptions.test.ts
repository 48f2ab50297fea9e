import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { commandContext } from '../../../src/chat/context.ts';
import { option } from '../../../src/chat/options.ts';
import { describeSubscription } from '../../../src/chat/phrases.ts';
import { planProcessingTimesBroadcast } from '../../../src/core/broadcasts.ts';
import { messages } from '../../../src/i18n/locales.ts';
import { subscribe, unsubscribe } from '../../../src/core/subscriptions.ts';
import { answering, ask } from '../../helpers/answers.ts';
import { tempDir } from '../../helpers/fixtures.ts';
import { openStore } from '../../helpers/store.ts';
import { subscription } from '../../helpers/subscriptions.ts';

const chat = { platform: 'telegram' as const, chatId: '42', group: false, locale: 'en' as const, at: '2026-09-01T00:00:00.000Z' };
const ALL_TYPES = ['general', 'cec', 'pnp', 'stem'];

describe('/subscribe ptime: posts when IRCC publishes new processing times', () => {
  it('"ptime" alone asks for those posts only; with round types, both; /unsubscribe ptime stops them alone', () => {
    const onlyTimes = subscribe(undefined, { categories: [], periodic: false, processingTimes: true }, chat);
    expect(onlyTimes).toMatchObject({ eachRound: false, periodic: false, processingTimes: true });
    const both = subscribe(onlyTimes, { categories: ['cec'], periodic: false }, chat);
    expect(both).toMatchObject({ eachRound: true, categories: ['cec'], processingTimes: true });
    expect(unsubscribe(both, { categories: [], periodic: false, processingTimes: true, all: false }, ALL_TYPES, chat.at)).toMatchObject({ eachRound: true, processingTimes: false });
    expect(unsubscribe(onlyTimes, { categories: [], periodic: false, processingTimes: true, all: false }, ALL_TYPES, chat.at)).toBeNull();
    // Every round and nothing else: the flag stays off.
    expect(subscribe(undefined, { categories: [], periodic: false }, chat).processingTimes).toBe(false);
  });

  it('the words members type: "ptime", "processing times", "délais"', () => {
    const schema = option.roundTypes({ description: { en: '', fr: '' } }).schema({ core: answering().core, t: messages('en'), today: '2026-09-10' });
    expect(schema.parse('ptime')).toEqual({ categories: [], periodic: false, processingTimes: true });
    expect(schema.parse('processing times, cec')).toEqual({ categories: ['cec'], periodic: false, processingTimes: true });
    expect(schema.parse('délais weekly')).toEqual({ categories: [], periodic: true, processingTimes: true });
    expect(schema.safeParse('ptme').error?.issues[0]?.message).toMatch(/^Not a round type: ptme\. Accepted: .+, “weekly” and “ptime”\.$/);
  });

  it('/subscriptions says so', async () => {
    const ctx = commandContext(answering(), { locale: 'en', chat: { platform: 'telegram', id: '42', kind: 'private' }, canAdminister: true });
    expect(describeSubscription(ctx, subscription('42', { processingTimes: true, periodic: true }))).toBe('every new round, a summary of the rounds on each periodic digest, and IRCC’s new processing times, with what changed for the Express Entry programs');
    expect(describeSubscription(ctx, subscription('42', { eachRound: false, processingTimes: true }))).toBe('IRCC’s new processing times, with what changed for the Express Entry programs');
    expect((await ask('/subscribe ptime')).lines).toEqual(['Subscriptions are for Telegram and Discord chats: this chat cannot receive posts.']);
  });

  it('one broadcast per IRCC update, to the chats that asked, none disabled; its id is the update', () => {
    const subscriptions = [subscription('a', { processingTimes: true }), subscription('b'), subscription('c', { processingTimes: true, disabled: { at: chat.at, reason: 'blocked' } }), subscription('d', { processingTimes: true, eachRound: false })];
    expect(planProcessingTimesBroadcast({ updated: '2026-09-03' }, { updated: '2026-08-10' }, subscriptions, chat.at)).toEqual({
      id: 'ptime|2026-09-03',
      kind: 'ptime',
      period: { from: '2026-08-10', to: '2026-09-03' },
      createdAt: chat.at,
      audience: ['telegram:a', 'telegram:d'],
      variants: [[]],
      variantOf: [0, 0],
    });
    expect(planProcessingTimesBroadcast({ updated: '2026-09-03' }, null, [subscription('b')], chat.at)).toBeNull();
  });
});

describe('subscriptions.json schema 2', () => {
  it('a schema-1 file opens with the flag off for every chat, and is written as schema 2 at the next change', async () => {
    const dir = tempDir();
    const { processingTimes: _flag, ...old } = subscription('7');
    writeFileSync(join(dir, 'subscriptions.json'), JSON.stringify({ schemaVersion: 1, subscriptions: [old] }));
    const store = await openStore(dir);
    expect(await store.get('telegram:7')).toEqual({ ...old, processingTimes: false });
    await store.save(subscribe(await store.get('telegram:7'), { categories: [], periodic: false, processingTimes: true }, { ...chat, chatId: '7' }));
    await store.close();
    const written = JSON.parse(readFileSync(join(dir, 'subscriptions.json'), 'utf8')) as { schemaVersion: number; subscriptions: { processingTimes: boolean }[] };
    expect(written.schemaVersion).toBe(2);
    expect(written.subscriptions[0]!.processingTimes).toBe(true);
  });
});
