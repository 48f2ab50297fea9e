import type { Draw } from '../draw.ts';
import { backtestOf, type Backtest } from './backtest.ts';
import { ANY_ROUND, OUTLOOK, outlookOf, type Outlook } from './method.ts';

export { ANY_ROUND, OUTLOOK, type Outlook } from './method.ts';
export { BACKTEST_FROM, type Backtest } from './backtest.ts';

/** One type's outlook with the backtest of the same method on that type. */
export interface TypeOutlook {
  outlook: Outlook;
  backtest: Backtest;
}

export interface NextRoundReport {
  asOf: string;
  /** The next round of any type. */
  any: TypeOutlook;
  /** Every type with a round before the as-of date: ranges first (soonest window first), then overdue, then too few rounds. */
  types: TypeOutlook[];
}

/**
 * Outlooks already computed, per history: the store replaces its array of rounds when they change,
 * so an answer asked again the same day costs nothing, and a new round starts afresh.
 */
const computed = new WeakMap<readonly Draw[], Map<string, TypeOutlook>>();

/** One type's outlook and backtest, as of a date (only rounds dated before it are read). */
export function typeOutlook(draws: readonly Draw[], type: string, asOf: string): TypeOutlook {
  let known = computed.get(draws);
  if (!known) computed.set(draws, (known = new Map()));
  const key = `${type}|${asOf}`;
  let found = known.get(key);
  if (!found) {
    // A few types a day; a bound all the same.
    if (known.size >= 256) known.clear();
    known.set(key, (found = { outlook: outlookOf(draws, type, asOf), backtest: backtestOf(draws, type, asOf) }));
  }
  return found;
}

const ORDER: Record<Outlook['status'], number> = { ok: 0, overdue: 1, 'not-enough': 2 };

/** The outlook for every type (those given, in that order where nothing else decides) with a round before the as-of date. */
export function nextRoundReport(draws: readonly Draw[], types: readonly string[], asOf: string): NextRoundReport {
  const held = new Set<string>();
  for (const draw of draws) if (draw.date < asOf) held.add(draw.category.id);
  const reports = types.filter((type) => held.has(type)).map((type) => typeOutlook(draws, type, asOf));
  reports.sort((a, b) => ORDER[a.outlook.status] - ORDER[b.outlook.status] || (a.outlook.window && b.outlook.window ? a.outlook.window.from.localeCompare(b.outlook.window.from) : 0));
  return { asOf, any: typeOutlook(draws, ANY_ROUND, asOf), types: reports };
}

/** "from the last 10 cec rounds (2025-11-12 to 2026-04-14)": the basis in one line, for machines and logs. */
export function basisLine(outlook: Outlook): string {
  if (!outlook.basis.length) return `not enough recent rounds (${outlook.recentRounds} in the ${OUTLOOK.recentDays} days before ${outlook.asOf}; ${OUTLOOK.basisRounds} needed)`;
  const what = outlook.type === ANY_ROUND ? 'days with a round' : `${outlook.type} rounds`;
  return `from the last ${outlook.basis.length} ${what} (${outlook.basis[0]!.date} to ${outlook.basis.at(-1)!.date})`;
}
