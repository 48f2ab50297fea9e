import type { BySpouse, CrsGrid, LevelRow, TransferRow } from './grid.ts';
import { allAtLeast, toLevels, type Four, type LanguageLevels } from './language.ts';
import { checkProfile, CrsProfileError, type CrsProfile } from './profile.ts';

export interface TransferGroup {
  /** Points from the language column. */
  language: number;
  /** Points from the Canadian work column. */
  canadianWork: number;
  /** The two together, capped. */
  total: number;
}

export interface CrsBreakdown {
  /** The grid version used (CrsGrid.id). */
  gridVersion: string;
  withSpouse: boolean;
  /** The levels the points were read from. */
  levels: { first: LanguageLevels; second: LanguageLevels | null; spouse: LanguageLevels | null };
  core: { age: number; education: number; firstLanguage: number; secondLanguage: number; canadianWork: number; total: number };
  spouse: { education: number; language: number; canadianWork: number; total: number };
  transferability: { education: TransferGroup; foreignWork: TransferGroup; certificate: number; total: number };
  additional: { nomination: number; sibling: number; canadianEducation: number; french: number; total: number };
  total: number;
}

/** The CRS score of a profile under a grid, part by part. Throws CrsProfileError for a profile checkProfile refuses. */
export function calculateCrs(profile: CrsProfile, grid: CrsGrid): CrsBreakdown {
  const problems = checkProfile(profile);
  if (problems.length) throw new CrsProfileError(problems);
  return scoreChecked(profile, grid);
}

/** calculateCrs for a profile already checked (the variants bestImprovements derives from one). */
export function scoreChecked(profile: CrsProfile, grid: CrsGrid): CrsBreakdown {
  const withSpouse = profile.spouse !== null;
  const first = toLevels(profile.firstLanguage);
  const second = profile.secondLanguage ? toLevels(profile.secondLanguage) : null;
  const spouseLevels = profile.spouse?.language ? toLevels(profile.spouse.language) : null;

  const core = {
    age: agePoints(grid, profile.age, withSpouse),
    education: column(grid.core.education[profile.education], withSpouse),
    firstLanguage: firstLanguagePoints(grid, first.levels, withSpouse),
    secondLanguage: second ? secondLanguagePoints(grid, second.levels, withSpouse) : 0,
    canadianWork: column(byYears(grid.core.canadianWork, profile.canadianWork), withSpouse),
  };

  const spouse = profile.spouse
    ? {
      education: grid.spouse.education[profile.spouse.education],
      language: spouseLevels ? spouseLanguagePoints(grid, spouseLevels.levels) : 0,
      canadianWork: byYears(grid.spouse.canadianWork, profile.spouse.canadianWork),
    }
    : { education: 0, language: 0, canadianWork: 0 };

  const rules = grid.transferability;
  const languageColumn = transferLanguageColumn(grid, first.levels);
  const canadianWorkColumn = transferWorkColumn(grid, profile.canadianWork);
  const education = transferGroup(rules.education[profile.education], rules.educationCap, languageColumn, canadianWorkColumn);
  const foreignWork = transferGroup(byYears(rules.foreignWork, profile.foreignWork), rules.foreignWorkCap, languageColumn, canadianWorkColumn);
  const certificate = certificatePoints(grid, profile.certificate, first.levels);

  const extra = grid.additional;
  const additional = {
    nomination: profile.nomination ? extra.nomination : 0,
    sibling: profile.sibling ? extra.sibling : 0,
    canadianEducation: extra.canadianEducation[profile.canadianEducation],
    french: frenchPoints(grid, first.language === 'french' ? first.levels : second?.language === 'french' ? second.levels : null, first.language === 'english' ? first.levels : second?.language === 'english' ? second.levels : null),
  };

  const parts = {
    core: { ...core, total: core.age + core.education + core.firstLanguage + core.secondLanguage + core.canadianWork },
    spouse: { ...spouse, total: spouse.education + spouse.language + spouse.canadianWork },
    transferability: { education, foreignWork, certificate, total: Math.min(rules.cap, education.total + foreignWork.total + certificate) },
    additional: { ...additional, total: Math.min(extra.cap, additional.nomination + additional.sibling + additional.canadianEducation + additional.french) },
  };
  return {
    gridVersion: grid.id,
    withSpouse,
    levels: { first, second, spouse: spouseLevels },
    ...parts,
    total: parts.core.total + parts.spouse.total + parts.transferability.total + parts.additional.total,
  };
}

/**
 * The total alone of a profile already checked whose languages are levels given directly (clb or
 * nclc), as bestImprovements tries dozens of variants of one profile per answer: the same parts
 * as scoreChecked, read by the same functions, with nothing built on the way.
 * test/core/crs/improve.test.ts holds the two equal over random profiles.
 */
