import { describe, expect, it } from 'vitest';
import type { Draw } from '../../../src/core/draw.ts';
import { nextRoundReport, typeOutlook } from '../../../src/core/outlook/index.ts';
import { ANY_ROUND, outlookOf, rankFor } from '../../../src/core/outlook/method.ts';
import { history } from '../../helpers/answers.ts';
import { seeds } from '../../helpers/fixtures.ts';

/** A round with what the outlook reads; the rest as a stored round holds it. */
function round(number: number, date: string, type: string, crs: number): Draw {
  return { number: String(number), date, label: type, category: { id: type, version: null }, programs: [], programsText: '', invitations: 1000, crs, roundAt: null, roundAtText: null, tieBreakAt: null, tieBreakAtText: null, pool: null, url: null };
}

/** Ten CEC rounds 14 days apart but one of 21 and one of 7, cut-offs moving by −5 … +4 (newest first, as stored). */
const CEC = [
  ['2026-01-06', 520], ['2026-01-20', 516], ['2026-02-03', 511], ['2026-02-24', 515], ['2026-03-10', 510],
  ['2026-03-17', 508], ['2026-03-31', 512], ['2026-04-14', 509], ['2026-04-28', 506], ['2026-05-12', 510],
].map(([date, crs], index) => round(400 + index, date as string, 'cec', crs as number)).reverse();

describe('the rank rule that sizes the ranges', () => {
  it('with 9 gaps, the shortest and the longest hold the next one 8 times in 10; fewer cannot reach 80 %', () => {
    expect(rankFor(9, 0.8)).toBe(1);
    expect(rankFor(19, 0.8)).toBe(2);
    expect(rankFor(8, 0.8)).toBe(0);
    expect(rankFor(9, 0.5)).toBe(2);
  });
});

describe('the outlook of one type', () => {
  it('a window from the last round plus the shortest and longest gaps; a band from its cut-off plus the smallest and largest changes', () => {
    const outlook = outlookOf(CEC, 'cec', '2026-05-13');
    expect(outlook).toMatchObject({
      status: 'ok',
      recentRounds: 10,
      gaps: { low: 7, high: 21 },
      changes: { low: -5, high: 4 },
      window: { from: '2026-05-19', to: '2026-06-02' },
      cutoff: { low: 505, high: 514 },
      coverageTarget: 0.8,
      nominalCoverage: 0.8,
    });
    expect(outlook.basis.map((day) => day.date)).toEqual(CEC.map((draw) => draw.date).reverse());
  });

  it('a window whose first days have passed with no round starts at the as-of date; one wholly passed is overdue', () => {
    expect(outlookOf(CEC, 'cec', '2026-05-25')).toMatchObject({ status: 'ok', window: { from: '2026-05-25', to: '2026-06-02' } });
    expect(outlookOf(CEC, 'cec', '2026-06-02')).toMatchObject({ status: 'ok', window: { from: '2026-06-02', to: '2026-06-02' } });
    expect(outlookOf(CEC, 'cec', '2026-06-03')).toMatchObject({ status: 'overdue', window: null, daysSince: 22, cutoff: { low: 505, high: 514 } });
  });

  it('fewer than 10 rounds in the two years before: not enough recent rounds to say, not a guess', () => {
    expect(outlookOf(CEC.slice(1), 'cec', '2026-05-13')).toMatchObject({ status: 'not-enough', recentRounds: 9, window: null, cutoff: null });
    // Ten rounds, but the oldest more than two years before the as-of date.
    expect(outlookOf(CEC, 'cec', '2028-01-20')).toMatchObject({ status: 'not-enough', recentRounds: 9 });
    expect(outlookOf(CEC, 'stem', '2026-05-13')).toMatchObject({ status: 'not-enough', recentRounds: 0, last: null });
  });

  it('"any round" counts days with a round, whatever their type, and has no band', () => {
    const mixed = [...CEC, round(500, '2026-05-12', 'pnp', 780), round(501, '2026-05-11', 'pnp', 790)];
    const any = outlookOf(mixed, ANY_ROUND, '2026-05-13');
    expect(any.basis.at(-1)).toEqual({ date: '2026-05-12', crs: null, numbers: ['409', '500'] });
    expect(any).toMatchObject({ status: 'ok', gaps: { low: 1, high: 21 }, cutoff: null });
  });
});

describe('--as-of never reads a round on or after that date', () => {
  /** The history with every round on or after `asOf` replaced by one that throws when anything but its date is read. */
  function guarded(asOf: string): { draws: Draw[]; reads: string[] } {
    const reads: string[] = [];
    const draws = history.map((draw) =>
      draw.date < asOf
        ? draw
        : new Proxy(draw, {
            get(target, key) {
              if (key === 'date') return target.date;
              reads.push(`#${target.number}.${String(key)}`);
              throw new Error(`read #${target.number}.${String(key)}, dated ${target.date}, on or after ${asOf}`);
            },
          }));
    return { draws, reads };
  }

  it('the outlook and backtest of every type, as of dates inside the history, read later rounds’ dates only', () => {
    const types = seeds.categories.categories.map((category) => category.id);
    for (const asOf of ['2024-06-01', '2025-05-13', '2025-12-16', '2026-04-14']) {
      const { draws, reads } = guarded(asOf);
      const report = nextRoundReport(draws, types, asOf);
      expect(reads, asOf).toEqual([]);
      // And the same as from a history that ends before the date.
      expect(report, asOf).toEqual(nextRoundReport(history.filter((draw) => draw.date < asOf), types, asOf));
      for (const { backtest } of [report.any, ...report.types]) {
        for (const each of backtest.cases) expect(each.actual.date < asOf, `${asOf}: ${each.actual.date}`).toBe(true);
      }
    }
  });

  it('a round held on the as-of date itself is not known to its outlook', () => {
    const before = typeOutlook(history, 'cec', '2026-04-14');
    expect(before.outlook.last?.date).toBe('2026-03-31');
    // The window's first days (from April 6) passed with no CEC round stored: it starts on the as-of date.
    expect(before.outlook.window).toEqual({ from: '2026-04-14', to: '2026-04-27' });
    expect(before.backtest.cases.at(-1)?.actual.date).toBe('2026-03-31');
  });
});
