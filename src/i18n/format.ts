import { localeInfo, type Locale } from './locales.ts';

/** Numbers, dates and instants as each language writes them (Canadian French: "4 500", "11 avril 2024"). */
export class Formatter {
  // Built when first used: constructing Intl formats costs start time, and most answers use few.
  #number?: Intl.NumberFormat;
  #percent?: Intl.NumberFormat;
  #date?: Intl.DateTimeFormat;
  #shortDate?: Intl.DateTimeFormat;
  #instant?: Intl.DateTimeFormat;
  #local?: Intl.DateTimeFormat;
  #weekday?: Intl.DateTimeFormat;
  #list?: Intl.ListFormat;
  #month?: Intl.DateTimeFormat;
  #longMonth?: Intl.DateTimeFormat;
  readonly #tag: string;
  /** Calendar dates already written: answers name the same rounds' dates again and again. */
  readonly #dates = new Map<string, string>();
  /** Numbers and changes already written. */
  readonly #written = new Map<number, string>();
  readonly #deltas = new Map<number, string>();
  readonly #lists = new Map<string, string>();

  constructor(
    readonly locale: Locale,
    readonly timeZone: string,
  ) {
    this.#tag = localeInfo(locale).intl;
  }

  get #numbers(): Intl.NumberFormat {
    return (this.#number ??= new Intl.NumberFormat(this.#tag));
  }

  number(value: number): string {
    // Answers write the same few hundred numbers (scores, points, cut-offs) again and again, and
    // Intl's format costs a microsecond each: those written once are kept, up to a bound.
    let written = this.#written.get(value);
    if (written === undefined) {
      written = this.#numbers.format(value);
      if (this.#written.size >= 10_000) this.#written.clear();
      this.#written.set(value, written);
    }
    return written;
  }

  /** "+5", "−12", "±0": a change against a previous value. */
  delta(value: number): string {
    if (value === 0) return '±0';
    let written = this.#deltas.get(value);
    if (written === undefined) {
      written = `${value > 0 ? '+' : '−'}${this.number(Math.abs(value))}`;
      if (this.#deltas.size >= 10_000) this.#deltas.clear();
      this.#deltas.set(value, written);
    }
    return written;
  }

  percent(share: number): string {
    return (this.#percent ??= new Intl.NumberFormat(this.#tag, { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 })).format(share);
  }

  /** A calendar date (YYYY-MM-DD) as IRCC published it: no time zone shift. */
  date(isoDate: string): string {
    let written = this.#dates.get(isoDate);
    if (written === undefined) {
      written = this.#withDay((this.#date ??= new Intl.DateTimeFormat(this.#tag, { dateStyle: 'long', timeZone: 'UTC' })), new Date(`${isoDate}T00:00:00Z`));
      // A few thousand dates at most (every round since 2015); bounded all the same.
      if (this.#dates.size >= 10_000) this.#dates.clear();
      this.#dates.set(isoDate, written);
    }
    return written;
  }

  shortDate(isoDate: string): string {
    return this.#withDay((this.#shortDate ??= new Intl.DateTimeFormat(this.#tag, { dateStyle: 'medium', timeZone: 'UTC' })), new Date(`${isoDate}T00:00:00Z`));
  }

  /** A UTC instant written in UTC, as IRCC publishes tie-breaking rules. */
  instantUtc(iso: string): string {
    this.#instant ??= new Intl.DateTimeFormat(this.#tag, { year: 'numeric', month: 'long', day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23', timeZone: 'UTC' });
    return `${this.#withDay(this.#instant, new Date(iso))} UTC`;
  }

  /** An instant in the bot's time zone (when data was checked). */
  localInstant(iso: string): string {
    this.#local ??= new Intl.DateTimeFormat(this.#tag, { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: this.timeZone, timeZoneName: 'short' });
    return this.#withDay(this.#local, new Date(iso));
  }

  /** French writes the first of a month as an ordinal ("1er octobre"); Intl writes "1 octobre". */
  #withDay(format: Intl.DateTimeFormat, at: Date): string {
    if (this.locale !== 'fr') return format.format(at);
    return format.formatToParts(at).map((part) => (part.type === 'day' && Number(part.value) === 1 ? '1er' : part.value)).join('');
  }

  /** An instant to come, in the bot's time zone, with its weekday: "Monday, December 7, 2026 at 09:00 EST". */
  weekdayInstant(iso: string): string {
    this.#weekday ??= new Intl.DateTimeFormat(this.#tag, { weekday: 'long', year: 'numeric', month: 'long', day: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: this.timeZone, timeZoneName: 'short' });
    return this.#withDay(this.#weekday, new Date(iso));
  }

  list(items: string[]): string {
    // The same few lists (round types) come back answer after answer.
    const key = items.join('\u0000');
    let written = this.#lists.get(key);
    if (written === undefined) {
      written = (this.#list ??= new Intl.ListFormat(this.#tag, { type: 'conjunction' })).format(items);
      if (this.#lists.size >= 1_000) this.#lists.clear();
      this.#lists.set(key, written);
    }
    return written;
  }

  /** A month (YYYY-MM) in words: "March 2026", "mars 2026". */
  month(isoMonth: string): string {
    return (this.#longMonth ??= new Intl.DateTimeFormat(this.#tag, { month: 'long', year: 'numeric', timeZone: 'UTC' })).format(new Date(`${isoMonth}-01T00:00:00Z`));
  }

  /** The month of a calendar date, for chart axes: "Apr 2026", "avr. 2026". */
  monthYear(isoDate: string): string {
    return (this.#month ??= new Intl.DateTimeFormat(this.#tag, { month: 'short', year: 'numeric', timeZone: 'UTC' })).format(new Date(`${isoDate}T00:00:00Z`));
  }
}

export { daysBetween } from '../core/period.ts';

const dayFormats = new Map<string, Intl.DateTimeFormat>();

/** The last date written per zone, by the minute it was written for: every answer asks, and a date changes only on a minute. */
const lastDates = new Map<string, { minute: number; date: string }>();

/** Today's calendar date in a time zone, as YYYY-MM-DD. Every answer asks: the formatter is built once per zone. */
export function dateIn(timeZone: string, at: Date): string {
  const minute = Math.floor(at.getTime() / 60_000);
  const last = lastDates.get(timeZone);
  if (last?.minute === minute) return last.date;
  let format = dayFormats.get(timeZone);
  if (!format) dayFormats.set(timeZone, (format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' })));
  const date = format.format(at);
  lastDates.set(timeZone, { minute, date });
  return date;
}
