import { describe, expect, it } from 'vitest';
import { commandContext } from '../../src/chat/context.ts';
import { decodeState, encodeState } from '../../src/chat/crs/guided.ts';
import { ACTION_LIMITS, ownerToken, runChoice, TYPED_MARK } from '../../src/chat/flow.ts';
import type { ChatRef } from '../../src/chat/command.ts';
import type { Reply } from '../../src/chat/reply.ts';
import { silentLogger } from '../../src/core/log.ts';
import type { Locale } from '../../src/i18n/locales.ts';
import { answering, ask } from '../helpers/answers.ts';

const at = answering();
const PRIVATE: ChatRef = { platform: 'telegram', id: '7001', kind: 'private' };
const context = (userId: string, locale: Locale = 'en', chat = PRIVATE) => commandContext(at, { locale, chat, canAdminister: false, userId });

/** Presses the choice labelled `label` as `userId`. */
async function press(reply: Reply, label: string, userId = '7001', locale: Locale = 'en') {
  const choice = [...(reply.choices?.options ?? []), ...(reply.choices?.controls ?? [])].find((candidate) => candidate.label === label);
  if (!choice) throw new Error(`no choice “${label}” in ${JSON.stringify(reply.choices)}`);
  return runChoice(context(userId, locale), choice.action, { log: silentLogger });
}

async function next(reply: Reply, label: string, locale: Locale = 'en'): Promise<Reply> {
  const outcome = await press(reply, label, '7001', locale);
  if (outcome.kind !== 'reply') throw new Error(`pressing “${label}” gave ${JSON.stringify(outcome)}`);
  return outcome.reply;
}

async function typed(reply: Reply, text: string, locale: Locale = 'en'): Promise<Reply> {
  const outcome = await runChoice(context('7001', locale), reply.choices!.input!.action, { typed: text, log: silentLogger });
  if (outcome.kind !== 'reply') throw new Error(`typing “${text}” gave ${JSON.stringify(outcome)}`);
  return outcome.reply;
}

/** /crs with nothing after it, as member 7001. */
async function start(locale: Locale = 'en', chat = PRIVATE): Promise<Reply> {
  const crs = at.commands.find((command) => command.name === 'crs')!;
  return crs.run(context('7001', locale, chat), { profile: undefined });
}

