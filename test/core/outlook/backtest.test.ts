import { describe, expect, it } from 'vitest';
import { backtestOf } from '../../../src/core/outlook/backtest.ts';
import { history } from '../../helpers/answers.ts';

/**
 * The backtest's counts for one type, recomputed by hand: the General (all-program) rounds of
 * 2024 on the shipped history. Each 2024 round is predicted from the 10 General rounds before it,
 * as the outlook of the day after the previous one would have said: the window is the previous
 * round's date plus the shortest and the longest of their 9 gaps; the band, its cut-off plus the
 * smallest and largest of their 9 changes (with 9 values, the extremes hold the next one 8 times
 * in 10 if it is like them).
 */

/** The General rounds from June 27, 2023 to April 23, 2024, as IRCC published them. */
const GENERAL: [date: string, crs: number][] = [
  ['2023-06-27', 486], ['2023-07-04', 511], ['2023-07-11', 505], ['2023-08-01', 517], ['2023-08-15', 496],
  ['2023-09-19', 531], ['2023-09-26', 504], ['2023-10-10', 500], ['2023-12-06', 561], ['2023-12-18', 542],
  ['2024-01-10', 546], ['2024-01-23', 543], ['2024-01-31', 541], ['2024-02-13', 535], ['2024-02-28', 534],
  ['2024-03-12', 525], ['2024-03-25', 524], ['2024-04-10', 549], ['2024-04-23', 529],
];

// The first 2024 round, by hand. The 10 rounds before it: June 27 … December 18, 2023.
//   gaps:    7, 7, 21, 14, 35, 7, 14, 57, 12 days      → shortest 7, longest 57
//   changes: +25, −6, +12, −21, +35, −27, −4, +61, −19 → smallest −27, largest +61
//   window:  December 18 + 7 … + 57 days = December 25, 2023 – February 13, 2024: January 10 is in it.
//   band:    542 − 27 … 542 + 61 = 515–603: 546 is in it.
// Each later round drops the oldest of the 10 and adds the newest:
const BY_HAND = [
  // the previous round    shortest–longest gap   changes     window                       band         the round            held: date, cut-off
  { previous: ['2023-12-18', 542], gaps: [7, 57], changes: [-27, 61], window: ['2023-12-25', '2024-02-13'], band: [515, 603], round: ['2024-01-10', 546], held: [true, true] },
  { previous: ['2024-01-10', 546], gaps: [7, 57], changes: [-27, 61], window: ['2024-01-17', '2024-03-07'], band: [519, 607], round: ['2024-01-23', 543], held: [true, true] },
  { previous: ['2024-01-23', 543], gaps: [7, 57], changes: [-27, 61], window: ['2024-01-30', '2024-03-20'], band: [516, 604], round: ['2024-01-31', 541], held: [true, true] },
  { previous: ['2024-01-31', 541], gaps: [7, 57], changes: [-27, 61], window: ['2024-02-07', '2024-03-28'], band: [514, 602], round: ['2024-02-13', 535], held: [true, true] },
  { previous: ['2024-02-13', 535], gaps: [7, 57], changes: [-27, 61], window: ['2024-02-20', '2024-04-10'], band: [508, 596], round: ['2024-02-28', 534], held: [true, true] },
  { previous: ['2024-02-28', 534], gaps: [7, 57], changes: [-27, 61], window: ['2024-03-06', '2024-04-25'], band: [507, 595], round: ['2024-03-12', 525], held: [true, true] },
  // July 4 and its +25 are out of the 10: the shortest gap is 8 days now, the smallest change −19.
  { previous: ['2024-03-12', 525], gaps: [8, 57], changes: [-19, 61], window: ['2024-03-20', '2024-05-08'], band: [506, 586], round: ['2024-03-25', 524], held: [true, true] },
  { previous: ['2024-03-25', 524], gaps: [8, 57], changes: [-19, 61], window: ['2024-04-02', '2024-05-21'], band: [505, 585], round: ['2024-04-10', 549], held: [true, true] },
  // The 57-day gap and the +61 jump (October–December 2023) are out: a narrow window, and a band that misses the −20 that came.
  { previous: ['2024-04-10', 549], gaps: [8, 23], changes: [-19, 25], window: ['2024-04-18', '2024-05-03'], band: [530, 574], round: ['2024-04-23', 529], held: [true, false] },
];

describe('the backtest of the General rounds of 2024, recomputed by hand', () => {
  it('reads the rounds written above from the shipped history', () => {
    const general = history.filter((draw) => draw.category.id === 'general' && draw.date >= '2023-06-27' && draw.date <= '2024-12-31').map((draw) => [draw.date, draw.crs]).reverse();
    expect(general).toEqual(GENERAL);
  });

  it('predicts each round as done by hand, and counts 9 dates held in 9 and 8 cut-offs held in 9', () => {
    const backtest = backtestOf(history, 'general', '2025-01-01');
    expect(backtest.cases.map((each) => ({
      previous: [each.previous.date, each.previous.crs],
      window: [each.window.from, each.window.to],
      band: [each.cutoff!.low, each.cutoff!.high],
      round: [each.actual.date, each.actual.crs],
      held: [each.dateHit, each.cutoffHit],
    }))).toEqual(BY_HAND.map(({ gaps: _gaps, changes: _changes, ...row }) => row));
    // The gaps and changes the windows and bands came from, as written above.
    for (const [index, row] of BY_HAND.entries()) {
      const days = (from: string, to: string) => Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000);
      expect([days(row.previous[0] as string, row.window[0]!), days(row.previous[0] as string, row.window[1]!)], `round ${index}`).toEqual(row.gaps);
      expect([row.band[0]! - (row.previous[1] as number), row.band[1]! - (row.previous[1] as number)], `round ${index}`).toEqual(row.changes);
    }
    expect(backtest).toMatchObject({ from: '2024-01-01', rounds: 9, dateHits: 9, cutoffHits: 8, coverageTarget: 0.8, withoutOutlook: 0 });
  });

  it('sets the band’s middle against "the same cut-off as last time"', () => {
    const backtest = backtestOf(history, 'general', '2025-01-01');
    const middles = BY_HAND.map(({ band, round }) => Math.abs((band[0]! + band[1]!) / 2 - (round[1] as number)));
    const naive = BY_HAND.map(({ previous, round }) => Math.abs((previous[1] as number) - (round[1] as number)));
    // The band's middle missed by 168 points over the 9 rounds (18.7 a round), "same as last time" by 71 (7.9):
    // the bands held, but their middle is a worse point guess than the last cut-off.
    expect(middles).toEqual([13, 20, 19, 23, 18, 26, 22, 4, 23]);
    expect(naive).toEqual([4, 3, 2, 6, 1, 9, 1, 25, 20]);
    expect(backtest.cutoffMae).toBeCloseTo(168 / 9, 10);
    expect(backtest.naiveCutoffMae).toBeCloseTo(71 / 9, 10);
  });
});
