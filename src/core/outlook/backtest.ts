import type { Draw } from '../draw.ts';
import { addDays, ANY_ROUND, daysFrom, OUTLOOK, outlookFrom, roundDays, type Outlook, type RoundDay } from './method.ts';

/**
 * The walk-forward backtest of the outlook (method.ts) over the stored history: for each round of
 * the type dated from BACKTEST_FROM to the day before the as-of date, the outlook is computed as a
 * member would have read it the day after the previous round of the type — from the rounds dated
 * up to that previous round, nothing later — and checked against the round that came: did the
 * window hold its date, did the band hold its cut-off? Beside it, the error of the band's middle
 * and of the naive guess "the same cut-off as last time", and the same for dates ("the same gap as
 * last time").
 */

export const BACKTEST_FROM = '2024-01-01';

/** One round predicted: what the outlook of the day after the previous round said, and what came. */
export interface BacktestCase {
  asOf: string;
  /** The round that came. */
  actual: RoundDay;
  previous: RoundDay;
  window: { from: string; to: string };
  cutoff: { low: number; high: number } | null;
  dateHit: boolean;
  cutoffHit: boolean | null;
  /** Days between the window's middle and the round; between the previous gap repeated and the round. */
  dateError: number;
  naiveDateError: number;
  /** Points between the band's middle and the cut-off; between the previous cut-off and it. */
  cutoffError: number | null;
  naiveCutoffError: number | null;
}

export interface Backtest {
  from: string;
  /** Rounds the outlook gave ranges for. */
  rounds: number;
  dateHits: number;
  /** null for 'any' (no band). */
  cutoffHits: number | null;
  coverageTarget: number;
  /** Rounds in the period for which the outlook said "not enough recent rounds" (or was first of its type). */
  withoutOutlook: number;
  /** Mean absolute errors (days; CRS points), the method's middle against the naive guess; null with no round. */
  dateMae: number | null;
  naiveDateMae: number | null;
  cutoffMae: number | null;
  naiveCutoffMae: number | null;
  cases: BacktestCase[];
}

/** The backtest of one type (or 'any') over the rounds dated from `from` to the day before `asOf`. */
export function backtestOf(draws: readonly Draw[], type: string, asOf: string, { from = BACKTEST_FROM, settings = OUTLOOK } = {}): Backtest {
  const days = roundDays(draws, type, asOf);
  const cases: BacktestCase[] = [];
  let withoutOutlook = 0;
  days.forEach((actual, index) => {
    if (actual.date < from) return;
    const previous = days[index - 1];
    if (!previous) return void withoutOutlook++;
    // The day after the previous round of the type: only rounds dated up to it are known, the
    // days before this one (what roundDays(draws, type, dayAfter) gives, without reading them all again).
    const dayAfter = addDays(previous.date, 1);
    const outlook: Outlook = outlookFrom(days.slice(0, index), type, dayAfter, settings);
    if (outlook.status !== 'ok' || !outlook.window) return void withoutOutlook++;
    const { window, cutoff } = outlook;
    const middle = addDays(window.from, Math.round(daysFrom(window.from, window.to) / 2));
    const lastGap = outlook.basis.length > 1 ? daysFrom(outlook.basis.at(-2)!.date, previous.date) : 0;
    const band = cutoff && actual.crs !== null ? cutoff : null;
    cases.push({
      asOf: dayAfter,
      actual,
      previous,
      window,
      cutoff,
      dateHit: window.from <= actual.date && actual.date <= window.to,
      cutoffHit: band ? band.low <= actual.crs! && actual.crs! <= band.high : null,
      dateError: Math.abs(daysFrom(middle, actual.date)),
      naiveDateError: Math.abs(daysFrom(addDays(previous.date, lastGap), actual.date)),
      cutoffError: band ? Math.abs((band.low + band.high) / 2 - actual.crs!) : null,
      naiveCutoffError: band && previous.crs !== null ? Math.abs(previous.crs - actual.crs!) : null,
    });
  });
  const withBand = cases.filter((each) => each.cutoffHit !== null);
  return {
    from,
    rounds: cases.length,
    dateHits: cases.filter((each) => each.dateHit).length,
    cutoffHits: type === ANY_ROUND ? null : withBand.filter((each) => each.cutoffHit).length,
    coverageTarget: settings.coverage,
    withoutOutlook,
    dateMae: mean(cases.map((each) => each.dateError)),
    naiveDateMae: mean(cases.map((each) => each.naiveDateError)),
    cutoffMae: mean(withBand.map((each) => each.cutoffError!)),
    naiveCutoffMae: mean(withBand.map((each) => each.naiveCutoffError!)),
    cases,
  };
}

function mean(values: number[]): number | null {
  return values.length ? values.reduce((sum, value) => sum + value, 0) / values.length : null;
}
