import { CANADIAN_EDUCATION, EDUCATION_LEVELS, type CanadianEducation, type EducationLevel } from './grid.ts';
import {
  checkScores, LANGUAGE_TESTS, officialLanguageOf, testsOfLanguage, type Ability, type LanguageResult, type LanguageTestId, type ScoreRange,
} from './language.ts';

/** What the calculator needs to know about a candidate (and a spouse who counts). */
export interface CrsProfile {
  /** Any whole number; outside the grid's ages it scores 0 for age. */
  age: number;
  education: EducationLevel;
  firstLanguage: LanguageResult;
  /** Must be the other official language. */
  secondLanguage: LanguageResult | null;
  /** Years of skilled Canadian work, 0–5 (5 = 5 or more). */
  canadianWork: number;
  /** Years of skilled foreign work, 0–3 (3 = 3 or more). */
  foreignWork: number;
  /** A Canadian certificate of qualification in a trade. */
  certificate: boolean;
  /** Only a spouse or partner who is coming to Canada and is not a Canadian citizen or PR; otherwise null. */
  spouse: SpouseProfile | null;
  nomination: boolean;
  sibling: boolean;
  canadianEducation: CanadianEducation;
}

export interface SpouseProfile {
  education: EducationLevel;
  language: LanguageResult | null;
  canadianWork: number;
}

export const MAX_CANADIAN_WORK = 5;
export const MAX_FOREIGN_WORK = 3;

export type ProblemKind = 'missing' | 'unknown-field' | 'duplicate' | 'not-key-value' | 'bad-value' | 'out-of-range' | 'same-language' | 'needs-spouse';

/**
 * One thing wrong with a profile, for a command to phrase. `accepted` is a language-neutral
 * notation: `a|b|c` (one of), `min..max` (whole numbers), `min..max/0.5` (in steps of 0.5),
 * `TEST:L,R,W,S` (a language result).
 */
export interface ProfileProblem {
  field: string;
  ability?: Ability;
  problem: ProblemKind;
  accepted: string;
  value: string | null;
  /** For a language score: its accepted range. */
  range?: ScoreRange;
}

export function rangeNotation({ min, max, step }: ScoreRange): string {
  return step === 1 ? `${min}..${max}` : `${min}..${max}/${step}`;
}

export const LANGUAGE_NOTATION = `${LANGUAGE_TESTS.join('|')}:L,R,W,S`;

/** The tests a second language may be taken with, after a first one taken with `test`. */
export function otherLanguageTests(test: LanguageTestId): string {
  return testsOfLanguage(officialLanguageOf(test) === 'english' ? 'french' : 'english');
}

/** Problems of a language result, named by `field`. */
export function languageProblems(field: string, result: LanguageResult): ProfileProblem[] {
  if (!LANGUAGE_TESTS.includes(result.test)) return [{ field, problem: 'bad-value', accepted: LANGUAGE_NOTATION, value: String(result.test) }];
  const problems = checkScores(result);
  return problems.length ? problems.map(({ ability, problem, range, value }) => ({ field, ability, problem, accepted: rangeNotation(range), value: String(value), range })) : [];
}

/** Everything wrong with a profile built by hand (the parser's are always valid); empty when it can be calculated. */
export function checkProfile(profile: CrsProfile): ProfileProblem[] {
  const problems: ProfileProblem[] = [];
  if (!Number.isSafeInteger(profile.age) || profile.age < 0) problems.push({ field: 'age', problem: 'out-of-range', accepted: '0..', value: String(profile.age) });
  oneOf(problems, 'education', profile.education, EDUCATION_LEVELS);
  problems.push(...languageProblems('firstLanguage', profile.firstLanguage));
  if (profile.secondLanguage) {
    problems.push(...languageProblems('secondLanguage', profile.secondLanguage));
    if (LANGUAGE_TESTS.includes(profile.secondLanguage.test) && LANGUAGE_TESTS.includes(profile.firstLanguage.test)
      && officialLanguageOf(profile.secondLanguage.test) === officialLanguageOf(profile.firstLanguage.test)) {
      problems.push({ field: 'secondLanguage', problem: 'same-language', accepted: otherLanguageTests(profile.firstLanguage.test), value: profile.secondLanguage.test });
    }
  }
  wholeNumber(problems, 'canadianWork', profile.canadianWork, MAX_CANADIAN_WORK);
  wholeNumber(problems, 'foreignWork', profile.foreignWork, MAX_FOREIGN_WORK);
  oneOf(problems, 'canadianEducation', profile.canadianEducation, CANADIAN_EDUCATION);
  if (profile.spouse) {
    oneOf(problems, 'spouse.education', profile.spouse.education, EDUCATION_LEVELS);
    if (profile.spouse.language) problems.push(...languageProblems('spouse.language', profile.spouse.language));
    wholeNumber(problems, 'spouse.canadianWork', profile.spouse.canadianWork, MAX_CANADIAN_WORK);
  }
  return problems;
}

// Module functions rather than closures: every answer checks a profile or two.
function wholeNumber(problems: ProfileProblem[], field: string, value: number, max: number): void {
  if (!Number.isSafeInteger(value) || value < 0 || value > max) problems.push({ field, problem: 'out-of-range', accepted: `0..${max}`, value: String(value) });
}

function oneOf(problems: ProfileProblem[], field: string, value: string, accepted: readonly string[]): void {
  if (!accepted.includes(value)) problems.push({ field, problem: 'bad-value', accepted: accepted.join('|'), value });
}

export class CrsProfileError extends Error {
  constructor(readonly problems: ProfileProblem[]) {
    super(`invalid CRS profile: ${problems.map((problem) => `${problem.field}${problem.ability ? `.${problem.ability}` : ''} ${problem.problem}`).join(', ')}`);
    this.name = 'CrsProfileError';
  }
}
