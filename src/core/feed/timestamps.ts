/**
 * IRCC types drawDateTime and drawCutOff by hand (docs/FORMAT.md, "Typed timestamps"): commas, dots and
 * "at" come and go, hours are unpadded, a 24-hour clock carries AM/PM, the zone or the year may be
 * missing. Rather than list the shapes, pick out the parts: month name, day, year, time.
 */

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const MONTH_DAY = /\b([a-z]{3,9})\.?\s*(\d{1,2})(?!\d|:)(?:\s*[,.]?\s*(\d{4})(?!\d|:))?/i;
const MONTH_DAY_ALL = new RegExp(MONTH_DAY.source, 'gi');
const ISO_DATE = /\b(\d{4})-(\d{2})-(\d{2})\b/;
const TIME = /(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([ap]\.?m\.?)?/i;
const DAY_MS = 86_400_000;
/** The shape most values have ("April 15, 2026 at 10:43:11 UTC"): read without the general scan. */
const COMMON = /^\s*([A-Za-z]+) (\d{1,2}), (\d{4}) at (\d{1,2}):(\d{2}):(\d{2}) UTC\s*$/;
const MONTH_NUMBERS = new Map(['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'].map((name, index) => [name, index + 1]));

export interface TypedDate {
  year: number | null;
  month: number;
  day: number;
}

export interface TypedTime {
  hours: number;
  minutes: number;
  seconds: number;
}

/** 1–12 for a month name or its abbreviation, 0 otherwise. */
function monthOf(parts: RegExpMatchArray): number {
  return MONTHS.indexOf(parts[1]!.slice(0, 3).toLowerCase()) + 1;
}

function readCommon(text: string): { date: TypedDate; time: TypedTime } | null {
  const parts = COMMON.exec(text);
  const month = parts && MONTH_NUMBERS.get(parts[1]!.toLowerCase());
  if (!parts || !month) return null;
  const time = { hours: Number(parts[4]), minutes: Number(parts[5]), seconds: Number(parts[6]) };
  if (time.hours > 23 || time.minutes > 59 || time.seconds > 59) return null;
  return { date: { year: Number(parts[3]), month, day: Number(parts[2]) }, time };
}

function readDateAndTime(text: string): { date: TypedDate | null; time: TypedTime | null } {
  return readCommon(text) ?? { date: readTypedDate(text), time: readTypedTime(text) };
}

export function readTypedDate(text: string): TypedDate | null {
  const iso = ISO_DATE.exec(text);
  if (iso) return { year: Number(iso[1]), month: Number(iso[2]), day: Number(iso[3]) };
  // The month is nearly always the first word: try that before scanning every word.
  const first = MONTH_DAY.exec(text);
  const found = first && monthOf(first) ? first : [...text.matchAll(MONTH_DAY_ALL)].find(monthOf);
  if (!found) return null;
  return { year: found[3] ? Number(found[3]) : null, month: monthOf(found), day: Number(found[2]) };
}

export function readTypedTime(text: string): TypedTime | null {
  const parts = TIME.exec(text);
  if (!parts) return null;
  let hours = Number(parts[1]);
  const minutes = Number(parts[2]);
  const seconds = parts[3] ? Number(parts[3]) : 0;
  const meridiem = parts[4]?.[0]?.toLowerCase();
  // "15:48:39 AM" is a 24-hour time with a stray suffix; only a 12-hour time needs converting.
  if (meridiem && hours >= 1 && hours <= 12) {
    if (meridiem === 'p' && hours < 12) hours += 12;
    if (meridiem === 'a' && hours === 12) hours = 0;
  }
  if (hours > 23 || minutes > 59 || seconds > 59) return null;
  return { hours, minutes, seconds };
}

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function isLeap(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** Null for a day the month does not have ("February 30"), rather than rolling over. */
function utcMillis(year: number, month: number, day: number, time: TypedTime): number | null {
  if (month < 1 || month > 12 || day < 1 || day > DAYS_IN_MONTH[month - 1]! || (month === 2 && day === 29 && !isLeap(year))) return null;
  return Date.UTC(year, month - 1, day, time.hours, time.minutes, time.seconds);
}

function dateMillis(isoDate: string): number {
  return Date.UTC(Number(isoDate.slice(0, 4)), Number(isoDate.slice(5, 7)) - 1, Number(isoDate.slice(8, 10)));
}

/**
 * The tie-breaking instant: a moment before the round. Every value in the feed is UTC, including
 * the few typed without a zone. A value typed without a year takes the round's year, or the one
 * before when that would put it after the round.
 */
export function parseTieBreak(text: string, roundDate: string): string | null {
  const { date, time } = readDateAndTime(text);
  if (!date || !time) return null;
  const roundMs = dateMillis(roundDate);
  let year = date.year ?? Number(roundDate.slice(0, 4));
  let ms = utcMillis(year, date.month, date.day, time);
  if (date.year === null && ms !== null && ms > roundMs + DAY_MS) {
    year -= 1;
    ms = utcMillis(year, date.month, date.day, time);
  }
  return ms === null ? null : new Date(ms).toISOString();
}

/**
 * The instant of the round. drawDate is the one date to trust: a typed date within a day of it is
 * the same evening seen from UTC; one further off is a typo, so the time is kept on drawDate.
 */
export function parseRoundInstant(text: string, roundDate: string): string | null {
  const { date: typed, time } = readDateAndTime(text);
  if (!time) return null;
  if (typed) {
    const year = typed.year ?? Number(roundDate.slice(0, 4));
    const ms = utcMillis(year, typed.month, typed.day, time);
    const daysOff = Math.abs(Date.UTC(year, typed.month - 1, typed.day) - dateMillis(roundDate)) / DAY_MS;
    if (ms !== null && daysOff <= 1) return new Date(ms).toISOString();
  }
  const [year, month, day] = roundDate.split('-').map(Number) as [number, number, number];
  const ms = utcMillis(year, month, day, time);
  return ms === null ? null : new Date(ms).toISOString();
}
