/**
 * The strings IRCC writes in its forward-looking processing times (flpt-en.json), read into values
 * (docs/FORMAT.md, "IRCC processing times"). Every value keeps what it says and no more: "About 6 months"
 * and "6 months" are the same estimate (IRCC switches between them from one month to the next),
 * "More than 10 years" is a lower bound, "Less than 100 people" is a floor, and "We need more time…"
 * is no estimate at all, never zero.
 */

export type DurationUnit = 'day' | 'week' | 'month' | 'year';
export type DurationBound = 'about' | 'exact' | 'more-than' | 'less-than';

/** Time IRCC estimates: for a new application (`current-flpt`) or left for a month's applications (`wait-times`). */
export type Estimate =
  | { kind: 'duration'; bound: DurationBound; amount: number; unit: DurationUnit }
  /** "We need more time to process your application": IRCC gives no estimate for that month. */
  | { kind: 'more-time' }
  /** "No data available" (accepted by IRCC's format, never seen in the data read so far). */
  | { kind: 'no-data' };

/** People IRCC counts: waiting now (`total-people`) or ahead of a month's applications (`people-ahead`). */
export type Queue =
  | { kind: 'count'; bound: 'about' | 'exact' | 'fewer-than'; count: number }
  | { kind: 'no-data' };

export const MORE_TIME = 'We need more time to process your application';
export const NO_DATA = 'No data available';

const DURATION = /^(?:(About|More than|Less than) )?(\d+(?:\.\d+)?) (day|week|month|year)s?(?: left)?$/i;
const QUEUE = /^(?:(About|Less than|Fewer than) )?(\d{1,3}(?:,\d{3})*|\d+) (?:people|person) (?:waiting|ahead of you)$/i;

const BOUNDS: Record<string, DurationBound> = { about: 'about', 'more than': 'more-than', 'less than': 'less-than' };

/** "About 6 months", "4 months left", "About 1 month left", "More than 10 years", a sentinel; null when it is none of these. */
export function readEstimate(text: string): Estimate | null {
  const trimmed = text.trim().replace(/\s+/g, ' ');
  if (trimmed.toLowerCase() === MORE_TIME.toLowerCase()) return { kind: 'more-time' };
  if (trimmed.toLowerCase() === NO_DATA.toLowerCase()) return { kind: 'no-data' };
  const match = DURATION.exec(trimmed);
  if (!match) return null;
  const bound = match[1] ? BOUNDS[match[1].toLowerCase()]! : 'exact';
  return { kind: 'duration', bound, amount: Number(match[2]), unit: match[3]!.toLowerCase() as DurationUnit };
}

/** "About 59,700 people waiting", "Less than 100 people ahead of you", "No data available"; null otherwise. */
export function readQueue(text: string): Queue | null {
  const trimmed = text.trim().replace(/\s+/g, ' ');
  if (trimmed.toLowerCase() === NO_DATA.toLowerCase()) return { kind: 'no-data' };
  const match = QUEUE.exec(trimmed);
  if (!match) return null;
  const bound = match[1] ? (match[1].toLowerCase() === 'about' ? 'about' : 'fewer-than') : 'exact';
  return { kind: 'count', bound, count: Number(match[2]!.replaceAll(',', '')) };
}

const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];

/** IRCC's `flpt_lastupdated`, a US long date ("August 10, 2026", "September 03, 2026") → YYYY-MM-DD; null if it is not one. */
export function readUsDate(text: string): string | null {
  const match = /^([A-Za-z]+)\.? (\d{1,2}),? (\d{4})$/.exec(text.trim().replace(/\s+/g, ' '));
  if (!match) return null;
  const month = MONTHS.findIndex((name) => name === match[1]!.toLowerCase() || (match[1]!.length >= 3 && name.startsWith(match[1]!.toLowerCase())));
  const day = Number(match[2]);
  const year = Number(match[3]);
  if (month < 0) return null;
  const date = new Date(Date.UTC(year, month, day));
  if (date.getUTCMonth() !== month || date.getUTCDate() !== day) return null;
  return date.toISOString().slice(0, 10);
}

/** An estimate in months, to compare two of them ("6 months" and "About 6 months" are equal); null for no estimate. */
export function estimateMonths(estimate: Estimate): number | null {
  if (estimate.kind !== 'duration') return null;
  const perUnit = { day: 12 / 365.25, week: 12 / 52.18, month: 1, year: 12 }[estimate.unit];
  return estimate.amount * perUnit;
}

/** Whether two estimates say the same thing, "About" or not (IRCC adds and drops it from month to month). */
export function sameEstimate(a: Estimate, b: Estimate): boolean {
  if (a.kind !== b.kind) return false;
  if (a.kind !== 'duration' || b.kind !== 'duration') return true;
  const loose = (bound: string) => (bound === 'exact' ? 'about' : bound);
  return loose(a.bound) === loose(b.bound) && estimateMonths(a) === estimateMonths(b);
}

export function sameQueue(a: Queue, b: Queue): boolean {
  if (a.kind !== b.kind) return false;
  if (a.kind !== 'count' || b.kind !== 'count') return true;
  const loose = (bound: string) => (bound === 'exact' ? 'about' : bound);
  return loose(a.bound) === loose(b.bound) && a.count === b.count;
}
