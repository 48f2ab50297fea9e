import { describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.ts';
import { findCommand } from '../../src/chat/command.ts';
import { addMonths } from '../../src/core/period.ts';
import { parseTextArgs } from '../../src/chat/parse.ts';
import { answering, ask, askText, field, history } from '../helpers/answers.ts';
import { decodedSize, pngSize } from '../helpers/charts.ts';

/** A clock a few days after the newest shipped round, so "the last 6 months" holds rounds. */
const APRIL = answering({ now: '2026-04-20T15:00:00Z' });
const APRIL_TODAY = '2026-04-20';

function held(category: string, from: string, to = APRIL_TODAY) {
  return history.filter((draw) => draw.category.id === category && draw.date >= from && draw.date <= to);
}

describe('/trend', () => {
  it('the overview: a chart of every type but PNP over the 12 months to the newest round, with a few lines of text beside it', async () => {
    const reply = await ask('/trend');
    expect(reply.title).toBe('CRS cut-offs by round type, 12 months to Apr 15, 2026');
    const shown = history.filter((draw) => draw.date >= '2025-04-15' && draw.category.id !== 'pnp');
    const invitations = shown.reduce((sum, draw) => sum + draw.invitations, 0);
    expect(reply.lines).toEqual([`April 15, 2025 – April 15, 2026: ${shown.length} rounds, ${invitations.toLocaleString('en-CA')} invitations.`]);
    expect(reply.table!.columns.map((column) => column.label)).toEqual(['Type', 'Rounds', 'ITAs', 'Latest cut-off', 'Date', 'Low–high']);
    const rows = Object.fromEntries(reply.table!.rows.map((row) => [row[0], row.slice(1)]));
    expect(rows.CEC).toEqual([String(held('cec', '2025-04-15').length), expect.any(String), '515', 'Apr 14, 2026', expect.stringMatching(/^\d{3}–\d{3}$/)]);
    expect(rows.PNP).toBeUndefined();
    expect(reply.notes).toEqual([`${held('pnp', '2025-04-15').length} PNP rounds are left out: their cut-offs include the 600 points of a provincial nomination. /trend pnp shows them.`]);
    expect(reply.image!.alt).toMatch(/^Line chart, CRS cut-offs by round type, 12 months to Apr 15, 2026 \(April 15, 2025 – April 15, 2026\)\. CEC: \d+ rounds, latest 515 \(Apr 14, 2026\), low \d{3}, high \d{3}; French: /);
    expect(reply.image!.filename).toBe('trend-all-12m.png');
    expect(await decodedSize(reply.image!.png)).toEqual({ width: 1080, height: 1026 });
    expect(reply.footer).toMatch(/^Source: IRCC/);
  });

  it('says the periods once, not under every chart (issue 22, item 15)', async () => {
    const usage = 'Periods: 6m, 12m (months), 2y (years), a year such as 2024, or all; the default is the last 12 months. Several types: /trend cec, french 2y.';
    for (const question of ['/trend', '/trend stem', '/trend cec, french 2y', '/trend pnp']) expect((await ask(question)).notes ?? [], question).not.toContain(usage);
    expect((await ask('/trend stem 6m')).notes).toEqual([usage]);
  });

  it('one type with no round lately: every round of it, saying why', async () => {
    const reply = await ask('/trend stem');
    expect(reply.title).toBe('CRS cut-offs: STEM, all rounds');
    expect(reply.lines).toEqual(['No STEM round in the 12 months to Apr 15, 2026, so every STEM round is shown.', 'July 5, 2023 – April 11, 2024: 3 rounds, 10,900 invitations.']);
    expect(reply.table!.rows).toEqual([['STEM', '3', '10,900', '491', 'Apr 11, 2024', '481–491']]);
    expect(pngSize(reply.image!.png)).toEqual({ width: 1080, height: 1026 });
    // A live bot, the day after the newest round, says it as the last 12 months.
    expect((await ask('/trend stem', { at: APRIL })).lines[0]).toBe('No STEM round in the last 12 months, so every STEM round is shown.');
  });

  it('several types and a period, in any order the words come', async () => {
    const reply = await ask('/trend cec, french 2y');
    expect(reply.title).toBe('CRS cut-offs: CEC and French, 2 years to Apr 15, 2026');
    expect(reply.table!.rows.map((row) => [row[0], row[1]])).toEqual([
      ['CEC', String(held('cec', '2024-04-15').length)],
      ['French', String(held('french', '2024-04-15').length)],
    ]);
    expect((await ask('/trend cec french 2y')).title).toBe(reply.title);
    expect((await ask('/trend canadian experience class + santé 2y')).title).toBe('CRS cut-offs: CEC and Healthcare, 2 years to Apr 15, 2026');
    expect((await ask('/trend canadian experience class 6m', { at: APRIL })).title).toBe('CRS cut-offs: CEC, last 6 months');
    expect((await ask('/trend 2024')).lines[0]).toMatch(/^January 1, 2024 – December 31, 2024: /);
  });

  it('PNP when asked, with its caveat', async () => {
    const reply = await ask('/trend pnp');
    expect(reply.title).toBe('CRS cut-offs: PNP, 12 months to Apr 15, 2026');
    expect(reply.notes).toContain('PNP cut-offs include the 600 points of a provincial nomination: they do not compare with other rounds.');
  });

  it('no round in the period: says when the last one was, with no picture', async () => {
    const reply = await ask('/trend stem 6m');
    expect(reply.image).toBeUndefined();
    expect(reply.lines).toEqual(['No STEM round between October 15, 2025 and April 15, 2026.', 'The last was #293 (April 11, 2024), cut-off 491. Ask with a longer period, e.g. “all”.']);
    expect((await ask('/trend researchers')).lines).toEqual(['No Researchers round has been held yet.']);
  });

  it('refuses a period or a type it cannot read, saying what is accepted', async () => {
    for (const [question, line] of [
      ['/trend 5x', '“5x” is not a period. Accepted: 6m, 12m (months), 2y (years), a year such as 2024 (2015 or later), or all.'],
      ['/trend stem 1999', '“1999” is not a period. Accepted: 6m, 12m (months), 2y (years), a year such as 2024 (2015 or later), or all.'],
      ['/trend stm', expect.stringMatching(/^“stm” is not a round type I know\. Did you mean .*stem/)],
      ['/trend cec, nope', expect.stringMatching(/^“nope” is not a round type I know/)],
    ] as const) {
      const reply = await ask(question);
      expect(reply.error, question).toBe(true);
      expect(reply.lines, question).toEqual([line, 'Usage: /trend [category] [period]']);
    }
  });

  it('in French', async () => {
    const reply = await ask('/trend stem', { locale: 'fr' });
    expect(reply.title).toBe('Notes de passage SCG : STIM, toutes les rondes');
    expect(reply.lines).toEqual(['Aucune ronde STIM au cours des 12 mois jusqu’au 15 avr. 2026 : toutes les rondes STIM sont montrées.', 'Du 5 juillet 2023 au 11 avril 2024 : 3 rondes, 10\u00a0900 invitations.']);
    expect(reply.table!.rows).toEqual([['STIM', '3', '10\u00a0900', '491', '11 avr. 2024', '481–491']]);
    expect(reply.image!.alt).toMatch(/^Graphique linéaire, Notes de passage SCG : STIM, toutes les rondes/);
    expect((await ask('/trend 5x', { locale: 'fr' })).lines[0]).toBe('« 5x » n’est pas une période. Acceptées : 6m, 12m (mois), 2a (années), une année comme 2024 (2015 ou plus tard), ou tout.');
    expect((await ask('/trend', { locale: 'fr' })).notes?.[0]).toMatch(/^\d+ rondes du PCP sont exclues : leurs notes de passage comprennent les 600 points/);
  });
});

describe('/pool', () => {
  it('carries a chart of the latest distribution beside its table', async () => {
    const reply = await ask('/pool');
    expect(reply.table!.rows).toHaveLength(18);
    expect(reply.image!.alt).toMatch(/^Bar chart of the CRS distribution of the pool as of April 12, 2026: 233,555 candidates/);
    expect(await decodedSize(reply.image!.png)).toEqual({ width: 1080, height: 1026 });
    const french = await ask('/pool', { locale: 'fr' });
    expect(french.image!.alt).toMatch(/^Diagramme à barres de la répartition des notes SCG du bassin au 12 avril 2026 : 233\u00a0555 candidats\. Le plus par point : 471–480 \(16\u00a0246 en 10 points\)/);
  });
});

describe('/score', () => {
  it('491 meets the April 11, 2024 STEM round exactly; 490 does not', async () => {
    const met = await ask('/score 491 stem');
    expect(met.title).toBe('CRS 491 against past rounds');
    expect(met.lines[0]).toMatch(/It is not a prediction/);
    expect(field(met, 'Latest STEM round')).toBe('#293 (April 11, 2024), cut-off 491: met exactly — at the cut-off, only profiles submitted before the tie-breaking time were invited');
    expect(field(met, 'Every STEM round')).toBe('met 3 of 3 (since July 5, 2023)');
    const missed = await ask('/score 490 stem');
    expect(field(missed, 'Latest STEM round')).toBe('#293 (April 11, 2024), cut-off 491: not met — 1 below the cut-off');
    expect(field(missed, 'Every STEM round')).toBe('met 2 of 3 (since July 5, 2023)');
    expect(field(await ask('/score 500 stem'), 'Latest STEM round')).toMatch(/: met — 9 above the cut-off$/);
  });

  it('how often over the last 6 and 12 months: rounds met out of rounds held', async () => {
    const reply = await ask('/score 510 cec', { at: APRIL });
    const count = (from: string) => {
      const rounds = held('cec', from);
      return { met: rounds.filter((draw) => draw.crs <= 510).length, rounds: rounds.length };
    };
    const six = count(addMonths(APRIL_TODAY, -6));
    const twelve = count(addMonths(APRIL_TODAY, -12));
    expect(six.rounds).toBeGreaterThan(six.met);
    expect(six.met).toBeGreaterThan(0);
    expect(field(reply, 'Last 6 months')).toBe(`met ${six.met} of the ${six.rounds} rounds held since October 20, 2025`);
    expect(field(reply, 'Last 12 months')).toBe(`met ${twelve.met} of the ${twelve.rounds} rounds held since April 20, 2025`);
    expect(field(reply, 'Latest CEC round')).toBe('#410 (April 14, 2026), cut-off 515: not met — 5 below the cut-off');
    // No round in the window is said with the date of the last one, not as “no round since” the window's start (issue 22, item 14).
    expect(field(await ask('/score 510 cec'), 'Last 6 months')).toBe('none — the last CEC round was on April 14, 2026');
    expect(field(await ask('/score 480 stem'), 'Last 6 months')).toBe('none — the last STEM round was on April 11, 2024');
    expect(field(await ask('/pointage 480 stim', { locale: 'fr' }), '6 derniers mois')).toBe('aucune — la dernière ronde STIM a eu lieu le 11 avril 2024');
  });

  it('every type with a round in the last 12 months, against its latest round; PNP flagged', async () => {
    const reply = await ask('/score 480', { at: APRIL });
    const recent = [...new Set(history.filter((draw) => draw.date >= addMonths(APRIL_TODAY, -12)).map((draw) => draw.category.id))];
    expect(reply.table!.rows).toHaveLength(recent.length);
    expect(reply.table!.columns.map((column) => column.label)).toEqual(['Type', 'Latest round', 'Cut-off', '±', 'Met, 6 mo', 'Met, 12 mo']);
    const rows = Object.fromEntries(reply.table!.rows.map((row) => [row[0], row.slice(1)]));
    const cec = { six: held('cec', addMonths(APRIL_TODAY, -6)), twelve: held('cec', addMonths(APRIL_TODAY, -12)) };
    const of = (rounds: typeof history) => `${rounds.filter((draw) => draw.crs <= 480).length}/${rounds.length}`;
    expect(rows.CEC).toEqual(['Apr 14, 2026', '515', '−35', of(cec.six), of(cec.twelve)]);
    // Category rounds are marked: they invite only candidates whose occupation (or French) qualifies.
    expect(rows['French†']).toEqual(['Apr 15, 2026', '419', '+61', expect.any(String), expect.any(String)]);
    expect(rows['PNP*']![2]).toBe('−306');
    expect(reply.table!.rows.at(-1)![0]).toBe('PNP*');
    const programs = reply.table!.rows.filter((row) => !row[0]!.endsWith('*') && !row[0]!.endsWith('†'));
    const categories = reply.table!.rows.filter((row) => row[0]!.endsWith('†'));
    const met = (rows: string[][]) => rows.filter((row) => !row[3]!.startsWith('−')).length;
    expect(programs.length + categories.length).toBe(recent.length - 1);
    expect(reply.lines).toEqual([
      expect.stringMatching(/not a prediction/),
      `Program rounds (PNP aside): this score met the latest round of ${met(programs)} of the ${programs.length} ${programs.length === 1 ? 'type' : 'types'} held in the last 12 months.`,
      `Category rounds (†): it met the latest round of ${met(categories)} of ${categories.length} — but a category round invites only candidates whose occupation is on its list (French rounds: French results of NCLC 7 or more in all four abilities), so it counts only if yours qualifies.`,
    ]);
    expect(reply.notes).toContain('*PNP: cut-offs include the 600 points of a provincial nomination. Compare only a score that already includes a nomination.');
    expect(reply.notes?.[0]).toMatch(/^No round in the last 12 months, so not shown: General, FSW, FST, STEM, .*Ask for one by name, e\.g\. \/score 480 stem\.$/);
  });

  it('never says “met” of a category round without saying who it invites (issue 22, item 8: /score 480)', async () => {
    const reply = await ask('/score 480');
    expect(reply.lines.join('\n')).not.toMatch(/met the latest round of 5 of the 6 round types/);
    expect(reply.lines[1]).toBe('Program rounds (PNP aside): this score met the latest round of 0 of the 1 type held in the last 12 months.');
    expect(reply.lines[2]).toMatch(/^Category rounds \(†\): it met the latest round of 5 of 5 — but a category round invites only candidates whose occupation is on its list/);
    expect(reply.table!.rows.map((row) => row[0])).toEqual(['CEC', 'French†', 'Healthcare†', 'Trades†', 'Physicians†', 'Senior managers†', 'PNP*']);
    expect(reply.notes).toContain('† A category round invites only candidates whose occupation is on the category’s list in force (French rounds: French results of NCLC 7 or more in all four abilities); above its cut-off means nothing otherwise. /eligible <NOC code> says which lists name an occupation; /crs … noc=<code> compares a whole profile.');
    const physicians = await ask('/score 480 physicians');
    expect(physicians.notes).toContain('Physicians with Canadian work experience rounds invite only candidates whose occupation is on the list in force: this counts only if yours is (/eligible <NOC code> says).');
    expect((await ask('/score 480 french')).notes).toContain('French-language proficiency rounds invite only candidates with French results of NCLC 7 or more in all four abilities: this counts only if yours are.');
    // A program round says nothing of the kind.
    expect((await ask('/score 480 cec')).notes).toEqual([]);
  });

  it('says so in French too', async () => {
    const reply = await ask('/score 480', { locale: 'fr' });
    expect(reply.lines[2]).toMatch(/^Rondes par catégorie \(†\) : elle atteint la dernière ronde de 5 sur 5 — mais une ronde par catégorie n’invite que les candidats dont la profession figure sur sa liste/);
    expect((await ask('/score 480 medecins', { locale: 'fr' })).notes?.[0]).toMatch(/^Les rondes Médecins .* n’invitent que les candidats dont la profession figure sur la liste en vigueur/);
  });

  it('a score at a cut-off explains the tie-breaking rule', async () => {
    expect((await ask('/score 419', { at: APRIL })).notes).toContain('At the cut-off score itself, IRCC invited only the profiles submitted before the tie-breaking time.');
  });

  it('a round type never held has nothing to compare with', async () => {
    expect((await ask('/score 480 researchers')).lines[1]).toBe('No Researchers with Canadian work experience round has been held yet, so there is nothing to compare with.');
  });

  it.each(['/score', '/score -1', '/score 1201', '/score abc', '/score 480.5 stem', '/score stem', '/score 99999999999999999999'])('refuses %j, saying what a CRS score is', async (question) => {
    const reply = await ask(question);
    expect(reply.error).toBe(true);
    expect(reply.lines).toEqual(['A CRS score is a whole number from 0 to 1,200, e.g. /score 480 or /score 480 french.', 'Usage: /score <crs> [category]']);
  });

  it('accepts 0 and 1200, and the type before or after the score', async () => {
    expect((await ask('/score 0')).error).toBeUndefined();
    expect(field(await ask('/score 1200 pnp'), 'Latest PNP round')).toMatch(/: met — \d+ above the cut-off$/);
    expect(field(await ask('/score stem 491'), 'Latest STEM round')).toMatch(/met exactly/);
    expect((await ask('/score 480 stm')).lines[0]).toMatch(/^“stm” is not a round type I know/);
  });

  it('in French', async () => {
    const reply = await ask('/score 491 stem', { locale: 'fr' });
    expect(reply.title).toBe('SCG 491 par rapport aux rondes passées');
    expect(reply.lines[0]).toMatch(/Ce n’est pas une prédiction/);
    expect(field(reply, 'Dernière ronde STIM')).toBe('no 293 (11 avril 2024), note de passage 491 : tout juste atteinte (égale à la note de passage) — à cette note, seuls les profils soumis avant l’heure de départage ont été invités');
    expect(field(reply, 'Toutes les rondes STIM')).toBe('atteinte dans 3 sur 3 (depuis le 5 juillet 2023)');
    expect((await ask('/score 1201', { locale: 'fr' })).lines[0]).toBe('Une note SCG est un nombre entier de 0 à 1\u00a0200, p. ex. /pointage 480 ou /pointage 480 francais.');
    const text = await askText('/score 480', { locale: 'fr', at: APRIL });
    expect(text).toMatch(/CEC\s+14 avr\. 2026\s+515\s+−35/);
    expect(text).toContain('*PCP : les notes de passage comprennent les 600 points');
  });
});

describe('reading /trend and /score typed in a chat', () => {
  it('a leading or trailing score, the rest a round type; a trailing period word', () => {
    const score = findCommand(commands, 'score')!;
    expect(parseTextArgs(score, '480 canadian experience class')).toEqual({ crs: '480', category: 'canadian experience class' });
    expect(parseTextArgs(score, 'stem 480')).toEqual({ crs: '480', category: 'stem' });
    expect(parseTextArgs(score, '480')).toEqual({ crs: '480' });
    expect(parseTextArgs(score, 'abc stem')).toEqual({ crs: 'abc', category: 'stem' });
    const trend = findCommand(commands, 'trend')!;
    expect(parseTextArgs(trend, 'cec, french 2y')).toEqual({ category: 'cec, french', period: '2y' });
    expect(parseTextArgs(trend, '2024')).toEqual({ period: '2024' });
    expect(parseTextArgs(trend, 'healthcare')).toEqual({ category: 'healthcare' });
    expect(parseTextArgs(trend, 'all')).toEqual({ period: 'all' });
    // The commands that were there before read as they did.
    expect(parseTextArgs(findCommand(commands, 'history')!, 'canadian experience class 5')).toEqual({ category: 'canadian experience class', count: '5' });
  });
});
