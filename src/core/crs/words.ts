import { foldText } from '../text.ts';
import { CANADIAN_EDUCATION, EDUCATION_LEVELS, type CanadianEducation, type EducationLevel } from './grid.ts';
import { LANGUAGE_TESTS, type LanguageTestId } from './language.ts';

/**
 * Answers as people write them, in English or French, shared by the one-line /crs, /clb and the
 * guided /crs: "masters", "Master’s", "maîtrise"; "oui"; "pte core"; results "8/7.5/7/7",
 * "8, 7.5, 7, 7" or "7,5 7 6,5 7". Each reader returns null for what it cannot place (the caller
 * says what is accepted).
 */

/** Folded words (foldText) → a value. The one-line keys themselves are always accepted. */
const EDUCATION_WORDS: Record<EducationLevel, readonly string[]> = {
  'none': ['none', 'less than secondary', 'less than high school', 'aucun', 'aucune', 'moins que le secondaire'],
  'secondary': ['secondary', 'high school', 'secondary diploma', 'high school diploma', 'secondaire', 'diplome d etudes secondaires', 'des'],
  'one-year': ['one year', '1 year', 'one year post secondary', '1 year post secondary', 'one year diploma', 'un an', '1 an'],
  'two-year': ['two year', '2 year', '2 years', 'two years', 'two year post secondary', '2 year post secondary', 'deux ans', '2 ans', 'dec'],
  'bachelor': ['bachelor', 'bachelors', 'bachelor s', 'bachelor s degree', 'bachelors degree', 'ba', 'bsc', 'bs', 'beng', 'undergraduate', 'baccalaureat', 'bac', 'licence'],
  'two-or-more': ['two or more', '2 or more', 'two', 'two credentials', 'two or more credentials', 'deux ou plus', 'deux diplomes', '2 ou plus'],
  'master': ['master', 'masters', 'master s', 'master s degree', 'masters degree', 'ma', 'msc', 'ms', 'mba', 'meng', 'professional', 'professional degree', 'maitrise', 'master 2', 'diplome professionnel'],
  'phd': ['phd', 'ph d', 'doctorate', 'doctoral', 'doctorat', 'doctor', 'docteur'],
};

const CANADIAN_EDUCATION_WORDS: Record<CanadianEducation, readonly string[]> = {
  'none': ['none', 'no', '0', 'aucun', 'aucune', 'non'],
  '1-2': ['1 2', '1', '2', 'one', 'two', '1 or 2', '1 or 2 years', '1 2 years', 'one or two years', '1 ou 2 ans', '1 2 ans', 'un ou deux ans'],
  '3+': ['3', '3 years', '3 or more', '3 years or more', 'three', 'three years', '3 ans', '3 ans et plus', 'trois ans', 'master', 'masters', 'phd', 'doctorate', 'maitrise', 'doctorat'],
};

const TEST_WORDS: Record<LanguageTestId, readonly string[]> = {
  ielts: ['ielts', 'ielts general', 'ielts general training', 'ielts gt', 'ielts g'],
  celpip: ['celpip', 'celpip general', 'celpip g'],
  pte: ['pte', 'pte core'],
  tef: ['tef', 'tef canada'],
  tcf: ['tcf', 'tcf canada'],
  clb: ['clb', 'clb levels', 'english levels'],
  nclc: ['nclc', 'nclc levels', 'french levels', 'niveaux nclc'],
};

export const YES_WORDS = ['yes', 'y', 'yeah', 'yep', 'oui', 'o', 'ouais'] as const;
export const NO_WORDS = ['no', 'n', 'nope', 'non', 'none', 'aucun', 'aucune'] as const;

function lookup<T extends string>(table: Record<T, readonly string[]>, text: string): T | null {
  const folded = foldText(text);
  if (!folded) return null;
  for (const [value, words] of Object.entries(table) as [T, readonly string[]][]) {
    if (foldText(value) === folded || words.includes(folded)) return value;
  }
  return null;
}

export function readEducation(text: string): EducationLevel | null {
  const exact = EDUCATION_LEVELS.find((level) => level === text.trim().toLowerCase());
  return exact ?? lookup(EDUCATION_WORDS, text);
}

export function readCanadianEducation(text: string): CanadianEducation | null {
  const exact = CANADIAN_EDUCATION.find((level) => level === text.trim().toLowerCase());
  return exact ?? lookup(CANADIAN_EDUCATION_WORDS, text);
}

export function readTest(text: string): LanguageTestId | null {
  const exact = LANGUAGE_TESTS.find((test) => test === text.trim().toLowerCase());
  return exact ?? lookup(TEST_WORDS, text);
}

/** true for yes, false for no, null for anything else. */
export function readYesNo(text: string): boolean | null {
  // As the one-line form writes them, first: folding costs a Unicode normalization.
  if (text === 'yes' || text === 'oui') return true;
  if (text === 'no' || text === 'non') return false;
  const folded = foldText(text);
  if ((YES_WORDS as readonly string[]).includes(folded)) return true;
  if ((NO_WORDS as readonly string[]).includes(folded)) return false;
  return null;
}

/**
 * A whole number of years or an age as typed: "3", "3 years", "2 ans", "29 yo"; null for anything
 * else ("none"/"aucune" are the callers' to read, as 0 where it means that).
 */
export function readWholeNumber(text: string): number | null {
  const match = /^(\d{1,3})(?:\s*(?:\+|years?|yrs?|y|yo|ans?|a|years old|ans et plus|or more|et plus))?$/.exec(text.trim().toLowerCase().replace(/\s+/g, ' '));
  return match ? Number(match[1]) : null;
}

/**
 * Four results as people type them, in IRCC's order: separated by spaces, slashes, semicolons or
 * commas ("8/7.5/7/7", "8, 7.5, 7, 7", "8,7.5,7,7"); a decimal comma, as French writes it, where
 * spaces separate the results ("7,5 7 6,5 7"). The parts, or as many as could be told apart.
 */
export function splitScores(text: string): string[] {
  const trimmed = text.trim();
  // The one-line form's "7.5,7,6.5,7": commas alone (every /crs line has one or more).
  if (!/[\s/;|]/.test(trimmed)) return trimmed.split(',').filter(Boolean);
  const words = trimmed.split(/[\s/;|]+/).filter(Boolean).map((word) => word.replace(/,+$/, '')).filter(Boolean);
  if (words.length >= 4 || !words.some((word) => word.includes(','))) return words.map(decimalComma);
  return words.flatMap((word) => word.split(',')).filter(Boolean);
}

/** "7,5" → "7.5": a comma followed by one digit inside a word is a decimal comma. */
function decimalComma(word: string): string {
  return word.replace(/^(\d+),(\d)$/, '$1.$2');
}
