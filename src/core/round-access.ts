import type { CategoryCatalog, CategoryVersion } from './categories.ts';

/**
 * Who a round of a type invites, beside the cut-off: a category round only candidates whose
 * occupation is on the category's list (a French round: whose French results reach the list's
 * level), a CEC round only candidates with Canadian work. A score above a cut-off means nothing
 * for a round the candidate could not have received: /score and /crs compare with these in mind.
 */

export const FRENCH_CATEGORY = 'french';
export const CEC = 'cec';

/** What is known of the candidate; null for a score alone (/score). */
export interface Candidate {
  /** NCLC levels of a French test (first or second language), null without one. */
  french: readonly number[] | null;
  /** Years of skilled work in Canada. */
  canadianWork: number;
  /** NOC 2021 code of the candidate's occupation, null when not given. */
  noc: string | null;
}

export type RoundAccess =
  /** The candidate could have received it (for a category: on the list in force, `version`). */
  | { kind: 'open'; version: CategoryVersion | null }
  /** A category that depends on the occupation, not given. */
  | { kind: 'if-occupation'; version: CategoryVersion | null }
  /** The French category, for a score alone: `minimum` is its NCLC level in all four (null when the list does not say it plainly). */
  | { kind: 'if-french'; minimum: number | null }
  | { kind: 'closed'; reason: 'french'; minimum: number | null }
  | { kind: 'closed'; reason: 'occupation'; version: CategoryVersion | null }
  | { kind: 'closed'; reason: 'canadian-work' };

/** A category's list on a day: the one in force, else its newest (a type whose list ended still shows its last). */
interface List {
  version: CategoryVersion | null;
  inForce: boolean;
}

/** Per catalog and day: every /crs answer asks of half a dozen types, and the lists change only with the day. */
const listsByCatalog = new WeakMap<CategoryCatalog, { today: string; lists: Map<string, List>; french: number | null | undefined }>();

function listsOn(categories: CategoryCatalog, today: string) {
  let held = listsByCatalog.get(categories);
  if (held?.today !== today) listsByCatalog.set(categories, (held = { today, lists: new Map(), french: undefined }));
  return held;
}

function listOf(categories: CategoryCatalog, id: string, today: string): List {
  const { lists } = listsOn(categories, today);
  let list = lists.get(id);
  if (!list) {
    const inForce = categories.versionOn(id, today);
    list = { version: inForce ?? categories.versionsOf(id).filter((version) => version.effectiveFrom <= today).at(-1) ?? null, inForce: inForce !== undefined };
    lists.set(id, list);
  }
  return list;
}

/** The French category's NCLC level in all four abilities, read from its list's language rule ("NCLC 7 in all 4 abilities"). */
export function frenchMinimum(categories: CategoryCatalog, today: string): number | null {
  const held = listsOn(categories, today);
  if (held.french === undefined) {
    const rule = listOf(categories, FRENCH_CATEGORY, today).version?.languageRule ?? '';
    const match = /NCLC\s*(\d+)/i.exec(rule);
    held.french = match && /all\s+(4|four)/i.test(rule) ? Number(match[1]) : null;
  }
  return held.french;
}

/** Whether rounds of `categoryId` are for everyone with the score, for this candidate, or depend on what is not known. */
export function roundAccess(categories: CategoryCatalog, categoryId: string, today: string, candidate: Candidate | null): RoundAccess {
  const definition = categories.get(categoryId);
  if (definition?.kind !== 'category') {
    // CEC takes a year of skilled work in Canada (IRPR s. 87.1); none at all settles it.
    if (categoryId === CEC && candidate && candidate.canadianWork === 0) return { kind: 'closed', reason: 'canadian-work' };
    return { kind: 'open', version: null };
  }
  if (categoryId === FRENCH_CATEGORY) {
    const minimum = frenchMinimum(categories, today);
    if (!candidate || minimum === null) return { kind: 'if-french', minimum };
    return candidate.french?.every((level) => level >= minimum) ? { kind: 'open', version: null } : { kind: 'closed', reason: 'french', minimum };
  }
  const { version, inForce } = listOf(categories, categoryId, today);
  if (!candidate?.noc) return { kind: 'if-occupation', version };
  return inForce && version?.noc.includes(candidate.noc) ? { kind: 'open', version } : { kind: 'closed', reason: 'occupation', version };
}
