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
  #list?: Intl.ListFormat;
  #month?: Intl.DateTimeFormat;
  #longMonth?: Intl.DateTimeFormat;
  readonly #tag: string;
  /** Calendar dates already written: answers name the same rounds' dates again and again. */
  readonly #dates = new Map<string, string>();

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
    return this.#numbers.format(value);
  }

  /** "+5", "−12", "±0": a change against a previous value. */
  delta(value: number): string {
    if (value === 0) return '±0';
    return `${value > 0 ? '+' : '−'}${this.#numbers.format(Math.abs(value))}`;
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

  list(items: string[]): string {
    return (this.#list ??= new Intl.ListFormat(this.#tag, { type: 'conjunction' })).format(items);
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

/** Days from one calendar date to another. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

const dayFormats = new Map<string, Intl.DateTimeFormat>();

/** Today's calendar date in a time zone, as YYYY-MM-DD. Every answer asks: the formatter is built once per zone. */
export function dateIn(timeZone: string, at: Date): string {
  let format = dayFormats.get(timeZone);
  if (!format) dayFormats.set(timeZone, (format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' })));
  return format.format(at);
}
