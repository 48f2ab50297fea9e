import { localeInfo, type Locale } from '../../i18n/locales.ts';
import { fitTable } from '../../render/table.ts';
import type { Reply, ReplyTable } from '../../chat/reply.ts';
import { escapeHtml, splitHtml } from './html.ts';

/** Telegram's limits, in characters: a message's text, and a photo's caption. */
export const MESSAGE_LIMIT = 4096;
export const CAPTION_LIMIT = 1024;
/** Monospace characters a phone shows on a line of a <pre> before wrapping it. */
export const PHONE_WIDTH = 40;

/** One message to send, in order: text in HTML, or a photo whose caption is HTML. */
export type TelegramMessage =
  | { kind: 'text'; html: string }
  | { kind: 'photo'; png: Uint8Array; filename: string; caption: string };

/** A Reply as Telegram HTML: bold title, prose, fields, the table in <pre>, notes, link, footer. */
export function replyHtml(reply: Reply, locale: Locale): string {
  return [...bodyBlocks(reply, locale), ...footerBlocks(reply)].join('\n\n');
}

function bodyBlocks(reply: Reply, locale: Locale): string[] {
  const { colon } = localeInfo(locale);
  const blocks = [`<b>${escapeHtml(reply.title)}</b>`];
  if (reply.lines.length) blocks.push(reply.lines.map(escapeHtml).join('\n'));
  if (reply.fields.length) blocks.push(reply.fields.map((field) => `<b>${escapeHtml(field.label)}</b>${colon}${escapeHtml(field.value)}`).join('\n'));
  if (reply.table) blocks.push(tableHtml(reply.table, colon));
  if (reply.notes?.length) blocks.push(reply.notes.map((note) => `<i>${escapeHtml(note)}</i>`).join('\n'));
  if (reply.link) blocks.push(`<a href="${escapeHtml(reply.link.url)}">${escapeHtml(reply.link.label)}</a>`);
  return blocks;
}

/** The footer's block, or none: a guided question's footer is empty (the result carries the source). */
function footerBlocks(reply: Reply): string[] {
  return reply.footer ? [`<i>${escapeHtml(reply.footer)}</i>`] : [];
}

/**
 * A Reply as one piece of HTML of at most `limit` characters, where it cannot be split into
 * several messages (an inline answer, a caption): a longer one is cut between blocks, lines or
 * words, says so with `shortened`, and keeps its footer (how fresh the data is).
 */
export function replyHtmlWithin(reply: Reply, locale: Locale, limit: number, shortened: string): string {
  const html = replyHtml(reply, locale);
  if (html.length <= limit) return html;
  const tail = ['', `<i>${escapeHtml(shortened)}</i>`, ...footerBlocks(reply)].join('\n\n');
  const [body = ''] = splitHtml(bodyBlocks(reply, locale).join('\n\n'), { first: limit - tail.length });
  return body + tail;
}

/**
 * A table as a phone shows it: a <pre> no wider than PHONE_WIDTH (a wider one wraps and its columns
 * fall apart), or else a list, a row a line: its first cell in bold, then each value with its column.
 */
function tableHtml(table: ReplyTable, colon: string): string {
  const fitted = fitTable(table, PHONE_WIDTH);
  if (fitted.kind === 'table') return `<pre>${escapeHtml(fitted.text)}</pre>`;
  return fitted.items
    .map((item) => {
      // A column named by a sign ("±") is clear from its value alone.
      const cells = item.cells.map((cell) => (/\p{L}/u.test(cell.label) ? `${cell.label}${colon}${cell.value}` : cell.value));
      return `<b>${escapeHtml(item.head)}</b>${cells.length ? ` — ${escapeHtml(cells.join(' · '))}` : ''}`;
    })
    .join('\n');
}

/**
 * The messages that carry a Reply: its HTML split under the limits, the first part as the photo's
 * caption when the Reply has an image (the rest follows as messages).
 */
export function renderReply(reply: Reply, locale: Locale): TelegramMessage[] {
  const html = replyHtml(reply, locale);
  if (!reply.image) return splitHtml(html, { first: MESSAGE_LIMIT }).map((part) => ({ kind: 'text', html: part }));
  const [caption = '', ...more] = splitHtml(html, { first: CAPTION_LIMIT, rest: MESSAGE_LIMIT });
  return [
    { kind: 'photo', png: reply.image.png, filename: reply.image.filename, caption },
    ...more.map((part) => ({ kind: 'text' as const, html: part })),
  ];
}
