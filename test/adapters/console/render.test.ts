import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { renderConsoleReply, saveImage } from '../../../src/adapters/console/render.ts';
import { runConsoleChat } from '../../../src/adapters/console/index.ts';
import { silentLogger } from '../../../src/core/log.ts';
import { answering, ask } from '../../helpers/answers.ts';
import { pngSize } from '../../helpers/charts.ts';
import { runCli } from '../../helpers/cli.ts';
import { tempDir } from '../../helpers/fixtures.ts';

/** "[alt] /path/file.png" lines of a console transcript. */
function imageLines(text: string): { alt: string; path: string }[] {
  return [...text.matchAll(/^\[(.+)\] (\/\S+\.png)$/gm)].map((match) => ({ alt: match[1]!, path: match[2]! }));
}

describe('the console shows pictures as files', () => {
  it('the chat writes each picture to a PNG file and prints its alt text and path', async () => {
    const imageDir = join(tempDir(), 'images');
    const input = new PassThrough();
    const output = new PassThrough();
    let text = '';
    output.on('data', (chunk: Buffer) => (text += chunk));
    const chat = runConsoleChat({ answering: answering(), locale: 'en', log: silentLogger, input, output, imageDir });
    input.end('/trend stem\n/pool\n/latest\n/quit\n');
    await chat;
    const images = imageLines(text);
    expect(images.map((image) => image.path)).toEqual([join(imageDir, 'trend-stem-all.png'), join(imageDir, 'pool-2026-04-12.png')]);
    expect(images[0]!.alt).toBe((await ask('/trend stem')).image!.alt);
    for (const { path } of images) expect(pngSize(readFileSync(path))).toEqual({ width: 1080, height: 1026 });
    // Only the picture files: no temporary file left behind.
    expect(readdirSync(imageDir).sort()).toEqual(['pool-2026-04-12.png', 'trend-stem-all.png']);
  });

  it('an answer without a picture writes nothing', async () => {
    const imageDir = join(tempDir(), 'images');
    const text = renderConsoleReply(await ask('/latest'), { locale: 'en', imageDir });
    expect(imageLines(text)).toEqual([]);
    expect(existsSync(imageDir)).toBe(false);
  });

  it('a file name never leads outside the folder', async () => {
    const dir = tempDir();
    const path = saveImage({ png: new Uint8Array([1, 2, 3]), alt: 'x', filename: '../../escape.png' }, dir);
    expect(path).toBe(join(dir, 'escape.png'));
  });

  it('cli ask writes the picture under the OS temporary folder and prints the path', async () => {
    const tmp = tempDir();
    const result = await runCli(['ask', '/trend cec 2y'], { DATA_DIR: tempDir(), TMPDIR: tmp, LANG: 'C' });
    expect(result.code).toBe(0);
    const [image] = imageLines(result.stdout);
    expect(image!.path).toBe(join(tmp, 'express-entry-bot', 'trend-cec-2y.png'));
    // Against the real clock: the shipped data may be months old, and the title then says where it ends.
    expect(image!.alt).toMatch(/^Line chart, CRS cut-offs: CEC, (last 2 years|2 years to [A-Z][a-z]{2} \d{1,2}, \d{4}) \(/);
    expect(pngSize(readFileSync(image!.path))).toEqual({ width: 1080, height: 1026 });
    const french = await runCli(['ask', '--lang', 'fr', '/pool'], { DATA_DIR: tempDir(), TMPDIR: tmp });
    expect(imageLines(french.stdout)[0]!.alt).toMatch(/^Diagramme à barres de la répartition des notes SCG du bassin au 12 avril 2026/);
  });
});
