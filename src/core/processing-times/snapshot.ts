import { createHash } from 'node:crypto';
import { z } from 'zod';
import { latestPlausibleDate } from '../feed/plausibility.ts';
import { EXPRESS_ENTRY_PROGRAMS } from './programs.ts';
import { estimateMonths, readEstimate, readQueue, readUsDate, type Estimate, type Queue } from './values.ts';

/**
 * IRCC's forward-looking processing times (flpt-en.json) as published, and read into values. A
 * snapshot is taken whole or refused whole: one value the bot cannot read, or cannot be true, and
 * nothing in the file is stored (the last good snapshot stays; docs/FORMAT.md lists the checks).
 */

/** The file's five parts; unknown top-level keys are left out, values are kept as IRCC wrote them. */
export const rawProcessingTimesSchema = z.object({
  'default-update': z.looseObject({ flpt_lastupdated: z.string(), flpt_interval: z.string() }),
  'current-flpt': z.record(z.string(), z.string()),
  'total-people': z.record(z.string(), z.string()),
  'wait-times': z.record(z.string(), z.string()),
  'people-ahead': z.record(z.string(), z.string()),
});

export type RawProcessingTimes = z.infer<typeof rawProcessingTimesSchema>;

/** One application month ("cohort"): IRCC's estimate of the time left and of the people ahead. */
export interface Cohort {
  /** YYYY-MM, the month IRCC received the applications. */
  month: string;
  left: Estimate;
  ahead: Queue;
}

export interface ProgramTimes {
  key: string;
  /** For an application received today; null where the file has none for the program. */
  current: Estimate | null;
  waiting: Queue | null;
  /** Oldest first. */
  cohorts: Cohort[];
}

export interface ProcessingTimes {
  /** IRCC's `flpt_lastupdated`, as YYYY-MM-DD. */
  updated: string;
  interval: string;
  programs: ReadonlyMap<string, ProgramTimes>;
}

export const PLAUSIBLE_TIMES = {
  /** Nothing IRCC estimates runs past a century; more is a typo. */
  maxMonths: 1_200,
  maxPeople: 5_000_000,
  /** IRCC's file held 127 application months per program in 2026: a few means a cut-short file. */
  minCohorts: 12,
  firstUpdate: '2020-01-01',
  firstCohort: '2000-01',
} as const;

const PROGRAM_KEY = /^[a-z][a-z0-9-]*[a-z0-9]$/;
/** "pnp-ee-2026/07": the program part holds hyphens, so the month is split off at the last one. */
const COHORT_KEY = /^(.+)-(\d{4})\/(0[1-9]|1[0-2])$/;

export type ReadOutcome = { ok: true; times: ProcessingTimes; raw: RawProcessingTimes } | { ok: false; reason: string };

/** Reads IRCC's file: the snapshot, or why it is refused (one line). */
export function readProcessingTimes(text: string, { now = new Date() }: { now?: Date } = {}): ReadOutcome {
  let json: unknown;
  try {
    // A byte-order mark is legal in JSON served over HTTP and has been seen in IRCC's other files.
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    return { ok: false, reason: `not JSON (${(error as Error).message})` };
  }
  const parsed = rawProcessingTimesSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return { ok: false, reason: `not IRCC's processing-times format (${issue.path.join('.') || 'root'}: ${issue.message})` };
  }
  try {
    return { ok: true, times: toTimes(parsed.data, now), raw: parsed.data };
  } catch (error) {
    if (error instanceof Refusal) return { ok: false, reason: error.message };
    throw error;
  }
}

/** A snapshot already checked when it was stored, read again into values. */
export function timesOf(raw: RawProcessingTimes): ProcessingTimes {
  return toTimes(raw, null);
}

class Refusal extends Error {}

function refuse(reason: string): never {
  throw new Refusal(reason);
}

