import type { CategoryCatalog, CategoryVersion } from './categories.ts';
import type { Draw } from './draw.ts';
import { programEligibility, type NocCatalog, type NocUnit, type ProgramEligibility } from './noc.ts';
import type { DrawQueries } from './queries.ts';

export interface CategoryListing {
  version: CategoryVersion;
  /** The category's newest round, and whether the list in force for it named this occupation. */
  latestRound: Draw | null;
  latestRoundListedIt: boolean;
}

export interface Eligibility {
  unit: NocUnit;
  programs: ProgramEligibility;
  /** Versions in force on the date that list the code. */
  current: CategoryListing[];
  /** Versions that ended before the date and listed it. */
  earlier: CategoryVersion[];
  /** Versions announced to start after the date that list it. */
  upcoming: CategoryVersion[];
}

export type CodeLookup =
  | { kind: 'found'; eligibility: Eligibility }
  | { kind: 'noc2016'; code: string }
  | { kind: 'unknown'; code: string }
  | { kind: 'malformed' };

/** What Express Entry makes of one NOC 2021 code on a date (YYYY-MM-DD). */
export function lookUpCode(code: string, date: string, deps: { noc: NocCatalog; categories: CategoryCatalog; queries: DrawQueries }): CodeLookup {
  const digits = code.trim();
  if (/^\d{4}$/.test(digits)) return { kind: 'noc2016', code: digits };
  if (!/^\d{5}$/.test(digits)) return { kind: 'malformed' };
  const unit = deps.noc.get(digits);
  if (!unit) return { kind: 'unknown', code: digits };
  const listing = deps.categories.versions.filter((version) => version.noc.includes(digits));
  const current = listing
    .filter((version) => version.effectiveFrom <= date && (version.effectiveTo === null || date <= version.effectiveTo))
    .map((version) => {
      const latestRound = deps.queries.ofCategory(version.category)[0] ?? null;
      const roundVersion = latestRound?.category.version ? deps.categories.version(latestRound.category.version) : undefined;
      return { version, latestRound, latestRoundListedIt: !!roundVersion?.noc.includes(digits) };
    });
  return {
    kind: 'found',
    eligibility: {
      unit,
      programs: programEligibility(digits),
      current,
      earlier: listing.filter((version) => version.effectiveTo !== null && version.effectiveTo < date),
      upcoming: listing.filter((version) => version.effectiveFrom > date),
    },
  };
}
