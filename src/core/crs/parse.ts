import { CANADIAN_EDUCATION, EDUCATION_LEVELS, type EducationLevel } from './grid.ts';
import { ABILITIES, LANGUAGE_TESTS, officialLanguageOf, type LanguageResult } from './language.ts';
import { readScores } from './result.ts';
import { readCanadianEducation, readEducation, readTest, readYesNo, splitScores } from './words.ts';
import {
  checkProfile, LANGUAGE_NOTATION, MAX_CANADIAN_WORK, MAX_FOREIGN_WORK, otherLanguageTests,
  type CrsProfile, type ProfileProblem,
} from './profile.ts';

/**
 * The one-line profile:
 *   age=31 edu=master lang=ielts:7.5,7,6.5,7 [lang2=tcf:470,470,11,11] [cdn-work=0..5] [foreign-work=0..3]
 *   [certificate=yes] [spouse=yes spouse-edu=… spouse-lang=TEST:L,R,W,S spouse-work=0..5]
 *   [nomination=yes] [sibling=yes] [cdn-edu=none|1-2|3+] [noc=NNNNN]
 * Numbers are plain decimal digits (a decimal point only where a test has half points): no sign,
 * no exponent, no hex. Words as people write them (words.ts): edu=masters, sibling=oui, results
 * ielts:8/7.5/7/7, and a test as the key (ielts=8,7.5,7,7 for lang, a second one for lang2).
 * Problems name the line's own keys.
 */
export const PROFILE_FIELDS = [
  'age', 'edu', 'lang', 'lang2', 'cdn-work', 'foreign-work', 'certificate',
  'spouse', 'spouse-edu', 'spouse-lang', 'spouse-work', 'nomination', 'sibling', 'cdn-edu', 'noc',
] as const;
export type ProfileField = (typeof PROFILE_FIELDS)[number];

/** Age has no upper limit in the grid (it just scores 0); three digits keep absurd input out. */
const AGE_NOTATION = '0..999';
const EDUCATION_NOTATION = EDUCATION_LEVELS.join('|');
/** The required fields, with what each accepts. */
const REQUIRED: [ProfileField, string][] = [['age', AGE_NOTATION], ['edu', EDUCATION_NOTATION], ['lang', LANGUAGE_NOTATION]];
const SPOUSE_FIELDS: readonly ProfileField[] = ['spouse-edu', 'spouse-lang', 'spouse-work'];
const YES_NO_NOTATION = 'yes|oui|no|non';
/** A NOC 2021 unit group: five digits (whether it exists is the occupations' to say). */
export const NOC_NOTATION = 'NOC';

/**
 * A line with only required answers missing (and nothing wrong): what it does say, so the missing
 * answers can be asked for rather than refused. null marks each missing one.
 */
export interface PartialProfile extends Omit<CrsProfile, 'age' | 'education' | 'firstLanguage' | 'spouse'> {
  age: number | null;
  education: EducationLevel | null;
  firstLanguage: LanguageResult | null;
  spouse: { education: EducationLevel | null; language: LanguageResult | null; canadianWork: number } | null;
}

export type ParsedProfile =
  | { ok: true; profile: CrsProfile; noc: string | null }
  | { ok: false; problems: ProfileProblem[]; partial: (PartialProfile & { noc: string | null }) | null };

