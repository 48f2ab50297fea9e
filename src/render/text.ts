import { localeInfo, type Locale } from '../i18n/locales.ts';
import type { Reply } from '../chat/reply.ts';
import { renderTable } from './table.ts';

/** A Reply as plain text: the console chat, `cli ask`, and the fallback for any platform. */
export function renderText(reply: Reply, { imagePath, locale = 'en' }: { imagePath?: string; locale?: Locale } = {}): string {
  const { colon } = localeInfo(locale);
  const blocks: string[] = [reply.title];
  if (reply.lines.length) blocks.push(reply.lines.join('\n'));
  if (reply.fields.length) blocks.push(reply.fields.map((field) => `${field.label}${colon}${field.value}`).join('\n'));
  if (reply.table) blocks.push(renderTable(reply.table));
  if (reply.notes?.length) blocks.push(reply.notes.join('\n'));
  if (reply.image) blocks.push(imagePath ? `[${reply.image.alt}] ${imagePath}` : `[${reply.image.alt}]`);
  if (reply.link) blocks.push(`${reply.link.label}${colon}${reply.link.url}`);
  if (reply.footer) blocks.push(reply.footer);
  return blocks.join('\n\n');
}
