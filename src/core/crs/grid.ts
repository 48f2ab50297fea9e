/**
 * The CRS points grid as dated data (reference: shared/reference/crs/README.md, transcribed from
 * IRCC's crs-criteria.html). A calculation picks the version in force on a date and names it, so a
 * future change of the grid is a new entry in CRS_GRIDS, not an edit of the code.
 */

export const EDUCATION_LEVELS = ['none', 'secondary', 'one-year', 'two-year', 'bachelor', 'two-or-more', 'master', 'phd'] as const;
/** Highest level of education; 'none' = less than secondary, 'master' includes entry-to-practice professional degrees. */
export type EducationLevel = (typeof EDUCATION_LEVELS)[number];

export const CANADIAN_EDUCATION = ['none', '1-2', '3+'] as const;
/** Post-secondary education in Canada: none, a 1- or 2-year credential, 3 years or more (or master's, professional, PhD). */
export type CanadianEducation = (typeof CANADIAN_EDUCATION)[number];

/** Points in the "with a spouse or partner" and "without" columns. */
export interface BySpouse {
  withSpouse: number;
  withoutSpouse: number;
}

/** A per-ability row: a CLB/NCLC level of `minLevel` or more gives `points` (rows highest first; below the last: 0). */
export interface LevelRow<Points> {
  minLevel: number;
  points: Points;
}

/** One row of a transferability table: its points with the lower and higher language or Canadian-work condition. */
export interface TransferRow {
  withClbLow: number;
  withClbHigh: number;
  withCanadianWorkLow: number;
  withCanadianWorkHigh: number;
}

export interface GridSource {
  publisher: 'IRCC';
  title: string;
  url: string;
  /** When the page was copied and transcribed (YYYY-MM: the reference gives the month). */
  transcribed: string;
}

export interface CrsGrid {
  /** Names the version in every calculation. */
  id: string;
  /** YYYY-MM-DD, first day in force. */
  effectiveFrom: string;
  source: GridSource;
  core: {
    /** Inclusive age ranges; an age in none of them scores 0. */
    age: { from: number; to: number; points: BySpouse }[];
    education: Record<EducationLevel, BySpouse>;
    firstLanguage: LevelRow<BySpouse>[];
    secondLanguage: { perAbility: LevelRow<number>[]; cap: BySpouse };
    /** Index = years of skilled Canadian work; the last entry counts for that many years or more. */
    canadianWork: BySpouse[];
  };
  spouse: {
    education: Record<EducationLevel, number>;
    language: LevelRow<number>[];
    canadianWork: number[];
  };
  transferability: {
    /** "Low" = this level or more in all four first-language abilities with one under `high`; "high" = `high` or more in all four. */
    languageLevels: { low: number; high: number };
    /** Years of Canadian work for the low and the high column. */
    canadianWorkYears: { low: number; high: number };
    education: Record<EducationLevel, TransferRow>;
    educationCap: number;
    /** Index = years of foreign work; the last entry counts for that many years or more. */
    foreignWork: TransferRow[];
    foreignWorkCap: number;
    certificate: { languageLevels: { low: number; high: number }; points: { low: number; high: number } };
    cap: number;
  };
  additional: {
    nomination: number;
    sibling: number;
    canadianEducation: Record<CanadianEducation, number>;
    /** French at `minFrench`+ in all four; English at `minEnglish`+ in all four doubles it. */
    french: { minFrench: number; minEnglish: number; withoutEnglish: number; withEnglish: number };
    /** Kept in the data to say so: 0 since 2025-03-25. */
    arrangedEmployment: number;
    cap: number;
  };
}

const bySpouse = (withSpouse: number, withoutSpouse: number): BySpouse => ({ withSpouse, withoutSpouse });
const transfer = (withClbLow: number, withClbHigh: number, withCanadianWorkLow: number, withCanadianWorkHigh: number): TransferRow =>
  ({ withClbLow, withClbHigh, withCanadianWorkLow, withCanadianWorkHigh });

const NO_TRANSFER = transfer(0, 0, 0, 0);
/** One post-secondary credential of one year or more, a single bachelor's included. */
const ONE_CREDENTIAL = transfer(13, 25, 13, 25);
/** Two or more credentials (one of 3+ years), master's, professional degree or PhD. */
const HIGHER_CREDENTIALS = transfer(25, 50, 25, 50);

