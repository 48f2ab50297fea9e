import type { Locale } from '../i18n/locales.ts';

/** Text IRCC and Statistics Canada publish: in English and French, Canada's official languages. */
export interface OfficialText {
  en: string;
  fr: string;
}

/** The text in the caller's language where it is published in it; English otherwise. */
export function inLanguage(text: OfficialText, locale: Locale): string {
  return (text as Partial<Record<Locale, string>>)[locale] ?? text.en;
}

/** Folds case, accents and punctuation so "Français", "francais" and "FRANÇAIS!" compare equal. */
export function foldText(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}
