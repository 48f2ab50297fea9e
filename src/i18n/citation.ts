import type { Citation } from '../core/categories.ts';
import type { Formatter } from './format.ts';

/**
 * A list's source as a member would cite it: publisher, title, date, link, then how it was used.
 * Fields nobody recorded are left out rather than guessed; the note says what is second-hand.
 */
export function citeSource(source: Citation, format: Formatter): string {
  const title = source.title && (format.locale === 'fr' ? `« ${source.title} »` : `“${source.title}”`);
  const parts = [source.publisher, title, source.date && partialDate(source.date, format), source.url].filter((part): part is string => Boolean(part));
  return `${parts.join(', ')}${source.note ? ` (${source.note})` : ''}`;
}

/** "2026", "February 2026" / "février 2026", or the full date: as precise as the source. */
function partialDate(date: string, format: Formatter): string {
  if (/^\d{4}$/.test(date)) return date;
  if (/^\d{4}-\d{2}$/.test(date)) {
    return new Intl.DateTimeFormat(`${format.locale}-CA`, { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${date}-01T00:00:00Z`));
  }
  return format.date(date);
}
