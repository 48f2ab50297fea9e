import { calculateCrs, scoreChecked } from './calculate.ts';
import type { CrsGrid } from './grid.ts';
import { toLevels, type Four, type LanguageResult, type OfficialLanguage } from './language.ts';
import { MAX_CANADIAN_WORK, type CrsProfile } from './profile.ts';

/** One change to a profile, and what it adds (recomputed by calculateCrs, caps and all). */
export type Improvement =
  | { kind: 'first-language'; language: OfficialLanguage; level: number; gain: number }
  | { kind: 'second-language'; language: OfficialLanguage; level: number; gain: number }
  | { kind: 'canadian-work'; years: number; gain: number }
  | { kind: 'nomination'; gain: number };

export interface Improvements {
  /** The changes within the candidate's own reach, most points first; only those that add points. */
  changes: Improvement[];
  /**
   * A provincial nomination, apart: it adds more than anything else but is a province's decision
   * and a separate application, so it would always crowd the list. null when already nominated.
   */
  nomination: Improvement | null;
}

/** The first-language levels worth trying, and the second-language level (IRCC's thresholds for more points). */
const FIRST_LANGUAGE_TARGETS = [9, 10] as const;
const SECOND_LANGUAGE_TARGET = 7;

/**
 * The few realistic single changes that add the most points: first language at 9, then 10, in all
 * four; one more year of Canadian work (age held as it is); the other official language at 7 in all
 * four. Each is scored by rebuilding the profile and running the calculator, never by adding table values.
 */
export function bestImprovements(profile: CrsProfile, grid: CrsGrid, count = 3): Improvements {
  // Checked once here; each variant changes one factor to a level the grid knows, so it stays valid.
  const base = calculateCrs(profile, grid).total;
  const gain = (changed: CrsProfile) => scoreChecked(changed, grid).total - base;
  const first = toLevels(profile.firstLanguage);
  const secondLanguage: OfficialLanguage = first.language === 'english' ? 'french' : 'english';

  const candidates: Improvement[] = FIRST_LANGUAGE_TARGETS.map((level) => ({
    kind: 'first-language' as const,
    language: first.language,
    level,
    gain: gain({ ...profile, firstLanguage: raisedTo(first.language, first.levels, level) }),
  }));
  if (profile.canadianWork < MAX_CANADIAN_WORK) {
    const years = profile.canadianWork + 1;
    candidates.push({ kind: 'canadian-work', years, gain: gain({ ...profile, canadianWork: years }) });
  }
  const currentSecond = profile.secondLanguage ? toLevels(profile.secondLanguage).levels : ([0, 0, 0, 0] as const);
  candidates.push({
    kind: 'second-language',
    language: secondLanguage,
    level: SECOND_LANGUAGE_TARGET,
    gain: gain({ ...profile, secondLanguage: raisedTo(secondLanguage, currentSecond, SECOND_LANGUAGE_TARGET) }),
  });

  const changes = candidates.filter((change) => change.gain > 0).sort((a, b) => b.gain - a.gain).slice(0, count);
  const nomination: Improvement | null = profile.nomination ? null : { kind: 'nomination', gain: gain({ ...profile, nomination: true }) };
  return { changes, nomination };
}

/** Levels given directly, each ability raised to `level` where it was lower. */
function raisedTo(language: OfficialLanguage, levels: Four, level: number): LanguageResult {
  const at = (index: number) => Math.max(levels[index]!, level);
  return { test: language === 'english' ? 'clb' : 'nclc', scores: [at(0), at(1), at(2), at(3)] };
}
