import type { Draw } from '../../src/core/draw.ts';

/**
 * The round numbers a post names, read as a member would: digest lines start "#411 (…" (French
 * "no 411 (…"), table rows start with the number, and so do the lines a table too wide for a phone
 * becomes ("411 — Date: …"). Works on Telegram HTML and Discord embed text.
 */
export function roundsIn(text: string): string[] {
  const plain = text.replace(/<[^>]+>/g, '').replace(/&[a-z]+;/g, ' ');
  return [...plain.matchAll(/^(?:(?:#|no )(\d{1,3}[ab]?) \(|(\d{1,3}[ab]?)(?: {2,}| — ))/gm)].map((match) => (match[1] ?? match[2])!);
}

/** Every text a Discord message request carries: embed description and field values. */
export function embedText(body: { embeds?: { title?: string; description?: string; fields?: { value: string }[] }[] }): string {
  return (body.embeds ?? []).flatMap((embed) => [embed.description ?? '', ...(embed.fields ?? []).map((field) => field.value)]).join('\n');
}

export function numbersOf(draws: readonly Draw[]): string[] {
  return draws.map((draw) => draw.number);
}
