import { describe, expect, it } from 'vitest';
import { bestImprovements, GRID_2025_03_25 } from '../../../src/core/crs/index.ts';
import { crsOf, profileOf } from './helpers.ts';

const improvementsOf = (line: string, count?: number) => bestImprovements(profileOf(line), GRID_2025_03_25, count);

describe('best improvements', () => {
  it('ranks the single changes of reference example 1 (429) by their gain', () => {
    // French NCLC 7: second language 4 × 3 = 12 + French bonus with CLB 5+ English 50 = 62.
    // 1 year in Canada: core 40 + education × 1 year 13 (foreign work already at its cap of 50) = 53.
    // CLB 10: 4 × (34 − 31) = 12. CLB 9 adds nothing: already there, so it is left out.
    expect(improvementsOf('age=29 edu=bachelor lang=celpip:9,9,9,9 foreign-work=3')).toEqual({
      changes: [
        { kind: 'second-language', language: 'french', level: 7, gain: 62 },
        { kind: 'canadian-work', years: 1, gain: 53 },
        { kind: 'first-language', language: 'english', level: 10, gain: 12 },
      ],
      nomination: { kind: 'nomination', gain: 600 },
    });
  });

  it('ranks those of reference example 2 (434), the capped transferability counted once', () => {
    // CLB 9 in all four: 4 × 29 − 102 = 14; transferability stays at its cap of 50. CLB 10: 128 − 102 = 26.
    // A third year in Canada: core 56 − 46 = 10, ranked fourth and left out of three.
    const { changes } = improvementsOf('age=31 edu=master lang=ielts:7.5,7,6.5,7 cdn-work=2 spouse=yes spouse-edu=bachelor spouse-lang=celpip:7,7,7,7');
    expect(changes).toEqual([
      { kind: 'second-language', language: 'french', level: 7, gain: 62 },
      { kind: 'first-language', language: 'english', level: 10, gain: 26 },
      { kind: 'first-language', language: 'english', level: 9, gain: 14 },
    ]);
    expect(improvementsOf('age=31 edu=master lang=ielts:7.5,7,6.5,7 cdn-work=2 spouse=yes spouse-edu=bachelor', 4).changes.at(-1))
      .toEqual({ kind: 'canadian-work', years: 3, gain: 10 });
  });

  it('matches the calculator on the changed profile', () => {
    const line = 'age=26 edu=bachelor lang=tcf:458,453,10,10 cdn-work=1';
    const base = crsOf(line).total;
    const { changes } = improvementsOf(line, 10);
    // French first: the first language rises in NCLC, the second one offered is English.
    expect(changes.find((change) => change.kind === 'first-language' && change.level === 9)?.gain).toBe(crsOf(`${line.replace('tcf:458,453,10,10', 'nclc:9,9,9,9')}`).total - base);
    expect(changes.find((change) => change.kind === 'second-language')).toEqual({ kind: 'second-language', language: 'english', level: 7, gain: crsOf(`${line} lang2=clb:7,7,7,7`).total - base });
    expect(changes.find((change) => change.kind === 'canadian-work')?.gain).toBe(crsOf(line.replace('cdn-work=1', 'cdn-work=2')).total - base);
  });

  it('raises only the abilities under the target and keeps a second language already there', () => {
    // NCLC 9/9/9/5 → 9/9/9/7: second language 6 + 6 + 6 + 3 = 21 (was 19) and French bonus 50 (was 0). +52.
    const { changes } = improvementsOf('age=29 edu=bachelor lang=celpip:9,9,9,9 lang2=nclc:9,9,9,5', 5);
    expect(changes.find((change) => change.kind === 'second-language')?.gain).toBe(52);
  });

  it('offers only changes that add points, and keeps the nomination apart (recomputed under the 600 cap)', () => {
    const top = 'age=25 edu=phd lang=clb:10,10,10,10 lang2=nclc:9,9,9,9 cdn-work=5 foreign-work=3 certificate=yes';
    expect(improvementsOf(top)).toEqual({ changes: [], nomination: { kind: 'nomination', gain: 550 } });
    expect(improvementsOf(`${top} nomination=yes`).nomination).toBeNull();
    expect(improvementsOf('age=29 edu=bachelor lang=celpip:9,9,9,9 sibling=yes').nomination?.gain).toBe(585);
  });

  it('returns as many as asked, most first', () => {
    // Base 311: 110 + 120 + 4 × 17 = 68, transferability bachelor × CLB 7+ 13.
    // CLB 10: 4 × (34 − 17) = 68 + transferability 25 − 13 = 12 → 80. CLB 9: 4 × (31 − 17) = 56 + 12 → 68.
    // NCLC 7: 12 + French with CLB 5+ English 50 → 62. 1 year in Canada: 40 + 13 → 53.
    const line = 'age=29 edu=bachelor lang=celpip:7,7,7,7';
    expect(improvementsOf(line, 1).changes).toEqual([{ kind: 'first-language', language: 'english', level: 10, gain: 80 }]);
    expect(improvementsOf(line, 10).changes.map((change) => change.gain)).toEqual([80, 68, 62, 53]);
  });
});
