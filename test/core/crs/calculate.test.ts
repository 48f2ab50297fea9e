import { describe, expect, it } from 'vitest';
import { calculateCrs, checkProfile, CrsProfileError, GRID_2025_03_25, type CrsProfile } from '../../../src/core/crs/index.ts';
import { crsOf, profileOf } from './helpers.ts';

/*
 * Profiles checked by hand against the reference (shared/reference/crs/README.md), one row each:
 *   core [age, education, first language, second language, Canadian work]
 *   spouse [education, language, Canadian work]
 *   transferability [education group, foreign-work group, certificate, total]
 *   additional [nomination, sibling, Canadian education, French]
 * "s" = single (or a spouse who does not count), "w" = with a spouse: the two columns of section A.
 */
interface HandChecked {
  what: string;
  line: string;
  core: [number, number, number, number, number];
  spouse: [number, number, number];
  transferability: [number, number, number, number];
  additional: [number, number, number, number];
  total: number;
}

const PROFILES: HandChecked[] = [
  // Reference example 1. s: age 29 → 110, bachelor 120, CELPIP 9 → 4 × 31 = 124 → 354;
  // T: bachelor × CLB 9+ 25, 3+ years foreign × CLB 9+ 50 → 75. 354 + 75 = 429.
  { what: 'reference example 1', line: 'age=29 edu=bachelor lang=celpip:9,9,9,9 foreign-work=3',
    core: [110, 120, 124, 0, 0], spouse: [0, 0, 0], transferability: [25, 50, 0, 75], additional: [0, 0, 0, 0], total: 429 },
  // Reference example 2. w: 31 → 90, master 126, IELTS → CLB 8/9/8/9 → 22 + 29 + 22 + 29 = 102, 2 years 46 → 364;
  // spouse bachelor 8 + CELPIP 7 → 4 × 3 = 12 → 20; T: master × CLB 7+ 25 + × 2 years 50 → capped 50. 434.
  { what: 'reference example 2', line: 'age=31 edu=master lang=ielts:7.5,7,6.5,7 cdn-work=2 spouse=yes spouse-edu=bachelor spouse-lang=celpip:7,7,7,7',
    core: [90, 126, 102, 0, 46], spouse: [8, 12, 0], transferability: [50, 0, 0, 50], additional: [0, 0, 0, 0], total: 434 },
  // Known error: a single bachelor's is on the 13/25 row. s: 30 → 105, 120, 124 → 349; T: 25 (not 50). 374.
  { what: 'bachelor × CLB 9+ is 25, not 50', line: 'age=30 edu=bachelor lang=celpip:9,9,9,9',
    core: [105, 120, 124, 0, 0], spouse: [0, 0, 0], transferability: [25, 0, 0, 25], additional: [0, 0, 0, 0], total: 374 },
  // Known error: a master's is on the 25/50 row. s: 35 → 77, 135, CELPIP 7 → 4 × 17 = 68 → 280; T: 25 (not 13). 305.
  { what: 'master × CLB 7+ is 25, not 13', line: 'age=35 edu=master lang=celpip:7,7,7,7',
    core: [77, 135, 68, 0, 0], spouse: [0, 0, 0], transferability: [25, 0, 0, 25], additional: [0, 0, 0, 0], total: 305 },
  // s: 40 → 50, PhD 150, IELTS 8/7/7/7 = CLB 9 in all four → 124 → 324; T: PhD × CLB 9+ 50. 374.
  { what: 'PhD × CLB 9+ is 50', line: 'age=40 edu=phd lang=ielts:8,7,7,7',
    core: [50, 150, 124, 0, 0], spouse: [0, 0, 0], transferability: [50, 0, 0, 50], additional: [0, 0, 0, 0], total: 374 },
  // s: 27 → 110, two or more 128, CELPIP 8 → 4 × 23 = 92, 1 year 40 → 370; T: 25 + 25 = 50. 420.
  { what: 'two or more credentials, CLB 8, 1 year in Canada', line: 'age=27 edu=two-or-more lang=celpip:8,8,8,8 cdn-work=1',
    core: [110, 128, 92, 0, 40], spouse: [0, 0, 0], transferability: [50, 0, 0, 50], additional: [0, 0, 0, 0], total: 420 },
  // Known error: second language capped at 22 with a spouse. w: 33 → 80, 112, CLB 10 → 4 × 32 = 128, NCLC 9 → min(22, 24) = 22 → 342;
  // spouse 0; T: bachelor × CLB 9+ 25; French NCLC 7+ with CLB 5+ → 50. 342 + 25 + 50 = 417.
  { what: 'second language capped at 22 with a spouse', line: 'age=33 edu=bachelor lang=celpip:10,10,10,10 lang2=nclc:9,9,9,9 spouse=yes spouse-edu=none',
    core: [80, 112, 128, 22, 0], spouse: [0, 0, 0], transferability: [25, 0, 0, 25], additional: [0, 0, 0, 50], total: 417 },
  // The same single: 88 + 120 + 4 × 34 = 136 + 24 → 368; T 25; French 50. 443.
  { what: 'second language capped at 24 without', line: 'age=33 edu=bachelor lang=celpip:10,10,10,10 lang2=nclc:9,9,9,9',
    core: [88, 120, 136, 24, 0], spouse: [0, 0, 0], transferability: [25, 0, 0, 25], additional: [0, 0, 0, 50], total: 443 },
  // Known error: French bonus needs all four at NCLC 7. TEF speaking 455 < 456 → NCLC 6. s: 28 → 110, 135,
  // IELTS 8.5/8/7.5/7.5 = CLB 10 → 136, second 3 + 3 + 3 + 1 = 10 → 391; T: master × CLB 9+ 50; French 0. 441.
  { what: 'no French bonus with one ability at NCLC 6', line: 'age=28 edu=master lang=ielts:8.5,8,7.5,7.5 lang2=tef:434,434,428,455',
    core: [110, 135, 136, 10, 0], spouse: [0, 0, 0], transferability: [50, 0, 0, 50], additional: [0, 0, 0, 0], total: 441 },
  // French first, no English. s: 26 → 110, 120, TCF at the NCLC 7 row → 4 × 17 = 68 → 298; T: bachelor × CLB 7+ 13; French 25. 336.
  { what: 'French first language, no English test', line: 'age=26 edu=bachelor lang=tcf:458,453,10,10',
    core: [110, 120, 68, 0, 0], spouse: [0, 0, 0], transferability: [13, 0, 0, 13], additional: [0, 0, 0, 25], total: 336 },
  // s: 110, 120, TCF NCLC 10 → 136, IELTS 5/4/5/5 = CLB 5 → 4 × 1 = 4 → 370; T: bachelor × 9+ 25; French with CLB 5+ → 50. 445.
  { what: 'French first language, English CLB 5 in all four', line: 'age=26 edu=bachelor lang=tcf:549,549,16,16 lang2=ielts:5,4,5,5',
    core: [110, 120, 136, 4, 0], spouse: [0, 0, 0], transferability: [25, 0, 0, 25], additional: [0, 0, 0, 50], total: 445 },
  // IELTS reading 3.5 → CLB 4: second 1 + 0 + 1 + 1 = 3 → 369; T 25; French 25 (English not 5+ in all four). 419.
  { what: 'French first language, English CLB 4 in one ability', line: 'age=26 edu=bachelor lang=tcf:549,549,16,16 lang2=ielts:5,3.5,5,5',
    core: [110, 120, 136, 3, 0], spouse: [0, 0, 0], transferability: [25, 0, 0, 25], additional: [0, 0, 0, 25], total: 419 },
  // s: 45 → 0, PhD 150, CLB 10 → 136 → 286; T: 50 + 50 → 100. 386.
  { what: 'age 45 scores 0 for age, nothing else lost', line: 'age=45 edu=phd lang=celpip:10,10,10,10 foreign-work=3',
    core: [0, 150, 136, 0, 0], spouse: [0, 0, 0], transferability: [50, 50, 0, 100], additional: [0, 0, 0, 0], total: 386 },
  // s: 17 → 0, secondary 30, PTE at the CLB 7 row → 68 → 98; T: secondary 0. 98.
  { what: 'age 17, secondary, PTE Core', line: 'age=17 edu=secondary lang=pte:60,60,69,68',
    core: [0, 30, 68, 0, 0], spouse: [0, 0, 0], transferability: [0, 0, 0, 0], additional: [0, 0, 0, 0], total: 98 },
  // w: 18 → 90, one-year 84, CELPIP 6 → 4 × 8 = 32 → 206; spouse secondary 2 + CELPIP 5 → 4 × 1 + 1 year 5 = 11; T: CLB 6 → 0. 217.
  { what: 'age 18 with a spouse', line: 'age=18 edu=one-year lang=celpip:6,6,6,6 spouse=yes spouse-edu=secondary spouse-lang=celpip:5,5,5,5 spouse-work=1',
    core: [90, 84, 32, 0, 0], spouse: [2, 4, 5], transferability: [0, 0, 0, 0], additional: [0, 0, 0, 0], total: 217 },
  // s: 36 → 72, secondary 30, 6 + 9 + 17 + 17 = 49 → 151; T: foreign work needs CLB 7 in all four → 0; certificate CLB 5+ with one under 7 → 25. 176.
  { what: 'certificate with CLB 5+ and one ability under 7', line: 'age=36 edu=secondary lang=celpip:5,6,7,7 certificate=yes foreign-work=2',
    core: [72, 30, 49, 0, 0], spouse: [0, 0, 0], transferability: [0, 0, 25, 25], additional: [0, 0, 0, 0], total: 176 },
  // s: 72, two-year 98, 17 + 17 + 17 + 23 = 74, 1 year 40 → 284; T: 13 + 13 = 26, foreign 13 + 13 = 26, certificate 50 → 102 → 100. 384.
  { what: 'transferability capped at 100', line: 'age=36 edu=two-year lang=celpip:7,7,7,8 certificate=yes foreign-work=2 cdn-work=1',
    core: [72, 98, 74, 0, 40], spouse: [0, 0, 0], transferability: [26, 26, 50, 100], additional: [0, 0, 0, 0], total: 384 },
  // s: 110, 135, 124, 2 years 53 → 422; T: 50 + 50 → 50, 50 + 50 → 50, certificate 50 → 150 → 100. 522.
  { what: 'each group capped at 50, all at 100', line: 'age=29 edu=master lang=celpip:9,9,9,9 foreign-work=3 cdn-work=2 certificate=yes',
    core: [110, 135, 124, 0, 53], spouse: [0, 0, 0], transferability: [50, 50, 50, 100], additional: [0, 0, 0, 0], total: 522 },
  // s: 39 → 55, 120, CELPIP 8 → 92 → 267; T: bachelor × CLB 7+ 13; additional 600 + 15 + 30 = 645 → 600. 880.
  { what: 'additional points capped at 600', line: 'age=39 edu=bachelor lang=celpip:8,8,8,8 nomination=yes sibling=yes cdn-edu=3+',
    core: [55, 120, 92, 0, 0], spouse: [0, 0, 0], transferability: [13, 0, 0, 13], additional: [600, 15, 30, 0], total: 880 },
  // s: 32 → 94, two-year 98, IELTS 6 → CLB 7 → 68 → 260; T: 13; sibling 15 + Canadian 1–2 years 15. 303.
  { what: 'sibling and a 1–2 year Canadian credential', line: 'age=32 edu=two-year lang=ielts:6,6,6,6 sibling=yes cdn-edu=1-2',
    core: [94, 98, 68, 0, 0], spouse: [0, 0, 0], transferability: [13, 0, 0, 13], additional: [0, 15, 15, 0], total: 303 },
  // w: 25 → 100, PhD 140, CLB 10 → 128, NCLC 9 → 22, 5 years 70 → 460; spouse 10 + 20 + 10 = 40; T 100; 600 + 50 → 600. 1200.
  { what: 'the maximum with a spouse', line: 'age=25 edu=phd lang=clb:10,10,10,10 lang2=nclc:9,9,9,9 cdn-work=5 foreign-work=3 certificate=yes spouse=yes spouse-edu=phd spouse-lang=clb:9,9,9,9 spouse-work=5 nomination=yes',
    core: [100, 140, 128, 22, 70], spouse: [10, 20, 10], transferability: [50, 50, 50, 100], additional: [600, 0, 0, 50], total: 1200 },
  // s: 110 + 150 + 136 + 24 + 80 = 500; T 100; 600. 1200.
  { what: 'the maximum without', line: 'age=25 edu=phd lang=clb:10,10,10,10 lang2=nclc:9,9,9,9 cdn-work=5 foreign-work=3 certificate=yes nomination=yes',
    core: [110, 150, 136, 24, 80], spouse: [0, 0, 0], transferability: [50, 50, 50, 100], additional: [600, 0, 0, 50], total: 1200 },
  // s: 34 → 83, 120, IELTS 7/7/6.5/6.5 → CLB 7/9/8/8 → 17 + 31 + 23 + 23 = 94, 3 years 64 → 361; T: 13 + 25 = 38. 399.
  { what: 'mixed IELTS levels, 3 years in Canada', line: 'age=34 edu=bachelor lang=ielts:7,7,6.5,6.5 cdn-work=3',
    core: [83, 120, 94, 0, 64], spouse: [0, 0, 0], transferability: [38, 0, 0, 38], additional: [0, 0, 0, 0], total: 399 },
  // w: 37 → 60, 126, PTE at the CLB 9 row → 4 × 29 = 116, 4 years 63 → 365; spouse master 10, TEF 503/462/434/400 →
  // NCLC 9/8/7/5 → 5 + 3 + 3 + 1 = 12, 2 years 7 → 29; T: 50 + 50 → 50; a spouse's French gives no French bonus. 444.
  { what: 'spouse tested in French', line: 'age=37 edu=master lang=pte:82,78,88,84 cdn-work=4 spouse=yes spouse-edu=master spouse-lang=tef:503,462,434,400 spouse-work=2',
    core: [60, 126, 116, 0, 63], spouse: [10, 12, 7], transferability: [50, 0, 0, 50], additional: [0, 0, 0, 0], total: 444 },
  // s: 110, 120, IELTS 4/3/3.5/3.5 all under the CLB 4 row → 0 → 230. 230.
  { what: 'every ability under CLB 4', line: 'age=29 edu=bachelor lang=ielts:4,3,3.5,3.5',
    core: [110, 120, 0, 0, 0], spouse: [0, 0, 0], transferability: [0, 0, 0, 0], additional: [0, 0, 0, 0], total: 230 },
  // s: 31 → 99, secondary 30, 68 → 197; T: 1 year foreign × CLB 7+ 13. 210.
  { what: 'one year of foreign work with CLB 7', line: 'age=31 edu=secondary lang=celpip:7,7,7,7 foreign-work=1',
    core: [99, 30, 68, 0, 0], spouse: [0, 0, 0], transferability: [0, 13, 0, 13], additional: [0, 0, 0, 0], total: 210 },
  // s: 99, 30, CELPIP 6 → 36, 1 year 40 → 205; T: foreign 3+ × 1 year in Canada 25 (no language column under CLB 7). 230.
  { what: 'foreign × Canadian work without CLB 7', line: 'age=31 edu=secondary lang=celpip:6,6,6,6 foreign-work=3 cdn-work=1',
    core: [99, 30, 36, 0, 40], spouse: [0, 0, 0], transferability: [0, 25, 0, 25], additional: [0, 0, 0, 0], total: 230 },
];

