import { describe, expect, it } from 'vitest';
import { commandContext } from '../../src/chat/context.ts';
import { decodeState, encodeState } from '../../src/chat/crs/guided.ts';
import { ACTION_LIMITS, ownerToken, runChoice, TYPED_MARK } from '../../src/chat/flow.ts';
import type { ChatRef } from '../../src/chat/command.ts';
import type { Reply } from '../../src/chat/reply.ts';
import { silentLogger } from '../../src/core/log.ts';
import type { Locale } from '../../src/i18n/locales.ts';
import { answering, ask, field } from '../helpers/answers.ts';

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

/** Text typed while the question shows: what every platform sends the flow (console line, Telegram message or reply, Discord modal). */
async function typed(reply: Reply, text: string, locale: Locale = 'en'): Promise<Reply> {
  const target = reply.choices?.answer ?? reply.choices?.input;
  if (!target) throw new Error(`no typed answer taken by ${reply.title}`);
  const outcome = await runChoice(context('7001', locale), target.action, { typed: text, log: silentLogger });
  if (outcome.kind !== 'reply') throw new Error(`typing “${text}” gave ${JSON.stringify(outcome)}`);
  return outcome.reply;
}

/** /crs with nothing after it, as member 7001. */
async function start(locale: Locale = 'en', chat = PRIVATE): Promise<Reply> {
  const crs = at.commands.find((command) => command.name === 'crs')!;
  return crs.run(context('7001', locale, chat), { profile: undefined });
}

/** Types each answer in turn; returns the last reply. */
async function typeAll(reply: Reply, answers: string[], locale: Locale = 'en'): Promise<Reply> {
  let current = reply;
  for (const answer of answers) current = await typed(current, answer, locale);
  return current;
}

