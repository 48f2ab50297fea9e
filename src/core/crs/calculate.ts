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
  const column = (points: BySpouse) => (withSpouse ? points.withSpouse : points.withoutSpouse);
  const first = toLevels(profile.firstLanguage);
  const second = profile.secondLanguage ? toLevels(profile.secondLanguage) : null;
  const spouseLevels = profile.spouse?.language ? toLevels(profile.spouse.language) : null;

  const ageRow = grid.core.age.find((row) => profile.age >= row.from && profile.age <= row.to);
  const core = {
    age: ageRow ? column(ageRow.points) : 0,
    education: column(grid.core.education[profile.education]),
    firstLanguage: sumAbilities(first.levels, (level) => column(rowFor(grid.core.firstLanguage, level) ?? { withSpouse: 0, withoutSpouse: 0 })),
    secondLanguage: second
      ? Math.min(column(grid.core.secondLanguage.cap), sumAbilities(second.levels, (level) => rowFor(grid.core.secondLanguage.perAbility, level) ?? 0))
      : 0,
    canadianWork: column(byYears(grid.core.canadianWork, profile.canadianWork)),
  };

  const spouse = profile.spouse
    ? {
      education: grid.spouse.education[profile.spouse.education],
      language: spouseLevels ? sumAbilities(spouseLevels.levels, (level) => rowFor(grid.spouse.language, level) ?? 0) : 0,
      canadianWork: byYears(grid.spouse.canadianWork, profile.spouse.canadianWork),
    }
    : { education: 0, language: 0, canadianWork: 0 };

  const rules = grid.transferability;
  const languageColumn = allAtLeast(first.levels, rules.languageLevels.high) ? 'high' : allAtLeast(first.levels, rules.languageLevels.low) ? 'low' : null;
  const canadianWorkColumn = profile.canadianWork >= rules.canadianWorkYears.high ? 'high' : profile.canadianWork >= rules.canadianWorkYears.low ? 'low' : null;
  const group = (row: TransferRow, cap: number): TransferGroup => {
    const language = languageColumn === 'high' ? row.withClbHigh : languageColumn === 'low' ? row.withClbLow : 0;
    const canadianWork = canadianWorkColumn === 'high' ? row.withCanadianWorkHigh : canadianWorkColumn === 'low' ? row.withCanadianWorkLow : 0;
    return { language, canadianWork, total: Math.min(cap, language + canadianWork) };
  };
  const education = group(rules.education[profile.education], rules.educationCap);
  const foreignWork = group(byYears(rules.foreignWork, profile.foreignWork), rules.foreignWorkCap);
  const { certificate: certificateRule } = rules;
  const certificate = !profile.certificate ? 0
    : allAtLeast(first.levels, certificateRule.languageLevels.high) ? certificateRule.points.high
      : allAtLeast(first.levels, certificateRule.languageLevels.low) ? certificateRule.points.low : 0;

  const extra = grid.additional;
  const additional = {
    nomination: profile.nomination ? extra.nomination : 0,
    sibling: profile.sibling ? extra.sibling : 0,
    canadianEducation: extra.canadianEducation[profile.canadianEducation],
    french: frenchPoints(grid, [first, second]),
  };

  const parts = {
    core: { ...core, total: sum(Object.values(core)) },
    spouse: { ...spouse, total: sum(Object.values(spouse)) },
    transferability: { education, foreignWork, certificate, total: Math.min(rules.cap, education.total + foreignWork.total + certificate) },
    additional: { ...additional, total: Math.min(extra.cap, sum(Object.values(additional))) },
  };
  return {
    gridVersion: grid.id,
    withSpouse,
    levels: { first, second, spouse: spouseLevels },
    ...parts,
    total: parts.core.total + parts.spouse.total + parts.transferability.total + parts.additional.total,
  };
}

/** French at the minimum in all four, whichever test measured it; doubled by English at its minimum in all four. */
function frenchPoints(grid: CrsGrid, results: (LanguageLevels | null)[]): number {
  const { french: rule } = grid.additional;
  const french = results.find((result) => result?.language === 'french');
  const english = results.find((result) => result?.language === 'english');
  if (!french || !allAtLeast(french.levels, rule.minFrench)) return 0;
  // The higher amount needs all four English abilities at the minimum; anything less (or no English) gets the lower one.
  return english && allAtLeast(english.levels, rule.minEnglish) ? rule.withEnglish : rule.withoutEnglish;
}

function rowFor<Points>(rows: LevelRow<Points>[], level: number): Points | undefined {
  return rows.find((row) => level >= row.minLevel)?.points;
}

/** The entry for `years`; the last entry stands for that many years or more. */
function byYears<Entry>(table: Entry[], years: number): Entry {
  return table[Math.min(years, table.length - 1)]!;
}

function sumAbilities(levels: Four, points: (level: number) => number): number {
  return sum(levels.map(points));
}

function sum(values: number[]): number {
  return values.reduce((total, value) => total + value, 0);
}
