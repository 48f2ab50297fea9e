import {
  CANADIAN_EDUCATION, checkProfile, EDUCATION_LEVELS, LANGUAGE_TEST_DEFINITIONS, LANGUAGE_TESTS, MAX_CANADIAN_WORK, MAX_FOREIGN_WORK,
  officialLanguageOf, type CrsProfile, type LanguageResult, type LanguageTestId, type PartialProfile,
} from '../../core/crs/index.ts';

/**
 * The guided /crs's answers as they travel in each button's action: nothing is stored, so a
 * restart half-way loses nothing. Every answer may be unanswered yet; the flow always asks the
 * first question that applies and is unanswered, so the same state serves a first run, an answer
 * changed after the result, and a one-line /crs that left something out.
 *
 *   <step><last><packed answers><first language><second language><spouse's language><occupation>
 *
 * step: the question shown, 1 base-36 digit; last: the question just answered (its answer is
 * confirmed), or "z"; packed: the small answers as one mixed-radix number, 6 base-36 digits, each
 * answer + 1 (0 = unanswered); each language 1 digit — 0 unanswered, 1–7 a test with its four
 * results (2 base-36 digits each, counted in the test's steps from its minimum: IELTS 7.5 → 15),
 * 8 none, 9–f a test whose results are not typed yet; occupation: 4 base-36 digits, 0 unanswered,
 * 1 none, else the NOC 2021 code + 2. At most 39 characters: with "crs:", the owner and the
 * typed-answer mark, within Telegram's 64 bytes (test/chat/flow.test.ts).
 */

export const STEPS = [
  'age', 'edu', 'lang', 'lang-scores', 'lang2', 'lang2-scores', 'cdn-work', 'foreign-work', 'certificate', 'spouse', 'spouse-edu',
  'spouse-lang', 'spouse-lang-scores', 'spouse-work', 'nomination', 'sibling', 'cdn-edu', 'noc', 'result',
] as const;
export type Step = (typeof STEPS)[number];
export type Question = Exclude<Step, 'result'>;
export type ScoreStep = 'lang-scores' | 'lang2-scores' | 'spouse-lang-scores';

/** Ages the flow holds: typed as a whole number of years (the grid scores 0 under 18 and from 45). */
export const MAX_AGE = 99;
export const SPOUSE = ['none', 'counts', 'not-counted'] as const;
export const NONE = 'none';

export interface LanguageAnswer {
  test: LanguageTestId;
  /** Each result as its count of steps above the test's minimum; null until typed. */
  steps: number[] | null;
}

/** null: not answered yet. */
export interface Answers {
  age: number | null;
  education: number | null;
  canadianWork: number | null;
  foreignWork: number | null;
  certificate: number | null;
  spouse: number | null;
  spouseEducation: number | null;
  spouseWork: number | null;
  nomination: number | null;
  sibling: number | null;
  canadianEducation: number | null;
  first: LanguageAnswer | null;
  second: LanguageAnswer | typeof NONE | null;
  spouseLanguage: LanguageAnswer | typeof NONE | null;
  /** A NOC 2021 code. */
  noc: string | typeof NONE | null;
}

type Packed = Exclude<keyof Answers, 'first' | 'second' | 'spouseLanguage' | 'noc'>;
/** Each small answer and how many values it has, packed in this order. */
const RADICES: readonly [Packed, number][] = [
  ['age', MAX_AGE + 1], ['education', EDUCATION_LEVELS.length], ['canadianWork', MAX_CANADIAN_WORK + 1], ['foreignWork', MAX_FOREIGN_WORK + 1],
  ['certificate', 2], ['spouse', SPOUSE.length], ['spouseEducation', EDUCATION_LEVELS.length], ['spouseWork', MAX_CANADIAN_WORK + 1],
  ['nomination', 2], ['sibling', 2], ['canadianEducation', CANADIAN_EDUCATION.length],
];
const PACKED_DIGITS = 6;
const NOC_DIGITS = 4;
const NO_LAST = 'z';
const LANGUAGE_NONE = 8;
const LANGUAGE_UNTYPED = 9;

export const START: Answers = {
  age: null, education: null, canadianWork: null, foreignWork: null, certificate: null, spouse: null, spouseEducation: null, spouseWork: null,
  nomination: null, sibling: null, canadianEducation: null, first: null, second: null, spouseLanguage: null, noc: null,
};

