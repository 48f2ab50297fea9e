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
  for (const id of category ? [category] : order) {
    const draws = queries.ofCategory(id).filter((draw) => draw.date <= today);
    const latest = draws[0];
    if (!latest) continue;
    if (!category && latest.date < longest) {
      notRecent.push(id);
      continue;
    }
    types.push({
      category: id,
      latest,
      margin: crs - latest.crs,
      windows: SCORE_WINDOWS.map((months) => {
        const from = addMonths(today, -months);
        const held = draws.filter((draw) => draw.date >= from);
        return { months, from, rounds: held.length, met: held.filter((draw) => crs >= draw.crs).length };
      }),
      ever: { rounds: draws.length, met: draws.filter((draw) => crs >= draw.crs).length, since: draws.at(-1)!.date },
    });
  }
  return { crs, types, notRecent };
}