function toTimes(raw: RawProcessingTimes, now: Date | null): ProcessingTimes {
  const updatedText = raw['default-update'].flpt_lastupdated;
  const updated = readUsDate(updatedText) ?? refuse(`default-update.flpt_lastupdated ${JSON.stringify(updatedText)} is not a date such as "August 10, 2026"`);
  if (now) {
    const latest = latestPlausibleDate(now);
    if (updated > latest) refuse(`updated ${updated}, later than tomorrow in Toronto (${latest})`);
    if (updated < PLAUSIBLE_TIMES.firstUpdate) refuse(`updated ${updated}, before ${PLAUSIBLE_TIMES.firstUpdate}: not this file`);
  }
  const current = raw['current-flpt'];
  const total = raw['total-people'];
  const differing = symmetricDifference(Object.keys(current), Object.keys(total));
  if (differing.length) refuse(`current-flpt and total-people do not name the same programs (${differing.slice(0, 5).join(', ')})`);
  for (const key of EXPRESS_ENTRY_PROGRAMS) if (!(key in current)) refuse(`no ${key} in current-flpt: an Express Entry program is missing`);

  const programs = new Map<string, ProgramTimes>();
  const program = (key: string): ProgramTimes => {
    if (!PROGRAM_KEY.test(key)) refuse(`${JSON.stringify(key)} is not a program key`);
    let found = programs.get(key);
    if (!found) programs.set(key, (found = { key, current: null, waiting: null, cohorts: [] }));
    return found;
  };
  for (const [key, text] of Object.entries(current)) {
    const entry = program(key);
    entry.current = estimate(text, `current-flpt.${key}`);
    entry.waiting = queue(total[key]!, `total-people.${key}`);
  }

  const waits = raw['wait-times'];
  const ahead = raw['people-ahead'];
  const unmatched = symmetricDifference(Object.keys(waits), Object.keys(ahead));
  if (unmatched.length) refuse(`wait-times and people-ahead do not name the same months (${unmatched.slice(0, 5).join(', ')})`);
  const updatedMonth = updated.slice(0, 7);
  for (const [cohortKey, text] of Object.entries(waits)) {
    const match = COHORT_KEY.exec(cohortKey) ?? refuse(`wait-times key ${JSON.stringify(cohortKey)} is not "program-YYYY/MM"`);
    const month = `${match[2]}-${match[3]}`;
    if (month > updatedMonth) refuse(`${cohortKey}: a month after the update (${updated})`);
    if (month < PLAUSIBLE_TIMES.firstCohort) refuse(`${cohortKey}: a month before ${PLAUSIBLE_TIMES.firstCohort}`);
    program(match[1]!).cohorts.push({ month, left: estimate(text, `wait-times.${cohortKey}`), ahead: queue(ahead[cohortKey]!, `people-ahead.${cohortKey}`) });
  }
  for (const entry of programs.values()) entry.cohorts.sort((a, b) => (a.month < b.month ? -1 : 1));
  for (const key of EXPRESS_ENTRY_PROGRAMS) {
    const cohorts = programs.get(key)!.cohorts.length;
    if (cohorts < PLAUSIBLE_TIMES.minCohorts) refuse(`${cohorts} application months for ${key} (at least ${PLAUSIBLE_TIMES.minCohorts} expected): a cut-short file`);
  }
  return { updated, interval: raw['default-update'].flpt_interval, programs };
}

function estimate(text: string, where: string): Estimate {
  const value = readEstimate(text) ?? refuse(`${where}: ${JSON.stringify(text)} is not a processing time`);
  if ((estimateMonths(value) ?? 0) > PLAUSIBLE_TIMES.maxMonths) refuse(`${where}: ${JSON.stringify(text)} is over a century`);
  return value;
}

function queue(text: string, where: string): Queue {
  const value = readQueue(text) ?? refuse(`${where}: ${JSON.stringify(text)} is not a number of people`);
  if (value.kind === 'count' && value.count > PLAUSIBLE_TIMES.maxPeople) refuse(`${where}: ${JSON.stringify(text)} is more people than any queue holds`);
  return value;
}

function symmetricDifference(a: string[], b: string[]): string[] {
  const left = new Set(a);
  const right = new Set(b);
  return [...a.filter((key) => !right.has(key)), ...b.filter((key) => !left.has(key))];
}

/**
 * What a snapshot says, whatever the bytes: the same file served again with other spacing or key
 * order is the same snapshot (never stored or posted twice).
 */
export function contentKey(raw: RawProcessingTimes): string {
  return createHash('sha256').update(stableJson(raw)).digest('hex');
}

function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value).sort().map((key) => `${JSON.stringify(key)}:${stableJson((value as Record<string, unknown>)[key])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
