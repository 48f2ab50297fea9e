/**
 * Language test results → CLB (English) / NCLC (French) levels, from IRCC's equivalency charts
 * (reference: shared/reference/crs/README.md, section E, transcribed from language-results.html).
 * Every result is four numbers in IRCC's order: listening, reading, writing, speaking.
 */

export const ABILITIES = ['listening', 'reading', 'writing', 'speaking'] as const;
export type Ability = (typeof ABILITIES)[number];
/** Listening, reading, writing, speaking. */
export type Four = readonly [number, number, number, number];

export const LANGUAGE_TESTS = ['ielts', 'celpip', 'pte', 'tef', 'tcf', 'clb', 'nclc'] as const;
/** `clb` and `nclc` are levels given directly: `clb` for English, `nclc` for French. */
export type LanguageTestId = (typeof LANGUAGE_TESTS)[number];
export type OfficialLanguage = 'english' | 'french';

export interface LanguageResult {
  test: LanguageTestId;
  scores: Four;
}

/** min..max in steps of `step` (from min). */
export interface ScoreRange {
  min: number;
  max: number;
  step: number;
}

export interface LanguageTestDefinition {
  id: LanguageTestId;
  language: OfficialLanguage;
  /** Accepted scores, per ability. */
  ranges: readonly [ScoreRange, ScoreRange, ScoreRange, ScoreRange];
  /** Chart rows highest level first: a score at or above a row's value gives its level. null: the scores are the levels. */
  chart: readonly { level: number; scores: Four }[] | null;
}

export const LANGUAGE_CHARTS_SOURCE = {
  publisher: 'IRCC',
  title: 'Language test equivalency charts / Find your language level based on your test results',
  url: 'https://www.canada.ca/en/immigration-refugees-citizenship/services/immigrate-canada/express-entry/documents/language-requirements/language-results.html',
  transcribed: '2025-12',
} as const;

const same = (range: ScoreRange): LanguageTestDefinition['ranges'] => [range, range, range, range];
const celpipRow = (level: number) => ({ level, scores: [level, level, level, level] as const });

/**
 * Ranges: IELTS bands 0–9 in half bands; CELPIP levels 0–12 (the chart's "10 (10–12)" shows the top);
 * PTE Core 10–90; TEF Canada 0–699 per ability (the scale of tests since 2023-12-10, per its publisher;
 * older results have expired); TCF Canada 0–699 for listening and reading (its scale starts at 100 —
 * lower values are accepted as plausible, they simply convert to below CLB 4) and 0–20 for writing
 * and speaking; CLB/NCLC levels 1–12.
 */
export const LANGUAGE_TEST_DEFINITIONS: Record<LanguageTestId, LanguageTestDefinition> = {
  ielts: {
    id: 'ielts',
    language: 'english',
    ranges: same({ min: 0, max: 9, step: 0.5 }),
    chart: [
      { level: 10, scores: [8.5, 8.0, 7.5, 7.5] },
      { level: 9, scores: [8.0, 7.0, 7.0, 7.0] },
      { level: 8, scores: [7.5, 6.5, 6.5, 6.5] },
      { level: 7, scores: [6.0, 6.0, 6.0, 6.0] },
      { level: 6, scores: [5.5, 5.0, 5.5, 5.5] },
      { level: 5, scores: [5.0, 4.0, 5.0, 5.0] },
      { level: 4, scores: [4.5, 3.5, 4.0, 4.0] },
    ],
  },
  celpip: {
    id: 'celpip',
    language: 'english',
    ranges: same({ min: 0, max: 12, step: 1 }),
    chart: [10, 9, 8, 7, 6, 5, 4].map(celpipRow),
  },
  pte: {
    id: 'pte',
    language: 'english',
    ranges: same({ min: 10, max: 90, step: 1 }),
    chart: [
      { level: 10, scores: [89, 88, 90, 89] },
      { level: 9, scores: [82, 78, 88, 84] },
      { level: 8, scores: [71, 69, 79, 76] },
      { level: 7, scores: [60, 60, 69, 68] },
      { level: 6, scores: [50, 51, 60, 59] },
      { level: 5, scores: [39, 42, 51, 51] },
      { level: 4, scores: [28, 33, 41, 42] },
    ],
  },
  tef: {
    id: 'tef',
    language: 'french',
    ranges: same({ min: 0, max: 699, step: 1 }),
    chart: [
      { level: 10, scores: [546, 546, 558, 556] },
      { level: 9, scores: [503, 503, 512, 518] },
      { level: 8, scores: [462, 462, 472, 494] },
      { level: 7, scores: [434, 434, 428, 456] },
      { level: 6, scores: [393, 393, 379, 422] },
      { level: 5, scores: [352, 352, 330, 387] },
      { level: 4, scores: [306, 306, 268, 328] },
    ],
  },
  tcf: {
    id: 'tcf',
    language: 'french',
    ranges: [{ min: 0, max: 699, step: 1 }, { min: 0, max: 699, step: 1 }, { min: 0, max: 20, step: 1 }, { min: 0, max: 20, step: 1 }],
    chart: [
      { level: 10, scores: [549, 549, 16, 16] },
      { level: 9, scores: [523, 524, 14, 14] },
      { level: 8, scores: [503, 499, 12, 12] },
      { level: 7, scores: [458, 453, 10, 10] },
      { level: 6, scores: [398, 406, 7, 7] },
      { level: 5, scores: [369, 375, 6, 6] },
      { level: 4, scores: [331, 342, 4, 4] },
    ],
  },
  clb: { id: 'clb', language: 'english', ranges: same({ min: 1, max: 12, step: 1 }), chart: null },
  nclc: { id: 'nclc', language: 'french', ranges: same({ min: 1, max: 12, step: 1 }), chart: null },
};

