import type { CategoryCatalog } from './categories.ts';
import type { Draw } from './draw.ts';
import { DEFAULT_PERIOD, daysBetween, inWindow, periodWindow, type DateWindow, type Period } from './period.ts';
import type { DrawQueries } from './queries.ts';

/**
 * Which rounds a trend shows: the cut-offs of one or several round types over a period. PNP
 * cut-offs include the 600 points of a nomination (docs/FORMAT.md), so the overview of every type
 * leaves PNP out; it shows only when asked for by name.
 */

export const PNP = 'pnp';

export interface TrendRequest {
  /** Round types asked for by name; empty or absent: the overview of every type but PNP. */
  types?: readonly string[];
  /** Absent: the default (12 months), widened to all rounds when fewer than two fall in it. */
  period?: Period;
  /** YYYY-MM-DD in the bot's time zone. */
  today: string;
}

export interface TrendSeries {
  category: string;
  /** Oldest first. */
  draws: Draw[];
}

export interface Trend {
  period: Period;
  /** Ends at the newest round held (never after today), not at today: a chart of old data is not mostly empty. */
  window: DateWindow;
  /** The day the data ends, when it is well before today (shipped data, a feed not read for weeks): titles say it. */
  dataEnds: string | null;
  /** The overview of every round type (no type named). */
  overview: boolean;
  /** The default period held fewer than two rounds (`defaultRounds`), so every round is shown. */
  widened: boolean;
  defaultRounds: number;
  /** In catalog order; a type asked for by name is kept even with no round in the window. */
  series: TrendSeries[];
  /** PNP rounds in the window that the overview left out. */
  pnpLeftOut: number;
  /** Every round shown, oldest first. */
  draws: Draw[];
}

export function selectTrend({ queries, categories }: { queries: DrawQueries; categories: CategoryCatalog }, request: TrendRequest): Trend {
  const named = [...new Set(request.types ?? [])];
  const overview = named.length === 0;
  const pick = (period: Period) => select(queries, categories, named, period, request.today);
  const first = pick(request.period ?? DEFAULT_PERIOD);
  const defaultRounds = first.draws.length;
  if (request.period || defaultRounds >= 2) return { ...first, overview, widened: false, defaultRounds };
  const all = pick({ kind: 'all' });
  return all.draws.length > defaultRounds ? { ...all, overview, widened: true, defaultRounds } : { ...first, overview, widened: false, defaultRounds };
}

/** Past this many days between the newest round and today, a trend's title says where its data ends. */
const STALE_DAYS = 31;

function select(queries: DrawQueries, categories: CategoryCatalog, named: string[], period: Period, today: string) {
  const overview = named.length === 0;
  const eligible = (draw: Draw) => (overview ? draw.category.id !== PNP : named.includes(draw.category.id));
  // The data's present: the newest round held of any type (a round dated after today is not yet news).
  const end = queries.all.find((draw) => draw.date <= today)?.date ?? today;
  // "all" spans the rounds of the types shown, from their oldest to their newest.
  const oldest = period.kind === 'all' ? (queries.all.findLast(eligible)?.date ?? null) : null;
  const newest = period.kind === 'all' ? queries.all.find((draw) => draw.date <= today && eligible(draw))?.date : undefined;
  const window = periodWindow(period, newest ?? end, oldest);
  const dataEnds = daysBetween(end, today) > STALE_DAYS ? end : null;
  const byType = new Map<string, Draw[]>(named.map((id) => [id, []]));
  let pnpLeftOut = 0;
  const draws: Draw[] = [];
  // The history is newest first: walk it backwards for oldest-first series.
  for (let index = queries.all.length - 1; index >= 0; index--) {
    const draw = queries.all[index]!;
    if (!inWindow(draw.date, window)) continue;
    if (!eligible(draw)) {
      if (overview && draw.category.id === PNP) pnpLeftOut++;
      continue;
    }
    const list = byType.get(draw.category.id) ?? [];
    list.push(draw);
    byType.set(draw.category.id, list);
    draws.push(draw);
  }
  const order = new Map(categories.categories.map((category, index) => [category.id, index]));
  const series = [...byType]
    .map(([category, list]) => ({ category, draws: list }))
    .sort((a, b) => (order.get(a.category) ?? order.size) - (order.get(b.category) ?? order.size));
  return { period, window, dataEnds, series, pnpLeftOut, draws };
}

export interface SeriesStats {
  rounds: number;
  invitations: number;
  latest: Draw;
  lowest: Draw;
  highest: Draw;
}

/** Count, invitations, latest, lowest and highest cut-off of a series; null when it is empty. */
export function seriesStats(draws: readonly Draw[]): SeriesStats | null {
  const latest = draws.at(-1);
  if (!latest) return null;
  let lowest = latest;
  let highest = latest;
  let invitations = 0;
  for (const draw of draws) {
    invitations += draw.invitations;
    if (draw.crs < lowest.crs) lowest = draw;
    if (draw.crs > highest.crs) highest = draw;
  }
  return { rounds: draws.length, invitations, latest, lowest, highest };
}