export function encodeState(step: Step, answers: Answers, last: Question | null = null): string {
  let packed = 0;
  for (const [key, radix] of [...RADICES].reverse()) packed = packed * (radix + 1) + (answers[key] === null ? 0 : answers[key] + 1);
  const language = (answer: LanguageAnswer | typeof NONE | null) => {
    if (answer === null) return '0';
    if (answer === NONE) return String(LANGUAGE_NONE);
    const test = LANGUAGE_TESTS.indexOf(answer.test);
    return answer.steps ? (test + 1).toString(36) + answer.steps.map((value) => value.toString(36).padStart(2, '0')).join('') : (LANGUAGE_UNTYPED + test).toString(36);
  };
  const noc = answers.noc === null ? 0 : answers.noc === NONE ? 1 : Number(answers.noc) + 2;
  return STEPS.indexOf(step).toString(36) + (last === null ? NO_LAST : STEPS.indexOf(last).toString(36)) + packed.toString(36).padStart(PACKED_DIGITS, '0')
    + language(answers.first) + language(answers.second) + language(answers.spouseLanguage) + noc.toString(36).padStart(NOC_DIGITS, '0');
}

/** The state back, or null for anything this flow did not write. */
export function decodeState(state: string): { step: Step; last: Question | null; answers: Answers } | null {
  if (!/^[0-9a-z]+$/.test(state) || state.length < 2 + PACKED_DIGITS + 3 + NOC_DIGITS) return null;
  const step = STEPS[parseInt(state[0]!, 36)];
  const last = state[1] === NO_LAST ? null : STEPS[parseInt(state[1]!, 36)];
  if (!step || last === undefined || last === 'result') return null;
  let packed = parseInt(state.slice(2, 2 + PACKED_DIGITS), 36);
  const answers: Answers = { ...START };
  for (const [key, radix] of RADICES) {
    const value = packed % (radix + 1);
    answers[key] = value === 0 ? null : value - 1;
    packed = Math.floor(packed / (radix + 1));
  }
  if (packed !== 0) return null;
  let at = 2 + PACKED_DIGITS;
  const language = (): LanguageAnswer | typeof NONE | null | undefined => {
    const kind = parseInt(state[at++] ?? '', 36);
    if (kind === 0) return null;
    if (kind === LANGUAGE_NONE) return NONE;
    if (kind >= LANGUAGE_UNTYPED) {
      const test = LANGUAGE_TESTS[kind - LANGUAGE_UNTYPED];
      return test ? { test, steps: null } : undefined;
    }
    const test = LANGUAGE_TESTS[kind - 1];
    if (!test || state.length < at + 8) return undefined;
    const { ranges } = LANGUAGE_TEST_DEFINITIONS[test];
    const steps = ranges.map((range) => {
      const value = parseInt(state.slice(at, (at += 2)), 36);
      return value <= (range.max - range.min) / range.step ? value : NaN;
    });
    return steps.some(Number.isNaN) ? undefined : { test, steps };
  };
  const first = language();
  const second = language();
  const spouseLanguage = language();
  const noc = parseInt(state.slice(at, (at += NOC_DIGITS)), 36);
  if (first === undefined || first === NONE || second === undefined || spouseLanguage === undefined || at !== state.length || !(noc <= 99_999 + 2)) return null;
  return { step, last, answers: { ...answers, first, second, spouseLanguage, noc: noc === 0 ? null : noc === 1 ? NONE : String(noc - 2).padStart(5, '0') } };
}

/** Whether a question is asked at all, given the answers so far. */
export function applies(step: Step, answers: Answers): boolean {
  const withSpouse = answers.spouse !== null && SPOUSE[answers.spouse] === 'counts';
  switch (step) {
    case 'lang-scores': return true;
    case 'lang2-scores': return isLanguage(answers.second);
    case 'spouse-edu': case 'spouse-lang': case 'spouse-work': return withSpouse;
    case 'spouse-lang-scores': return withSpouse && isLanguage(answers.spouseLanguage);
    default: return true;
  }
}

export function isLanguage(answer: LanguageAnswer | typeof NONE | null): answer is LanguageAnswer {
  return answer !== null && answer !== NONE;
}

/** Whether a question has its answer. */
export function answered(step: Question, answers: Answers): boolean {
  switch (step) {
    case 'age': return answers.age !== null;
    case 'edu': return answers.education !== null;
    case 'lang': return answers.first !== null;
    case 'lang-scores': return !!answers.first?.steps;
    case 'lang2': return answers.second !== null;
    case 'lang2-scores': return isLanguage(answers.second) && !!answers.second.steps;
    case 'cdn-work': return answers.canadianWork !== null;
    case 'foreign-work': return answers.foreignWork !== null;
    case 'certificate': return answers.certificate !== null;
    case 'spouse': return answers.spouse !== null;
    case 'spouse-edu': return answers.spouseEducation !== null;
    case 'spouse-lang': return answers.spouseLanguage !== null;
    case 'spouse-lang-scores': return isLanguage(answers.spouseLanguage) && !!answers.spouseLanguage.steps;
    case 'spouse-work': return answers.spouseWork !== null;
    case 'nomination': return answers.nomination !== null;
    case 'sibling': return answers.sibling !== null;
    case 'cdn-edu': return answers.canadianEducation !== null;
    case 'noc': return answers.noc !== null;
  }
}

