import { calculateCrs, scoreChecked } from './calculate.ts';
import { CANADIAN_EDUCATION, EDUCATION_LEVELS, type CanadianEducation, type CrsGrid, type EducationLevel } from './grid.ts';
import { ABILITIES, toLevels, type Ability, type Four, type LanguageResult, type OfficialLanguage } from './language.ts';
import { MAX_CANADIAN_WORK, MAX_FOREIGN_WORK, type CrsProfile } from './profile.ts';

/** Which language a change raises: the first official language, the other one, or the spouse's. */
export type LanguageSlot = 'first-language' | 'second-language' | 'spouse-language';

/** One change to a profile, and what it adds (recomputed by the calculator, caps and all). */
export type Improvement =
  /** `ability` null: all four abilities at `level` or more (a new test); else that one ability raised to `level`. */
  | { kind: LanguageSlot; language: OfficialLanguage | null; level: number; ability: Ability | null; gain: number }
  | { kind: 'canadian-work' | 'foreign-work' | 'spouse-work'; years: number; gain: number }
  | { kind: 'education' | 'spouse-education'; level: EducationLevel; gain: number }
  | { kind: 'canadian-education'; level: CanadianEducation; gain: number }
  | { kind: 'nomination'; gain: number };

export type ImprovementKind = Improvement['kind'];

export interface Improvements {
  /** The best change of each kind that adds points, most points first, at most `count` kinds. */
  changes: Improvement[];
  /**
   * A provincial nomination, apart: it adds more than anything else but is a province's decision
   * and a separate application, so it would always crowd the list. null when already nominated.
   */
  nomination: Improvement | null;
}

/** Kinds in the order a tie between them is shown: the ones in the candidate's own hands first. */
const KIND_ORDER: readonly ImprovementKind[] = [
  'first-language', 'second-language', 'canadian-work', 'foreign-work', 'education', 'canadian-education',
  'spouse-language', 'spouse-education', 'spouse-work',
];

const NO_LEVELS: Four = [0, 0, 0, 0];

interface Candidate {
  change: Improvement;
  /** How far the change goes (levels, years, steps of education): of two equal gains, the smaller change is shown. */
  size: number;
}

/**
 * Every single change a candidate could make, each scored by rebuilding the profile and running
 * the calculator — never by adding table values: a language test taken again, to any level (one
 * ability raised, or all four), in the first official language, the other one and the spouse's;
 * and one step up of everything else that comes a step at a time: a year more of Canadian or
 * foreign work or of the spouse's Canadian work, the next level of education (theirs, the
 * spouse's, in Canada). Not tried: what a person cannot change (age, a sibling), and a
 * certificate of qualification (a trade's, open only to tradespeople). Of each kind the best (the
 * smaller change on a tie), the kinds sorted by gain. test/core/crs/improve.test.ts checks it
 * against every single change, by brute force, on random profiles.
 */
