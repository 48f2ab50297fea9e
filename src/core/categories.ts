import { z } from 'zod';
import type { CategoryRef } from './draw.ts';
import { foldText } from './text.ts';

/** seeds/categories.json (or an operator's DATA_DIR/categories.json), validated once by its loader. */

/** IRCC publishes its lists in Canada's two official languages; see `inLanguage` for others. */
const officialText = z.object({ en: z.string(), fr: z.string() });

export const categoryDefinitionSchema = z.object({
  id: z.string(),
  kind: z.enum(['program', 'category', 'other']),
  name: officialText,
  /** For tables and chart legends: "STEM", "PNP", "Santé". */
  short: officialText,
  /** Feed labels that mean this category, whatever the version (old names kept after renames). */
  aliases: z.array(z.string()),
  /** Fragments of labels not seen yet; the longest match wins ("federal skilled trades" over "trade"). */
  keywords: z.array(z.string()),
  /** What members type: "health", "francais", "tech". */
  userAliases: z.array(z.string()),
});

/**
 * A source as a member would cite it. A field the compilers of the lists did not record is null
 * (never guessed); `note` says how the source was used or why it is second-hand.
 */
export const citationSchema = z.object({
  publisher: z.string().min(1),
  title: z.string().min(1).nullable(),
  /** YYYY, YYYY-MM or YYYY-MM-DD: as precise as the source says. */
  date: z.string().regex(/^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$/, 'expected YYYY, YYYY-MM or YYYY-MM-DD').nullable(),
  url: z.url({ protocol: /^https?$/ }).nullable(),
  note: z.string().min(1).nullable(),
});
export type Citation = z.infer<typeof citationSchema>;

export const categoryVersionSchema = z.object({
  id: z.string(),
  category: z.string(),
  label: z.string(),
  drawNames: z.array(z.string()),
  drawNamesFr: z.array(z.string()),
  effectiveFrom: z.iso.date(),
  effectiveTo: z.iso.date().nullable(),
  minExperienceMonths: z.number().nullable(),
  experienceRule: z.string().nullable(),
  languageRule: z.string().nullable(),
  canadianExperienceRequired: z.boolean(),
  noc: z.array(z.string().regex(/^\d{5}$/)),
  /** Where the list was read: one or more sources. */
  sources: z.array(citationSchema).min(1),
  uncertain: z.boolean(),
  /** Required with `uncertain`: what exactly is uncertain. */
  uncertainReason: z.string().nullable(),
  notes: z.string().nullable(),
}).refine((version) => !version.uncertain || Boolean(version.uncertainReason?.trim()), { message: 'an uncertain list needs an uncertainReason saying what is uncertain', path: ['uncertainReason'] });

export const categorySeedSchema = z.object({
  about: z.object({ source: z.string(), licence: z.string() }).loose(),
  categories: z.array(categoryDefinitionSchema),
  versions: z.array(categoryVersionSchema),
}).superRefine(({ versions }, ctx) => {
  for (const { at, message } of versionConflicts(versions)) ctx.addIssue({ code: 'custom', path: ['versions', ...at], message });
});

/**
 * What the schema of one version cannot see and answers would get wrong: a version id used twice
 * (one of the two lists is silently lost), a version ending before it begins, and two versions of
 * one category in force on the same day (which list is "the" list then?). Each names both.
 */
function versionConflicts(versions: readonly CategoryVersion[]): { at: (string | number)[]; message: string }[] {
  const conflicts: { at: (string | number)[]; message: string }[] = [];
  const span = (version: CategoryVersion) => `${version.effectiveFrom} – ${version.effectiveTo ?? 'open'}`;
  const firstIndex = new Map<string, number>();
  versions.forEach((version, index) => {
    const earlier = firstIndex.get(version.id);
    if (earlier === undefined) firstIndex.set(version.id, index);
    else conflicts.push({ at: [index, 'id'], message: `version id ${version.id} is used twice, by versions.${earlier} (${versions[earlier]!.category}, ${span(versions[earlier]!)}) and versions.${index} (${version.category}, ${span(version)}): give each version its own id` });
    if (version.effectiveTo !== null && version.effectiveTo < version.effectiveFrom) {
      conflicts.push({ at: [index, 'effectiveTo'], message: `version ${version.id} ends (${version.effectiveTo}) before it begins (${version.effectiveFrom})` });
    }
  });
  const byCategory = new Map<string, { version: CategoryVersion; index: number }[]>();
  versions.forEach((version, index) => byCategory.set(version.category, [...(byCategory.get(version.category) ?? []), { version, index }]));
  for (const [category, entries] of byCategory) {
    // Sorted by start, versions overlap somewhere only if two neighbours do.
    const sorted = entries.toSorted((a, b) => a.version.effectiveFrom.localeCompare(b.version.effectiveFrom));
    for (const [previous, next] of sorted.slice(1).map((entry, position) => [sorted[position]!, entry] as const)) {
      if (previous.version.effectiveTo !== null && previous.version.effectiveTo < next.version.effectiveFrom) continue;
      conflicts.push({
        at: [next.index, 'effectiveFrom'],
        message: `versions ${previous.version.id} (${span(previous.version)}) and ${next.version.id} (${span(next.version)}) are both ${category} lists in force on ${next.version.effectiveFrom}: end ${previous.version.id} before ${next.version.id} begins`,
      });
    }
  }
  return conflicts;
}

