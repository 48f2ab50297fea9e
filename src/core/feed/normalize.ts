import type { ZodError } from 'zod';
import type { CategoryCatalog } from '../categories.ts';
import type { Draw, Pool, PoolBand, ProgramId } from '../draw.ts';
import { compareDrawsNewestFirst } from '../draw.ts';
import { latestPlausibleDate, refusalsOf, type RoundRefusal } from './plausibility.ts';
import { rawFeedSchema, type RawRound } from './schema.ts';
import { parseRoundInstant, parseTieBreak, readTypedDate } from './timestamps.ts';

/** A feed that cannot be used as a whole: nothing from it may be stored. */
export class FeedError extends Error {
  override name = 'FeedError';
}

export interface NormalizedFeed {
  draws: Draw[];
  /** Labels no alias or keyword knew: kept as "other" rounds, to be reported. */
  unknownLabels: string[];
  /** Labels naming a list version newer than the category lists ("…, 2027-Version 1"): placed by keyword, flagged. */
  newerListLabels: string[];
  /** Values kept as raw text because they could not be read. */
  unreadable: { number: string; field: string; text: string }[];
  /** Rounds left out because a value cannot be true (plausibility.ts): the rest of the feed stands. */
  refused: RoundRefusal[];
}

export interface NormalizeOptions {
  /** The clock "later than tomorrow" is judged by. */
  now?: Date;
}

const SITE = 'https://www.canada.ca';
const PROGRAM_PATTERNS: [ProgramId, RegExp][] = [
  ['fsw', /skilled worker/i],
  ['cec', /canadian experience/i],
  ['fst', /skilled trades/i],
  ['pnp', /provincial nominee/i],
];
/** dd1…dd18 → CRS bands (docs/FORMAT.md, "Pool distribution"); dd3 and dd9 are subtotals, dd18 the total. */
const BANDS: [key: string, from: number, to: number][] = [
  ['dd1', 601, 1200], ['dd2', 501, 600], ['dd4', 491, 500], ['dd5', 481, 490], ['dd6', 471, 480],
  ['dd7', 461, 470], ['dd8', 451, 460], ['dd10', 441, 450], ['dd11', 431, 440], ['dd12', 421, 430],
  ['dd13', 411, 420], ['dd14', 401, 410], ['dd15', 351, 400], ['dd16', 301, 350], ['dd17', 0, 300],
];
const SUBTOTALS: [key: string, from: number, to: number][] = [['dd3', 451, 500], ['dd9', 401, 450]];

export function parseFeedText(text: string, catalog: CategoryCatalog, options: NormalizeOptions = {}): NormalizedFeed {
  const trimmed = text.trimStart();
  if (trimmed.startsWith('<')) throw new FeedError('the feed answered with an HTML page, not JSON');
  let json: unknown;
  try {
    json = JSON.parse(trimmed);
  } catch (error) {
    throw new FeedError(`the feed is not valid JSON (${(error as Error).message}); it may be cut short`);
  }
  return normalizeFeed(json, catalog, options);
}

export function normalizeFeed(json: unknown, catalog: CategoryCatalog, { now = new Date() }: NormalizeOptions = {}): NormalizedFeed {
  const result = rawFeedSchema.safeParse(json);
  if (!result.success) throw new FeedError(describeIssues(result.error, json));
  const latestDate = latestPlausibleDate(now);
  const unknownLabels = new Set<string>();
  const newerListLabels = new Set<string>();
  const unreadable: NormalizedFeed['unreadable'] = [];
  const refused: RoundRefusal[] = [];
  const draws = result.data.rounds.flatMap((raw) => {
    const draw = toDraw(raw, catalog);
    const refusals = refusalsOf(raw, draw, latestDate);
    if (refusals.length) {
      refused.push(...refusals);
      return [];
    }
    if (draw.category.id === 'other') unknownLabels.add(draw.label);
    if (draw.category.unknownVersion) newerListLabels.add(draw.label);
    if (draw.roundAtText) unreadable.push({ number: draw.number, field: 'drawDateTime', text: draw.roundAtText });
    if (draw.tieBreakAtText) unreadable.push({ number: draw.number, field: 'drawCutOff', text: draw.tieBreakAtText });
    return [draw];
  });
  return { draws: draws.sort(compareDrawsNewestFirst), unknownLabels: [...unknownLabels], newerListLabels: [...newerListLabels], unreadable, refused };
}

