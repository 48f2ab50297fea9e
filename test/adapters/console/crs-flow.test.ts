import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { runConsoleChat } from '../../../src/adapters/console/index.ts';
import { silentLogger } from '../../../src/core/log.ts';
import { answering } from '../../helpers/answers.ts';

/** Types lines into the console chat; returns all it wrote. */
async function converse(lines: string[], locale: 'en' | 'fr' = 'en'): Promise<string> {
  const input = new PassThrough();
  const output = new PassThrough();
  let text = '';
  output.on('data', (chunk: Buffer) => (text += chunk));
  const chat = runConsoleChat({ answering: answering(), locale, log: silentLogger, input, output });
  input.end(`${lines.join('\n')}\n`);
  await chat;
  return text;
}

describe('the guided /crs in the console', () => {
  it('runs end to end on typed answers alone — no option numbers — and a wrong one never ends it (issue 22, items 1, 2)', async () => {
    const text = await converse([
      '/crs', '29', 'a lot', 'master', 'ielts', '9 9 x 9', '8/7.5/7/7', 'none', '2', '3', 'no', 'yes', 'no', 'no', 'no', 'none', 'skip',
    ]);
    // Ages are numbers, so they are listed as they read and a number typed is the age.
    expect(text).toMatch(/\n20 · 21 · 22 · .* · 44\n✖ Cancel\n/);
    expect(text).toContain('✓ Age: 29');
    expect(text).toContain('“a lot” is not an answer to this question.');
    expect(text).toContain('✓ Education: Master’s, or professional degree');
    expect(text).toContain('IELTS General Training (writing): “x” is not accepted. Accepted: 0 to 9 in steps of 0.5.');
    expect(text).toContain('✓ First official language: IELTS General Training 8 7.5 7 7');
    // "2" at the years is 2 years, not the second choice.
    expect(text).toContain('✓ Canadian work: 2 years');
    expect(text).toContain('✓ Foreign work: 3 years or more');
    expect(text).toContain('Which yes? Press “Yes, coming with me, not Canadian” or “Yes, but Canadian or not coming”.');
    expect(text).toMatch(/\nCRS 522\n/);
    expect(text).toContain('The same in one line: /crs age=29 edu=master lang=ielts:8,7.5,7,7 cdn-work=2 foreign-work=3');
    expect(text).not.toContain('Not understood');
    // One source footer: with the result, not with each of the 13 questions.
    expect(text.match(/Source: IRCC/g)).toHaveLength(1);
  });

  it('numbers the answers that are words, and changes one answer after the result by its number (issue 22, item 5)', async () => {
    const text = await converse(['/crs', '30', '8', '6', '9 9 9 9', '4', '1', '1', '2', '3', '2', '2', 'none', '1', '21231', '1', '45']);
    expect(text).toMatch(/\n1\. Less than secondary school\n2\. Secondary diploma\n/);
    expect(text).toContain('✓ Education: Doctorate (PhD)');
    expect(text).toContain('✓ First official language: CLB levels (English) 9 9 9 9');
    // The result: one numbered choice per answer.
    expect(text).toMatch(/\n1\. Age: 30\n2\. Education: Doctorate \(PhD\)\n3\. First official language: CLB levels \(English\) 9 9 9 9\n/);
    expect(text).toContain('Pick an answer below to change it: the new total comes at once.');
    // A number past the last choice (a NOC code typed after the result) is said so; the choices stay.
    expect(text).toMatch(/Type a number from 1 to \d+ to choose, or a command\.\n[^]*\n1\. Age: 30\n/);
    expect(text).not.toContain('Commands start with');
    const totals = [...text.matchAll(/\nCRS (\d+)\n/g)].map((match) => Number(match[1]));
    // Age 30 → 45 scores 0 for age: 105 points fewer.
    expect(totals).toHaveLength(2);
    expect(totals[0]! - totals[1]!).toBe(105);
  });

  it('in French, with typed words', async () => {
    const text = await converse(['/crs', '31', 'maîtrise', 'tef', '546 546 558 556', 'aucun', '1', '0', 'non', 'non', 'non', 'oui', 'aucune', 'passer'], 'fr');
    expect(text).toContain('✓ Âge : 31');
    expect(text).toContain('✓ Frère ou sœur au Canada : Oui');
    expect(text).toMatch(/\nSCG \d+\n/);
    expect(text).toContain('La même chose en une ligne : /crs age=31 edu=master lang=tef:546,546,558,556 cdn-work=1 sibling=yes');
    expect(text.match(/Source : IRCC/g)).toHaveLength(1);
  });

  it('a number with no choices waiting is no choice, and commands still work mid-flow', async () => {
    const text = await converse(['/crs', '/clb ielts 7 7 7 7', '4'], 'fr');
    expect(text).toContain('Quel âge avez-vous\u00a0?');
    expect(text).toContain('IELTS General Training 7, 7, 7, 7 : niveaux de langue');
    expect(text).toContain('Les commandes commencent par');
  });
});