export type CategoryDefinition = z.infer<typeof categoryDefinitionSchema>;
export type CategoryVersion = z.infer<typeof categoryVersionSchema>;
export type CategorySeed = z.infer<typeof categorySeedSchema>;

export const OTHER_CATEGORY = 'other';

export interface LabelMatch extends CategoryRef {
  matchedBy: 'alias' | 'keyword' | 'none';
}

export class CategoryCatalog {
  readonly categories: readonly CategoryDefinition[];
  readonly versions: readonly CategoryVersion[];
  readonly about: CategorySeed['about'];
  readonly #byId = new Map<string, CategoryDefinition>();
  readonly #versionById = new Map<string, CategoryVersion>();
  readonly #labelAliases = new Map<string, { category: string; version: string | null }>();
  readonly #keywords: { keyword: string; category: string }[];
  /** Label → what it names; a feed repeats a few dozen labels over hundreds of rounds. */
  readonly #labelCache = new Map<string, { category: string; version: string | null; matchedBy: LabelMatch['matchedBy']; unknownVersion?: string }>();
  /** Per category, the newest list year the lists know: from its versions' dates and labels. */
  readonly #newestYear = new Map<string, number>();

  /** From lists already validated (categorySeedSchema): the loader checks a file once, not twice per start. */
  constructor(parsed: CategorySeed) {
    this.about = parsed.about;
    this.categories = parsed.categories;
    this.versions = [...parsed.versions].sort((a, b) => a.effectiveFrom.localeCompare(b.effectiveFrom));
    for (const category of this.categories) {
      this.#byId.set(category.id, category);
      for (const alias of category.aliases) this.#labelAliases.set(foldText(alias), { category: category.id, version: null });
    }
    for (const version of this.versions) {
      if (!this.#byId.has(version.category)) throw new Error(`category version ${version.id} names unknown category ${version.category}`);
      this.#versionById.set(version.id, version);
      for (const name of [...version.drawNames, ...version.drawNamesFr]) {
        this.#labelAliases.set(foldText(name), { category: version.category, version: version.id });
      }
    }
    for (const version of this.versions) {
      const years = [version.effectiveFrom, ...version.drawNames, ...version.drawNamesFr].map((text) => Number(/^\d{4}/.exec(text)?.[0] ?? namedListVersion(text)?.year ?? 0));
      this.#newestYear.set(version.category, Math.max(this.#newestYear.get(version.category) ?? 0, ...years));
    }
    this.#keywords = this.categories
      .flatMap((category) => category.keywords.map((keyword) => ({ keyword: foldText(keyword), category: category.id })))
      .sort((a, b) => b.keyword.length - a.keyword.length);
  }

  get(id: string): CategoryDefinition | undefined {
    return this.#byId.get(id);
  }

  version(id: string): CategoryVersion | undefined {
    return this.#versionById.get(id);
  }

  /** The version of a category in force on a date (YYYY-MM-DD), if the category had one then. */
  versionOn(categoryId: string, date: string): CategoryVersion | undefined {
    return this.versions.findLast(
      (version) => version.category === categoryId && version.effectiveFrom <= date && (version.effectiveTo === null || date <= version.effectiveTo),
    );
  }

  versionsOf(categoryId: string): CategoryVersion[] {
    return this.versions.filter((version) => version.category === categoryId);
  }

  /**
   * Maps a feed label to a category: exact alias first (which also names the version), then the
   * longest keyword it contains (the version then comes from the date), else "other".
   */
  resolveLabel(label: string, date: string): LabelMatch {
    let match = this.#labelCache.get(label);
    if (!match) {
      match = this.#matchLabel(label);
      this.#labelCache.set(label, match);
    }
    if (match.unknownVersion) return { id: match.category, version: null, matchedBy: match.matchedBy, unknownVersion: match.unknownVersion };
    const version = match.version ?? (match.matchedBy === 'none' ? null : this.versionOn(match.category, date)?.id ?? null);
    return { id: match.category, version, matchedBy: match.matchedBy };
  }

  /** The CategoryRef stored with a round: what resolveLabel found, without how. */
  place(label: string, date: string): CategoryRef {
    const { matchedBy: _matchedBy, ...ref } = this.resolveLabel(label, date);
    return ref;
  }

  #matchLabel(label: string) {
    const folded = foldText(label);
    const alias = this.#labelAliases.get(folded);
    if (alias) return { ...alias, matchedBy: 'alias' as const };
    const hit = this.#keywords.find(({ keyword }) => ` ${folded} `.includes(` ${keyword}`));
    if (hit) {
      // A list the bot does not have yet (IRCC renews them every year): no version is better than last year's.
      const named = namedListVersion(label);
      const unknown = named && named.year > (this.#newestYear.get(hit.category) ?? Infinity) ? { unknownVersion: named.text } : {};
      return { category: hit.category, version: null, matchedBy: 'keyword' as const, ...unknown };
    }
    return { category: OTHER_CATEGORY, version: null, matchedBy: 'none' as const };
  }
}

/** The list version a round label names with its year: "2027-Version 1", "(2024-1)"; null when it names none. */
export function namedListVersion(label: string): { year: number; text: string } | null {
  const match = /\b(20\d\d)-version\s*\d+\b/i.exec(label) ?? /\((20\d\d)-\d+\)/.exec(label);
  return match ? { year: Number(match[1]), text: match[0].replace(/^\(|\)$/g, '') } : null;
}
