import { describe, expect, it } from 'vitest';
import {
  ABILITIES, bestImprovements, CANADIAN_EDUCATION, EDUCATION_LEVELS, GRID_2025_03_25, LANGUAGE_TEST_DEFINITIONS, LANGUAGE_TESTS,
  officialLanguageOf, toLevels, type CrsProfile, type Four, type Improvement, type LanguageResult, type LanguageTestId, type OfficialLanguage,
} from '../../../src/core/crs/index.ts';
import { scoreChecked } from '../../../src/core/crs/calculate.ts';
import { crsOf, profileOf } from './helpers.ts';

const improvementsOf = (line: string, count?: number) => bestImprovements(profileOf(line), GRID_2025_03_25, count);

describe('best improvements', () => {
  it('ranks the best change of each kind of reference example 1 (429) by its gain', () => {
    // French NCLC 9 in all four: second language 4 × 6 = 24 (its cap) + French bonus with CLB 5+ English 50 = 74.
    // 1 year in Canada: core 40 + education × 1 year 13 (foreign work already at its cap of 50) = 53.
    // A second credential (two or more, one of 3+ years): core 128 − 120 = 8 + education × language 50 − 25 = 33.
    // Left out: a Canadian credential (15), CLB 10 in all four (4 × (34 − 31) = 12).
    expect(improvementsOf('age=29 edu=bachelor lang=celpip:9,9,9,9 foreign-work=3')).toEqual({
      changes: [
        { kind: 'second-language', language: 'french', level: 9, ability: null, gain: 74 },
        { kind: 'canadian-work', years: 1, gain: 53 },
        { kind: 'education', level: 'two-or-more', gain: 33 },
      ],
      nomination: { kind: 'nomination', gain: 600 },
    });
  });

  it('finds the other official language at 9 (the member’s /crs age=35 edu=phd lang=nclc:9,10,11,12)', () => {
    // English CLB 9 in all four: 4 × 6 = 24 second-language points + the French bonus doubled (25 → 50) = 49,
    // more than a year in Canada (40) or NCLC 10 in listening (+3), which main offered instead.
    const { changes } = improvementsOf('age=35 edu=phd lang=nclc:9,10,11,12');
    expect(changes[0]).toEqual({ kind: 'second-language', language: 'english', level: 9, ability: null, gain: 49 });
    // Then a year in Canada (+40) and a year of foreign work (+25: education × language is at its cap already).
    expect(changes.map((change) => change.kind)).toEqual(['second-language', 'canadian-work', 'foreign-work']);
  });

  it('finds a year of foreign work and the spouse’s language where main found nothing', () => {
    // Foreign work 0 → 1 year with CLB 9+ and 2+ Canadian years: 25 + 25 = 50 (the cap). Spouse CLB 9 in all
    // four: 4 × 5 = 20. A Canadian credential of 1–2 years: 15. A second credential: 119 − 112 = 7.
    const { changes } = improvementsOf('age=30 edu=bachelor lang=clb:10,10,10,10 lang2=nclc:9,9,9,9 cdn-work=5 spouse=yes spouse-edu=bachelor', 4);
    expect(changes).toEqual([
      { kind: 'foreign-work', years: 1, gain: 50 },
      { kind: 'spouse-language', language: null, level: 9, ability: null, gain: 20 },
      { kind: 'canadian-education', level: '1-2', gain: 15 },
      { kind: 'education', level: 'two-or-more', gain: 7 },
    ]);
  });

  it('names the one ability to raise when the others are there already', () => {
    // CELPIP 10/10/10/8: speaking alone to CLB 10 adds 34 − 23 = 11 and moves education × language to its high column (+25).
    const { changes } = improvementsOf('age=29 edu=master lang=celpip:10,10,10,8', 10);
    expect(changes.find((change) => change.kind === 'first-language')).toEqual({ kind: 'first-language', language: 'english', level: 10, ability: 'speaking', gain: 36 });
  });

  it('matches the calculator on the changed profile', () => {
    const line = 'age=26 edu=bachelor lang=tcf:458,453,10,10 cdn-work=1';
    const base = crsOf(line).total;
    const { changes } = improvementsOf(line, 10);
    // French first: the first language rises in NCLC, the second one offered is English.
    // NCLC 7 in all four now: NCLC 10 in all four is the best first-language change.
    expect(changes.find((change) => change.kind === 'first-language')).toEqual({ kind: 'first-language', language: 'french', level: 10, ability: null, gain: crsOf(line.replace('tcf:458,453,10,10', 'nclc:10,10,10,10')).total - base });
    expect(changes.find((change) => change.kind === 'second-language')).toEqual({ kind: 'second-language', language: 'english', level: 9, ability: null, gain: crsOf(`${line} lang2=clb:9,9,9,9`).total - base });
    expect(changes.find((change) => change.kind === 'canadian-work')?.gain).toBe(crsOf(line.replace('cdn-work=1', 'cdn-work=2')).total - base);
  });

  it('offers only changes that add points, and keeps the nomination apart (recomputed under the 600 cap)', () => {
    const top = 'age=25 edu=phd lang=clb:10,10,10,10 lang2=nclc:9,9,9,9 cdn-work=5 foreign-work=3 cdn-edu=3+';
    // Additional: French 50 + education in Canada 30 = 80, so a nomination adds 600 − 80.
    expect(improvementsOf(top)).toEqual({ changes: [], nomination: { kind: 'nomination', gain: 520 } });
    expect(improvementsOf(`${top} nomination=yes`).nomination).toBeNull();
    expect(improvementsOf('age=29 edu=bachelor lang=celpip:9,9,9,9 sibling=yes').nomination?.gain).toBe(585);
  });

  it('returns as many as asked, most first, one of each kind', () => {
    // Base 311. CLB 10: 4 × (34 − 17) = 68 + transferability 25 − 13 = 12 → 80. NCLC 9: 24 + 50 → 74.
    // 1 year in Canada: 40 + 13 → 53.
    const line = 'age=29 edu=bachelor lang=celpip:7,7,7,7';
    expect(improvementsOf(line, 1).changes).toEqual([{ kind: 'first-language', language: 'english', level: 10, ability: null, gain: 80 }]);
    const all = improvementsOf(line, 20).changes;
    expect(all.map((change) => change.gain).slice(0, 3)).toEqual([80, 74, 53]);
    expect(new Set(all.map((change) => change.kind)).size).toBe(all.length);
  });
});

