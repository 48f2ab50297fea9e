import type { CategoryCatalog } from './categories.ts';
import { lookUpCode, type CodeLookup } from './eligibility.ts';
import type { NocCatalog } from './noc.ts';
import type { PlansSeed } from './plans.ts';
import { ProcessingTimesQueries } from './processing-times/queries.ts';
import { DrawQueries, type CoreData } from './queries.ts';
import { CategoryInput, OccupationSearch } from './search.ts';

/** The draw-data core as commands see it: questions over the history and the catalogs, no I/O. */
export interface Core {
  queries: DrawQueries;
  categories: CategoryCatalog;
  noc: NocCatalog;
  plans: PlansSeed;
  occupations: OccupationSearch;
  categoryInput: CategoryInput;
  /** IRCC's processing times as kept (none held: answers say so). */
  processingTimes: ProcessingTimesQueries;
  lookUpCode(code: string, date: string): CodeLookup;
}

export function createCore(data: CoreData): Core {
  const queries = new DrawQueries(data);
  return {
    queries,
    categories: data.categories,
    noc: data.noc,
    plans: data.plans,
    occupations: new OccupationSearch(data.noc),
    categoryInput: new CategoryInput(data.categories),
    processingTimes: new ProcessingTimesQueries(data.processingTimes ?? null),
    lookUpCode: (code, date) => lookUpCode(code, date, { noc: data.noc, categories: data.categories, queries }),
  };
}

export type { CoreData, Freshness } from './queries.ts';
