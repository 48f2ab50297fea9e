/** The CRS calculator: dated grid, language conversions, calculation, improvements, pool standing, one-line profiles. */
export { CANADIAN_EDUCATION, CRS_GRIDS, EDUCATION_LEVELS, GRID_2025_03_25, gridOn } from './grid.ts';
export type { BySpouse, CanadianEducation, CrsGrid, EducationLevel, GridSource, LevelRow, TransferRow } from './grid.ts';
export {
  ABILITIES, allAtLeast, BELOW_CHART, checkScores, LANGUAGE_CHARTS_SOURCE, LANGUAGE_TEST_DEFINITIONS, LANGUAGE_TESTS,
  officialLanguageOf, PROGRAM_LANGUAGE_MINIMUMS, PROGRAM_MINIMUM_IDS, programMinimums, testsOfLanguage, toLevels,
} from './language.ts';
export type {
  Ability, Four, LanguageLevels, LanguageResult, LanguageTestDefinition, LanguageTestId, OfficialLanguage,
  ProgramMinimum, ProgramMinimumId, ScoreProblem, ScoreRange,
} from './language.ts';
export { checkProfile, CrsProfileError, MAX_CANADIAN_WORK, MAX_FOREIGN_WORK } from './profile.ts';
export type { CrsProfile, ProblemKind, ProfileProblem, SpouseProfile } from './profile.ts';
export { calculateCrs } from './calculate.ts';
export type { CrsBreakdown, TransferGroup } from './calculate.ts';
export { bestImprovements, levelsThatCount } from './improve.ts';
export type { Improvement, ImprovementKind, Improvements, LanguageSlot } from './improve.ts';
export { poolStanding } from './pool.ts';
export type { PoolCount, PoolStanding } from './pool.ts';
export { NOC_NOTATION, parseProfileLine, PROFILE_FIELDS } from './parse.ts';
export type { ParsedProfile, PartialProfile, ProfileField } from './parse.ts';
export { readCanadianEducation, readEducation, readTest, readWholeNumber, readYesNo, splitScores } from './words.ts';
export { isLanguageTest, readLanguageWords, readScores } from './result.ts';
export type { ReadResult } from './result.ts';
