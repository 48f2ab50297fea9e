import type { CategoryCatalog } from '../core/categories.ts';
import type { Draw } from '../core/draw.ts';
import type { Locale } from './locales.ts';
import { foldText } from '../core/text.ts';

/**
 * A round's name in the member's language. In English, IRCC's label as published. In French,
 * IRCC's own French label where the lists have it ("Métiers spécialisés 2026-Version 3"), else
 * the round type's French name with the list version the English label names; a label no list
 * knows stays as IRCC published it, since nothing better is known.
 */
export function roundName({ core, locale }: { core: { categories: CategoryCatalog }; locale: Locale }, draw: Pick<Draw, 'label' | 'category'>): string {
  if (locale === 'en' || draw.category.id === 'other') return draw.label;
  const version = draw.category.version ? core.categories.version(draw.category.version) : undefined;
  const folded = foldText(draw.label);
  const frenchLabel = version && [...version.drawNames, ...version.drawNamesFr].some((name) => foldText(name) === folded) ? version.drawNamesFr[0] : undefined;
  if (frenchLabel) return frenchLabel;
  const name = core.categories.get(draw.category.id)?.name.fr ?? draw.label;
  return `${name}${frenchListVersion(draw.label)}`;
}

/** "…, 2026-Version 3" → " 2026-version 3"; "… (Version 1)" → " (version 1)"; "… (2023-1)" → " (2023-1)"; else "". */
function frenchListVersion(label: string): string {
  const yearVersion = /\b(20\d\d)-version\s*(\d+)\b/i.exec(label);
  if (yearVersion) return ` ${yearVersion[1]}-version ${yearVersion[2]}`;
  const version = /\(version\s*(\d+)\)/i.exec(label);
  if (version) return ` (version ${version[1]})`;
  const short = /\((20\d\d-\d+)\)/.exec(label);
  return short ? ` (${short[1]})` : '';
}
