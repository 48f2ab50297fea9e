import { createInterface } from 'node:readline/promises';
import type { Readable, Writable } from 'node:stream';
import type { Answering } from '../../chat/context.ts';
import type { Logger } from '../../core/log.ts';
import type { Locale } from '../../i18n/locales.ts';
import { Formatter } from '../../i18n/format.ts';
import { messages } from '../../i18n/locales.ts';
import { ConsoleSession } from './choices.ts';
import { renderConsoleReply } from './render.ts';

export interface ConsoleChatOptions {
  answering: Answering;
  locale: Locale;
  log: Logger;
  input: Readable;
  output: Writable;
  /** Ends the chat from outside (shutdown). */
  signal?: AbortSignal;
  /** Where pictures are written (default: a folder of the OS temporary directory). */
  imageDir?: string;
}

/** The local chat: type /latest, read the answer. Ends on /quit, end of input, or the signal. */
export async function runConsoleChat({ answering, locale, log, input, output, signal, imageDir }: ConsoleChatOptions): Promise<void> {
  const t = messages(locale);
  const newest = answering.core.queries.all[0];
  const terminal = 'isTTY' in input && Boolean(input.isTTY);
  const lines = createInterface({ input, output, terminal, prompt: '> ' });
  signal?.addEventListener('abort', () => lines.close(), { once: true });
  lines.on('SIGINT', () => lines.close());
  const format = new Formatter(locale, answering.timeZone);
  output.write(`${t.console.welcome(newest ? t.common.round(newest.number, format.date(newest.date)) : '—')}\n`);
  const session = new ConsoleSession(answering, locale, log);
  lines.prompt();
  for await (const line of lines) {
    const text = line.trim();
    if (/^\/(quit|exit)$/i.test(text)) break;
    if (text) output.write(`\n${renderConsoleReply(await session.answer(text), { locale, imageDir })}\n\n`);
    lines.prompt();
  }
  lines.close();
}
