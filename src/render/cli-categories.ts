import type { CategoryLists } from '../store/category-lists.ts';
import type { CategoryCatalog, CategoryVersion } from '../core/categories.ts';
import { hasChanges, type CategoryListChanges } from '../core/category-diff.ts';

/** The text of `cli categories` and `cli categories check FILE`, for an operator. */

export function formatListsInForce(lists: CategoryLists, today: string): string {
  const { catalog } = lists;
  const current = catalog.versions.filter((version) => version.effectiveFrom <= today && (version.effectiveTo === null || today <= version.effectiveTo));
  return [
    `lists in force: ${lists.file}`,
    `  ${lists.origin === 'data-dir' ? "the operator's file in DATA_DIR (it replaces the shipped lists)" : `shipped with the bot (put a ${'categories.json'} in DATA_DIR to replace them)`}`,
    `  ${catalog.versions.length} versions of ${catalog.categories.length} round types; newest list from ${newestStart(catalog) ?? '—'}`,
    `in force on ${today}:`,
    ...current.map((version) => `  ${describeVersion(version)}`),
  ].join('\n');
}

export function formatListChanges(file: string, candidate: CategoryCatalog, inForce: CategoryLists, changes: CategoryListChanges): string {
  const lines = [
    `${file}: valid — ${candidate.versions.length} versions of ${candidate.categories.length} round types`,
    `against the lists in force (${inForce.file}):`,
  ];
  if (!hasChanges(changes)) return [...lines, '  no change'].join('\n');
  const section = (title: string, items: string[]) => (items.length ? [`  ${title}:`, ...items.map((item) => `    ${item}`)] : []);
  return [
    ...lines,
    ...section('round types added', changes.categoriesAdded),
    ...section('round types removed', changes.categoriesRemoved),
    ...section('versions added', changes.versionsAdded.map(describeVersion)),
    ...section('versions removed', changes.versionsRemoved.map(describeVersion)),
    ...section('versions ended', changes.versionsEnded.map(({ version, was }) => `${version.id}: ends ${version.effectiveTo} (was ${was ?? 'open-ended'})`)),
    ...section('occupations (newest version of each type)', changes.occupations.map((change) => `${change.category}: ${[
      change.in.length ? `in ${change.in.join(', ')}` : '',
      change.out.length ? `out ${change.out.join(', ')}` : '',
    ].filter(Boolean).join('; ')}`)),
    'restart the bot to use it once it is in DATA_DIR as categories.json',
  ].join('\n');
}

function describeVersion(version: CategoryVersion): string {
  const span = `${version.effectiveFrom} – ${version.effectiveTo ?? 'open'}`;
  const occupations = version.noc.length ? `, ${version.noc.length} occupations` : '';
  return `${version.id} (${version.label}; ${span}${occupations}${version.uncertain ? '; uncertain' : ''})`;
}

function newestStart(catalog: CategoryCatalog): string | undefined {
  return catalog.versions.at(-1)?.effectiveFrom;
}
