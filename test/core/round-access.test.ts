import { describe, expect, it } from 'vitest';
import { frenchMinimum, roundAccess } from '../../src/core/round-access.ts';
import { recentTypes, scoreAgainst } from '../../src/core/score.ts';
import { answering, until } from '../helpers/answers.ts';
import { seeds } from '../helpers/fixtures.ts';

const { categories } = seeds;
const TODAY = '2026-11-21';

describe('who a round invites (issue 22, item 8)', () => {
  it('reads the French rounds’ level from the list in force', () => {
    expect(frenchMinimum(categories, TODAY)).toBe(7);
    // Before the French category existed there is no list to read.
    expect(frenchMinimum(categories, '2020-01-01')).toBeNull();
  });

  it('program rounds are open; CEC only with Canadian work', () => {
    expect(roundAccess(categories, 'general', TODAY, null).kind).toBe('open');
    expect(roundAccess(categories, 'cec', TODAY, null).kind).toBe('open');
    expect(roundAccess(categories, 'cec', TODAY, { french: null, canadianWork: 0, noc: null })).toEqual({ kind: 'closed', reason: 'canadian-work' });
    expect(roundAccess(categories, 'cec', TODAY, { french: null, canadianWork: 1, noc: null }).kind).toBe('open');
  });

  it('the French rounds by the French results, whatever the occupation', () => {
    expect(roundAccess(categories, 'french', TODAY, null)).toEqual({ kind: 'if-french', minimum: 7 });
    expect(roundAccess(categories, 'french', TODAY, { french: [7, 7, 7, 7], canadianWork: 0, noc: null }).kind).toBe('open');
    expect(roundAccess(categories, 'french', TODAY, { french: [7, 7, 7, 6], canadianWork: 0, noc: '21231' })).toEqual({ kind: 'closed', reason: 'french', minimum: 7 });
    expect(roundAccess(categories, 'french', TODAY, { french: null, canadianWork: 0, noc: null })).toMatchObject({ kind: 'closed', reason: 'french' });
  });

  it('the occupation categories by the NOC code and the lists in force', () => {
    const physician = { french: null, canadianWork: 1, noc: '31102' };
    expect(roundAccess(categories, 'physicians', TODAY, physician)).toMatchObject({ kind: 'open', version: { id: 'physicians-2026-v1' } });
    expect(roundAccess(categories, 'healthcare', TODAY, physician)).toMatchObject({ kind: 'open', version: { id: 'healthcare-social-2026-v3' } });
    expect(roundAccess(categories, 'trades', TODAY, physician)).toMatchObject({ kind: 'closed', reason: 'occupation' });
    expect(roundAccess(categories, 'stem', TODAY, null)).toMatchObject({ kind: 'if-occupation' });
    // 21231 left the STEM list in 2025: on the 2023 list, not on today's.
    expect(roundAccess(categories, 'stem', '2024-04-11', { french: null, canadianWork: 0, noc: '21231' }).kind).toBe('open');
    expect(roundAccess(categories, 'stem', TODAY, { french: null, canadianWork: 0, noc: '21231' }).kind).toBe('closed');
    // Agriculture has no list in force: no occupation opens it.
    expect(roundAccess(categories, 'agriculture', TODAY, { french: null, canadianWork: 0, noc: '82030' }).kind).toBe('closed');
  });
});

describe('the recent round types /crs compares with', () => {
  it('are scoreAgainst’s types, kept for the day', () => {
    for (const today of ['2026-11-21', '2026-04-20', '2025-06-01']) {
      const { core } = answering({ draws: until(today), now: `${today}T15:00:00Z` });
      const expected = scoreAgainst(core, 480, { today }).types.map((type) => ({ category: type.category, latest: type.latest }));
      expect(recentTypes(core, today)).toEqual(expected);
      expect(recentTypes(core, today)).toBe(recentTypes(core, today));
    }
  });
});
