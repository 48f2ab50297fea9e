import { en } from './en.ts';
import { fr } from './fr.ts';

/**
 * The languages the bot answers in, and what each platform needs to know of them. Adding one takes
 * a catalog file beside this one (typed as `Messages`, so the compiler lists every string still
 * missing) and an entry here; every `Localized` text (command descriptions) then fails to compile
 * until it has the new language too. Data IRCC publishes (category names, NOC titles) exists in
 * Canada's two official languages only: see `OfficialText` in the core.
 */

export type Messages = typeof en;

export interface LocaleInfo {
  messages: Messages;
  /** The language's name in that language. */
  name: string;
  /** The BCP 47 tag numbers and dates are written with (Intl). */
  intl: string;
  /** Tells this language in a platform's tag: Telegram's language_code, Discord's locale, LANG. */
  tag: RegExp;
  /** Telegram's language_code for this language's command menu; null for the default menu. */
  telegramMenu: string | null;
  /** Discord locales shown this language's descriptions (Discord's default is English). */
  discordLocales: readonly ('fr' | 'en-US' | 'en-GB')[];
  /** What follows a label: French writes a no-break space before the colon. */
  colon: string;
}

export const LOCALES = {
  en: { messages: en, name: 'English', intl: 'en-CA', tag: /^en([-_]|$)/i, telegramMenu: null, discordLocales: [], colon: ': ' },
  fr: { messages: fr, name: 'Français', intl: 'fr-CA', tag: /^fr([-_]|$)/i, telegramMenu: 'fr', discordLocales: ['fr'], colon: '\u00a0: ' },
} as const satisfies Record<string, LocaleInfo>;

export type Locale = keyof typeof LOCALES;

/** Text the bot itself writes, in every language it speaks. */
export type Localized = Record<Locale, string>;

export const LOCALE_IDS = Object.keys(LOCALES) as [Locale, ...Locale[]];
export const DEFAULT_LOCALE = 'en' satisfies Locale;

/** The languages other than the default: each command has a name of its own in them (Telegram's menu, Discord's localizations). */
export type OtherLocale = Exclude<Locale, typeof DEFAULT_LOCALE>;

export function localeInfo(locale: Locale): LocaleInfo {
  return LOCALES[locale];
}

export function messages(locale: Locale): Messages {
  return LOCALES[locale].messages;
}

/** "fr", "fr-CA", "fr_CA.UTF-8" → fr; a language the bot does not speak → English. */
export function localeFrom(tag: string | undefined | null): Locale {
  if (!tag) return DEFAULT_LOCALE;
  return LOCALE_IDS.find((locale) => LOCALES[locale].tag.test(tag)) ?? DEFAULT_LOCALE;
}
