import MiniSearch from 'minisearch';
import type { CategoryCatalog } from './categories.ts';
import type { NocCatalog, NocUnit } from './noc.ts';
import { foldText } from './text.ts';


/** How many titles holding the words asked make near matches (typos, word starts) superfluous. */
const MIN_OUTRIGHT = 3;

/** Typos forgiven: one edit in a short word, two in a longer one. */
const fuzzy = (term: string) => (term.length <= 3 ? 0 : term.length <= 5 ? 1 : 2);
const processTerm = (term: string) => foldText(term) || null;

/** Finds occupations by code prefix or by title words, in either language, forgiving typos. */
export class OccupationSearch {
  readonly #units: readonly NocUnit[];
  readonly #titles: { unit: NocUnit; en: string; fr: string }[];
  readonly #byCode = new Map<string, NocUnit>();
  readonly #words = new Map<NocUnit, TitleWords[]>();
  #index: MiniSearch<{ code: string; en: string; fr: string }> | undefined;

  constructor(noc: NocCatalog) {
    this.#units = noc.units;
    this.#titles = noc.units.map((unit) => ({ unit, en: foldText(unit.en), fr: foldText(unit.fr) }));
    for (const unit of noc.units) this.#byCode.set(unit.code, unit);
  }

  /** A title's words in both languages, read once per occupation. */
  #titleWords(unit: NocUnit): TitleWords[] {
    let words = this.#words.get(unit);
    if (!words) this.#words.set(unit, (words = [titleWords(unit.en, 'en'), titleWords(unit.fr, 'fr')]));
    return words;
  }

  /** Built on the first search by title, not at start: most questions (and `cli ask "/latest"`) never need it. */
  #titleIndex() {
    if (this.#index) return this.#index;
    this.#index = new MiniSearch<{ code: string; en: string; fr: string }>({
      idField: 'code',
      fields: ['en', 'fr'],
      processTerm,
      searchOptions: { fuzzy: (term) => fuzzy(term) / Math.max(term.length, 1), prefix: true },
    });
    this.#index.addAll(this.#units.map(({ code, en, fr }) => ({ code, en, fr })));
    return this.#index;
  }

  /**
   * Best first; empty when nothing is close. `confident` only when there is no real choice: one
   * match, or one title that begins with the words asked ("software engineer" → "Software
   * engineers and designers"). Otherwise the member picks from the list.
   */
  find(query: string, limit = 5): { matches: NocUnit[]; confident: boolean } {
    const text = query.trim();
    if (/^\d+$/.test(text)) {
      const matches = this.#units.filter((unit) => unit.code.startsWith(text)).slice(0, limit);
      return { matches, confident: matches.length === 1 };
    }
    const folded = foldText(text);
    if (folded.length < 2) return { matches: [], confident: false };
    const terms = folded.split(' ').map(singular);
    const ranked = this.#titleIndex()
      .search(folded)
      .map((result, rank) => ({ unit: this.#byCode.get(String(result.id))!, rank }))
      .map((found) => ({ ...found, fit: titleFit(terms, this.#titleWords(found.unit)) }))
      .sort((a, b) => b.fit.words - a.fit.words || b.fit.heads - a.fit.heads || a.rank - b.rank);
    // Where the words asked name several occupations outright, titles that only look like them are
    // left out ("nurse" is no "Nursery"); a word half typed ("engin") keeps every near match.
    const outright = ranked.filter((found) => found.fit.words > 0).length;
    const matches = ranked.filter((found) => found.fit.words > 0 || outright < MIN_OUTRIGHT).slice(0, limit).map((found) => found.unit);
    const starting = this.#titles.filter((title) => title.en.startsWith(folded) || title.fr.startsWith(folded));
    const only = starting.length === 1 ? starting[0]!.unit : null;
    if (only) return { matches: [only, ...matches.filter((match) => match !== only)].slice(0, limit), confident: true };
    return { matches, confident: matches.length === 1 };
  }
}

/** A title's words, and which of them name the occupation (the nouns its parts end or, in French, begin with). */
interface TitleWords {
  words: Set<string>;
  heads: string[];
}

/**
 * How well a title answers the words asked, for ranking what the index found: a word asked that is
 * the title's own noun ("nurse" in "Registered nurses") counts most, then a word of the title
 * ("nurse" in "Nurse practitioners"), then a near or partial one ("Nursery"). `heads` breaks ties:
 * "Registered nurses and registered psychiatric nurses" names nurses twice.
 */
function titleFit(terms: readonly string[], titles: readonly TitleWords[]): { words: number; heads: number } {
  let words = 0;
  let heads = 0;
  for (const term of terms) {
    let best = 0;
    for (const title of titles) {
      const headCount = title.heads.filter((head) => head === term).length;
      best = Math.max(best, headCount ? 2 : title.words.has(term) ? 1 : 0);
      heads += headCount;
    }
    words += best;
  }
  return { words, heads };
}

/** "nurses" → "nurse", "infirmières" → "infirmiere" (folded): plurals asked and titled alike. */
function singular(word: string): string {
  return word.length > 3 && /[sx]$/.test(word) ? word.slice(0, -1) : word;
}

/**
 * The nouns a title's parts are about. English puts the noun last ("Licensed practical nurses"),
 * French first ("Infirmiers auxiliaires"); a title lists its parts with commas, "and"/"et", "or"/"ou"
 * and slashes ("Infirmiers autorisés/infirmières autorisées").
 */
function titleWords(title: string, language: 'en' | 'fr'): TitleWords {
  // "Computer engineers (except software engineers and designers)": what a title excludes never matches it.
  const parts = title.replace(/\((?:except|sauf)\b[^)]*\)/gi, ' ').split(/,|\/|\(|\)|\s(?:and|or|et|ou|except|sauf)\s/i).map((part) => foldText(part).split(' ').filter(Boolean).map(singular)).filter((part) => part.length);
  return { words: new Set(parts.flat()), heads: parts.map((part) => (language === 'en' ? part.at(-1)! : part[0]!)) };
}

export type CategoryMatch = { kind: 'found'; id: string } | { kind: 'unknown'; suggestions: string[] };

/** Reads a category as members type it: ids, names, common words, French, and typos ("helth"). */
export class CategoryInput {
  readonly #exact = new Map<string, string>();
  readonly #index = new MiniSearch<{ key: number; category: string; text: string }>({
    idField: 'key',
    fields: ['text'],
    storeFields: ['category'],
    processTerm,
    searchOptions: { fuzzy: (term) => fuzzy(term) / Math.max(term.length, 1), prefix: (term) => term.length >= 3 },
  });

  constructor(categories: CategoryCatalog) {
    const entries: { key: number; category: string; text: string }[] = [];
    for (const category of categories.categories) {
      for (const text of new Set([category.id, category.name.en, category.name.fr, category.short.en, category.short.fr, ...category.userAliases])) {
        const folded = foldText(text);
        if (!this.#exact.has(folded)) this.#exact.set(folded, category.id);
        entries.push({ key: entries.length, category: category.id, text });
      }
    }
    this.#index.addAll(entries);
  }

  /** Taken when exact, or when every close reading points to one category; else asked back. */
  match(input: string): CategoryMatch {
    const folded = foldText(input);
    const exact = this.#exact.get(folded);
    if (exact) return { kind: 'found', id: exact };
    if (!folded) return { kind: 'unknown', suggestions: [] };
    const ids = this.#ids(folded, {});
    if (ids.length === 1) return { kind: 'found', id: ids[0]! };
    // Nothing, or several: suggest what is one edit away, or what the words touched.
    return { kind: 'unknown', suggestions: (ids.length ? ids : this.#ids(folded, { fuzzy: 1 })).slice(0, 3) };
  }

  #ids(folded: string, options: { fuzzy?: number }): string[] {
    return [...new Set(this.#index.search(folded, { combineWith: 'AND', ...options }).map((result) => String(result.category)))];
  }
}
