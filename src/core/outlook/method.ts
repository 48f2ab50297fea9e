import type { Draw } from '../draw.ts';

/**
 * The next-round outlook: from the stored rounds only, a date window and a cut-off band for the
 * next round of a type, sized for a stated coverage.
 *
 * Method. Take the last BASIS_ROUNDS rounds of the type (rounds of one type on one day count as
 * one, with the lower cut-off), all dated in the RECENT_DAYS before the as-of date — fewer, and
 * there is no outlook ("not enough recent rounds to say"). Their n = BASIS_ROUNDS − 1 gaps in days
 * and n changes of cut-off are taken as exchangeable with the next gap and the next change: if
 * they are, the next one falls between the k-th smallest and the k-th largest of the n with
 * probability at least (n + 1 − 2k) / (n + 1). k is the largest that still gives the coverage
 * target (with 10 rounds and 80 %: k = 1, the smallest and largest of the 9). The window is the
 * last round's date plus those gaps; the band, its cut-off plus those changes. The window cannot
 * start before the as-of date (no round of the type is stored between); when its end has passed
 * too, the type is overdue and the pattern says nothing about when.
 *
 * Nothing here knows the calendar of "draw weeks" or IRCC's plans: that is the point. Whether the
 * ranges mean what they say is measured by the walk-forward backtest (backtest.ts).
 */

export const OUTLOOK = {
  basisRounds: 10,
  recentDays: 730,
  coverage: 0.8,
} as const;

/** The rounds of a type (or of any type), one per day, oldest first: what the outlook reads. */
export interface RoundDay {
  date: string;
  /** The day's cut-off (the lowest, if the type held several rounds that day); null for "any round". */
  crs: number | null;
  /** The round numbers that day, for the basis line. */
  numbers: string[];
}

export type OutlookStatus = 'ok' | 'overdue' | 'not-enough';

export interface Outlook {
  /** A round type id (`category.id`), or 'any' for the next round of any type. */
  type: string;
  asOf: string;
  status: OutlookStatus;
  /** The newest round of the type before the as-of date. */
  last: RoundDay | null;
  /** Rounds of the type in the RECENT_DAYS before the as-of date. */
  recentRounds: number;
  /** The rounds the ranges come from, oldest first (empty when there are not enough). */
  basis: RoundDay[];
  gaps: { low: number; high: number } | null;
  changes: { low: number; high: number } | null;
  /** null unless status is 'ok'. */
  window: { from: string; to: string } | null;
  /** null for 'any' and when there are not enough rounds (an overdue type keeps its band). */
  cutoff: { low: number; high: number } | null;
  /** For an overdue type: days from its last round to the as-of date. */
  daysSince: number | null;
  /** The coverage the ranges are sized for, and what the rank rule gives exactly (8/10 with 9 gaps). */
  coverageTarget: number;
  nominalCoverage: number | null;
}

export const ANY_ROUND = 'any';

const DAY_MS = 86_400_000;

export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

export function daysFrom(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

/**
 * The rounds of a type dated before `asOf`, one per day, oldest first. Only rounds dated before
 * `asOf` are read past their date: what the outlook of a day could have known.
 */
export function roundDays(draws: readonly Draw[], type: string, asOf: string): RoundDay[] {
  const byDate = new Map<string, RoundDay>();
  for (const draw of draws) {
    if (draw.date >= asOf) continue;
    if (type !== ANY_ROUND && draw.category.id !== type) continue;
    const crs = type === ANY_ROUND ? null : draw.crs;
    const day = byDate.get(draw.date);
    if (!day) byDate.set(draw.date, { date: draw.date, crs, numbers: [draw.number] });
    else {
      day.numbers.push(draw.number);
      if (crs !== null && day.crs !== null && crs < day.crs) day.crs = crs;
    }
  }
  return [...byDate.values()].sort((a, b) => (a.date < b.date ? -1 : 1));
}

/** k for n samples and a coverage target: the largest k ≥ 1 with (n + 1 − 2k) / (n + 1) ≥ coverage; 0 if none. */
export function rankFor(samples: number, coverage: number): number {
  return Math.floor(((samples + 1) * (1 - coverage)) / 2 + 1e-9);
}

/** The k-th smallest and k-th largest (k ≥ 1). */
function rankRange(values: number[], k: number): { low: number; high: number } {
  const sorted = [...values].sort((a, b) => a - b);
  return { low: sorted[k - 1]!, high: sorted[sorted.length - k]! };
}

/** The outlook for one type (or ANY_ROUND) as of a date, from the days given (roundDays: only rounds before it). */
export function outlookFrom(days: readonly RoundDay[], type: string, asOf: string, { basisRounds, recentDays, coverage } = OUTLOOK): Outlook {
  const last = days.at(-1) ?? null;
  const recentFrom = addDays(asOf, -recentDays);
  const recentRounds = days.filter((day) => day.date >= recentFrom).length;
  const empty: Outlook = { type, asOf, status: 'not-enough', last, recentRounds, basis: [], gaps: null, changes: null, window: null, cutoff: null, daysSince: null, coverageTarget: coverage, nominalCoverage: null };
  const k = rankFor(basisRounds - 1, coverage);
  if (recentRounds < basisRounds || k < 1 || !last) return empty;

  const basis = days.slice(-basisRounds);
  const gaps = basis.slice(1).map((day, index) => daysFrom(basis[index]!.date, day.date));
  const gapRange = rankRange(gaps, k);
  const withCutoffs = type !== ANY_ROUND && basis.every((day) => day.crs !== null);
  const changeRange = withCutoffs ? rankRange(basis.slice(1).map((day, index) => day.crs! - basis[index]!.crs!), k) : null;
  const cutoff = changeRange ? { low: last.crs! + changeRange.low, high: last.crs! + changeRange.high } : null;
  const nominalCoverage = (gaps.length + 1 - 2 * k) / (gaps.length + 1);
  const from = addDays(last.date, gapRange.low);
  const to = addDays(last.date, gapRange.high);
  const common = { type, asOf, last, recentRounds, basis, gaps: gapRange, changes: changeRange, cutoff, coverageTarget: coverage, nominalCoverage };
  // No round of the type is stored from its last one to the as-of date: the days before cannot hold the next.
  if (to < asOf) return { ...common, status: 'overdue', window: null, daysSince: daysFrom(last.date, asOf) };
  return { ...common, status: 'ok', window: { from: from < asOf ? asOf : from, to }, daysSince: null };
}

/** The outlook for one type (or ANY_ROUND) as of a date, over the stored history. */
export function outlookOf(draws: readonly Draw[], type: string, asOf: string): Outlook {
  return outlookFrom(roundDays(draws, type, asOf), type, asOf);
}
