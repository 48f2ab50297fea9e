import { calculateCrs, GRID_2025_03_25, parseProfileLine, type CrsBreakdown, type CrsProfile } from '../../../src/core/crs/index.ts';

/** A profile from the one-line form; fails the test with the problems when the line is refused. */
export function profileOf(line: string): CrsProfile {
  const parsed = parseProfileLine(line);
  if (!parsed.ok) throw new Error(`refused "${line}": ${JSON.stringify(parsed.problems)}`);
  return parsed.profile;
}

export function crsOf(line: string): CrsBreakdown {
  return calculateCrs(profileOf(line), GRID_2025_03_25);
}
