import type { CategoryCatalog, CategoryVersion } from './categories.ts';

/** What a candidate lists file would change against the lists in force (`cli categories check`). */
export interface CategoryListChanges {
  categoriesAdded: string[];
  categoriesRemoved: string[];
  versionsAdded: CategoryVersion[];
  versionsRemoved: CategoryVersion[];
  /** Versions open-ended in force that the candidate gives an end date (or a different one). */
  versionsEnded: { version: CategoryVersion; was: string | null }[];
  /** Per category, its newest version's occupations in the candidate against those in force. */
  occupations: { category: string; in: string[]; out: string[] }[];
}

export function diffCategoryLists(inForce: CategoryCatalog, candidate: CategoryCatalog): CategoryListChanges {
  const ids = (catalog: CategoryCatalog) => new Set(catalog.categories.map((category) => category.id));
  const before = ids(inForce);
  const after = ids(candidate);
  const versionsBefore = new Map(inForce.versions.map((version) => [version.id, version]));
  const versionsAfter = new Map(candidate.versions.map((version) => [version.id, version]));
  const occupations = [...new Set([...before, ...after])].flatMap((category) => {
    const old = new Set(newestVersion(inForce, category)?.noc ?? []);
    const fresh = new Set(newestVersion(candidate, category)?.noc ?? []);
    const entered = [...fresh].filter((code) => !old.has(code)).sort();
    const left = [...old].filter((code) => !fresh.has(code)).sort();
    return entered.length || left.length ? [{ category, in: entered, out: left }] : [];
  });
  return {
    categoriesAdded: [...after].filter((id) => !before.has(id)),
    categoriesRemoved: [...before].filter((id) => !after.has(id)),
    versionsAdded: candidate.versions.filter((version) => !versionsBefore.has(version.id)),
    versionsRemoved: inForce.versions.filter((version) => !versionsAfter.has(version.id)),
    versionsEnded: candidate.versions.flatMap((version) => {
      const was = versionsBefore.get(version.id);
      return was && version.effectiveTo !== null && was.effectiveTo !== version.effectiveTo ? [{ version, was: was.effectiveTo }] : [];
    }),
    occupations,
  };
}

function newestVersion(catalog: CategoryCatalog, category: string): CategoryVersion | undefined {
  return catalog.versionsOf(category).at(-1);
}

export function hasChanges(changes: CategoryListChanges): boolean {
  return Object.values(changes).some((list) => list.length > 0);
}