describe('profiles checked by hand', () => {
  it.each(PROFILES)('$what: $total', ({ line, core, spouse, transferability, additional, total }) => {
    const result = crsOf(line);
    expect([result.core.age, result.core.education, result.core.firstLanguage, result.core.secondLanguage, result.core.canadianWork]).toEqual(core);
    expect(result.core.total).toBe(core.reduce((sum, value) => sum + value, 0));
    expect([result.spouse.education, result.spouse.language, result.spouse.canadianWork]).toEqual(spouse);
    expect([result.transferability.education.total, result.transferability.foreignWork.total, result.transferability.certificate, result.transferability.total]).toEqual(transferability);
    expect([result.additional.nomination, result.additional.sibling, result.additional.canadianEducation, result.additional.french]).toEqual(additional);
    expect(result.total).toBe(total);
    expect(result.total).toBe(result.core.total + result.spouse.total + result.transferability.total + result.additional.total);
    expect(result.gridVersion).toBe('2025-03-25');
  });

  it('reports the levels it read the points from', () => {
    const { levels, withSpouse } = crsOf(PROFILES[1]!.line);
    expect(withSpouse).toBe(true);
    expect(levels.first).toEqual({ test: 'ielts', language: 'english', levels: [8, 9, 8, 9] });
    expect(levels.second).toBeNull();
    expect(levels.spouse?.levels).toEqual([7, 7, 7, 7]);
  });
});