/** The level of a result under the chart's lowest row (CLB 4): the charts do not say which lower level. */
export const BELOW_CHART = 0;

export interface ScoreProblem {
  ability: Ability;
  /** bad-value: not a finite number or off the step; out-of-range: outside min..max. */
  problem: 'bad-value' | 'out-of-range';
  range: ScoreRange;
  value: number;
}

export interface LanguageLevels {
  test: LanguageTestId;
  language: OfficialLanguage;
  /** CLB or NCLC per ability; a chart gives 4–10 (10 = 10 or more) or BELOW_CHART. */
  levels: Four;
}

export function officialLanguageOf(test: LanguageTestId): OfficialLanguage {
  return LANGUAGE_TEST_DEFINITIONS[test].language;
}

/** The tests of one official language, as `a|b|c`: what a second language must be taken with. */
export function testsOfLanguage(language: OfficialLanguage): string {
  return LANGUAGE_TESTS.filter((test) => officialLanguageOf(test) === language).join('|');
}

/** What is wrong with each score of a result; empty when all are accepted. */
export function checkScores(result: LanguageResult): ScoreProblem[] {
  const { ranges } = LANGUAGE_TEST_DEFINITIONS[result.test];
  const problems: ScoreProblem[] = [];
  for (let index = 0; index < ABILITIES.length; index++) {
    const ability = ABILITIES[index]!;
    const value = result.scores[index]!;
    const range = ranges[index]!;
    // Too many digits to be a number (Infinity) is out of range, not unreadable.
    if (Number.isNaN(value) || (Number.isFinite(value) && !Number.isInteger((value - range.min) / range.step))) problems.push({ ability, problem: 'bad-value', range, value });
    else if (!(value >= range.min && value <= range.max)) problems.push({ ability, problem: 'out-of-range', range, value });
  }
  return problems;
}

/** Levels of a result already checked with checkScores (a score out of range still converts by the chart). */
export function toLevels(result: LanguageResult): LanguageLevels {
  const { chart, language } = LANGUAGE_TEST_DEFINITIONS[result.test];
  const { scores } = result;
  return { test: result.test, language, levels: [levelAt(chart, scores, 0), levelAt(chart, scores, 1), levelAt(chart, scores, 2), levelAt(chart, scores, 3)] };
}

/** One ability's level: the first chart row its score reaches (every answer converts a few results: no closure per call). */
function levelAt(chart: LanguageTestDefinition['chart'], scores: Four, index: number): number {
  const score = scores[index]!;
  if (!chart) return score;
  for (const row of chart) if (score >= row.scores[index]!) return row.level;
  return BELOW_CHART;
}

/** Every ability at `level` or more. */
export function allAtLeast(levels: Four, level: number): boolean {
  return levels.every((value) => value >= level);
}

export const PROGRAM_MINIMUM_IDS = ['fsw', 'cec-teer-0-1', 'cec-teer-2-3', 'fst'] as const;
export type ProgramMinimumId = (typeof PROGRAM_MINIMUM_IDS)[number];

/** Language minimums for eligibility (not points), per ability: listening, reading, writing, speaking. */
export const PROGRAM_LANGUAGE_MINIMUMS: Record<ProgramMinimumId, Four> = {
  'fsw': [7, 7, 7, 7],
  'cec-teer-0-1': [7, 7, 7, 7],
  'cec-teer-2-3': [5, 5, 5, 5],
  'fst': [5, 4, 4, 5],
};

export interface ProgramMinimum {
  program: ProgramMinimumId;
  minimums: Four;
  met: boolean;
  /** Abilities under the minimum. */
  short: Ability[];
}

/** Which programs' language minimums CLB/NCLC levels meet (for /clb). */
export function programMinimums(levels: Four): ProgramMinimum[] {
  return PROGRAM_MINIMUM_IDS.map((program) => {
    const minimums = PROGRAM_LANGUAGE_MINIMUMS[program];
    const short = ABILITIES.filter((_, index) => levels[index]! < minimums[index]!);
    return { program, minimums, met: short.length === 0, short };
  });
}
