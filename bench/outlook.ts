import { commands } from '../commands/index.ts';
import { askConsole } from '../src/adapters/console/input.ts';
import { createCore } from '../src/core/index.ts';
import { silentLogger } from '../src/core/log.ts';
import { backtestOf, BACKTEST_FROM } from '../src/core/outlook/backtest.ts';
import { nextRoundReport } from '../src/core/outlook/index.ts';
import { addDays, ANY_ROUND, OUTLOOK } from '../src/core/outlook/method.ts';
import { loadSeeds } from '../src/store/seeds.ts';
import { round, summarize, time } from './measure.ts';

/**
 * How well /next's ranges held over the shipped history: for each round type, the walk-forward
 * backtest from 2024 to the day after the newest round (the outlook of the day after each round,
 * checked against the next one): realized coverage of the date window and of the cut-off band,
 * sized for 80 %; and the mean absolute error of the band's middle (and of the window's middle)
 * against the naive "same as last time", side by side. Also what /next costs: computed at the first ask (of a day, or after new rounds), then remembered.
 * The ratio is the band middle's MAE ÷ the naive guess's, over every type's rounds together.
 */
export async function benchOutlook() {
  const seeds = loadSeeds();
  const draws = seeds.snapshotDraws();
  const asOf = addDays(draws[0]!.date, 1);
  const types = [ANY_ROUND, ...seeds.categories.categories.filter((category) => category.kind !== 'other').map((category) => category.id)];
  const percent = (hits: number, of: number) => (of ? round((hits / of) * 100, 3) : null);
  const byType = types
    .map((type) => ({ type, backtest: backtestOf(draws, type, asOf) }))
    .filter(({ backtest }) => backtest.rounds > 0 || backtest.withoutOutlook > 0)
    .map(({ type, backtest }) => ({
      type,
      rounds: backtest.rounds,
      withoutOutlook: backtest.withoutOutlook,
      windowHeld: `${backtest.dateHits}/${backtest.rounds}`,
      windowCoverage: percent(backtest.dateHits, backtest.rounds),
      bandHeld: backtest.cutoffHits === null ? null : `${backtest.cutoffHits}/${backtest.rounds}`,
      bandCoverage: backtest.cutoffHits === null ? null : percent(backtest.cutoffHits, backtest.rounds),
      cutoffMae: backtest.cutoffMae === null ? null : round(backtest.cutoffMae, 3),
      naiveCutoffMae: backtest.naiveCutoffMae === null ? null : round(backtest.naiveCutoffMae, 3),
      dateMae: backtest.dateMae === null ? null : round(backtest.dateMae, 3),
      naiveDateMae: backtest.naiveDateMae === null ? null : round(backtest.naiveDateMae, 3),
      cases: backtest.cases,
    }));
  const typed = byType.filter(({ type }) => type !== ANY_ROUND);
  const cases = typed.flatMap(({ cases: each }) => each);
  const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;
  const pooled = {
    rounds: cases.length,
    windowCoverage: percent(cases.filter((each) => each.dateHit).length, cases.length),
    bandCoverage: percent(cases.filter((each) => each.cutoffHit).length, cases.length),
    cutoffMae: round(mean(cases.map((each) => each.cutoffError!)), 3),
    naiveCutoffMae: round(mean(cases.map((each) => each.naiveCutoffError!)), 3),
    dateMae: round(mean(cases.map((each) => each.dateError)), 3),
    naiveDateMae: round(mean(cases.map((each) => each.naiveDateError)), 3),
  };

  // What /next costs: the report of every type with its backtests, computed at the first ask of a
  // day or after new rounds (a fresh copy of the history each time), then remembered.
  const ids = types.filter((type) => type !== ANY_ROUND);
  const firstAsk = summarize(Array.from({ length: 100 }, () => time(() => nextRoundReport([...draws], ids, asOf))));
  const core = createCore({ draws: () => draws, freshness: () => ({ newest: { number: draws[0]!.number, date: draws[0]!.date }, checkedAt: null, snapshotDate: draws[0]!.date }), categories: seeds.categories, noc: seeds.noc, plans: seeds.plans });
  const answering = { core, commands, timeZone: 'America/Toronto', now: () => new Date(`${asOf}T16:00:00Z`) };
  const timings: Record<string, ReturnType<typeof summarize>> = {};
  for (const question of ['/next', '/next cec']) {
    for (let i = 0; i < 20; i++) await askConsole(question, answering, 'en', silentLogger);
    const samples: number[] = [];
    for (let i = 0; i < 200; i++) {
      const start = process.hrtime.bigint();
      await askConsole(question, answering, i % 2 ? 'fr' : 'en', silentLogger);
      samples.push(Number(process.hrtime.bigint() - start) / 1e6);
    }
    timings[question] = summarize(samples);
  }

  return {
    name: 'outlook',
    what: `/next's walk-forward backtest on the shipped history, rounds from ${BACKTEST_FROM} to ${asOf} (each predicted from the rounds up to the previous one of its type): realized coverage of window and band, sized for ${OUTLOOK.coverage * 100} %; MAE of the band's middle vs "same cut-off as last time" and of the window's middle vs "same gap as last time"; ratio = the band middle's MAE ÷ the naive MAE over every type's rounds`,
    asOf,
    byType: byType.map(({ cases: _cases, ...figures }) => figures),
    pooled,
    firstAsk,
    timings,
    ratio: round(pooled.cutoffMae / pooled.naiveCutoffMae, 3),
    goal: 'reported: coverage near 80 % is the aim; the ratio says whether the band\'s middle is a better point guess than the last cut-off (below 1) or not',
    met: true,
  };
}