export function totalOfLevels(profile: CrsProfile, grid: CrsGrid): number {
  const withSpouse = profile.spouse !== null;
  const first = profile.firstLanguage.scores;
  const firstIsFrench = profile.firstLanguage.test === 'nclc';
  const second = profile.secondLanguage?.scores ?? null;
  const core = agePoints(grid, profile.age, withSpouse)
    + column(grid.core.education[profile.education], withSpouse)
    + firstLanguagePoints(grid, first, withSpouse)
    + (second ? secondLanguagePoints(grid, second, withSpouse) : 0)
    + column(byYears(grid.core.canadianWork, profile.canadianWork), withSpouse);
  const spouseProfile = profile.spouse;
  const spouse = spouseProfile
    ? grid.spouse.education[spouseProfile.education] + (spouseProfile.language ? spouseLanguagePoints(grid, spouseProfile.language.scores) : 0)
      + byYears(grid.spouse.canadianWork, spouseProfile.canadianWork)
    : 0;
  const rules = grid.transferability;
  const languageColumn = transferLanguageColumn(grid, first);
  const canadianWorkColumn = transferWorkColumn(grid, profile.canadianWork);
  const transferability = Math.min(
    rules.cap,
    transferTotal(rules.education[profile.education], rules.educationCap, languageColumn, canadianWorkColumn)
      + transferTotal(byYears(rules.foreignWork, profile.foreignWork), rules.foreignWorkCap, languageColumn, canadianWorkColumn)
      + certificatePoints(grid, profile.certificate, first),
  );
  const extra = grid.additional;
  const french = frenchPoints(grid, firstIsFrench ? first : second, firstIsFrench ? second : first);
  const additional = Math.min(extra.cap, (profile.nomination ? extra.nomination : 0) + (profile.sibling ? extra.sibling : 0) + extra.canadianEducation[profile.canadianEducation] + french);
  return core + spouse + transferability + additional;
}

type Column = 'high' | 'low' | null;

function column(points: BySpouse, withSpouse: boolean): number {
  return withSpouse ? points.withSpouse : points.withoutSpouse;
}

function agePoints(grid: CrsGrid, age: number, withSpouse: boolean): number {
  for (const row of grid.core.age) if (age >= row.from && age <= row.to) return column(row.points, withSpouse);
  return 0;
}

function firstLanguagePoints(grid: CrsGrid, levels: Four, withSpouse: boolean): number {
  let points = 0;
  for (const level of levels) {
    const row = rowFor(grid.core.firstLanguage, level);
    if (row) points += column(row, withSpouse);
  }
  return points;
}

function secondLanguagePoints(grid: CrsGrid, levels: Four, withSpouse: boolean): number {
  let points = 0;
  for (const level of levels) points += rowFor(grid.core.secondLanguage.perAbility, level) ?? 0;
  return Math.min(column(grid.core.secondLanguage.cap, withSpouse), points);
}

function spouseLanguagePoints(grid: CrsGrid, levels: Four): number {
  let points = 0;
  for (const level of levels) points += rowFor(grid.spouse.language, level) ?? 0;
  return points;
}

/** The transferability column first-language levels reach: "high" = all four at the high level, "low" = all four at the low one. */
function transferLanguageColumn(grid: CrsGrid, levels: Four): Column {
  const { languageLevels } = grid.transferability;
  return allAtLeast(levels, languageLevels.high) ? 'high' : allAtLeast(levels, languageLevels.low) ? 'low' : null;
}

function transferWorkColumn(grid: CrsGrid, years: number): Column {
  const { canadianWorkYears } = grid.transferability;
  return years >= canadianWorkYears.high ? 'high' : years >= canadianWorkYears.low ? 'low' : null;
}

function transferGroup(row: TransferRow, cap: number, languageColumn: Column, canadianWorkColumn: Column): TransferGroup {
  const language = languageColumn === 'high' ? row.withClbHigh : languageColumn === 'low' ? row.withClbLow : 0;
  const canadianWork = canadianWorkColumn === 'high' ? row.withCanadianWorkHigh : canadianWorkColumn === 'low' ? row.withCanadianWorkLow : 0;
  return { language, canadianWork, total: Math.min(cap, language + canadianWork) };
}

function transferTotal(row: TransferRow, cap: number, languageColumn: Column, canadianWorkColumn: Column): number {
  const language = languageColumn === 'high' ? row.withClbHigh : languageColumn === 'low' ? row.withClbLow : 0;
  const canadianWork = canadianWorkColumn === 'high' ? row.withCanadianWorkHigh : canadianWorkColumn === 'low' ? row.withCanadianWorkLow : 0;
  return Math.min(cap, language + canadianWork);
}

function certificatePoints(grid: CrsGrid, certificate: boolean, firstLevels: Four): number {
  const rule = grid.transferability.certificate;
  if (!certificate) return 0;
  return allAtLeast(firstLevels, rule.languageLevels.high) ? rule.points.high : allAtLeast(firstLevels, rule.languageLevels.low) ? rule.points.low : 0;
}

/** French at the minimum in all four, whichever test measured it; doubled by English at its minimum in all four. */
function frenchPoints(grid: CrsGrid, french: Four | null, english: Four | null): number {
  const { french: rule } = grid.additional;
  if (!french || !allAtLeast(french, rule.minFrench)) return 0;
  // The higher amount needs all four English abilities at the minimum; anything less (or no English) gets the lower one.
  return english && allAtLeast(english, rule.minEnglish) ? rule.withEnglish : rule.withoutEnglish;
}

function rowFor<Points>(rows: LevelRow<Points>[], level: number): Points | undefined {
  for (const row of rows) if (level >= row.minLevel) return row.points;
  return undefined;
}

/** The entry for `years`; the last entry stands for that many years or more. */
function byYears<Entry>(table: Entry[], years: number): Entry {
  return table[Math.min(years, table.length - 1)]!;
}