/** The questions asked of these answers, in order. */
export function questionsFor(answers: Answers): Question[] {
  return STEPS.filter((step): step is Question => step !== 'result' && applies(step, answers));
}

/** The first question that applies and has no answer, or the result. */
export function nextStep(answers: Answers): Step {
  return questionsFor(answers).find((step) => !answered(step, answers)) ?? 'result';
}

/** The question before `step` that applies, answered or not. */
export function previousStep(step: Step, answers: Answers): Question | null {
  for (let index = STEPS.indexOf(step) - 1; index >= 0; index--) {
    const candidate = STEPS[index]!;
    if (candidate !== 'result' && applies(candidate, answers)) return candidate;
  }
  return null;
}

/** The result a language answer with its results stands for. */
export function languageResult({ test, steps }: LanguageAnswer): LanguageResult | null {
  if (!steps) return null;
  const { ranges } = LANGUAGE_TEST_DEFINITIONS[test];
  const value = (index: number) => ranges[index]!.min + steps[index]! * ranges[index]!.step;
  return { test, scores: [value(0), value(1), value(2), value(3)] };
}

/** A typed result as the steps the state holds. */
export function languageAnswer({ test, scores }: LanguageResult): LanguageAnswer {
  const { ranges } = LANGUAGE_TEST_DEFINITIONS[test];
  return { test, steps: scores.map((score, index) => Math.round((score - ranges[index]!.min) / ranges[index]!.step)) };
}

/** The profile the answers make, with the occupation; null while any answer that applies is missing. */
export function profileOf(answers: Answers): { profile: CrsProfile; noc: string | null } | null {
  if (nextStep(answers) !== 'result') return null;
  const first = answers.first && languageResult(answers.first);
  if (!first) return null;
  const language = (answer: Answers['second']) => (isLanguage(answer) ? languageResult(answer) : null);
  const counts = SPOUSE[answers.spouse!] === 'counts';
  const profile: CrsProfile = {
    age: answers.age!,
    education: EDUCATION_LEVELS[answers.education!]!,
    firstLanguage: first,
    secondLanguage: language(answers.second),
    canadianWork: answers.canadianWork!,
    foreignWork: answers.foreignWork!,
    certificate: answers.certificate === 1,
    spouse: counts ? { education: EDUCATION_LEVELS[answers.spouseEducation!]!, language: language(answers.spouseLanguage), canadianWork: answers.spouseWork! } : null,
    nomination: answers.nomination === 1,
    sibling: answers.sibling === 1,
    canadianEducation: CANADIAN_EDUCATION[answers.canadianEducation!]!,
  };
  if (checkProfile(profile).length) return null;
  return { profile, noc: answers.noc === NONE ? null : answers.noc };
}

/** What a one-line /crs said, as answers (what it left out unanswered); null when something cannot travel in a state (an age over 99). */
export function answersFromLine(partial: PartialProfile & { noc: string | null }): Answers | null {
  if (partial.age !== null && partial.age > MAX_AGE) return null;
  const language = (result: LanguageResult | null) => (result ? languageAnswer(result) : NONE);
  const index = <T>(values: readonly T[], value: T | null) => (value === null ? null : values.indexOf(value));
  return {
    age: partial.age,
    education: index(EDUCATION_LEVELS, partial.education),
    canadianWork: partial.canadianWork,
    foreignWork: partial.foreignWork,
    certificate: partial.certificate ? 1 : 0,
    spouse: SPOUSE.indexOf(partial.spouse ? 'counts' : 'none'),
    spouseEducation: partial.spouse ? index(EDUCATION_LEVELS, partial.spouse.education) : null,
    spouseWork: partial.spouse ? partial.spouse.canadianWork : null,
    nomination: partial.nomination ? 1 : 0,
    sibling: partial.sibling ? 1 : 0,
    canadianEducation: CANADIAN_EDUCATION.indexOf(partial.canadianEducation),
    first: partial.firstLanguage && languageAnswer(partial.firstLanguage),
    second: language(partial.secondLanguage),
    spouseLanguage: partial.spouse ? language(partial.spouse.language) : null,
    noc: partial.noc ?? NONE,
  };
}

/** The other official language's tests, after a first language taken with `test`. */
export function otherTests(test: LanguageTestId | undefined): LanguageTestId[] {
  const first = test ? officialLanguageOf(test) : 'english';
  return LANGUAGE_TESTS.filter((candidate) => officialLanguageOf(candidate) !== first);
}
