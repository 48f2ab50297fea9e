import { describe, expect, it } from 'vitest';
import { addMonths, parsePeriod, PERIOD_WORD, periodKey, periodWindow } from '../../src/core/period.ts';

describe('periods members type', () => {
  it.each([
    ['6m', { kind: 'months', months: 6 }],
    ['12m', { kind: 'months', months: 12 }],
    ['18mo', { kind: 'months', months: 18 }],
    ['6mois', { kind: 'months', months: 6 }],
    ['2y', { kind: 'months', months: 24 }],
    ['3yr', { kind: 'months', months: 36 }],
    ['2a', { kind: 'months', months: 24 }],
    ['2ans', { kind: 'months', months: 24 }],
    ['2 Y', { kind: 'months', months: 24 }],
    ['2024', { kind: 'year', year: 2024 }],
    ['all', { kind: 'all' }],
    ['ALL', { kind: 'all' }],
    ['tout', { kind: 'all' }],
  ])('reads %j', (input, period) => {
    expect(parsePeriod(input)).toEqual(period);
  });

  it.each(['0m', '241m', '0y', '21y', '1999', '2014', '2101', '5x', 'last year', '', '12', '-6m', '1.5y'])('refuses %j', (input) => {
    expect(parsePeriod(input)).toBeNull();
  });

  it('a word that starts with a digit is taken as a period (no round type does)', () => {
    for (const word of ['6m', '2024', '5x', 'all', 'tout']) expect(PERIOD_WORD.test(word), word).toBe(true);
    for (const word of ['stem', 'cec', 'general', 'français']) expect(PERIOD_WORD.test(word), word).toBe(false);
  });

  it('names periods shortly for file names', () => {
    expect(['6m', '12m', '2y', '18m', '2024', 'all'].map((text) => periodKey(parsePeriod(text)!))).toEqual(['6m', '12m', '2y', '18m', '2024', 'all']);
  });
});

describe('calendar windows', () => {
  it('moves dates by whole months, clamping the day to the month', () => {
    expect(addMonths('2026-11-21', -12)).toBe('2025-11-21');
    expect(addMonths('2026-11-21', -6)).toBe('2026-05-21');
    expect(addMonths('2026-03-31', -1)).toBe('2026-02-28');
    expect(addMonths('2024-03-31', -1)).toBe('2024-02-29');
    expect(addMonths('2026-01-15', -13)).toBe('2024-12-15');
    expect(addMonths('2025-12-15', 1)).toBe('2026-01-15');
  });

  it('the last N months end today; a past year is whole; the current year ends today; all starts at the oldest round', () => {
    expect(periodWindow({ kind: 'months', months: 12 }, '2026-11-21', null)).toEqual({ from: '2025-11-21', to: '2026-11-21' });
    expect(periodWindow({ kind: 'year', year: 2024 }, '2026-11-21', null)).toEqual({ from: '2024-01-01', to: '2024-12-31' });
    expect(periodWindow({ kind: 'year', year: 2026 }, '2026-11-21', null)).toEqual({ from: '2026-01-01', to: '2026-11-21' });
    expect(periodWindow({ kind: 'year', year: 2030 }, '2026-11-21', null)).toEqual({ from: '2030-01-01', to: '2030-12-31' });
    expect(periodWindow({ kind: 'all' }, '2026-11-21', '2015-01-31')).toEqual({ from: '2015-01-31', to: '2026-11-21' });
  });
});