describe('profiles built by hand', () => {
  const valid = (): CrsProfile => profileOf('age=29 edu=bachelor lang=celpip:9,9,9,9');

  it('refuses what the parser would refuse, with every problem named', () => {
    const profile: CrsProfile = { ...valid(), canadianWork: 6, foreignWork: -1, firstLanguage: { test: 'ielts', scores: [9.5, 7, 7, 7] }, secondLanguage: { test: 'pte', scores: [50, 50, 50, 50] } };
    expect(checkProfile(profile).map(({ field, ability, problem }) => [field, ability, problem])).toEqual([
      ['firstLanguage', 'listening', 'out-of-range'],
      ['secondLanguage', undefined, 'same-language'],
      ['canadianWork', undefined, 'out-of-range'],
      ['foreignWork', undefined, 'out-of-range'],
    ]);
    const thrown = (() => {
      try {
        calculateCrs(profile, GRID_2025_03_25);
      } catch (error) {
        return error;
      }
      return null;
    })();
    expect(thrown).toBeInstanceOf(CrsProfileError);
    expect((thrown as CrsProfileError).problems).toEqual(checkProfile(profile));
  });

  it('refuses a non-integer age and a bad spouse, and accepts any whole age', () => {
    expect(checkProfile({ ...valid(), age: 30.5 })[0]).toMatchObject({ field: 'age', problem: 'out-of-range' });
    expect(checkProfile({ ...valid(), spouse: { education: 'master', language: { test: 'clb', scores: [7, 7, 7, 13] }, canadianWork: 9 } }).map(({ field }) => field))
      .toEqual(['spouse.language', 'spouse.canadianWork']);
    expect(calculateCrs({ ...valid(), age: 120 }, GRID_2025_03_25).core.age).toBe(0);
  });
});
