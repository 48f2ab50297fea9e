import { codeBlock, EmbedBuilder, escapeMarkdown, type APIEmbedField } from 'discord.js';
import { renderTable } from '../../render/table.ts';
import type { Reply } from '../../chat/reply.ts';

/** Discord's embed limits (discord.com/developers/docs/resources/message#embed-object-embed-limits). */
export const EMBED_LIMITS = { title: 256, description: 4096, fields: 25, fieldName: 256, fieldValue: 1024, footer: 2048, total: 6000 } as const;

const COLOR = { answer: 0xd52b1e, error: 0x99aab5 } as const;

/** A Reply as Discord shows it: one embed, and the image (if any) as an attachment it refers to. */
export interface DiscordMessage {
  embed: EmbedBuilder;
  image?: { name: string; data: Buffer; description: string };
  /** Errors and settings answers: only the caller sees them. */
  ephemeral: boolean;
}

export function replyMessage(reply: Reply): DiscordMessage {
  const title = fit(plain(reply.title), EMBED_LIMITS.title);
  const footer = fit(reply.footer, EMBED_LIMITS.footer);
  // The link gets its own field so its label survives ("Ministerial Instruction for round #293"); it is never trimmed away.
  const link = reply.link ? { name: fit(plain(reply.link.label), EMBED_LIMITS.fieldName), value: fit(reply.link.url, EMBED_LIMITS.fieldValue) } : null;
  let fields = reply.fields.map((field) => ({ name: fit(plain(field.label), EMBED_LIMITS.fieldName) || '—', value: fit(plain(field.value), EMBED_LIMITS.fieldValue) || '—' }));
  const slots = EMBED_LIMITS.fields - (link ? 1 : 0);
  if (fields.length > slots) fields = [...fields.slice(0, slots - 1), { name: '…', value: `+${fields.length - slots + 1}` }];

  // 6,000 characters in all. The lines and notes stay whole: the last fields give way to them, then
  // table rows give way to whatever room is left.
  const description = describer(reply);
  const fixed = title.length + footer.length + length(link ? [link] : []);
  while (fields.length && fixed + length(fields) + description.essential > EMBED_LIMITS.total) fields = fields.slice(0, -1);
  const text = description.within(Math.min(EMBED_LIMITS.description, EMBED_LIMITS.total - fixed - length(fields)));

  const embed = new EmbedBuilder()
    .setColor(reply.error ? COLOR.error : COLOR.answer)
    .setTitle(title)
    .addFields(...fields, ...(link ? [link] : []));
  // A flow's question has no figures, so no source footer (Discord refuses an empty one).
  if (footer) embed.setFooter({ text: footer });
  if (text) embed.setDescription(text);
  const ephemeral = Boolean(reply.error) || reply.visibility === 'caller';
  if (!reply.image) return { embed, ephemeral };
  const name = attachmentName(reply.image.filename);
  embed.setImage(`attachment://${name}`);
  // Discord reads an attachment's description as its alt text.
  return { embed, image: { name, data: Buffer.from(reply.image.png), description: fit(reply.image.alt, 1024) }, ephemeral };
}

/**
 * Lines, then the table as a code block, then the notes, within a given length: whole table rows
 * only, a last "…" row saying some were left out, the code block always closed.
 */
function describer(reply: Reply): { essential: number; within(max: number): string } {
  const prose = plain(reply.lines.join('\n'));
  const notes = plain((reply.notes ?? []).join('\n'));
  const compose = (table: string | null) => [prose, table === null ? '' : codeBlock(table), notes].filter(Boolean).join('\n\n');
  const rows = reply.table ? renderTable(reply.table).replaceAll('```', "'''").split('\n') : [];
  const whole = compose(reply.table ? rows.join('\n') : null);
  const bare = compose(null);
  return {
    essential: Math.min(bare.length, EMBED_LIMITS.description),
    within(max) {
      if (whole.length <= max) return whole;
      let kept = rows.length;
      let size = whole.length + '\n…'.length;
      while (kept > 1 && size > max) size -= rows[--kept]!.length + 1;
      return reply.table && size <= max ? compose([...rows.slice(0, kept), '…'].join('\n')) : fit(bare, max);
    },
  };
}

/** Reply text is plain: what looks like markdown (a user's "*" or "[x](url)") must show as typed. */
function plain(text: string): string {
  return escapeMarkdown(text, { heading: true, maskedLink: true, bulletedList: true, numberedList: true });
}

/** Text cut to max characters with an ellipsis, never splitting a surrogate pair. */
export function fit(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max < 1) return '';
  let cut = text.slice(0, Math.max(0, max - 1));
  if (/[\ud800-\udbff]$/.test(cut)) cut = cut.slice(0, -1);
  return `${cut.trimEnd()}…`;
}

function length(fields: APIEmbedField[]): number {
  return fields.reduce((sum, field) => sum + field.name.length + field.value.length, 0);
}

/** `attachment://` only finds names of letters, digits, dots, dashes and underscores. */
function attachmentName(filename: string): string {
  const safe = filename.replace(/[^\w.-]+/g, '_');
  return /\.png$/i.test(safe) ? safe : `${safe}.png`;
}