export function toDraw(raw: RawRound, catalog: CategoryCatalog): Draw {
  const label = raw.drawName.trim();
  const category = catalog.place(label, raw.drawDate);
  const programsText = raw.drawText2?.trim() ?? '';
  const roundAtText = raw.drawDateTime ?? '';
  const tieBreakText = raw.drawCutOff ?? '';
  const roundAt = parseRoundInstant(roundAtText, raw.drawDate);
  const tieBreakAt = parseTieBreak(tieBreakText, raw.drawDate);
  return {
    number: raw.drawNumber.trim().toLowerCase(),
    date: raw.drawDate,
    label,
    category,
    programs: PROGRAM_PATTERNS.filter(([, pattern]) => pattern.test(programsText)).map(([id]) => id),
    programsText,
    invitations: readNumber(raw.drawSize)!,
    crs: readNumber(raw.drawCRS)!,
    roundAt,
    roundAtText: unreadText(roundAtText, roundAt),
    tieBreakAt,
    tieBreakAtText: unreadText(tieBreakText, tieBreakAt),
    pool: readPool(raw),
    url: ministerialInstructionUrl(raw),
  };
}

/** The raw text, kept only when there was text and it could not be read. */
function unreadText(text: string, instant: string | null): string | null {
  if (instant !== null) return null;
  const raw = text.trim();
  return raw === '' ? null : raw;
}

/** "27,332" → 27332; null for anything else. A character loop: this runs 18 times a round. */
function readNumber(text: string | undefined): number | null {
  const value = text?.trim() ?? '';
  let result = 0;
  let digits = 0;
  for (let index = 0; index < value.length; index++) {
    const code = value.charCodeAt(index);
    if (code >= 48 && code <= 57) {
      result = result * 10 + (code - 48);
      digits++;
    } else if (code !== 44 || index === 0) {
      return null;
    }
  }
  return digits ? result : null;
}

/** All-zero values mean "not published", not an empty pool; so does a missing or unreadable one. */
function readPool(raw: RawRound): Pool | null {
  const record = raw as Record<string, string | undefined>;
  const total = readNumber(record.dd18);
  if (total === null || total === 0) return null;
  const band = ([key, from, to]: [string, number, number]): PoolBand | null => {
    const count = readNumber(record[key]);
    return count === null ? null : { from, to, count };
  };
  const bands = BANDS.map(band);
  const subtotals = SUBTOTALS.map(band);
  if (bands.includes(null) || subtotals.includes(null)) return null;
  const asOf = readTypedDate(raw.drawDistributionAsOn ?? '');
  return {
    asOf: asOf?.year ? `${asOf.year}-${pad(asOf.month)}-${pad(asOf.day)}` : null,
    total,
    bands: bands as PoolBand[],
    subtotals: subtotals as PoolBand[],
  };
}

function pad(value: number): string {
  return String(value).padStart(2, '0');
}

/** Public link: canada.ca + the site-relative href, less the authoring prefix /content/canadasite. */
function ministerialInstructionUrl(raw: RawRound): string | null {
  for (const html of [raw.drawNumberURL, raw.mitext, raw.DrawText1]) {
    const href = html && /href\s*=\s*["']([^"']+)["']/i.exec(html)?.[1]?.trim();
    if (!href) continue;
    const path = href.replace(/^https?:\/\/[^/]+/i, '').replace(/^\/content\/canadasite(?=\/)/, '');
    if (path.startsWith('/')) return SITE + path;
  }
  return null;
}

function describeIssues(error: ZodError, json: unknown): string {
  const rounds = (json as { rounds?: unknown } | null)?.rounds;
  const parts = error.issues.slice(0, 3).map((issue) => {
    const [head, index, field] = issue.path;
    if (head === 'rounds' && typeof index === 'number' && Array.isArray(rounds)) {
      const number = (rounds[index] as { drawNumber?: unknown } | undefined)?.drawNumber;
      const which = typeof number === 'string' ? `round #${number}` : `round ${index + 1} in the file`;
      return `${which}${field === undefined ? '' : `, ${String(field)}`}: ${issue.message}`;
    }
    if (head === 'rounds') return `rounds: ${issue.message}`;
    return issue.path.length ? `${issue.path.join('.')}: ${issue.message}` : issue.message;
  });
  const more = error.issues.length > 3 ? ` (and ${error.issues.length - 3} more problems)` : '';
  return `the feed failed validation: ${parts.join('; ')}${more}`;
}
