import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.ts';
import { findCommand } from '../../src/chat/command.ts';
import type { ChatRef } from '../../src/chat/command.ts';
import { commandContext } from '../../src/chat/context.ts';
import { silentLogger } from '../../src/core/log.ts';
import { subscribe, unsubscribe } from '../../src/core/subscriptions.ts';
import { invoke } from '../../src/chat/invoke.ts';
import { parseTextArgs } from '../../src/chat/parse.ts';
import type { LowdbStore } from '../../src/store/lowdb/store.ts';
import { answering } from '../helpers/answers.ts';
import { tempDir } from '../helpers/fixtures.ts';
import { nextRun } from '../../src/scheduler/next-run.ts';
import { Formatter } from '../../src/i18n/format.ts';
import { openStore, SHIPPED_SEED } from '../helpers/store.ts';
import { subscription } from '../helpers/subscriptions.ts';

const GROUP: ChatRef = { platform: 'telegram', id: '-1001', kind: 'group' };
const ALL_TYPES = ['general', 'pnp', 'cec', 'fsw', 'fst', 'french', 'healthcare', 'stem'];

/** The periodic digest's schedule as `npm start` reads it (DIGEST_CRON's default): Mondays at 09:00, Toronto time. */
const nextDigest = () => nextRun('0 9 * * 1', 'America/Toronto');

async function run(store: LowdbStore, line: string, { chat = GROUP, canAdminister = true, locale = 'en' }: { chat?: ChatRef; canAdminister?: boolean; locale?: 'en' | 'fr' } = {}) {
  const [name, ...rest] = line.slice(1).split(' ');
  const command = findCommand(commands, name!)!;
  const ctx = commandContext({ ...answering(), subscriptions: store, nextDigest }, { locale, chat, canAdminister });
  return invoke(command, parseTextArgs(command, rest.join(' ')), ctx, silentLogger);
}

describe('subscription rules', () => {
  const chat = { platform: 'telegram' as const, chatId: '1', group: false, locale: 'en' as const, at: '2026-05-01T00:00:00.000Z' };

  it('/subscribe alone wants every round; with types, only those; "weekly" adds the summary', () => {
    expect(subscribe(undefined, { categories: [], periodic: false }, chat)).toMatchObject({ categories: null, eachRound: true, periodic: false });
    const stem = subscribe(undefined, { categories: ['stem'], periodic: false }, chat);
    expect(stem).toMatchObject({ categories: ['stem'], eachRound: true });
    expect(subscribe(stem, { categories: ['french'], periodic: true }, chat)).toMatchObject({ categories: ['stem', 'french'], eachRound: true, periodic: true });
    expect(subscribe(undefined, { categories: [], periodic: true }, chat)).toMatchObject({ categories: null, eachRound: false, periodic: true });
  });

  it('/subscribe again re-enables a subscription the platform had disabled', () => {
    const disabled = subscription('1', { disabled: { at: '2026-04-01T00:00:00.000Z', reason: 'bot was blocked by the user' } });
    expect(subscribe(disabled, { categories: [], periodic: false }, chat).disabled).toBeNull();
  });

  it('/unsubscribe takes types out ("every round" becomes every other type), stops the summary, or everything', () => {
    const all = subscription('1', { periodic: true });
    expect(unsubscribe(all, { categories: ['pnp'], periodic: false, all: false }, ALL_TYPES, chat.at)).toMatchObject({ categories: ALL_TYPES.filter((id) => id !== 'pnp'), eachRound: true });
    expect(unsubscribe(all, { categories: [], periodic: true, all: false }, ALL_TYPES, chat.at)).toMatchObject({ categories: null, periodic: false });
    expect(unsubscribe(subscription('1', { categories: ['stem'] }), { categories: ['stem'], periodic: false, all: false }, ALL_TYPES, chat.at)).toBeNull();
    expect(unsubscribe(all, { categories: [], periodic: false, all: true }, ALL_TYPES, chat.at)).toBeNull();
  });
});