describe('the guided /crs, in the chat layer', () => {
  it('asks one question at a time and ends with the same result as the one-line form (reference example 1)', async () => {
    let reply = await start();
    expect(reply.title).toBe('CRS calculator — question 1 of 12');
    expect(reply.lines).toEqual(['How old are you?']);
    expect(reply.choices?.style).toBe('select');
    expect(reply.visibility).toBe('caller');
    reply = await next(reply, '20–29');
    expect(reply.lines).toEqual(['What is your highest level of education?']);
    reply = await next(reply, 'Bachelor’s, or 3+ year program');
    reply = await next(reply, 'CELPIP-General');
    expect(reply.lines[0]).toBe('Your CELPIP-General results?');
    expect(reply.choices?.input?.prompt).toBe('Type your four CELPIP-General results in the order listening, reading, writing, speaking, e.g. 9 9 9 9.');
    reply = await typed(reply, '9 9 9 9');
    expect(reply.lines).toEqual(['A test in your other official language?']);
    reply = await next(reply, 'None');
    reply = await next(reply, 'None');
    reply = await next(reply, '3 years or more');
    reply = await next(reply, 'No');
    expect(reply.lines).toEqual(['Do you have a spouse or common-law partner?']);
    reply = await next(reply, 'No');
    reply = await next(reply, 'No');
    reply = await next(reply, 'No');
    expect(reply.title).toBe('CRS calculator — question 12 of 12');
    reply = await next(reply, 'None');
    const oneLine = await ask('/crs age=29 edu=bachelor lang=celpip:9,9,9,9 foreign-work=3');
    expect(reply.title).toBe('CRS 429');
    expect(reply.fields).toEqual(oneLine.fields);
    expect(reply.notes).toContain('The same in one line: /crs age=25 edu=bachelor lang=celpip:9,9,9,9 foreign-work=3');
    expect(reply.choices).toBeUndefined();
  });

  it('asks about a spouse who counts, goes back, and cancels (in French)', async () => {
    let reply = await start('fr');
    reply = await next(reply, '31', 'fr');
    reply = await next(reply, 'Maîtrise, ou diplôme professionnel', 'fr');
    reply = await next(reply, 'IELTS General Training', 'fr');
    reply = await typed(reply, '7,5 7 6,5 7', 'fr');
    reply = await next(reply, 'Aucun', 'fr');
    reply = await next(reply, '2 ans', 'fr');
    reply = await next(reply, 'Aucune', 'fr');
    reply = await next(reply, 'Non', 'fr');
    reply = await next(reply, 'Oui, m’accompagne, pas canadien', 'fr');
    expect(reply.lines).toEqual(['Le plus haut niveau d’études de votre époux ou conjoint\u00a0?']);
    // Back, then forward again: the answers so far are kept.
    const back = await next(reply, '◀ Retour', 'fr');
    expect(back.lines).toEqual(['Avez-vous un époux ou un conjoint de fait\u00a0?']);
    reply = await next(back, 'Oui, m’accompagne, pas canadien', 'fr');
    reply = await next(reply, 'Baccalauréat, ou programme de 3 ans et plus', 'fr');
    reply = await next(reply, 'CELPIP-General', 'fr');
    reply = await typed(reply, '7 7 7 7', 'fr');
    reply = await next(reply, 'Aucune', 'fr');
    reply = await next(reply, 'Non', 'fr');
    reply = await next(reply, 'Non', 'fr');
    reply = await next(reply, 'Aucune', 'fr');
    // Reference example 2.
    expect(reply.title).toBe('SCG 434');
    expect(reply.notes).toContain('La même chose en une ligne : /crs age=31 edu=master lang=ielts:7.5,7,6.5,7 cdn-work=2 spouse=yes spouse-edu=bachelor spouse-lang=celpip:7,7,7,7');

    const cancelled = await next(back, '✖ Annuler', 'fr');
    expect(cancelled.lines).toEqual(['Annulé. Rien n’a été conservé.']);
    expect(cancelled.choices).toBeUndefined();
  });

  it('says what is wrong with typed results and asks again, keeping the step', async () => {
    let reply = await start();
    reply = await next(reply, '30');
    reply = await next(reply, 'Doctorate (PhD)');
    reply = await next(reply, 'IELTS General Training');
    const refused = await typed(reply, '9.5 7 x');
    expect(refused.error).toBe(true);
    expect(refused.lines).toContain('IELTS General Training: “9.5 7 x” is not accepted. Accepted: a test and its four results, TEST:listening,reading,writing,speaking (e.g. ielts:7.5,7,6.5,7), TEST one of ielts, celpip, pte, tef, tcf, clb, nclc.');
    const outOfRange = await typed(refused, '9.5 7 7 7');
    expect(outOfRange.lines).toContain('IELTS General Training (listening): 9.5 is out of range. Accepted: 0 to 9 in steps of 0.5.');
    expect(outOfRange.choices?.input?.action).toBe(reply.choices?.input?.action);
    expect((await typed(outOfRange, '8 7 7 7')).lines).toEqual(['A test in your other official language?']);
  });

  it('answers a press by anyone but the starter, and a button it no longer knows, briefly', async () => {
    const reply = await start();
    const foreign = await press(reply, '30', '7002');
    expect(foreign).toEqual({ kind: 'refused', reason: 'foreign', text: 'These buttons belong to whoever started them. Type /crs to start your own.' });
    const owner = ownerToken('7001');
    for (const action of [`crs:${owner}:zz`, `crs:${owner}:${'z'.repeat(33)}`, `latest:${owner}:0`, 'garbage', `crs:${owner}:h00000000`]) {
      expect(await runChoice(context('7001'), action, { log: silentLogger }), action).toEqual({ kind: 'refused', reason: 'stale', text: 'This button has expired. Start again with the command.' });
    }
  });

  it('asks for typed results behind the mark, and only then', async () => {
    let reply = await start();
    reply = await next(reply, '30');
    reply = await next(reply, 'Secondary diploma');
    reply = await next(reply, 'TEF Canada');
    const outcome = await runChoice(context('7001'), `${TYPED_MARK}${reply.choices!.input!.action}`, { log: silentLogger });
    expect(outcome.kind).toBe('input');
  });

  it('offers a private chat first in a Telegram group', async () => {
    const reply = await start('en', { platform: 'telegram', id: '-100123', kind: 'group' });
    expect(reply.choices?.privately).toEqual({ label: 'Continue in private', start: 'crs' });
    expect(reply.choices?.options.map((option) => option.label)).toEqual(['Here, in this group']);
  });

  it('offers only the private chat where no one could own the buttons (a channel post has no sender)', async () => {
    const crs = at.commands.find((command) => command.name === 'crs')!;
    const channel = commandContext(at, { locale: 'en', chat: { platform: 'telegram', id: '-100999', kind: 'channel' }, canAdminister: true, userId: null });
    const reply = await crs.run(channel, { profile: undefined });
    expect(reply.choices?.options).toEqual([]);
    expect(reply.choices?.privately?.start).toBe('crs');
  });
});

describe('flow state encoding', () => {
  it('fits the longest state in Telegram’s 64 bytes and Discord’s 100 characters, for the largest user ids', () => {
    // Every language a test with two-digit steps at its maximum, every packed answer at its last value.
    const longest = encodeState('spouse-lang-scores', {
      age: 19, education: 7, canadianWork: 5, foreignWork: 3, certificate: 1, spouse: 2, spouseEducation: 7, spouseWork: 5, nomination: 1, sibling: 1, canadianEducation: 2,
      first: { test: 'tef', steps: [699, 699, 699, 699] }, second: { test: 'pte', steps: [80, 80, 80, 80] }, spouseLanguage: { test: 'tcf', steps: [699, 699, 20, 20] },
    });
    expect(decodeState(longest)?.answers.spouseLanguage?.steps).toEqual([699, 699, 20, 20]);
    // Telegram user ids have at most 52 significant bits; Discord's are 64-bit snowflakes.
    const telegram = `${TYPED_MARK}crs:${ownerToken(String(2 ** 53 - 1))}:${longest}`;
    const discord = `${TYPED_MARK}crs:${ownerToken('18446744073709551615')}:${longest}`;
    expect(Buffer.byteLength(telegram, 'utf8')).toBeLessThanOrEqual(ACTION_LIMITS.telegram);
    expect(discord.length).toBeLessThanOrEqual(ACTION_LIMITS.discord);
  });

  it('refuses states it did not write', () => {
    expect(decodeState('')).toBeNull();
    expect(decodeState('0zzzzz000')).toBeNull();
    expect(decodeState('000000800')).toBeNull();
    expect(decodeState('0000000000')).toBeNull();
    expect(decodeState('000000000')).not.toBeNull();
  });
});
