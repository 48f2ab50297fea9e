import { totalOfLevels } from './calculate.ts';
import { CANADIAN_EDUCATION, EDUCATION_LEVELS, type CanadianEducation, type CrsGrid, type EducationLevel } from './grid.ts';
import { ABILITIES, toLevels, type Ability, type Four, type LanguageResult, type OfficialLanguage } from './language.ts';
import { checkProfile, CrsProfileError, MAX_CANADIAN_WORK, MAX_FOREIGN_WORK, type CrsProfile } from './profile.ts';

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
  const problems = checkProfile(profile);
  if (problems.length) throw new CrsProfileError(problems);
  // Languages as the levels they convert to, once: every variant then reads levels directly. One
  // scratch copy is changed and put back for each variant: dozens per answer, nothing built for each.
  const start: CrsProfile = {
    ...profile,
    firstLanguage: asLevels(profile.firstLanguage),
    secondLanguage: profile.secondLanguage && asLevels(profile.secondLanguage),
    spouse: profile.spouse && { ...profile.spouse, language: profile.spouse.language && asLevels(profile.spouse.language) },
  };
  const search: Search = { grid, base: totalOfLevels(start, grid), scratch: { ...start, spouse: start.spouse && { ...start.spouse } }, best: new Map(), levels: levelsThatCount(grid) };
  const firstLanguage = officialLanguage(start.firstLanguage);
  tryLanguage(search, 'first-language', firstLanguage, start.firstLanguage.scores);
  tryLanguage(search, 'second-language', firstLanguage === 'english' ? 'french' : 'english', start.secondLanguage?.scores ?? null);
  if (start.spouse) tryLanguage(search, 'spouse-language', start.spouse.language ? officialLanguage(start.spouse.language) : null, start.spouse.language?.scores ?? null);

  // Work comes a year at a time, and education a credential at a time: the next step up is the change within reach.
  const { scratch } = search;
  if (start.canadianWork < MAX_CANADIAN_WORK) {
    scratch.canadianWork = start.canadianWork + 1;
    consider(search, { kind: 'canadian-work', years: scratch.canadianWork, gain: gainOf(search) }, 1);
    scratch.canadianWork = start.canadianWork;
  }
  if (start.foreignWork < MAX_FOREIGN_WORK) {
    scratch.foreignWork = start.foreignWork + 1;
    consider(search, { kind: 'foreign-work', years: scratch.foreignWork, gain: gainOf(search) }, 1);
    scratch.foreignWork = start.foreignWork;
  }
  const nextEducation = EDUCATION_LEVELS[EDUCATION_LEVELS.indexOf(start.education) + 1];
  if (nextEducation) {
    scratch.education = nextEducation;
    consider(search, { kind: 'education', level: nextEducation, gain: gainOf(search) }, 1);
    scratch.education = start.education;
  }
  const nextCanadian = CANADIAN_EDUCATION[CANADIAN_EDUCATION.indexOf(start.canadianEducation) + 1];
  if (nextCanadian) {
    scratch.canadianEducation = nextCanadian;
    consider(search, { kind: 'canadian-education', level: nextCanadian, gain: gainOf(search) }, 1);
    scratch.canadianEducation = start.canadianEducation;
  }
  const spouse = scratch.spouse;
  if (spouse && start.spouse) {
    const nextSpouseEducation = EDUCATION_LEVELS[EDUCATION_LEVELS.indexOf(start.spouse.education) + 1];
    if (nextSpouseEducation) {
      spouse.education = nextSpouseEducation;
      consider(search, { kind: 'spouse-education', level: nextSpouseEducation, gain: gainOf(search) }, 1);
      spouse.education = start.spouse.education;
    }
    if (start.spouse.canadianWork < MAX_CANADIAN_WORK) {
      spouse.canadianWork = start.spouse.canadianWork + 1;
      consider(search, { kind: 'spouse-work', years: spouse.canadianWork, gain: gainOf(search) }, 1);
      spouse.canadianWork = start.spouse.canadianWork;
    }
  }

  const changes = [...search.best.values()].sort(byGain).slice(0, count).map((candidate) => candidate.change);
  let nomination: Improvement | null = null;
  if (!profile.nomination) {
    scratch.nomination = true;
    nomination = { kind: 'nomination', gain: gainOf(search) };
    scratch.nomination = false;
  }
  return { changes, nomination };
}