/** In force since 2025-03-25, the day IRCC removed the arranged-employment points. */
export const GRID_2025_03_25: CrsGrid = {
  id: '2025-03-25',
  effectiveFrom: '2025-03-25',
  source: {
    publisher: 'IRCC',
    title: 'Comprehensive Ranking System (CRS) criteria – Express Entry',
    url: 'https://www.canada.ca/en/immigration-refugees-citizenship/services/immigrate-canada/express-entry/check-score/crs-criteria.html',
    transcribed: '2025-12',
  },
  core: {
    age: [
      { from: 18, to: 18, points: bySpouse(90, 99) },
      { from: 19, to: 19, points: bySpouse(95, 105) },
      { from: 20, to: 29, points: bySpouse(100, 110) },
      { from: 30, to: 30, points: bySpouse(95, 105) },
      { from: 31, to: 31, points: bySpouse(90, 99) },
      { from: 32, to: 32, points: bySpouse(85, 94) },
      { from: 33, to: 33, points: bySpouse(80, 88) },
      { from: 34, to: 34, points: bySpouse(75, 83) },
      { from: 35, to: 35, points: bySpouse(70, 77) },
      { from: 36, to: 36, points: bySpouse(65, 72) },
      { from: 37, to: 37, points: bySpouse(60, 66) },
      { from: 38, to: 38, points: bySpouse(55, 61) },
      { from: 39, to: 39, points: bySpouse(50, 55) },
      { from: 40, to: 40, points: bySpouse(45, 50) },
      { from: 41, to: 41, points: bySpouse(35, 39) },
      { from: 42, to: 42, points: bySpouse(25, 28) },
      { from: 43, to: 43, points: bySpouse(15, 17) },
      { from: 44, to: 44, points: bySpouse(5, 6) },
    ],
    education: {
      'none': bySpouse(0, 0),
      'secondary': bySpouse(28, 30),
      'one-year': bySpouse(84, 90),
      'two-year': bySpouse(91, 98),
      'bachelor': bySpouse(112, 120),
      'two-or-more': bySpouse(119, 128),
      'master': bySpouse(126, 135),
      'phd': bySpouse(140, 150),
    },
    firstLanguage: [
      { minLevel: 10, points: bySpouse(32, 34) },
      { minLevel: 9, points: bySpouse(29, 31) },
      { minLevel: 8, points: bySpouse(22, 23) },
      { minLevel: 7, points: bySpouse(16, 17) },
      { minLevel: 6, points: bySpouse(8, 9) },
      { minLevel: 4, points: bySpouse(6, 6) },
    ],
    secondLanguage: {
      perAbility: [{ minLevel: 9, points: 6 }, { minLevel: 7, points: 3 }, { minLevel: 5, points: 1 }],
      cap: bySpouse(22, 24),
    },
    canadianWork: [bySpouse(0, 0), bySpouse(35, 40), bySpouse(46, 53), bySpouse(56, 64), bySpouse(63, 72), bySpouse(70, 80)],
  },
  spouse: {
    education: { 'none': 0, 'secondary': 2, 'one-year': 6, 'two-year': 7, 'bachelor': 8, 'two-or-more': 9, 'master': 10, 'phd': 10 },
    language: [{ minLevel: 9, points: 5 }, { minLevel: 7, points: 3 }, { minLevel: 5, points: 1 }],
    canadianWork: [0, 5, 7, 8, 9, 10],
  },
  transferability: {
    languageLevels: { low: 7, high: 9 },
    canadianWorkYears: { low: 1, high: 2 },
    education: {
      'none': NO_TRANSFER,
      'secondary': NO_TRANSFER,
      'one-year': ONE_CREDENTIAL,
      'two-year': ONE_CREDENTIAL,
      'bachelor': ONE_CREDENTIAL,
      'two-or-more': HIGHER_CREDENTIALS,
      'master': HIGHER_CREDENTIALS,
      'phd': HIGHER_CREDENTIALS,
    },
    educationCap: 50,
    // none; 1 year; 2 years; 3 years or more.
    foreignWork: [NO_TRANSFER, transfer(13, 25, 13, 25), transfer(13, 25, 13, 25), transfer(25, 50, 25, 50)],
    foreignWorkCap: 50,
    certificate: { languageLevels: { low: 5, high: 7 }, points: { low: 25, high: 50 } },
    cap: 100,
  },
  additional: {
    nomination: 600,
    sibling: 15,
    canadianEducation: { 'none': 0, '1-2': 15, '3+': 30 },
    french: { minFrench: 7, minEnglish: 5, withoutEnglish: 25, withEnglish: 50 },
    arrangedEmployment: 0,
    cap: 600,
  },
};

/**
 * Every documented version, oldest first. Only the grid in force since 2025-03-25 is documented
 * in the reference; the earlier one (with job-offer points) is left out rather than guessed.
 */
export const CRS_GRIDS: readonly CrsGrid[] = [GRID_2025_03_25];

/** The grid in force on a YYYY-MM-DD date, or null before the earliest documented version. */
export function gridOn(date: string, grids: readonly CrsGrid[] = CRS_GRIDS): CrsGrid | null {
  let found: CrsGrid | null = null;
  for (const grid of grids) if (grid.effectiveFrom <= date && (!found || grid.effectiveFrom > found.effectiveFrom)) found = grid;
  return found;
}
