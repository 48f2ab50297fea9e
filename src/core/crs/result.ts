import { ABILITIES, LANGUAGE_TEST_DEFINITIONS, LANGUAGE_TESTS, type LanguageResult, type LanguageTestId } from './language.ts';
import { LANGUAGE_NOTATION, languageProblems, rangeNotation, type ProfileProblem } from './profile.ts';

/**
 * One language result as people type it: a test and its four results, in IRCC's order (listening,
 * reading, writing, speaking). Shared by the one-line profile, /clb and the guided /crs, so every
 * form refuses the same things in the same words.
 */
export type ReadResult = { ok: true; result: LanguageResult } | { ok: false; problems: ProfileProblem[] };

export function isLanguageTest(test: string): test is LanguageTestId {
  return (LANGUAGE_TESTS as readonly string[]).includes(test);
}

/** The four results of a known test, as typed ("7.5", "7", …); problems named by `field` and ability. */
export function readScores(field: string, test: LanguageTestId, parts: readonly string[]): ReadResult {
  if (parts.length !== ABILITIES.length) return { ok: false, problems: [{ field, problem: 'bad-value', accepted: LANGUAGE_NOTATION, value: parts.join(' ') }] };
  // Only IELTS has half points; every other test is whole numbers, so a decimal point there is a typo.
  const format = test === 'ielts' ? /^\d+(\.\d+)?$/ : /^\d+$/;
  const { ranges } = LANGUAGE_TEST_DEFINITIONS[test];
  const unreadable: ProfileProblem[] = ABILITIES.flatMap((ability, index) => {
    const part = parts[index]!;
    const range = ranges[index]!;
    return format.test(part) ? [] : [{ field, ability, problem: 'bad-value' as const, accepted: rangeNotation(range), value: part, range }];
  });
  if (unreadable.length) return { ok: false, problems: unreadable };
  const result: LanguageResult = { test, scores: [Number(parts[0]), Number(parts[1]), Number(parts[2]), Number(parts[3])] };
  // A problem quotes what was typed, not the number read from it (400 digits read as Infinity).
  const problems = languageProblems(field, result).map((problem) => (problem.ability ? { ...problem, value: parts[ABILITIES.indexOf(problem.ability)]! } : problem));
  return problems.length ? { ok: false, problems } : { ok: true, result };
}

/** "ielts 7.5 7 6.5 7" or "ielts:7.5,7,6.5,7" as words: a test name, then its four results. */
export function readLanguageWords(field: string, words: readonly string[]): ReadResult {
  const [first = '', ...parts] = words;
  const test = first.toLowerCase();
  if (!isLanguageTest(test)) return { ok: false, problems: [{ field, problem: first ? 'bad-value' : 'missing', accepted: LANGUAGE_TESTS.join('|'), value: first || null }] };
  return readScores(field, test, parts);
}