export function parseProfileLine(line: string): ParsedProfile {
  const values = new Map<ProfileField, string>();
  const reader = new LineReader(values);
  const { problems } = reader;
  for (const token of line.trim().split(/\s+/)) {
    if (!token) continue;
    const equals = token.indexOf('=');
    if (equals <= 0) {
      problems.push({ field: token, problem: 'not-key-value', accepted: 'key=value', value: token });
      continue;
    }
    let key = token.slice(0, equals).toLowerCase();
    let value = token.slice(equals + 1);
    // A test named as the key, as members write it (ielts=8,7.5,7,7): the first language, then the second.
    const test = isField(key) ? null : LANGUAGE_TESTS.find((id) => id === key);
    if (test) {
      value = `${test}:${value}`;
      key = values.has('lang') ? 'lang2' : 'lang';
    }
    if (!isField(key)) problems.push({ field: key, problem: 'unknown-field', accepted: PROFILE_FIELDS.join('|'), value });
    else if (values.has(key)) problems.push({ field: key, problem: 'duplicate', accepted: 'once', value });
    else values.set(key, value);
  }

  for (const [field, accepted] of REQUIRED) if (!values.has(field)) reader.bad(field, 'missing', accepted, null);
  const missing = new Set<string>();
  for (const problem of problems) if (problem.problem === 'missing') missing.add(problem.field);
  const age = reader.age();
  const education = reader.oneOf('edu', EDUCATION_LEVELS, readEducation, 'none');
  const firstLanguage = reader.language('lang');
  const secondLanguage = reader.language('lang2');
  const canadianWork = reader.wholeNumber('cdn-work', MAX_CANADIAN_WORK);
  const foreignWork = reader.wholeNumber('foreign-work', MAX_FOREIGN_WORK);
  const certificate = reader.yesNo('certificate');
  const hasSpouse = reader.yesNo('spouse');
  const spouseEducation = reader.oneOf('spouse-edu', EDUCATION_LEVELS, readEducation, 'none');
  const spouseLanguage = reader.language('spouse-lang');
  const spouseWork = reader.wholeNumber('spouse-work', MAX_CANADIAN_WORK);
  const nomination = reader.yesNo('nomination');
  const sibling = reader.yesNo('sibling');
  const canadianEducation = reader.oneOf('cdn-edu', CANADIAN_EDUCATION, readCanadianEducation, 'none');
  const noc = reader.noc();
  const bad = reader.bad.bind(reader);

  if (firstLanguage && secondLanguage && officialLanguageOf(firstLanguage.test) === officialLanguageOf(secondLanguage.test)) {
    bad('lang2', 'same-language', otherLanguageTests(firstLanguage.test), values.get('lang2')!);
  }
  if (hasSpouse === false) {
    for (const field of SPOUSE_FIELDS) if (values.has(field)) bad(field, 'needs-spouse', 'spouse=yes', values.get(field)!);
  } else if (hasSpouse && !values.has('spouse-edu')) {
    bad('spouse-edu', 'missing', EDUCATION_NOTATION, null);
    missing.add('spouse-edu');
  }

  // Only answers missing: what the line says, for the missing ones to be asked.
  if (problems.length && problems.every((problem) => problem.problem === 'missing') && canadianWork !== null && foreignWork !== null && certificate !== null
    && hasSpouse !== null && spouseWork !== null && nomination !== null && sibling !== null && canadianEducation !== null) {
    const partial = {
      age: missing.has('age') ? null : age,
      education: missing.has('edu') ? null : education,
      firstLanguage: missing.has('lang') ? null : firstLanguage,
      secondLanguage,
      canadianWork,
      foreignWork,
      certificate,
      spouse: hasSpouse ? { education: missing.has('spouse-edu') ? null : spouseEducation, language: spouseLanguage, canadianWork: spouseWork } : null,
      nomination,
      sibling,
      canadianEducation,
      noc,
    };
    return { ok: false, problems, partial };
  }
  if (problems.length || age === null || education === null || firstLanguage === null || canadianWork === null || foreignWork === null
    || certificate === null || hasSpouse === null || spouseEducation === null || spouseWork === null || nomination === null
    || sibling === null || canadianEducation === null) {
    return { ok: false, problems, partial: null };
  }
  const profile: CrsProfile = {
    age,
    education,
    firstLanguage,
    secondLanguage,
    canadianWork,
    foreignWork,
    certificate,
    spouse: hasSpouse ? { education: spouseEducation, language: spouseLanguage, canadianWork: spouseWork } : null,
    nomination,
    sibling,
    canadianEducation,
  };
  // A safety net: everything checkProfile refuses was refused above already.
  const crossField = checkProfile(profile).map((problem) => ({ ...problem, field: LINE_KEYS[problem.field] ?? problem.field }));
  return crossField.length ? { ok: false, problems: crossField, partial: null } : { ok: true, profile, noc };
}

/** Reads each field of a line, noting its problems (methods, not closures: every /crs answer reads a line). */
class LineReader {
  readonly problems: ProfileProblem[] = [];

  constructor(private readonly values: ReadonlyMap<ProfileField, string>) {}

  bad(field: ProfileField, problem: ProfileProblem['problem'], accepted: string, value: string | null): null {
    this.problems.push({ field, problem, accepted, value });
    return null;
  }

  age(): number | null {
    const text = this.values.get('age');
    if (text === undefined) return null;
    return /^\d{1,3}$/.test(text) ? Number(text) : this.bad('age', /^\d+$/.test(text) ? 'out-of-range' : 'bad-value', AGE_NOTATION, text);
  }

  wholeNumber(field: ProfileField, max: number): number | null {
    const text = this.values.get(field);
    if (text === undefined) return 0;
    const accepted = `0..${max}`;
    if (!/^\d+$/.test(text)) return this.bad(field, 'bad-value', accepted, text);
    const value = Number(text);
    return value <= max ? value : this.bad(field, 'out-of-range', accepted, text);
  }

  oneOf<T extends string>(field: ProfileField, accepted: readonly T[], read: (text: string) => T | null, fallback: T): T | null {
    const text = this.values.get(field);
    if (text === undefined) return fallback;
    return read(text) ?? this.bad(field, 'bad-value', accepted.join('|'), text);
  }

  yesNo(field: ProfileField): boolean | null {
    const text = this.values.get(field);
    if (text === undefined) return false;
    return readYesNo(text) ?? this.bad(field, 'bad-value', YES_NO_NOTATION, text);
  }

  language(field: ProfileField): LanguageResult | null {
    const text = this.values.get(field);
    if (text === undefined) return null;
    const [testText = '', scoresText, ...rest] = text.split(':');
    const test = readTest(testText);
    const parts = scoresText === undefined ? [] : splitScores(scoresText);
    if (!test || rest.length || parts.length !== ABILITIES.length) return this.bad(field, 'bad-value', LANGUAGE_NOTATION, text);
    const read = readScores(field, test, parts);
    if (read.ok) return read.result;
    this.problems.push(...read.problems);
    return null;
  }

  noc(): string | null {
    const text = this.values.get('noc');
    if (text === undefined) return null;
    return /^\d{5}$/.test(text) ? text : this.bad('noc', 'bad-value', NOC_NOTATION, text);
  }
}

const LINE_KEYS: Record<string, ProfileField> = {
  'age': 'age', 'education': 'edu', 'firstLanguage': 'lang', 'secondLanguage': 'lang2', 'canadianWork': 'cdn-work',
  'foreignWork': 'foreign-work', 'canadianEducation': 'cdn-edu', 'spouse.education': 'spouse-edu',
  'spouse.language': 'spouse-lang', 'spouse.canadianWork': 'spouse-work',
};

function isField(key: string): key is ProfileField {
  return (PROFILE_FIELDS as readonly string[]).includes(key);
}
