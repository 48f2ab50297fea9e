import type { Locale } from '../core/search.ts';
import { en } from './en.ts';
import { fr } from './fr.ts';

export type Messages = typeof en;

const catalogs: Record<Locale, Messages> = { en, fr };

export function messages(locale: Locale): Messages {
  return catalogs[locale];
}

/** "fr", "fr-CA", "fr_CA.UTF-8" → fr; anything else → en. */
export function localeFrom(tag: string | undefined | null): Locale {
  return tag && /^fr([-_]|$)/i.test(tag) ? 'fr' : 'en';
}