describe('/subscribe, /unsubscribe, /subscriptions in a chat', () => {
  it('an admin subscribes a group to some types; it is on disk and /subscriptions shows it', async () => {
    const dir = tempDir();
    const store = await openStore(dir, SHIPPED_SEED);
    const done = await run(store, '/subscribe stem, canadian experience class weekly');
    expect(done.lines[0]).toBe('Subscribed: this chat will receive new rounds of these types: STEM and CEC, and a summary of the rounds on each periodic digest.');
    const onDisk = JSON.parse(readFileSync(join(dir, 'subscriptions.json'), 'utf8')).subscriptions;
    expect(onDisk).toEqual([expect.objectContaining({ id: 'telegram:-1001', group: true, categories: ['stem', 'cec'], eachRound: true, periodic: true, locale: 'en' })]);
    expect((await run(store, '/subscriptions', { canAdminister: false })).lines[0]).toBe('This chat receives new rounds of these types: STEM and CEC, and a summary of the rounds on each periodic digest.');
    expect((await run(store, '/unsubscribe weekly')).lines[0]).toBe('Changed: this chat will receive new rounds of these types: STEM and CEC.');
    expect((await run(store, '/unsubscribe')).lines[0]).toBe('Unsubscribed: this chat will receive no more posts.');
    expect(await store.listSubscriptions()).toEqual([]);
    await store.close();
  });

  it('a weekly summary is confirmed with when it comes (issue 22, item 16)', async () => {
    const store = await openStore(tempDir(), SHIPPED_SEED);
    const next = nextDigest()!;
    // The real schedule: a Monday at 09:00 in Toronto, within the week.
    expect(new Intl.DateTimeFormat('en-CA', { weekday: 'long', hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: 'America/Toronto' }).format(next)).toBe('Monday 09:00');
    expect(next.getTime() - Date.now()).toBeGreaterThan(0);
    expect(next.getTime() - Date.now()).toBeLessThanOrEqual(7 * 86_400_000);
    const weekly = await run(store, '/subscribe weekly');
    expect(weekly.lines[0]).toBe('Subscribed: this chat will receive a summary of the rounds on each periodic digest.');
    expect(weekly.lines[1]).toBe(`The next summary comes on ${new Formatter('en', 'America/Toronto').weekdayInstant(next.toISOString())}.`);
    expect(weekly.lines[1]).toMatch(/^The next summary comes on Monday, [A-Z][a-z]+ \d{1,2}, \d{4} at 09:00 E[SD]T\.$/);
    expect((await run(store, '/subscriptions')).lines).toContain(weekly.lines[1]);
    const french = await run(store, '/abonnements', { locale: 'fr' });
    expect(french.lines[1]).toMatch(/^Le prochain résumé arrive le lundi (1er|\d{1,2}) \S+ \d{4} à 09 h 00 H[NA]E\.$/);
    // Every round, no summary: nothing to announce.
    const store2 = await openStore(tempDir(), SHIPPED_SEED);
    expect((await run(store2, '/subscribe stem')).lines.join(' ')).not.toMatch(/next summary/);
    await store.close();
    await store2.close();
  });

  it('only the chat’s administrators may change it: a member is told who can, and offered a private subscription', async () => {
    const store = await openStore(tempDir(), SHIPPED_SEED);
    const refused = await run(store, '/subscribe', { canAdminister: false });
    expect(refused).toMatchObject({ error: true, visibility: 'caller', title: 'For this chat’s administrators' });
    expect(refused.title).not.toBe('Not understood');
    expect(refused.lines).toEqual([
      'In this group, only its administrators can change what it receives.',
      'To get new rounds yourself, subscribe in a private chat with me: press the button below, then Start.',
    ]);
    expect(refused.choices).toMatchObject({ options: [], controls: [], privately: { label: 'Subscribe in a private chat', start: 'subscribe' } });
    const french = await run(store, '/abonner', { canAdminister: false, locale: 'fr' });
    expect(french.title).toBe('Réservé aux administrateurs de cette discussion');
    expect(french.lines[0]).toBe('Dans ce groupe, seuls ses administrateurs peuvent changer ce qu’il reçoit.');
    expect(french.choices?.privately?.label).toBe('M’abonner en privé');
    // On Discord: who can, in Discord's words, and the command to send in a direct message.
    const discord = await run(store, '/subscribe', { canAdminister: false, chat: { platform: 'discord', id: '42', kind: 'group' } });
    expect(discord.lines).toEqual([
      'On this server, only members with the Manage Channels or Manage Server permission can change what a channel receives.',
      'To get new rounds yourself, send /subscribe to me in a direct message.',
    ]);
    expect(discord.choices).toBeUndefined();
    // Stopping posts is the admins' business alone: no offer there.
    expect((await run(store, '/unsubscribe', { canAdminister: false })).lines).toEqual(['In this group, only its administrators can change what it receives.']);
    expect(await store.listSubscriptions()).toEqual([]);
    await store.close();
  });

  it('says what is wrong with a word it does not know, and changes nothing', async () => {
    const store = await openStore(tempDir(), SHIPPED_SEED);
    const reply = await run(store, '/subscribe stem blorp');
    expect(reply.error).toBe(true);
    expect(reply.lines[0]).toMatch(/^Not a round type: blorp\. Accepted: general, pnp, .*, “weekly” and “ptime”\.$/);
    expect(await store.listSubscriptions()).toEqual([]);
    await store.close();
  });

  it('answers in French, and posts in the language of whoever subscribed', async () => {
    const store = await openStore(tempDir(), SHIPPED_SEED);
    const reply = await run(store, '/subscribe santé', { locale: 'fr' });
    expect(reply.lines).toEqual(['Abonnement fait : cette discussion recevra les nouvelles rondes de ces types : Santé.', 'Les publications sont en français.']);
    expect((await store.get('telegram:-1001'))?.locale).toBe('fr');
    await store.close();
  });

  it('the console cannot subscribe: nothing can be posted there', async () => {
    const store = await openStore(tempDir(), SHIPPED_SEED);
    const reply = await run(store, '/subscribe', { chat: { platform: 'console', id: 'console', kind: 'private' } });
    expect(reply.lines[0]).toMatch(/^Subscriptions are for Telegram and Discord chats/);
    await store.close();
  });
});
