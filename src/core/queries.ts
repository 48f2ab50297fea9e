import type { CategoryCatalog } from './categories.ts';
import type { Draw } from './draw.ts';
import type { NocCatalog } from './noc.ts';
import type { Plan, PlansSeed } from './plans.ts';
import type { ProcessingTimesSource } from './processing-times/queries.ts';

/** How fresh the answers are: the newest round held, and when IRCC's feed was last read. */
export interface Freshness {
  newest: { number: string; date: string } | null;
  /** Last time IRCC's feed was reached (a sync, or a poll answered 304; ISO instant); null while only the shipped snapshot is held. */
  checkedAt: string | null;
  /** Date of the shipped snapshot the history started from, if it did. */
  snapshotDate: string | null;
}

export interface CoreData {
  draws: () => readonly Draw[];
  freshness: () => Freshness;
  categories: CategoryCatalog;
  noc: NocCatalog;
  plans: PlansSeed;
  /** IRCC's processing times as kept; absent where none are (tests of other answers). */
  processingTimes?: ProcessingTimesSource | null;
}

export interface TypeSummary {
  category: string;
  rounds: number;
  invitations: number;
  /** Share of the year's invitations; with a plan, of the invitations in the round types it covers. */
  share: number | null;
  planShare: number | null;
  /** Null for a planned type that held no round that year. */
  latest: Draw | null;
}

export interface YearSummary {
  year: number;
  rounds: number;
  invitations: number;
  types: TypeSummary[];
  plan: Plan | null;
  /** Invitations in round types the plan does not cover (program rounds), when there is a plan. */
  outsidePlan: { categories: string[]; invitations: number } | null;
}

interface Index {
  source: readonly Draw[];
  byCategory: Map<string, Draw[]>;
  byNumber: Map<string, Draw>;
}

/** Read-only questions over the stored history. Indexes are rebuilt only when the history changes. */
export class DrawQueries {
  readonly #data: CoreData;
  #index: Index | null = null;

  constructor(data: CoreData) {
    this.#data = data;
  }

  get all(): readonly Draw[] {
    return this.#data.draws();
  }

  #indexed(): Index {
    const draws = this.#data.draws();
    if (this.#index?.source !== draws) {
      const byCategory = new Map<string, Draw[]>();
      const byNumber = new Map<string, Draw>();
      for (const draw of draws) {
        const list = byCategory.get(draw.category.id) ?? [];
        list.push(draw);
        byCategory.set(draw.category.id, list);
        byNumber.set(draw.number, draw);
      }
      this.#index = { source: draws, byCategory, byNumber };
    }
    return this.#index;
  }

  /** The round with this number ("411", "91a"), if held. */
  round(number: string): Draw | undefined {
    return this.#indexed().byNumber.get(number);
  }

  /** Newest first. */
  ofCategory(categoryId: string): readonly Draw[] {
    return this.#indexed().byCategory.get(categoryId) ?? [];
  }

  latest(categoryId?: string): { draw: Draw; previous: Draw | null } | null {
    if (!categoryId) {
      const draw = this.all[0];
      return draw ? { draw, previous: this.ofCategory(draw.category.id)[1] ?? null } : null;
    }
    const [draw, previous] = this.ofCategory(categoryId);
    return draw ? { draw, previous: previous ?? null } : null;
  }

  history(categoryId: string, count: number): readonly Draw[] {
    return this.ofCategory(categoryId).slice(0, count);
  }

  latestPool(): Draw | null {
    return this.all.find((draw) => draw.pool !== null) ?? null;
  }

  /** Years with at least one round, newest first. */
  years(): number[] {
    return [...new Set(this.all.map((draw) => Number(draw.date.slice(0, 4))))];
  }

  year(year: number): YearSummary {
    const prefix = `${year}-`;
    const draws = this.all.filter((draw) => draw.date.startsWith(prefix));
    const plan = this.#data.plans.plans.find((candidate) => candidate.year === year) ?? null;
    const planned = new Map(plan?.shares.map((share) => [share.category, share.share]));
    const groups = new Map<string, Draw[]>();
    for (const draw of draws) groups.set(draw.category.id, [...(groups.get(draw.category.id) ?? []), draw]);
    const sum = (list: readonly Draw[]) => list.reduce((total, draw) => total + draw.invitations, 0);
    const invitations = sum(draws);
    const covered = plan ? sum(draws.filter((draw) => planned.has(draw.category.id))) : invitations;
    const types: TypeSummary[] = [...groups].map(([category, list]) => {
      const inScope = !plan || planned.has(category);
      return {
        category,
        rounds: list.length,
        invitations: sum(list),
        share: inScope && covered ? sum(list) / covered : null,
        planShare: planned.get(category) ?? null,
        latest: list[0]!,
      };
    });
    // Planned types that held no round yet still show, at 0: "how far along is each?"
    for (const [category, share] of planned) {
      if (!groups.has(category)) types.push({ category, rounds: 0, invitations: 0, share: 0, planShare: share, latest: null });
    }
    types.sort((a, b) => b.invitations - a.invitations || a.category.localeCompare(b.category));
    const outside = plan ? types.filter((type) => !planned.has(type.category)) : [];
    return {
      year,
      rounds: draws.length,
      invitations,
      types,
      plan,
      outsidePlan: plan ? { categories: outside.map((type) => type.category), invitations: sum(outside.flatMap((type) => groups.get(type.category) ?? [])) } : null,
    };
  }

  freshness(): Freshness {
    return this.#data.freshness();
  }
}
