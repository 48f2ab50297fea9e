import { localeInfo, type Locale } from './locales.ts';

/** Numbers, dates and instants as each language writes them (Canadian French: "4 500", "11 avril 2024"). */
export class Formatter {
  readonly #number: Intl.NumberFormat;
  readonly #percent: Intl.NumberFormat;
  readonly #date: Intl.DateTimeFormat;
  readonly #shortDate: Intl.DateTimeFormat;
  readonly #instant: Intl.DateTimeFormat;
  readonly #local: Intl.DateTimeFormat;
  readonly #list: Intl.ListFormat;
  readonly #month: Intl.DateTimeFormat;

  constructor(
    readonly locale: Locale,
    readonly timeZone: string,
  ) {
    const tag = localeInfo(locale).intl;
    this.#number = new Intl.NumberFormat(tag);
    this.#percent = new Intl.NumberFormat(tag, { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 });
    this.#date = new Intl.DateTimeFormat(tag, { dateStyle: 'long', timeZone: 'UTC' });
    this.#shortDate = new Intl.DateTimeFormat(tag, { dateStyle: 'medium', timeZone: 'UTC' });
    this.#instant = new Intl.DateTimeFormat(tag, { year: 'numeric', month: 'long', day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23', timeZone: 'UTC' });
    this.#local = new Intl.DateTimeFormat(tag, { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: timeZone, timeZoneName: 'short' });
    this.#list = new Intl.ListFormat(tag, { type: 'conjunction' });
    this.#month = new Intl.DateTimeFormat(tag, { month: 'short', year: 'numeric', timeZone: 'UTC' });
  }

  number(value: number): string {
    return this.#number.format(value);
  }

  /** "+5", "−12", "±0": a change against a previous value. */
  delta(value: number): string {
    if (value === 0) return '±0';
    return `${value > 0 ? '+' : '−'}${this.#number.format(Math.abs(value))}`;
  }

  percent(share: number): string {
    return this.#percent.format(share);
  }

  /** A calendar date (YYYY-MM-DD) as IRCC published it: no time zone shift. */
  date(isoDate: string): string {
    return this.#withDay(this.#date, new Date(`${isoDate}T00:00:00Z`));
  }

  shortDate(isoDate: string): string {
    return this.#withDay(this.#shortDate, new Date(`${isoDate}T00:00:00Z`));
  }

  /** A UTC instant written in UTC, as IRCC publishes tie-breaking rules. */
  instantUtc(iso: string): string {
    return `${this.#withDay(this.#instant, new Date(iso))} UTC`;
  }

  /** An instant in the bot's time zone (when data was checked). */
  localInstant(iso: string): string {
    return this.#withDay(this.#local, new Date(iso));
  }

  /** French writes the first of a month as an ordinal ("1er octobre"); Intl writes "1 octobre". */
  #withDay(format: Intl.DateTimeFormat, at: Date): string {
    if (this.locale !== 'fr') return format.format(at);
    return format.formatToParts(at).map((part) => (part.type === 'day' && Number(part.value) === 1 ? '1er' : part.value)).join('');
  }

  list(items: string[]): string {
    return this.#list.format(items);
  }

  /** The month of a calendar date, for chart axes: "Apr 2026", "avr. 2026". */
  monthYear(isoDate: string): string {
    return this.#month.format(new Date(`${isoDate}T00:00:00Z`));
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
