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
  it('numbers the choices, takes numbers and typed results back, and ends with the result', async () => {
    const text = await converse(['/crs', '4', '5', '2', '9 9 x 9', '9 9 9 9', '1', '1', '4', '2', '1', '2', '2', '1']);
    expect(text).toContain('How old are you?');
    expect(text).toMatch(/\n1\. 17 or younger\n2\. 18\n3\. 19\n4\. 20–29\n/);
    expect(text).toMatch(/\n21\. ✖ Cancel\n/);
    expect(text).toContain('> Type your four CELPIP-General results in the order listening, reading, writing, speaking, e.g. 9 9 9 9.');
    expect(text).toContain('CELPIP-General (writing): “x” is not accepted. Accepted: 0 to 12.');
    expect(text).toMatch(/\nCRS 429\n/);
    expect(text).toContain('The same in one line: /crs age=25 edu=bachelor lang=celpip:9,9,9,9 foreign-work=3');
  });

  it('a number with no choices waiting is no choice, and commands still work mid-flow', async () => {
    const text = await converse(['/crs', '/clb ielts 7 7 7 7', '4'], 'fr');
    expect(text).toContain('Quel âge avez-vous\u00a0?');
    expect(text).toContain('IELTS General Training 7, 7, 7, 7 : niveaux de langue');
    expect(text).toContain('Les commandes commencent par');
  });
});
