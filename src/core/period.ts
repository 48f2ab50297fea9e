/**
 * A stretch of time members ask about ("the last 12 months", "2024", "all"), and the calendar
 * window it covers on a given day. Calendar dates are YYYY-MM-DD strings, as draws carry them.
 */

export type Period = { kind: 'months'; months: number } | { kind: 'year'; year: number } | { kind: 'all' };

export const DEFAULT_PERIOD: Period = { kind: 'months', months: 12 };

export const FIRST_YEAR = 2015;
const LAST_YEAR = 2100;
const MAX_MONTHS = 240;
const MAX_YEARS = 20;

/**
 * A word meant as a period: 6m, 12m, 18mo, 2y, 3yr, 2a, 2ans, 2024, all, tout — or any word that
 * starts with a digit (no round type does), so "5x" is answered as a period that is not one.
 */
export const PERIOD_WORD = /^(?:\d+\p{L}*|all|tout)$/iu;

/** A period from what a member typed; null when it is not one (the caller says what is accepted). */
export function parsePeriod(input: string): Period | null {
  const text = input.trim().toLowerCase().replace(/\s+/g, '');
  if (text === 'all' || text === 'tout') return { kind: 'all' };
  const months = /^(\d{1,3})(?:m|mo|mos|mois|months?)$/.exec(text);
  if (months) {
    const count = Number(months[1]);
    return count >= 1 && count <= MAX_MONTHS ? { kind: 'months', months: count } : null;
  }
  const years = /^(\d{1,2})(?:y|yr|yrs|years?|a|an|ans)$/.exec(text);
  if (years) {
    const count = Number(years[1]);
    return count >= 1 && count <= MAX_YEARS ? { kind: 'months', months: count * 12 } : null;
  }
  if (/^\d{4}$/.test(text)) {
    const year = Number(text);
    return year >= FIRST_YEAR && year <= LAST_YEAR ? { kind: 'year', year } : null;
  }
  return null;
}

/** "12m", "2y", "2024", "all": short, for file names and cache keys. */
export function periodKey(period: Period): string {
  if (period.kind === 'all') return 'all';
  if (period.kind === 'year') return String(period.year);
  return period.months % 12 === 0 && period.months > 12 ? `${period.months / 12}y` : `${period.months}m`;
}

/** Inclusive calendar window. */
export interface DateWindow {
  from: string;
  to: string;
}

/**
 * The window a period covers when the data ends on `end` (the newest round held, or today when
 * none is): the last N months end there; a year runs January 1 to December 31 (to `end` for the
 * year it falls in); "all" starts at `firstDate` (the oldest round shown).
 */
export function periodWindow(period: Period, end: string, firstDate: string | null): DateWindow {
  switch (period.kind) {
    case 'months':
      return { from: addMonths(end, -period.months), to: end };
    case 'year': {
      const last = `${period.year}-12-31`;
      return { from: `${period.year}-01-01`, to: last < end ? last : end < `${period.year}-01-01` ? last : end };
    }
    case 'all':
      return { from: firstDate && firstDate < end ? firstDate : end, to: end };
  }
}

/** A calendar date moved by whole months, the day clamped to the month's length (March 31 − 1 month = February 28). */
export function addMonths(isoDate: string, months: number): string {
  const [year, month, day] = isoDate.split('-').map(Number) as [number, number, number];
  const index = year * 12 + (month - 1) + months;
  const y = Math.floor(index / 12);
  const m = index - y * 12;
  const lastDay = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  return `${String(y).padStart(4, '0')}-${String(m + 1).padStart(2, '0')}-${String(Math.min(day, lastDay)).padStart(2, '0')}`;
}

export function inWindow(date: string, window: DateWindow): boolean {
  return date >= window.from && date <= window.to;
}

/** Days from one calendar date to another. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}