describe('the guided /crs, in the chat layer', () => {
  it('asks one question at a time and ends with the same result as the one-line form (reference example 1)', async () => {
    let reply = await start();
    expect(reply.title).toBe('CRS calculator — question 1 of 13');
    expect(reply.lines).toEqual(['How old are you?', 'Or type your age in years, e.g. 29.']);
    expect(reply.choices?.style).toBe('select');
    expect(reply.visibility).toBe('caller');
    reply = await next(reply, '29');
    expect(reply.lines).toEqual(['✓ Age: 29', 'What is your highest level of education?']);
    reply = await next(reply, 'Bachelor’s, or 3+ year program');
    reply = await next(reply, 'CELPIP-General');
    expect(reply.lines.slice(1)).toEqual(['Your CELPIP-General results?', 'Type your four CELPIP-General results in the order listening, reading, writing, speaking, e.g. 9 9 9 9.']);
    expect(reply.choices?.input?.prompt).toBe('Type your four CELPIP-General results in the order listening, reading, writing, speaking, e.g. 9 9 9 9.');
    reply = await typed(reply, '9 9 9 9');
    expect(reply.lines).toEqual(['✓ First official language: CELPIP-General 9 9 9 9', 'A test in your other official language?']);
    for (const label of ['None', 'None', '3 years or more', 'No', 'No', 'No', 'No', 'None']) reply = await next(reply, label);
    expect(reply.title).toBe('CRS calculator — question 13 of 13');
    reply = await next(reply, 'Skip');
    const oneLine = await ask('/crs age=29 edu=bachelor lang=celpip:9,9,9,9 foreign-work=3');
    expect(reply.title).toBe('CRS 429');
    expect(reply.fields).toEqual(oneLine.fields);
    expect(reply.notes).toContain('The same in one line: /crs age=29 edu=bachelor lang=celpip:9,9,9,9 foreign-work=3');
  });

  it('takes typed answers that match a choice — “29”, “master”, “no”, “oui” — and never ends on one that does not (issue 22, item 1)', async () => {
    let reply = await start();
    // At "How old are you?", 29 is the age (not the 29th button), in words too.
    reply = await typed(reply, '29');
    expect(reply.lines[0]).toBe('✓ Age: 29');
    const refused = await typed(reply, 'a lot');
    expect(refused.error).toBe(true);
    expect(refused.lines.slice(0, 2)).toEqual(['“a lot” is not an answer to this question.', expect.stringMatching(/^Type one of: Less than secondary school, .*Doctorate \(PhD\) — or press a button\.$/)]);
    expect(refused.lines).toContain('What is your highest level of education?');
    reply = await typed(refused, 'master');
    expect(reply.lines[0]).toBe('✓ Education: Master’s, or professional degree');
    reply = await typeAll(reply, ['ielts', '8/7.5/7/7', 'none', '2', '3', 'no']);
    expect(reply.lines[0]).toBe('✓ Certificate of qualification: No');
    // "yes" alone does not say whether a spouse counts: asked again, naming both answers.
    const which = await typed(reply, 'yes');
    expect(which.lines.slice(0, 2)).toEqual(['“yes” is not an answer to this question.', 'Which yes? Press “Yes, coming with me, not Canadian” or “Yes, but Canadian or not coming”.']);
    reply = await typeAll(which, ['no', 'no', 'no', 'none', 'skip']);
    expect(reply.title).toBe('CRS 522');
    expect(reply.notes).toContain('The same in one line: /crs age=29 edu=master lang=ielts:8,7.5,7,7 cdn-work=2 foreign-work=3');

    // In French: "maîtrise", "masters", "oui", "non".
    let fr = await start('fr');
    fr = await typeAll(fr, ['31', 'masters', 'tef', '546 546 558 556', 'aucun', '1', '0', 'non'], 'fr');
    expect(fr.lines[0]).toBe('✓ Certificat de compétence : Non');
    fr = await typeAll(fr, ['non', 'non', 'oui'], 'fr');
    expect(fr.lines[0]).toBe('✓ Frère ou sœur au Canada : Oui');
  });

  it('confirms each answer taken, and counts “2” at the years as 2 years (issue 22, item 2)', async () => {
    let reply = await typeAll(await start(), ['30', 'phd', 'clb', '9 9 9 9', 'none']);
    expect(reply.lines).toEqual(['✓ Other official language: None', 'Years of skilled work in Canada (TEER 0–3), in the last 10 years?']);
    reply = await typed(reply, '2');
    expect(reply.lines[0]).toBe('✓ Canadian work: 2 years');
    // Pressed, the same: the answer taken is said.
    reply = await next(reply, '1 year');
    expect(reply.lines[0]).toBe('✓ Foreign work: 1 year');
    // Yes before no, every time.
    expect(reply.choices?.options.map((option) => option.label)).toEqual(['Yes', 'No']);
    reply = await next(reply, 'No');
    expect(reply.choices?.options.map((option) => option.label)).toEqual(['Yes, coming with me, not Canadian', 'Yes, but Canadian or not coming', 'No']);
    // More years than the last answer holds: that answer.
    const fr = await typeAll(await start('fr'), ['30', 'doctorat', 'nclc', '9 9 9 9', 'aucun', '7 ans'], 'fr');
    expect(fr.lines[0]).toBe('✓ Expérience au Canada : 5 ans ou plus');
  });

  it('takes results the ways people write them (issue 22, item 3)', async () => {
    const atResults = await typeAll(await start(), ['30', 'master', 'ielts']);
    for (const written of ['8/7.5/7/7', '8, 7.5, 7, 7', '8 7.5 7 7', '8,7.5,7,7', '8; 7.5; 7; 7']) {
      expect((await typed(atResults, written)).lines[0], written).toBe('✓ First official language: IELTS General Training 8 7.5 7 7');
    }
    const fr = await typeAll(await start('fr'), ['30', 'maîtrise', 'ielts']);
    expect((await typed(fr, '8 7,5 7 7', 'fr')).lines[0]).toBe('✓ Première langue officielle : IELTS General Training 8 7,5 7 7');
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
    expect((await typed(outOfRange, '8 7 7 7')).lines).toEqual(['✓ First official language: IELTS General Training 8 7 7 7', 'A test in your other official language?']);
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
    expect(reply.lines).toEqual(['✓ Époux ou conjoint : Oui, m’accompagne, pas canadien', 'Le plus haut niveau d’études de votre époux ou conjoint\u00a0?']);
    // Back, then forward again: the answers so far are kept.
    const back = await next(reply, '◀ Retour', 'fr');
    expect(back.lines).toEqual(['Votre réponse actuelle : Oui, m’accompagne, pas canadien.', 'Avez-vous un époux ou un conjoint de fait\u00a0?']);
    reply = await next(back, 'Oui, m’accompagne, pas canadien', 'fr');
    reply = await next(reply, 'Baccalauréat, ou programme de 3 ans et plus', 'fr');
    reply = await next(reply, 'CELPIP-General', 'fr');
    reply = await typed(reply, '7 7 7 7', 'fr');
    reply = await next(reply, 'Aucune', 'fr');
    reply = await next(reply, 'Non', 'fr');
    reply = await next(reply, 'Non', 'fr');
    reply = await next(reply, 'Aucune', 'fr');
    reply = await next(reply, 'Passer', 'fr');
    // Reference example 2.
    expect(reply.title).toBe('SCG 434');
    expect(reply.notes).toContain('La même chose en une ligne : /crs age=31 edu=master lang=ielts:7.5,7,6.5,7 cdn-work=2 spouse=yes spouse-edu=bachelor spouse-lang=celpip:7,7,7,7');

    const cancelled = await next(back, '✖ Annuler', 'fr');
    expect(cancelled.lines).toEqual(['Annulé. Rien n’a été conservé.']);
    expect(cancelled.choices).toBeUndefined();
    // Typed, the same.
    expect((await typed(back, 'annuler', 'fr')).lines).toEqual(['Annulé. Rien n’a été conservé.']);
  });

  it('changes one answer after the result and gives the new total at once (issue 22, item 5)', async () => {
    // A French-speaking member asks "what if my French were NCLC 7".
    const result = await typeAll(await start(), ['30', 'master', 'ielts', '8 7 7 7', 'tef', '400 400 400 400', '1', '3', 'no', 'no', 'no', 'no', 'none', 'skip']);
    // Core 105 + 135 + 4 × 31 + 4 × 1 (NCLC 6, 6, 6, 5) + 40 = 408; transferability at its cap of 100.
    expect(result.title).toBe('CRS 508');
    expect(result.choices?.options.map((option) => option.label)).toEqual([
      'Age: 30', 'Education: Master’s, or professional degree', 'First official language: IELTS General Training 8 7 7 7',
      'Other official language: TEF Canada 400 400 400 400', 'Canadian work: 1 year', 'Foreign work: 3 years or more', 'Certificate of qualification: No',
      'Spouse or partner: No', 'Provincial nomination: No', 'Sibling in Canada: No', 'Education in Canada: None', 'Occupation: not given',
    ]);
    const french = await next(result, 'Other official language: TEF Canada 400 400 400 400');
    expect(french.title).toBe('CRS calculator — change one answer');
    expect(french.lines[0]).toBe('Your answer now: TEF Canada 400 400 400 400.');
    expect(french.choices?.controls.map((control) => control.label)).toEqual(['◀ Back', '↩ Result', '✖ Cancel']);
    // NCLC 7 in all four: second language 4 × 3 = 12 (was 4 × 1) and the French bonus with CLB 5+ English, 50.
    const changed = await typed(french, '434 434 428 456');
    expect(changed.title).toBe('CRS 566');
    expect(changed.notes).toContain('The same in one line: /crs age=30 edu=master lang=ielts:8,7,7,7 lang2=tef:434,434,428,456 cdn-work=1 foreign-work=3');
    // Another test named instead of results: its results are asked next.
    const tcf = await typed(french, 'tcf');
    expect(tcf.lines.slice(0, 2)).toEqual(['✓ Other official language: TCF Canada', 'Your TCF Canada results?']);
    expect((await typed(tcf, '458 453 10 10')).title).toBe('CRS 566');
    // The result unchanged is a press away; another answer changed with one press.
    expect((await next(french, '↩ Result')).title).toBe('CRS 508');
    const years = await next(changed, 'Canadian work: 1 year');
    // Two years in Canada: core 53 instead of 40 (transferability already at its cap).
    expect((await next(years, '2 years')).title).toBe('CRS 579');
    // A spouse who now counts: their questions are asked, then the total.
    let spouse = await next(await next(changed, 'Spouse or partner: No'), 'Yes, coming with me, not Canadian');
    expect(spouse.title).toBe('CRS calculator — 3 answers to go');
    spouse = await typeAll(spouse, ['bachelor', 'none', '0']);
    expect(spouse.title).toMatch(/^CRS \d+$/);
    expect(field(spouse, 'Spouse or partner')).toBe('8 (education 8, first official language 0, Canadian work 0)');
  });

  it('changes one answer after the result in French too', async () => {
    const result = await typeAll(await start('fr'), ['30', 'maîtrise', 'ielts', '8 7 7 7', 'aucun', '1', '3', 'non', 'non', 'non', 'non', 'aucune', 'passer'], 'fr');
    expect(result.title).toBe('SCG 504');
    expect(result.choices?.placeholder).toBe('Changer une réponse');
    const age = await next(result, 'Âge : 30', 'fr');
    expect(age.title).toBe('Calculateur SCG — changer une réponse');
    expect(age.choices?.controls.map((control) => control.label)).toEqual(['↩ Résultat', '✖ Annuler']);
    // 30 → 29: 105 → 110 points for age.
    expect((await typed(age, '29', 'fr')).title).toBe('SCG 509');
  });

  it('asks the age as a number, so the one-line echo is the member’s own (issue 22, item 7)', async () => {
    let reply = await start();
    expect(reply.choices?.options.map((option) => option.label)).toEqual(Array.from({ length: 25 }, (_, index) => String(20 + index)));
    expect(reply.choices?.input).toMatchObject({ button: '✎ Another age', prompt: 'Or type your age in years, e.g. 29.' });
    reply = await typeAll(reply, ['47', 'phd', 'clb', '10 10 10 10', 'none', '0', '0', 'no', 'no', 'no', 'no', 'none', 'skip']);
    expect(reply.notes).toContain('The same in one line: /crs age=47 edu=phd lang=clb:10,10,10,10');
    expect(field(reply, 'Core / human capital')).toMatch(/^\d+ \(age 0,/);
    const fr = await typed(await start('fr'), '25 ans', 'fr');
    expect(fr.lines[0]).toBe('✓ Âge : 25');
  });

  it('asks the occupation, optionally, by code or title (issue 22, item 8)', async () => {
    const atNoc = await typeAll(await start(), ['30', 'master', 'ielts', '8 7 7 7', 'none', '1', '3', 'no', 'no', 'no', 'no', 'none']);
    expect(atNoc.lines.at(-2)).toBe('Your occupation, to compare with the category rounds (optional): its NOC 2021 code or job title?');
    expect((await typed(atNoc, '2123')).lines).toContain('“2123” looks like a NOC 2016 code: type your NOC 2021 code (5 digits), or your job title.');
    expect((await typed(atNoc, '99999')).lines).toContain('“99999” is not a NOC 2021 unit group. Type your 5-digit code (/eligible finds it), or your job title.');
    const byTitle = await typed(atNoc, 'software engineer');
    expect(byTitle.notes).toContain('The same in one line: /crs age=30 edu=master lang=ielts:8,7,7,7 cdn-work=1 foreign-work=3 noc=21231');
    expect(byTitle.choices?.options.at(-1)?.label).toBe('Occupation: 21231 Software engineers and designers');
  });

  it('answers a press by anyone but the starter, and a button it no longer knows, briefly', async () => {
    const reply = await start();
    const foreign = await press(reply, '30', '7002');
    expect(foreign).toEqual({ kind: 'refused', reason: 'foreign', text: 'These buttons belong to whoever started them. Type /crs to start your own.' });
    const owner = ownerToken('7001');
    for (const action of [`crs:${owner}:zz`, `crs:${owner}:${'z'.repeat(39)}`, `latest:${owner}:0`, 'garbage', `crs:${owner}:h00000000`]) {
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

  it('gives the source footer once, with the figures, not with every question (issue 22, item 15)', async () => {
    let reply = await start();
    const footers: string[] = [reply.footer];
    for (const answer of ['30', 'master', 'ielts', '8 7 7 7', 'none', '1', '3', 'no', 'no', 'no', 'no', 'none']) {
      reply = await typed(reply, answer);
      footers.push(reply.footer);
    }
    expect(footers.every((text) => text === '')).toBe(true);
    reply = await typed(reply, 'skip');
    expect(reply.footer).toMatch(/^Source: IRCC, Express Entry rounds of invitations · newest round #411/);
  });
});

describe('flow state encoding', () => {
  it('fits the longest state in Telegram’s 64 bytes and Discord’s 100 characters, for the largest user ids', () => {
    // Every language a test with two-digit steps at its maximum, every packed answer at its last value.
    const longest = encodeState('spouse-lang-scores', {
      age: 99, education: 7, canadianWork: 5, foreignWork: 3, certificate: 1, spouse: 2, spouseEducation: 7, spouseWork: 5, nomination: 1, sibling: 1, canadianEducation: 2,
      first: { test: 'tef', steps: [699, 699, 699, 699] }, second: { test: 'pte', steps: [80, 80, 80, 80] }, spouseLanguage: { test: 'tcf', steps: [699, 699, 20, 20] },
      noc: '99999',
    }, 'spouse-lang');
    expect(longest).toHaveLength(39);
    const decoded = decodeState(longest);
    expect(decoded?.answers.spouseLanguage).toEqual({ test: 'tcf', steps: [699, 699, 20, 20] });
    expect(decoded?.answers).toMatchObject({ age: 99, noc: '99999', spouse: 2 });
    expect(decoded?.last).toBe('spouse-lang');
    // Telegram user ids have at most 52 significant bits; Discord's are 64-bit snowflakes.
    const telegram = `${TYPED_MARK}crs:${ownerToken(String(2 ** 53 - 1))}:${longest}`;
    const discord = `${TYPED_MARK}crs:${ownerToken('18446744073709551615')}:${longest}`;
    expect(Buffer.byteLength(telegram, 'utf8')).toBeLessThanOrEqual(ACTION_LIMITS.telegram);
    expect(discord.length).toBeLessThanOrEqual(ACTION_LIMITS.discord);
  });

  it('round-trips unanswered answers, a test without its results, none, and an occupation with leading zeros', () => {
    const answers = {
      age: null, education: 3, canadianWork: 0, foreignWork: null, certificate: 0, spouse: null, spouseEducation: null, spouseWork: null, nomination: null, sibling: null,
      canadianEducation: null, first: { test: 'ielts' as const, steps: null }, second: 'none' as const, spouseLanguage: null, noc: '00012',
    };
    expect(decodeState(encodeState('lang-scores', answers))).toEqual({ step: 'lang-scores', last: null, answers });
  });

  it('refuses states it did not write', () => {
    expect(decodeState('')).toBeNull();
    expect(decodeState('0zzzzzzz0000000')).toBeNull();
    expect(decodeState('0z0000008000000')).toBeNull();
    expect(decodeState('0z00000000000000')).toBeNull();
    expect(decodeState('0z000000000zzzz')).toBeNull();
    expect(decodeState('0z0000000000000')).not.toBeNull();
  });
});