export function bestImprovements(profile: CrsProfile, grid: CrsGrid, count = 3): Improvements {
  // Checked once here; each variant changes one factor to a value the grid knows, so it stays valid.
  const base = calculateCrs(profile, grid).total;
  // Languages as the levels they convert to, once: every variant then reads levels directly.
  const asLevels = (result: LanguageResult | null) => {
    if (!result) return null;
    const { language, levels } = toLevels(result);
    return levelResult(language, levels);
  };
  const start: CrsProfile = {
    ...profile,
    firstLanguage: asLevels(profile.firstLanguage)!,
    secondLanguage: asLevels(profile.secondLanguage),
    spouse: profile.spouse && { ...profile.spouse, language: asLevels(profile.spouse.language) },
  };
  const gain = (changed: CrsProfile) => scoreChecked(changed, grid).total - base;
  const best = new Map<ImprovementKind, Candidate>();
  const consider = (change: Improvement, size: number) => {
    if (change.gain <= 0) return;
    const held = best.get(change.kind);
    if (!held || change.gain > held.change.gain || (change.gain === held.change.gain && size < held.size)) best.set(change.kind, { change, size });
  };
  const levels = levelsThatCount(grid);

  const firstLanguage = officialLanguage(start.firstLanguage);
  const slots: { kind: LanguageSlot; language: OfficialLanguage | null; held: Four | null; apply: (result: LanguageResult) => CrsProfile }[] = [
    { kind: 'first-language', language: firstLanguage, held: start.firstLanguage.scores, apply: (result) => ({ ...start, firstLanguage: result }) },
    {
      kind: 'second-language', language: firstLanguage === 'english' ? 'french' : 'english', held: start.secondLanguage?.scores ?? null,
      apply: (result) => ({ ...start, secondLanguage: result }),
    },
  ];
  const spouse = start.spouse;
  if (spouse) {
    slots.push({
      kind: 'spouse-language', language: spouse.language ? officialLanguage(spouse.language) : null, held: spouse.language?.scores ?? null,
      apply: (result) => ({ ...start, spouse: { ...spouse, language: result } }),
    });
  }
  for (const { kind, language, held, apply } of slots) {
    // A spouse with no test yet: the levels score the same in English and French.
    const resultOf = (levels: Four) => apply(levelResult(language ?? 'english', levels));
    const current = held ?? NO_LEVELS;
    for (const level of levels) {
      const raised: Four = [Math.max(current[0], level), Math.max(current[1], level), Math.max(current[2], level), Math.max(current[3], level)];
      const size = raised[0] + raised[1] + raised[2] + raised[3] - (current[0] + current[1] + current[2] + current[3]);
      const changed = ABILITIES.filter((_, index) => raised[index] !== current[index]);
      // A whole test that raises one ability only is that ability's change: named so.
      if (size > 0) consider({ kind, language, level, ability: changed.length === 1 && held ? changed[0]! : null, gain: gain(resultOf(raised)) }, size);
      // One ability alone: only where a result is held to raise it from.
      if (!held) continue;
      ABILITIES.forEach((ability, index) => {
        if (held[index]! >= level || changed.length === 1) return;
        const one: [number, number, number, number] = [held[0], held[1], held[2], held[3]];
        one[index] = level;
        consider({ kind, language, level, ability, gain: gain(resultOf(one)) }, level - held[index]!);
      });
    }
  }

  // Work comes a year at a time, and education a credential at a time: the next step up is the change within reach.
  if (start.canadianWork < MAX_CANADIAN_WORK) {
    const years = start.canadianWork + 1;
    consider({ kind: 'canadian-work', years, gain: gain({ ...start, canadianWork: years }) }, 1);
  }
  if (start.foreignWork < MAX_FOREIGN_WORK) {
    const years = start.foreignWork + 1;
    consider({ kind: 'foreign-work', years, gain: gain({ ...start, foreignWork: years }) }, 1);
  }
  const nextEducation = EDUCATION_LEVELS[EDUCATION_LEVELS.indexOf(start.education) + 1];
  if (nextEducation) consider({ kind: 'education', level: nextEducation, gain: gain({ ...start, education: nextEducation }) }, 1);
  const nextCanadian = CANADIAN_EDUCATION[CANADIAN_EDUCATION.indexOf(start.canadianEducation) + 1];
  if (nextCanadian) consider({ kind: 'canadian-education', level: nextCanadian, gain: gain({ ...start, canadianEducation: nextCanadian }) }, 1);
  if (spouse) {
    const nextSpouseEducation = EDUCATION_LEVELS[EDUCATION_LEVELS.indexOf(spouse.education) + 1];
    if (nextSpouseEducation) consider({ kind: 'spouse-education', level: nextSpouseEducation, gain: gain({ ...start, spouse: { ...spouse, education: nextSpouseEducation } }) }, 1);
    if (spouse.canadianWork < MAX_CANADIAN_WORK) {
      const years = spouse.canadianWork + 1;
      consider({ kind: 'spouse-work', years, gain: gain({ ...start, spouse: { ...spouse, canadianWork: years } }) }, 1);
    }
  }

  const changes = [...best.values()]
    .sort((a, b) => b.change.gain - a.change.gain || KIND_ORDER.indexOf(a.change.kind) - KIND_ORDER.indexOf(b.change.kind))
    .slice(0, count)
    .map((candidate) => candidate.change);
  const nomination: Improvement | null = profile.nomination ? null : { kind: 'nomination', gain: gain({ ...start, nomination: true }) };
  return { changes, nomination };
}

/**
 * The CLB/NCLC levels at which some points change, read from the grid: each row of the language
 * tables, the transferability and certificate thresholds, the French points' minimums. Raising
 * to a level between two of them scores as the lower one, so only these are worth trying.
 */
export function levelsThatCount(grid: CrsGrid): number[] {
  const { core, spouse, transferability, additional } = grid;
  const levels = new Set([
    ...core.firstLanguage.map((row) => row.minLevel),
    ...core.secondLanguage.perAbility.map((row) => row.minLevel),
    ...spouse.language.map((row) => row.minLevel),
    transferability.languageLevels.low, transferability.languageLevels.high,
    transferability.certificate.languageLevels.low, transferability.certificate.languageLevels.high,
    additional.french.minFrench, additional.french.minEnglish,
  ]);
  return [...levels].sort((a, b) => a - b);
}

function officialLanguage(result: LanguageResult): OfficialLanguage {
  return result.test === 'nclc' ? 'french' : 'english';
}

/** Levels given directly: CLB for English, NCLC for French (a level under the chart stays 0, as toLevels gives it). */
function levelResult(language: OfficialLanguage, levels: Four): LanguageResult {
  return { test: language === 'english' ? 'clb' : 'nclc', scores: levels };
}
