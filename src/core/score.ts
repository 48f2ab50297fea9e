import type { CategoryCatalog } from './categories.ts';
import type { Draw } from './draw.ts';
import { addMonths } from './period.ts';
import type { DrawQueries } from './queries.ts';
import { PNP } from './trend.ts';

/**
 * "Would my score have made it?": a CRS score against rounds already held. A score meets a round
 * when it is at least the cut-off (at the cut-off itself, the tie-breaking rule decided). This
 * looks back only; it says nothing about rounds to come.
 */

export const CRS_MIN = 0;
export const CRS_MAX = 1200;
/** How far back "recent" reaches, and the windows counted. */
export const SCORE_WINDOWS = [6, 12] as const;

export interface WindowCount {
  months: number;
  /** First day of the window (YYYY-MM-DD), inclusive; the window ends today. */
  from: string;
  rounds: number;
  met: number;
}

export interface ScoreAgainstType {
  category: string;
  latest: Draw;
  /** Score minus the latest cut-off: ≥ 0 met it. */
  margin: number;
  windows: WindowCount[];
  /** Every round of the type held. */
  ever: { rounds: number; met: number; since: string };
}

export interface ScoreResult {
  crs: number;
  /** In catalog order, PNP last. */
  types: ScoreAgainstType[];
  /** Types that held rounds, but none in the longest window: left out of the overview. */
  notRecent: string[];
}

export function scoreAgainst(
  { queries, categories }: { queries: DrawQueries; categories: CategoryCatalog },
  crs: number,
  { category, today }: { category?: string; today: string },
): ScoreResult {
  const longest = addMonths(today, -Math.max(...SCORE_WINDOWS));
  const order = categories.categories.map((definition) => definition.id).sort((a, b) => Number(a === PNP) - Number(b === PNP));
  const types: ScoreAgainstType[] = [];
  const notRecent: string[] = [];
  const windows = SCORE_WINDOWS.map((months) => ({ months, from: addMonths(today, -months) }));
  for (const id of category ? [category] : order) {
    // Newest first. Counted in place rather than filtered into copies: every /crs answer asks this too.
    const draws = queries.ofCategory(id);
    let first = 0;
    while (first < draws.length && draws[first]!.date > today) first++;
    const latest = draws[first];
    if (!latest) continue;
    if (!category && latest.date < longest) {
      notRecent.push(id);
      continue;
    }
    const count = (from: string) => {
      let rounds = 0;
      let met = 0;
      for (let index = first; index < draws.length; index++) {
        const draw = draws[index]!;
        if (draw.date < from) continue;
        rounds++;
        if (crs >= draw.crs) met++;
      }
      return { rounds, met };
    };
    types.push({
      category: id,
      latest,
      margin: crs - latest.crs,
      windows: windows.map(({ months, from }) => ({ months, from, ...count(from) })),
      ever: { ...count(''), since: draws.at(-1)!.date },
    });
  }
  return { crs, types, notRecent };
}

export interface RecentType {
  category: string;
  /** The type's newest round held on or before today. */
  latest: Draw;
}

/** Per history (the stored array, replaced whenever it changes) and day: the answer is the same all day. */
const recentByHistory = new WeakMap<readonly Draw[], { today: string; types: RecentType[] }>();

/**
 * The latest round of each type held in the longest window (the last 12 months), in catalog order,
 * PNP last: what /crs compares a profile with. scoreAgainst's `types` without the window counts,
 * kept for the day, since every /crs answer asks it.
 */
export function recentTypes({ queries, categories }: { queries: DrawQueries; categories: CategoryCatalog }, today: string): readonly RecentType[] {
  const history = queries.all;
  const held = recentByHistory.get(history);
  if (held?.today === today) return held.types;
  const longest = addMonths(today, -Math.max(...SCORE_WINDOWS));
  const order = categories.categories.map((definition) => definition.id).sort((a, b) => Number(a === PNP) - Number(b === PNP));
  const types: RecentType[] = [];
  for (const id of order) {
    const latest = queries.ofCategory(id).find((draw) => draw.date <= today);
    if (latest && latest.date >= longest) types.push({ category: id, latest });
  }
  recentByHistory.set(history, { today, types });
  return types;
}
