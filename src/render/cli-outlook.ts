import { basisLine, OUTLOOK, type NextRoundReport, type TypeOutlook } from '../core/outlook/index.ts';

/** `cli outlook`: the outlook of every type, as /next computes it, with each type's backtest. */

const round2 = (value: number | null) => (value === null ? null : Math.round(value * 100) / 100);

function backtestJson({ backtest }: TypeOutlook) {
  const { cases: _cases, dateMae, naiveDateMae, cutoffMae, naiveCutoffMae, ...counts } = backtest;
  return { ...counts, dateMae: round2(dateMae), naiveDateMae: round2(naiveDateMae), cutoffMae: round2(cutoffMae), naiveCutoffMae: round2(naiveCutoffMae) };
}

function last({ outlook }: TypeOutlook) {
  return outlook.last ? { date: outlook.last.date, crs: outlook.last.crs, rounds: outlook.last.numbers } : null;
}

/**
 * One object: `types` holds every type with ranges (the shape issue 20 gives: type, window,
 * cutoff, basis, backtest, plus a few fields); types whose window has passed with no round stored
 * are in `overdue`, types with too few recent rounds in `notEnough`.
 */
export function outlookJson(report: NextRoundReport) {
  const entry = (each: TypeOutlook) => ({
    type: each.outlook.type,
    window: each.outlook.window,
    cutoff: each.outlook.cutoff,
    basis: basisLine(each.outlook),
    backtest: backtestJson(each),
    last: last(each),
    gaps: each.outlook.gaps,
    changes: each.outlook.changes,
    nominalCoverage: each.outlook.nominalCoverage,
  });
  return {
    asOf: report.asOf,
    coverageTarget: OUTLOOK.coverage,
    method: { basisRounds: OUTLOOK.basisRounds, recentDays: OUTLOOK.recentDays, note: 'IRCC publishes no schedule; this is a pattern, not a promise.' },
    anyRound: { window: report.any.outlook.window, basis: basisLine(report.any.outlook), backtest: backtestJson(report.any), last: last(report.any), status: report.any.outlook.status },
    types: report.types.filter((each) => each.outlook.status === 'ok').map(entry),
    overdue: report.types.filter((each) => each.outlook.status === 'overdue').map((each) => ({ ...entry(each), daysSince: each.outlook.daysSince })),
    notEnough: report.types.filter((each) => each.outlook.status === 'not-enough').map((each) => ({ type: each.outlook.type, recentRounds: each.outlook.recentRounds, needed: OUTLOOK.basisRounds, last: last(each), backtest: backtestJson(each) })),
  };
}

function share(hits: number | null, of: number): string {
  return hits === null ? '—' : of ? `${hits}/${of} (${Math.round((hits / of) * 100)}%)` : '—';
}

export function formatOutlook(report: NextRoundReport): string {
  const row = ({ outlook, backtest }: TypeOutlook) => {
    const when = outlook.window ? `${outlook.window.from} to ${outlook.window.to}` : outlook.status === 'overdue' ? `overdue (${outlook.daysSince} days since ${outlook.last!.date})` : 'not enough recent rounds';
    const band = outlook.cutoff ? `${outlook.cutoff.low}–${outlook.cutoff.high}` : '—';
    return [outlook.type.padEnd(16), when.padEnd(36), band.padStart(9), share(backtest.dateHits, backtest.rounds).padStart(14), share(backtest.cutoffHits, backtest.rounds).padStart(14), `  ${basisLine(outlook)}`].join(' ');
  };
  return [
    `outlook as of ${report.asOf}, from the rounds stored before it (IRCC publishes no schedule; this is a pattern, not a promise)`,
    `ranges sized to hold the next round ${Math.round(OUTLOOK.coverage * 100)}% of the time; "held": the walk-forward backtest since 2024`,
    '',
    `${'type'.padEnd(16)} ${'next round'.padEnd(36)} ${'cut-off'.padStart(9)} ${'window held'.padStart(14)} ${'band held'.padStart(14)}   basis`,
    row(report.any),
    ...report.types.map(row),
  ].join('\n');
}