/** A small seeded generator (mulberry32): the same 2,000 profiles on every run. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function randomProfile(next: () => number): CrsProfile {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
  const result = (tests: readonly LanguageTestId[]): LanguageResult => {
    const test = pick(tests);
    const ranges = LANGUAGE_TEST_DEFINITIONS[test].ranges;
    const score = (index: number) => ranges[index]!.min + Math.floor(next() * ((ranges[index]!.max - ranges[index]!.min) / ranges[index]!.step + 1)) * ranges[index]!.step;
    return { test, scores: [score(0), score(1), score(2), score(3)] };
  };
  const firstLanguage = result(LANGUAGE_TESTS);
  const others = LANGUAGE_TESTS.filter((test) => officialLanguageOf(test) !== officialLanguageOf(firstLanguage.test));
  return {
    age: 17 + Math.floor(next() * 34),
    education: pick(EDUCATION_LEVELS),
    firstLanguage,
    secondLanguage: next() < 0.4 ? result(others) : null,
    canadianWork: Math.floor(next() * 6),
    foreignWork: Math.floor(next() * 4),
    certificate: next() < 0.2,
    spouse: next() < 0.4 ? { education: pick(EDUCATION_LEVELS), language: next() < 0.5 ? result(LANGUAGE_TESTS) : null, canadianWork: Math.floor(next() * 6) } : null,
    nomination: next() < 0.1,
    sibling: next() < 0.15,
    canadianEducation: pick(CANADIAN_EDUCATION),
  };
}

/**
 * Every single change a person could make, written out here apart from the search: each language
 * (first, the other official one, the spouse's, in English and in French where none is held) with
 * one ability or all four raised to every level 1–12; one more year of each kind of work; the next
 * level of each kind of education (theirs, the spouse's, in Canada). The best gain of each kind.
 */
