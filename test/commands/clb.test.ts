import { describe, expect, it } from 'vitest';
import { ask, field } from '../helpers/answers.ts';

describe('/clb', () => {
  it('gives each ability’s level from IRCC’s chart and the programs’ minimums met', async () => {
    // IELTS: listening 7.5 < 8.0 → CLB 8; reading 7.0 → 9; writing 6.5 → 8; speaking 7.0 → 9.
    const reply = await ask('/clb ielts 7.5 7 6.5 7');
    expect(reply.title).toBe('IELTS General Training 7.5, 7, 6.5, 7: language levels');
    expect(reply.fields.slice(0, 4)).toEqual([
      { label: 'Listening', value: 'CLB 8' }, { label: 'Reading', value: 'CLB 9' }, { label: 'Writing', value: 'CLB 8' }, { label: 'Speaking', value: 'CLB 9' },
    ]);
    expect(field(reply, 'Federal Skilled Worker')).toBe('met (CLB 7 in all four abilities)');
    expect(field(reply, 'Federal Skilled Trades')).toBe('met (listening CLB 5, reading CLB 4, writing CLB 4, speaking CLB 5)');
    expect(reply.link?.url).toMatch(/language-results\.html$/);
  });

  it('names the abilities under each minimum, and levels under the chart', async () => {
    // TEF Canada: 546 → NCLC 10; reading 400 → 6; writing 300 → 4; speaking 200 → under the chart.
    const reply = await ask('/clb tef 546 400 300 200');
    expect(field(reply, 'Speaking')).toBe('below NCLC 4');
    expect(field(reply, 'Federal Skilled Worker')).toBe('not met (NCLC 7 in all four abilities): reading, writing, speaking too low');
    expect(field(reply, 'Canadian Experience Class, TEER 2 or 3')).toBe('not met (NCLC 5 in all four abilities): writing, speaking too low');
    expect(field(reply, 'Federal Skilled Trades')).toBe('not met (listening NCLC 5, reading NCLC 4, writing NCLC 4, speaking NCLC 5): speaking too low');
  });

  it('answers in French with NCLC for both languages', async () => {
    const reply = await ask('/clb celpip 9 9 9 9', { locale: 'fr' });
    expect(field(reply, 'Compréhension orale')).toBe('NCLC 9');
    expect(field(reply, 'Travailleurs qualifiés (fédéral)')).toBe('atteint (NCLC 7 aux quatre compétences)');
  });

  it.each([
    ['/clb toefl 100 1 1 1', 'test: “toefl” is not accepted. Accepted: one of ielts, celpip, pte, tef, tcf, clb, nclc.'],
    ['/clb', 'test: missing. Accepted: one of ielts, celpip, pte, tef, tcf, clb, nclc.'],
    ['/clb ielts 9.5 7 7 7', 'ielts (listening): 9.5 is out of range. Accepted: 0 to 9 in steps of 0.5.'],
    ['/clb tcf 500 500 21 10', 'tcf (writing): 21 is out of range. Accepted: 0 to 20.'],
    ['/clb celpip 9 9 9.5 9', 'celpip (writing): “9.5” is not accepted. Accepted: 0 to 12.'],
  ])('%s says what is wrong and what is accepted', async (question, problem) => {
    const reply = await ask(question);
    expect(reply.error).toBe(true);
    expect(reply.lines).toEqual([problem, 'Usage: /clb <test> <listening> <reading> <writing> <speaking>, e.g. /clb ielts 7.5 7 6.5 7']);
  });

  it('asks for all four results', async () => {
    expect((await ask('/clb ielts 7 7')).lines).toEqual(['Usage: /clb <test> <listening> <reading> <writing> <speaking>, e.g. /clb ielts 7.5 7 6.5 7']);
  });

  it('takes results the ways people write them (issue 22, item 3)', async () => {
    const plain = await ask('/clb ielts 8 7.5 7 7');
    expect(plain.title).toBe('IELTS General Training 8, 7.5, 7, 7: language levels');
    for (const written of ['/clb ielts 8/7.5/7/7', '/clb ielts 8, 7.5, 7, 7', '/clb ielts 8,7.5,7,7', '/clb ielts:8,7.5,7,7', '/clb IELTS General 8 7.5 7 7']) {
      const reply = await ask(written);
      expect(reply.error, written).toBeUndefined();
      expect(reply.fields, written).toEqual(plain.fields);
    }
    expect((await ask('/clb pte core 60 60 69 68')).fields.slice(0, 4).map((level) => level.value)).toEqual(['CLB 7', 'CLB 7', 'CLB 7', 'CLB 7']);
    const fr = await ask('/clb ielts 7,5 7 6,5 7', { locale: 'fr' });
    expect(fr.error).toBeUndefined();
    expect(fr.fields.slice(0, 4).map((level) => level.value)).toEqual(['NCLC 8', 'NCLC 9', 'NCLC 8', 'NCLC 9']);
  });
});