/** What one search holds: the profile being changed, and the best change of each kind so far. */
interface Search {
  grid: CrsGrid;
  base: number;
  scratch: CrsProfile;
  best: Map<ImprovementKind, Candidate>;
  levels: readonly number[];
}

function gainOf({ scratch, grid, base }: Search): number {
  return totalOfLevels(scratch, grid) - base;
}

function consider({ best }: Search, change: Improvement, size: number): void {
  if (change.gain <= 0) return;
  const held = best.get(change.kind);
  if (!held || change.gain > held.change.gain || (change.gain === held.change.gain && size < held.size)) best.set(change.kind, { change, size });
}

function byGain(a: Candidate, b: Candidate): number {
  return b.change.gain - a.change.gain || KIND_ORDER.indexOf(a.change.kind) - KIND_ORDER.indexOf(b.change.kind);
}

/** A language taken again: all four at each level that counts, and (where a result is held) one ability at a time. */
function tryLanguage(search: Search, kind: LanguageSlot, language: OfficialLanguage | null, held: Four | null): void {
  const { scratch } = search;
  const current = held ?? NO_LEVELS;
  // A spouse with no test yet: the levels score the same in English and French.
  const trial: [number, number, number, number] = [0, 0, 0, 0];
  const result: LanguageResult = levelResult(language ?? 'english', trial);
  const saved = kind === 'first-language' ? scratch.firstLanguage : kind === 'second-language' ? scratch.secondLanguage : scratch.spouse!.language;
  if (kind === 'first-language') scratch.firstLanguage = result;
  else if (kind === 'second-language') scratch.secondLanguage = result;
  else scratch.spouse!.language = result;
  for (const level of search.levels) {
    let size = 0;
    let raised = 0;
    let only: Ability | null = null;
    for (let index = 0; index < 4; index++) {
      trial[index] = Math.max(current[index]!, level);
      if (trial[index] !== current[index]) {
        size += trial[index]! - current[index]!;
        raised++;
        only = ABILITIES[index]!;
      }
    }
    // A whole test that raises one ability only is that ability's change: named so.
    if (size > 0) consider(search, { kind, language, level, ability: raised === 1 && held ? only : null, gain: gainOf(search) }, size);
    if (!held || raised === 1) continue;
    for (let index = 0; index < 4; index++) {
      if (held[index]! >= level) continue;
      for (let other = 0; other < 4; other++) trial[other] = held[other]!;
      trial[index] = level;
      consider(search, { kind, language, level, ability: ABILITIES[index]!, gain: gainOf(search) }, level - held[index]!);
    }
  }
  if (kind === 'first-language') scratch.firstLanguage = saved!;
  else if (kind === 'second-language') scratch.secondLanguage = saved;
  else scratch.spouse!.language = saved;
}

/** Levels given directly, as the result converts. */
function asLevels(result: LanguageResult): LanguageResult {
  const { language, levels } = toLevels(result);
  return levelResult(language, levels);
}

/**
 * The CLB/NCLC levels at which some points change, read from the grid: each row of the language
 * tables, the transferability and certificate thresholds, the French points' minimums. Raising
 * to a level between two of them scores as the lower one, so only these are worth trying.
 */
export function levelsThatCount(grid: CrsGrid): readonly number[] {
  let levels = LEVELS.get(grid);
  if (!levels) LEVELS.set(grid, (levels = readLevels(grid)));
  return levels;
}

const LEVELS = new WeakMap<CrsGrid, readonly number[]>();

function readLevels(grid: CrsGrid): number[] {
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
