import type { Draw } from '../draw.ts';
import type { RawRound } from './schema.ts';

/**
 * What a round can hold and still be a real round of invitations. The schema checks that each
 * value can be read (a date, a number); this checks that what was read can be true: one mistyped
 * value stored would be shown and posted as IRCC's, and a date in 2099 would stay "the newest
 * round" for good.
 *
 * An implausible round is refused alone, not the whole feed: a feed that cannot be read (not JSON,
 * wrong shape, a value that is not a number) is refused whole and the store stays byte-identical,
 * because nothing in it can be trusted; a readable feed with one implausible round still carries
 * IRCC's other rounds, which must not wait for IRCC to fix the typo. The refused round is not
 * stored, and the feed's validators are not recorded with what was stored (sync.ts): every poll
 * reads the feed again, so the round comes in as soon as IRCC corrects it (or tomorrow arrives).
 */
export const PLAUSIBLE = {
  /** IRCC publishes in Ottawa's calendar; "tomorrow" leaves a day for time zones and clocks. */
  timeZone: 'America/Toronto',
  invitations: { min: 1, max: 99_999 },
  /** The CRS grid's range: a cut-off of 0 invites everyone, which no round has done. */
  crs: { min: 1, max: 1_200 },
} as const;

export interface RoundRefusal {
  number: string;
  field: 'drawDate' | 'drawSize' | 'drawCRS';
  reason: string;
}

/** Why a round cannot be true, one entry per field, quoting the value as published; empty when it is plausible. */
export function refusalsOf(raw: RawRound, draw: Draw, latestDate: string): RoundRefusal[] {
  const refusals: RoundRefusal[] = [];
  const refuse = (field: RoundRefusal['field'], reason: string) =>
    refusals.push({ number: draw.number, field, reason: `round #${draw.number}, ${field} ${JSON.stringify(raw[field].trim())}: ${reason}` });
  if (draw.date > latestDate) refuse('drawDate', `later than tomorrow in Toronto (${latestDate})`);
  if (!inRange(draw.invitations, PLAUSIBLE.invitations)) refuse('drawSize', 'expected a number of invitations from 1 to 99,999');
  if (!inRange(draw.crs, PLAUSIBLE.crs)) refuse('drawCRS', 'expected a CRS score from 1 to 1,200');
  return refusals;
}

/** Tomorrow's calendar date in Toronto, as YYYY-MM-DD: the latest date a round can carry. */
export function latestPlausibleDate(now: Date): string {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: PLAUSIBLE.timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
  return new Date(Date.parse(`${today}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}

function inRange(value: number, { min, max }: { min: number; max: number }): boolean {
  return Number.isSafeInteger(value) && value >= min && value <= max;
}