function bruteForce(profile: CrsProfile): Map<Improvement['kind'], number> {
  const base = scoreChecked(profile, GRID_2025_03_25).total;
  const best = new Map<Improvement['kind'], number>();
  const tryIt = (kind: Improvement['kind'], changed: CrsProfile) => best.set(kind, Math.max(best.get(kind) ?? 0, scoreChecked(changed, GRID_2025_03_25).total - base));
  const levels = (result: LanguageResult | null) => (result ? toLevels(result).levels : null);
  const direct = (language: OfficialLanguage, scores: Four): LanguageResult => ({ test: language === 'english' ? 'clb' : 'nclc', scores });
  const first = toLevels(profile.firstLanguage);
  const languages: [Improvement['kind'], OfficialLanguage, Four | null, (result: LanguageResult) => CrsProfile][] = [
    ['first-language', first.language, first.levels, (result) => ({ ...profile, firstLanguage: result })],
    ['second-language', first.language === 'english' ? 'french' : 'english', levels(profile.secondLanguage), (result) => ({ ...profile, secondLanguage: result })],
  ];
  const spouse = profile.spouse;
  if (spouse) {
    const held = spouse.language ? toLevels(spouse.language) : null;
    for (const language of held ? [held.language] : (['english', 'french'] as const)) {
      languages.push(['spouse-language', language, held?.levels ?? null, (result) => ({ ...profile, spouse: { ...spouse, language: result } })]);
    }
  }
  for (const [kind, language, held, apply] of languages) {
    for (let level = 1; level <= 12; level++) {
      const current = held ?? [0, 0, 0, 0];
      tryIt(kind, apply(direct(language, current.map((value) => Math.max(value, level)) as unknown as Four)));
      if (!held) continue;
      ABILITIES.forEach((_, index) => {
        if (held[index]! >= level) return;
        const one = [...held];
        one[index] = level;
        tryIt(kind, apply(direct(language, one as unknown as Four)));
      });
    }
  }
  if (profile.canadianWork < 5) tryIt('canadian-work', { ...profile, canadianWork: profile.canadianWork + 1 });
  if (profile.foreignWork < 3) tryIt('foreign-work', { ...profile, foreignWork: profile.foreignWork + 1 });
  const education = EDUCATION_LEVELS[EDUCATION_LEVELS.indexOf(profile.education) + 1];
  if (education) tryIt('education', { ...profile, education });
  const canadianEducation = CANADIAN_EDUCATION[CANADIAN_EDUCATION.indexOf(profile.canadianEducation) + 1];
  if (canadianEducation) tryIt('canadian-education', { ...profile, canadianEducation });
  if (spouse) {
    const spouseEducation = EDUCATION_LEVELS[EDUCATION_LEVELS.indexOf(spouse.education) + 1];
    if (spouseEducation) tryIt('spouse-education', { ...profile, spouse: { ...spouse, education: spouseEducation } });
    if (spouse.canadianWork < 5) tryIt('spouse-work', { ...profile, spouse: { ...spouse, canadianWork: spouse.canadianWork + 1 } });
  }
  for (const [kind, gain] of best) if (gain <= 0) best.delete(kind);
  return best;
}

describe('best improvements against brute force', () => {
  it('misses no better single change on 2,000 random profiles', () => {
    const next = random(22);
    let checked = 0;
    for (let run = 0; run < 2000; run++) {
      const profile = randomProfile(next);
      const expected = bruteForce(profile);
      const count = 3;
      const { changes, nomination } = bestImprovements(profile, GRID_2025_03_25, count);
      if (!profile.nomination) {
        const base = scoreChecked(profile, GRID_2025_03_25).total;
        expect(nomination?.gain).toBe(scoreChecked({ ...profile, nomination: true }, GRID_2025_03_25).total - base);
      }
      const shown = new Map(changes.map((change) => [change.kind, change.gain]));
      const context = JSON.stringify(profile);
      // Each gain shown is the best of its kind, recomputed by the calculator on the changed profile.
      for (const [kind, gain] of shown) expect(gain, `${kind} for ${context}`).toBe(expected.get(kind));
      // As many kinds as add points, up to three; none left out that adds more than one shown.
      expect(changes.length, context).toBe(Math.min(count, expected.size));
      const lowest = Math.min(...shown.values());
      for (const [kind, gain] of expected) if (!shown.has(kind)) expect(gain, `${kind} left out for ${context}`).toBeLessThanOrEqual(lowest);
      // Most first.
      expect(changes.map((change) => change.gain), context).toEqual([...changes.map((change) => change.gain)].sort((a, b) => b - a));
      checked += expected.size;
    }
    expect(checked).toBeGreaterThan(2000);
  });
});
