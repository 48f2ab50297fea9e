import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/core/log.ts';
import { defineCommand } from '../../src/chat/command.ts';
import { commandContext } from '../../src/chat/context.ts';
import { invoke } from '../../src/chat/invoke.ts';
import { parseCommandLine, parseTextArgs } from '../../src/chat/parse.ts';
import { commands } from '../../commands/index.ts';
import { findCommand } from '../../src/chat/command.ts';
import { answering, ask, askText, field, until } from '../helpers/answers.ts';

describe('/latest', () => {
  it('answers the newest round with its cut-off, tie-break, change and link', async () => {
    const reply = await ask('/latest');
    expect(reply.title).toBe('Latest round');
    expect(reply.lines[0]).toBe('Round #411 (April 15, 2026): French-Language proficiency 2026-Version 2');
    expect(field(reply, 'Invitations')).toBe('4,000');
    expect(field(reply, 'CRS cut-off')).toBe('419');
    expect(field(reply, 'Tie-breaking rule')).toBe('profiles submitted before November 14, 2025 at 07:14:25 UTC');
    expect(field(reply, 'Category list')).toBe('in force since February 18, 2026');
    expect(field(reply, /^Against the previous French/)).toBe('#405 (March 18, 2026), 28 days earlier — cut-off 393 → 419 (+26), invitations 4,000 → 4,000 (±0)');
    expect(reply.link?.url).toMatch(/^https:\/\/www\.canada\.ca\/en\/.*invitations\.html\?q=411$/);
    expect(reply.footer).toMatch(/newest round #411 \(April 15, 2026\) · not yet checked with IRCC \(shipped data of April 15, 2026\)$/);
  });

  it('answers the newest round of a category, with the list version in force on its date', async () => {
    const reply = await ask('/latest stem');
    expect(reply.title).toBe('Latest STEM round');
    expect(reply.lines[0]).toMatch(/^Round #293 \(April 11, 2024\)/);
    expect(field(reply, 'Invitations')).toBe('4,500');
    expect(field(reply, 'CRS cut-off')).toBe('491');
    expect(field(reply, 'Category list')).toBe('in force May 31, 2023 – February 26, 2025');
    expect(field(reply, /^Against the previous STEM/)).toMatch(/^#274 \(December 8, 2023\), 125 days earlier — cut-off 481 → 491 \(\+10\)/);
  });

  it('the March 2024 tie-breaking instants, as members read them', async () => {
    const at = answering({ draws: until('2024-03-26') });
    expect(field(await ask('/latest french', { at }), 'Tie-breaking rule')).toBe('profiles submitted before March 10, 2024 at 20:06:26 UTC');
    expect(field(await ask('/latest general', { at }), 'Tie-breaking rule')).toBe('profiles submitted before February 25, 2024 at 14:42:38 UTC');
    expect(field(await ask('/latest transport', { at }), 'Tie-breaking rule')).toBe('profiles submitted before July 31, 2023 at 13:27:26 UTC');
  });

  it('gives the round’s date and time as IRCC’s page does, and says what IRCC did not publish', async () => {
    expect(field(await ask('/latest'), 'Date and time of round')).toBe('April 15, 2026 at 10:43:11 UTC');
    expect(field(await ask('/latest', { locale: 'fr' }), 'Date et heure de la ronde')).toBe('15 avril 2026 à 10 h 43 min 11 s UTC');
    const early = answering({ draws: until('2017-11-01') });
    expect(field(await ask('/latest fst', { at: early }), 'Tie-breaking rule')).toBe('not published by IRCC for this round');
    expect(field(await ask('/latest fst', { at: early, locale: 'fr' }), 'Règle de départage')).toBe('non publiée par IRCC pour cette ronde');
  });

  it('warns that PNP cut-offs include the nomination', async () => {
    expect((await ask('/latest pnp')).notes?.join(' ')).toMatch(/600 points of a provincial nomination/);
  });

  it.each([
    ['stem', 'Latest STEM round'], ['STEM', 'Latest STEM round'], ['healthcare', 'Latest Healthcare and social services round'],
    ['health', 'Latest Healthcare and social services round'], ['french', 'Latest French-language proficiency round'],
    ['francais', 'Latest French-language proficiency round'], ['pnp', 'Latest Provincial Nominee Program round'],
    ['cec', 'Latest Canadian Experience Class round'], ['trades', 'Latest Trades round'], ['helth', 'Latest Healthcare and social services round'],
    ['canadian experience class', 'Latest Canadian Experience Class round'], ['Santé', 'Latest Healthcare and social services round'],
  ])('reads the category “%s”', async (input, title) => {
    expect((await ask(`/latest ${input}`)).title).toBe(title);
  });

  it('says what is accepted when no category matches, suggesting the likely one', async () => {
    const reply = await ask('/latest stm');
    expect(reply.error).toBe(true);
    expect(reply.visibility).toBe('caller');
    expect(reply.lines[0]).toMatch(/^“stm” is not a round type I know\. Did you mean .*stem.*\? Accepted: general, pnp, cec, .*stem/);
    expect(reply.lines[1]).toBe('Usage: /latest [category]');
  });

  it.each(['all', 'any', 'ALL'])('/latest %s is the newest round of any type, not the last “General” round', async (word) => {
    const reply = await ask(`/latest ${word}`);
    expect(reply.title).toBe('Latest round');
    expect(reply.lines[0]).toBe('Round #411 (April 15, 2026): French-Language proficiency 2026-Version 2');
  });

  it('/latest tout, in French, is the newest round of any type', async () => {
    const reply = await ask('/latest tout', { locale: 'fr' });
    expect(reply.title).toBe('Dernière ronde');
    expect(reply.lines[0]).toMatch(/^Ronde no 411 \(15 avril 2026\)/);
  });

  it('says so for a category with no round yet', async () => {
    const reply = await ask('/latest researchers');
    expect(reply.lines).toEqual(['No Researchers with Canadian work experience round has been held yet.']);
  });
});

describe('/cutoffs', () => {
  it('2024 by round type, with the plan beside the actual share', async () => {
    const reply = await ask('/cutoffs 2024');
    expect(reply.lines[0]).toBe('98,903 invitations in 52 rounds, January 10, 2024 – December 16, 2024.');
    const rows = Object.fromEntries(reply.table!.rows.map((row) => [row[0], row.slice(1)]));
    expect(reply.table!.columns.map((column) => column.label)).toEqual(['Type', 'Rounds', 'ITAs', 'Share', 'Plan', 'Last cut-off', 'Date']);
    expect(rows.French).toEqual(['11', '23,000', '40.4%', '30.0%', '466', 'Dec 3, 2024']);
    expect(rows.STEM).toEqual(['1', '4,500', '7.9%', '25.0%', '491', 'Apr 11, 2024']);
    expect(rows.General).toEqual(['9', '14,445', '25.4%', '21.5%', '529', 'Apr 23, 2024']);
    expect(rows.PNP).toEqual(['14', '15,483', '—', '—', '727', 'Dec 16, 2024']);
    expect(reply.notes?.[0]).toMatch(/CEC and PNP rounds \(41,983 ITAs\) are outside it/);
  });

  it('reproduces the articles’ year-to-date view of 24 April 2024 (seed-facts.md)', async () => {
    const reply = await ask('/cutoffs 2024', { at: answering({ draws: until('2024-04-24'), now: '2024-04-25T12:00:00Z' }) });
    expect(reply.lines[0]).toBe('35,970 invitations in 17 rounds, January 10, 2024 – April 24, 2024 (year to date).');
    const rows = Object.fromEntries(reply.table!.rows.map((row) => [row[0], row.slice(1, 5)]));
    expect(rows).toEqual({
      General: ['9', '14,445', '40.2%', '21.5%'],
      French: ['4', '12,400', '34.5%', '30.0%'],
      STEM: ['1', '4,500', '12.5%', '25.0%'],
      Healthcare: ['1', '3,500', '9.7%', '15.0%'],
      Transport: ['1', '975', '2.7%', '3.0%'],
      Agriculture: ['1', '150', '0.4%', '0.5%'],
      Trades: ['0', '0', '0.0%', '5.0%'],
    });
  });

  it('keeps the cut-offs in one column whatever the width of their dates (issue 22, item 16)', async () => {
    // On main “Trades  1  3,000  4.6%   477 (Apr 2, 2026)”: the one-digit day moved the cut-off a column.
    for (const locale of ['en', 'fr'] as const) {
      const lines = (await askText('/cutoffs', { locale })).split('\n');
      const header = lines.findIndex((line) => line.startsWith('Type '));
      const dateAt = lines[header]!.lastIndexOf('Date');
      const rows = lines.slice(header + 1, header + 8);
      // Every cut-off ends two characters before the date column, whatever the date.
      for (const row of rows) expect(row.slice(dateAt - 5, dateAt), `${locale}: ${row}`).toMatch(/^\d{3} {2}$/);
    }
    expect(await askText('/cutoffs')).toMatch(/\nTrades +1 +3,000 +4\.6% +477 {2}Apr 2, 2026\n/);
  });

  it('defaults to this year in the bot’s time zone', async () => {
    const reply = await ask('/cutoffs');
    expect(reply.title).toBe('Rounds of 2026 by type');
    expect(reply.lines[0]).toBe('65,154 invitations in 23 rounds, January 5, 2026 – April 15, 2026 (year to date).');
    expect(reply.notes?.[0]).toBe('No published plan by round type is known for this year.');
  });

  it('answers a year without rounds, and refuses what is not a year', async () => {
    expect((await ask('/cutoffs 2030')).lines[0]).toBe('No rounds were held in 2030. Express Entry rounds in the data run from 2015 to 2026.');
    for (const bad of ['/cutoffs 1999', '/cutoffs abc', '/cutoffs 2024.5']) {
      const reply = await ask(bad);
      expect(reply.error, bad).toBe(true);
      expect(reply.lines[0], bad).toBe('Expected a whole number from 2015 to 2100.');
    }
  });
});

describe('/eligible', () => {
  it('21231 today: FSW and CEC yes, FST no, in no list now, STEM before', async () => {
    const reply = await ask('/eligible 21231');
    expect(reply.title).toBe('21231 — Software engineers and designers');
    expect(reply.lines).toEqual(['FSW and CEC can take it (TEER 1), FST cannot. In no category list now (STEM until February 26, 2025).', 'NOC 2021 unit group · TEER 1']);
    expect(field(reply, 'Federal Skilled Worker (FSW)')).toBe('yes — TEER 1 (TEER 0–3 qualify)');
    expect(field(reply, 'Canadian Experience Class (CEC)')).toBe('yes — TEER 1 (TEER 0–3 qualify)');
    expect(field(reply, 'Federal Skilled Trades (FST)')).toMatch(/^no — major group 21 /);
    expect(field(reply, 'Categories now')).toBe('in no category list in force today');
    expect(field(reply, 'Earlier lists')).toBe('Science, Technology, Engineering and Math (STEM) occupations: in force May 31, 2023 – February 26, 2025');
  });

  it('21231 as of June 2024: in STEM, with the latest STEM round and its cut-off', async () => {
    const reply = await ask('/eligible 21231', { at: answering({ draws: until('2024-06-01'), now: '2024-06-01T12:00:00Z' }) });
    expect(field(reply, 'STEM — in force May 31, 2023 – February 26, 2025')).toBe('latest round #293 (April 11, 2024), cut-off 491');
    expect(field(reply, 'Experience')).toMatch(/^at least 6 months/);
    expect(reply.fields.find((candidate) => candidate.label === 'Earlier lists')).toBeUndefined();
  });

  it('says when a category’s latest round was held under a list that did not name the occupation', async () => {
    // 21301 joined STEM in 2025; the only STEM rounds were under the 2023 list.
    const reply = await ask('/eligible 21301');
    expect(field(reply, /^STEM — in force since February 18, 2026/)).toBe('latest round #293 (April 11, 2024), cut-off 491 — held under an earlier list that did not name this occupation');
    expect(reply.notes?.[0]).toMatch(/^⚠ Uncertain list: .*Check canada\.ca before relying on it\.$/);
  });

  it('cooks (63200) left Trades in 2026; butchers (63201) joined', async () => {
    const cooks = await ask('/eligible 63200');
    expect(field(cooks, 'Categories now')).toBe('in no category list in force today');
    expect(field(cooks, 'Earlier lists')).toMatch(/Trade occupations: in force February 27, 2025 – February 17, 2026/);
    expect(field(cooks, 'Federal Skilled Trades (FST)')).toMatch(/^yes — minor group 6320/);
    const butchers = await ask('/eligible 63201');
    expect(field(butchers, /^Trades — in force since February 18, 2026/)).toBe('latest round #408 (April 2, 2026), cut-off 477');
  });

  it('72600 Air pilots: TEER 2 but sub-major group 726 is outside FST', async () => {
    expect(field(await ask('/eligible 72600'), 'Federal Skilled Trades (FST)')).toMatch(/^no — sub-major group 726 .* is excluded from the trades$/);
  });

  it('a job title finds the occupation when one match stands out, and says what else was close', async () => {
    const reply = await ask('/eligible software engineer');
    expect(reply.title).toBe('21231 — Software engineers and designers');
    expect(reply.lines[0]).toMatch(/^Matched “software engineer” to this occupation\. Not it\? Close: 21311 /);
  });

  it('a vague title lists the closest occupations to choose from, the best match first', async () => {
    const reply = await ask('/eligible nurse');
    expect(reply.title).toBe('Which occupation?');
    const codes = reply.table!.rows.map((row) => row[0]);
    // Registered nurses are what “nurse” names first; nursery labourers are no nurses.
    expect(codes[0]).toBe('31301');
    expect(codes.indexOf('31301')).toBeLessThan(codes.indexOf('31302'));
    expect(codes).toEqual(expect.arrayContaining(['31301', '31302', '32101', '33102']));
    expect(codes).not.toContain('85103');
    expect(reply.notes).toEqual(['Ask again with the code, e.g. /eligible 31301.']);
    const french = await ask('/admissible infirmière', { locale: 'fr' });
    expect(french.table!.rows[0]![0]).toBe('31301');
    expect(french.table!.rows.map((row) => row[0])).not.toContain('85103');
    expect(french.notes).toEqual(['Reposez la question avec le code, p. ex. /admissible 31301.']);
  });

  it('short first: the verdict in one sentence, then the rules, the lists and their sources last', async () => {
    const reply = await ask('/eligible 31301');
    expect(reply.lines[0]).toBe('FSW and CEC can take it (TEER 1), FST cannot. Category now: Healthcare and social services — latest round #398 (February 20, 2026), cut-off 467.');
    expect(reply.fields.map((entry) => entry.label)).not.toContain('Source');
    expect(reply.notes!.at(-1)).toMatch(/^Source of the Healthcare and social services list: IRCC \(canada\.ca\)/);
    expect((await ask('/eligible 65200')).lines[0]).toBe('No Express Entry program takes TEER 5 occupations. In no category list now.');
    expect((await ask('/eligible 72200')).lines[0]).toMatch(/^FSW, CEC and FST can all take it \(TEER 2\)\. Category now: Trades — latest round #408/);
    const french = await ask('/admissible 31301', { locale: 'fr' });
    expect(french.lines[0]).toBe('Le PTQF et la CEC l’acceptent (FEER 1), pas le PTMSF. Catégorie actuelle : Santé et services sociaux — dernière ronde no 398 (20 février 2026), note 467.');
  });

  it('the source of a second-hand list reads as a citation, not as nested asides', async () => {
    const notes = (await ask('/eligible 31301')).notes!.join('\n');
    expect(notes).toContain('“Express Entry: category-based selection”, June 22, 2026 (copied into a third party’s software module, “Express Entry 2026 category-based selection rules”; not read on canada.ca directly, and no link recorded)');
    expect(notes).not.toMatch(/\([^()]*\(/);
  });

  it('several codes at once: a line each', async () => {
    const reply = await ask('/eligible 31301 31302');
    expect(reply.error).toBeUndefined();
    expect(reply.title).toBe('2 occupations');
    expect(reply.lines).toEqual([
      '31301 Registered nurses and registered psychiatric nurses: FSW and CEC can take it (TEER 1), FST cannot. Category now: Healthcare and social services — latest round #398 (February 20, 2026), cut-off 467.',
      '31302 Nurse practitioners: FSW and CEC can take it (TEER 1), FST cannot. Category now: Healthcare and social services — latest round #398 (February 20, 2026), cut-off 467.',
    ]);
    expect(reply.notes![0]).toBe('The details of each: /eligible 31301.');
    expect((await ask('/eligible 21231, 2123, 99999')).lines).toEqual([
      expect.stringMatching(/^21231 Software engineers and designers: FSW and CEC can take it/),
      expect.stringMatching(/^“2123” looks like a NOC 2016 code/),
      '“99999” is not a NOC 2021 unit group. Find yours by job title, e.g. /eligible software engineer.',
    ]);
    const french = await ask('/admissible 31301 31302', { locale: 'fr' });
    expect(french.title).toBe('2 professions');
    expect(french.lines[1]).toMatch(/^31302 Infirmiers praticiens\/infirmières praticiennes : Le PTQF et la CEC l’acceptent/);
  });

  it('a NOC 2016 code: the bot says it holds no 2016 → 2021 concordance rather than guess its successors', async () => {
    const reply = await ask('/eligible 2123');
    expect(reply.title).toBe('A NOC 2016 code');
    expect(reply.lines[0]).toBe('“2123” looks like a NOC 2016 code (4 digits). Express Entry uses NOC 2021 (5-digit codes) since November 16, 2022. This bot holds no table linking NOC 2016 codes to NOC 2021 ones, so it cannot name the 2021 code(s) that replaced 2123 without guessing (Statistics Canada publishes that concordance). Find yours here by job title, e.g. /eligible software engineer.');
    const french = await ask('/admissible 2123', { locale: 'fr' });
    expect(french.title).toBe('Un code de la CNP 2016');
    expect(french.lines[0]).toContain('Ce robot n’a aucune table de correspondance entre les codes de la CNP 2016 et ceux de la CNP 2021');
  });

  it.each([
    ['/eligible 2173', /looks like a NOC 2016 code .* NOC 2021 \(5-digit codes\)/],
    ['/eligible 99999', /“99999” is not a NOC 2021 unit group/],
    ['/eligible 123456', /A NOC 2021 code has 5 digits/],
    ['/eligible qwxzv', /No NOC 2021 occupation title is close to “qwxzv”/],
    ['/eligible', /Give a NOC 2021 code \(5 digits, e\.g\. 21231\) or a job title\./],
  ])('%s is answered clearly', async (question, message) => {
    const reply = await ask(question);
    expect(reply.error).toBe(true);
    expect(reply.lines[0]).toMatch(message);
  });
});

describe('/history and /pool', () => {
  it('/history stem 5 lists the three STEM rounds there have been', async () => {
    const reply = await ask('/history stem 5');
    expect(reply.title).toBe('Last 3 STEM rounds');
    expect(reply.table!.rows).toEqual([['293', 'Apr 11, 2024', '4,500', '491'], ['274', 'Dec 8, 2023', '5,900', '481'], ['254', 'Jul 5, 2023', '500', '486']]);
  });

  it('/history takes a multi-word type and a count, and refuses a bad count', async () => {
    const reply = await ask('/history canadian experience class 3');
    expect(reply.title).toBe('Last 3 Canadian Experience Class rounds');
    expect(reply.table!.rows).toHaveLength(3);
    expect((await ask('/history cec 0')).lines[0]).toBe('Expected a whole number from 1 to 50.');
  });

  it('/history alone: the last rounds of every type in one table, each row naming its type', async () => {
    const reply = await ask('/history');
    expect(reply.error).toBeUndefined();
    expect(reply.title).toBe('Last 10 rounds');
    expect(reply.table!.columns.map((column) => column.label)).toEqual(['#', 'Date', 'Type', 'ITAs', 'CRS']);
    expect(reply.table!.rows.slice(0, 3)).toEqual([['411', 'Apr 15, 2026', 'French', '4,000', '419'], ['410', 'Apr 14, 2026', 'CEC', '2,000', '515'], ['409', 'Apr 13, 2026', 'PNP', '324', '786']]);
    expect(reply.notes?.join(' ')).toMatch(/600 points of a provincial nomination/);
    const french = await ask('/history', { locale: 'fr' });
    expect(french.title).toBe('10 dernières rondes');
    expect(french.table!.rows[0]).toEqual(['411', '15 avr. 2026', 'Français', '4\u00a0000', '419']);
  });

  it('/history 20 is twenty rounds of every type, not a round type called “20”', async () => {
    const reply = await ask('/history 20');
    expect(reply.error).toBeUndefined();
    expect(reply.title).toBe('Last 20 rounds');
    expect(reply.table!.rows).toHaveLength(20);
    expect(reply.table!.rows.map((row) => row[0])).toEqual(until('2026-04-15').slice(0, 20).map((draw) => draw.number));
    expect((await ask('/history 20', { locale: 'fr' })).title).toBe('20 dernières rondes');
    expect((await ask('/history all 3')).title).toBe('Last 3 rounds');
    expect((await ask('/history tout 3', { locale: 'fr' })).title).toBe('3 dernières rondes');
  });

  it('/pool shows the newest published distribution as IRCC laid it out', async () => {
    const reply = await ask('/pool');
    expect(reply.lines[0]).toBe('As of April 12, 2026, published with round #411 (April 15, 2026): 233,555 candidates.');
    expect(reply.table!.rows[0]).toEqual(['601–1200', '325']);
    expect(reply.table!.rows[2]).toEqual(['451–500', '73,563']);
    expect(reply.table!.rows[3]).toEqual(['  491–500', '13,174']);
    expect(reply.table!.rows.at(-1)).toEqual(['Total', '233,555']);
    expect(reply.table!.rows).toHaveLength(18);
  });
});

describe('English and French', () => {
  it('answers in Canadian French with French number and date formats', async () => {
    const reply = await ask('/latest', { locale: 'fr' });
    expect(reply.title).toBe('Dernière ronde');
    expect(field(reply, 'Invitations')).toBe('4\u00a0000');
    expect(field(reply, 'Règle de départage')).toBe('profils soumis avant le 14 novembre 2025 à 07 h 14 min 25 s UTC');
    expect(reply.footer).toMatch(/^Source : IRCC, rondes d’invitations d’Entrée express · ronde la plus récente no 411 \(15 avril 2026\)/);
    const text = await askText('/cutoffs 2024', { locale: 'fr' });
    expect(text).toContain('98\u00a0903 invitations en 52 rondes, du 10 janvier 2024 au 16 décembre 2024.');
    expect(text).toMatch(/Français\s+11\s+23\u00a0000\s+40,4\u00a0%\s+30,0\u00a0%/);
  });

  it('every command answers in both languages', async () => {
    // Subscriptions need a chat that can receive posts: see test/subscriptions.test.ts.
    for (const command of commands.filter((candidate) => !['subscribe', 'unsubscribe', 'subscriptions'].includes(candidate.name))) {
      const args = { eligible: ' 21231', history: ' stem', score: ' 480', crs: ' age=29 edu=bachelor lang=celpip:9,9,9,9', clb: ' ielts 7 7 7 7' }[command.name] ?? '';
      for (const locale of ['en', 'fr'] as const) {
        const reply = await ask(`/${command.name}${args}`, { locale });
        expect(reply.error, `${command.name} ${locale}`).toBeUndefined();
        expect(reply.footer).toMatch(locale === 'fr' ? /^Source : IRCC/ : /^Source: IRCC/);
      }
      expect(command.description.fr).not.toBe(command.description.en);
    }
  });
});

describe('command definitions', () => {
  it('keep every description within Discord’s 100 characters, in both languages', () => {
    for (const command of commands) {
      const descriptions = [command.description, ...Object.values(command.options).map((spec) => spec.meta.description)];
      for (const description of descriptions) for (const text of [description.en, description.fr]) expect(text.length, `${command.name}: ${text}`).toBeLessThanOrEqual(100);
    }
  });
});

describe('bad and odd input never shows a stack trace', () => {
  it.each(['/latest \' OR 1=1 --', '/eligible ../../etc/passwd', '/history 🚀 3', '/latest\u0000', '/cutoffs -5', '/LATEST STEM', '/pool extra words', 'latest', '/'])('%j', async (question) => {
    const text = await askText(question);
    expect(text).not.toMatch(/\n\s+at |Error:|undefined|NaN|\[object/);
    expect(text).toMatch(/Source: IRCC/);
  });

  it('a very long question is refused at once, not searched', async () => {
    const started = performance.now();
    const reply = await ask(`/eligible ${'a'.repeat(5000)}`);
    expect(performance.now() - started).toBeLessThan(200);
    expect(reply.lines[0]).toBe('That is longer than 100 characters: give a code, a short job title or a round type.');
  });

  it('a command that throws becomes “something went wrong”, logged with its context', async () => {
    const logged: unknown[] = [];
    const log = { ...silentLogger, error: (obj: object) => logged.push(obj) };
    const broken = defineCommand({ name: 'broken', localNames: { fr: 'broken' }, description: { en: 'x', fr: 'x' }, options: {}, run: () => { throw new Error('boom'); } });
    const ctx = commandContext(answering(), { locale: 'en', chat: { platform: 'console', id: 'c', kind: 'private' }, canAdminister: false });
    const reply = await invoke(broken as never, {}, ctx, log, { updateId: 42 });
    expect(reply).toMatchObject({ title: 'Something went wrong', error: true, visibility: 'caller' });
    expect(logged).toEqual([expect.objectContaining({ updateId: 42, command: 'broken', err: expect.any(Error) })]);
  });
});

describe('reading text commands', () => {
  it('parses /cmd and /cmd@BotName with arguments', () => {
    expect(parseCommandLine('/latest@ExpressEntryBot stem')).toEqual({ name: 'latest', addressee: 'expressentrybot', argText: 'stem' });
    expect(parseCommandLine('  /Eligible   software   engineer ')).toEqual({ name: 'eligible', addressee: null, argText: 'software   engineer' });
    expect(parseCommandLine('hello /latest')).toBeNull();
  });

  it('fills trailing numbers into number options and the rest into the text option', () => {
    const history = findCommand(commands, 'history')!;
    expect(parseTextArgs(history, 'canadian experience class 5')).toEqual({ category: 'canadian experience class', count: '5' });
    expect(parseTextArgs(history, 'stem')).toEqual({ category: 'stem' });
    expect(parseTextArgs(findCommand(commands, 'cutoffs')!, '2024')).toEqual({ year: '2024' });
    expect(parseTextArgs(findCommand(commands, 'eligible')!, 'software engineer 2')).toEqual({ occupation: 'software engineer 2' });
  });
});

describe('input quoted back', () => {
  it('is a short excerpt on one line, however long the input', async () => {
    const unknown = await ask(`/${'a'.repeat(3000)}`);
    expect(unknown.lines).toEqual([`There is no /${'a'.repeat(29)}… command. /help lists them all.`]);
    // A suggestion repeats the member's words to be typed again: on one line, and not all of them.
    const suggested = await ask(`/lates cec\n${'x'.repeat(3000)}`);
    expect(suggested.lines).toHaveLength(1);
    expect(suggested.lines[0]).toMatch(/^There is no \/lates command\. Did you mean \/latest cec x+\? \/help lists them all\.$/);
    expect(suggested.lines[0]!.length).toBeLessThan(150);
    const crs = await ask(`/crs age=31 edu=master lang=ielts:7,7,7,7 ${'z'.repeat(300)}=1`);
    expect(crs.lines[0]).toBe(`“${'z'.repeat(29)}…” is not a field I know. Accepted: one of age, edu, lang, lang2, cdn-work, foreign-work, certificate, spouse, spouse-edu, spouse-lang, spouse-work, nomination, sibling, cdn-edu, noc.`);
  });
});
