import { describe, expect, it } from 'vitest';
import { Formatter } from '../../src/i18n/format.ts';
import { answering, askText, until } from '../helpers/answers.ts';

describe('French dates write the first of a month "1er"', () => {
  const fr = new Formatter('fr', 'America/Toronto');
  const en = new Formatter('en', 'America/Toronto');

  it('in every date and instant format', () => {
    expect(fr.date('2026-10-01')).toBe('1er octobre 2026');
    expect(fr.shortDate('2026-10-01')).toBe('1er oct. 2026');
    expect(fr.instantUtc('2026-10-01T13:05:09Z')).toBe('1er octobre 2026 à 13 h 05 min 09 s UTC');
    expect(fr.localInstant('2026-10-01T13:05:00Z')).toBe('1er oct. 2026, 09 h 05 HAE');
  });

  it('only on the first: other days, and English, are unchanged', () => {
    expect(fr.date('2024-04-11')).toBe('11 avril 2024');
    expect(fr.date('2026-10-21')).toBe('21 octobre 2026');
    expect(fr.date('2026-10-10')).toBe('10 octobre 2026');
    expect(en.date('2026-10-01')).toBe('October 1, 2026');
  });

  it('in an answer about a round held on the first (round #370, October 1, 2025)', async () => {
    const at = answering({ draws: until('2025-10-01') });
    expect(await askText('/latest', { locale: 'fr', at })).toContain('no 370 (1er octobre 2025)');
    expect(await askText('/latest', { locale: 'en', at })).toContain('#370 (October 1, 2025)');
  });
});
