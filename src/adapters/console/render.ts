import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type { Locale } from '../../i18n/locales.ts';
import { renderText } from '../../render/text.ts';
import type { Reply, ReplyImage } from '../../chat/reply.ts';
import { choiceLines } from './choices.ts';

/**
 * A terminal shows no pictures: the console writes each answer's picture to a PNG file and prints
 * its path after the alt text ("[Line chart, …] /tmp/express-entry-bot/trend-all-1y.png").
 */

/** Where pictures go unless told otherwise: a folder of the OS temporary directory. */
export function defaultImageDir(): string {
  return join(tmpdir(), 'express-entry-bot');
}

/** Writes a picture under `dir` (created if missing) by its file name, atomically; returns the path. */
export function saveImage(image: ReplyImage, dir: string): string {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, basename(image.filename));
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, image.png);
  renameSync(temporary, path);
  return path;
}

/** A Reply as console text, its picture saved to a file whose path the text gives. */
export function renderConsoleReply(reply: Reply, { locale, imageDir = defaultImageDir() }: { locale: Locale; imageDir?: string }): string {
  const imagePath = reply.image ? saveImage(reply.image, imageDir) : undefined;
  const text = renderText(reply, { locale, imagePath });
  return reply.choices ? `${text}\n\n${choiceLines(reply.choices, reply.lines).join('\n')}` : text;
}
