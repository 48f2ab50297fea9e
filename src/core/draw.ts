/** The domain's view of one round of invitations, normalized from IRCC's feed (docs/FORMAT.md). */

export const PROGRAM_IDS = ['fsw', 'cec', 'fst', 'pnp'] as const;
export type ProgramId = (typeof PROGRAM_IDS)[number];

/** Which category a round belonged to, and which published list version applied on its date. */
export interface CategoryRef {
  id: string;
  /** Category version id (e.g. "stem-v1"); null for program rounds and unknown labels. */
  version: string | null;
  /**
   * The list version the label names ("2027-Version 1") when it is newer than every list of the
   * category the bot has: the round is placed by keyword, with no version, and answers say so.
   */
  unknownVersion?: string;
}

export interface PoolBand {
  from: number;
  to: number;
  count: number;
}

/** IRCC's CRS distribution of the pool, exactly as published (never "fixed"). */
export interface Pool {
  /** YYYY-MM-DD the distribution was taken (drawDistributionAsOn); null if that text was unreadable. */
  asOf: string | null;
  total: number;
  /** The 15 non-overlapping bands, highest scores first. */
  bands: PoolBand[];
  /** IRCC's two published subtotals (451–500 and 401–450); they overlap the bands. */
  subtotals: PoolBand[];
}

export interface Draw {
  /** A string: "91a" and "91b" exist. */
  number: string;
  /** YYYY-MM-DD, Ottawa's calendar day as IRCC published it. */
  date: string;
  /** drawName exactly as published. */
  label: string;
  category: CategoryRef;
  programs: ProgramId[];
  /** drawText2 as published, for rounds whose programs could not all be recognized. */
  programsText: string;
  invitations: number;
  crs: number;
  /** UTC instant (ISO 8601), or null when the hand-typed text could not be read. */
  roundAt: string | null;
  /** The hand-typed text, kept only where it could not be read. */
  roundAtText: string | null;
  /** Profiles at the cut-off score submitted before this instant were invited; null before round 77. */
  tieBreakAt: string | null;
  tieBreakAtText: string | null;
  pool: Pool | null;
  /** Public link to the Ministerial Instruction. */
  url: string | null;
}

/** Newest first: by date, then by number ("91b" after "91a"). */
export function compareDrawsNewestFirst(a: Draw, b: Draw): number {
  if (a.date !== b.date) return a.date < b.date ? 1 : -1;
  return -compareDrawNumbers(a.number, b.number);
}

export function compareDrawNumbers(a: string, b: string): number {
  const na = Number.parseInt(a, 10);
  const nb = Number.parseInt(b, 10);
  if (na !== nb) return na - nb;
  return a < b ? -1 : a > b ? 1 : 0;
}
