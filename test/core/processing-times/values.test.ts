import { describe, expect, it } from 'vitest';
import { estimateMonths, readEstimate, readQueue, readUsDate, sameEstimate, sameQueue } from '../../../src/core/processing-times/values.ts';
import { matchProgram } from '../../../src/core/processing-times/programs.ts';

describe("IRCC's processing-time strings", () => {
  it('reads every duration form seen in the data, "About" or not, "left" or not', () => {
    expect(readEstimate('6 months')).toEqual({ kind: 'duration', bound: 'exact', amount: 6, unit: 'month' });
    expect(readEstimate('About 6 months')).toEqual({ kind: 'duration', bound: 'about', amount: 6, unit: 'month' });
    expect(readEstimate('About 77 months')).toEqual({ kind: 'duration', bound: 'about', amount: 77, unit: 'month' });
    expect(readEstimate('4 months left')).toEqual({ kind: 'duration', bound: 'exact', amount: 4, unit: 'month' });
    // "About" on a cohort value, and 1 in the singular: a pattern for "N months left" alone misses it.
    expect(readEstimate('About 1 month left')).toEqual({ kind: 'duration', bound: 'about', amount: 1, unit: 'month' });
    // A lower bound, with a year unit and no " left", in current values and cohorts alike.
    expect(readEstimate('More than 10 years')).toEqual({ kind: 'duration', bound: 'more-than', amount: 10, unit: 'year' });
  });

  it('tells the sentinels apart from estimates: "more time" is no estimate, never zero', () => {
    expect(readEstimate('We need more time to process your application')).toEqual({ kind: 'more-time' });
    expect(readEstimate('No data available')).toEqual({ kind: 'no-data' });
    expect(estimateMonths({ kind: 'more-time' })).toBeNull();
  });

  it('refuses what is not one of those forms', () => {
    for (const text of ['', 'six months', '6 monts', 'About months', '-3 months', '6 months ago', 'Soon']) expect(readEstimate(text), text).toBeNull();
  });

  it('reads queues: "About N", and the floor "Less than 100", kept apart from "About 100"', () => {
    expect(readQueue('About 59,700 people waiting')).toEqual({ kind: 'count', bound: 'about', count: 59_700 });
    expect(readQueue('About 102,400 people waiting')).toEqual({ kind: 'count', bound: 'about', count: 102_400 });
    expect(readQueue('About 2,700 people ahead of you')).toEqual({ kind: 'count', bound: 'about', count: 2_700 });
    expect(readQueue('About 100 people ahead of you')).toEqual({ kind: 'count', bound: 'about', count: 100 });
    expect(readQueue('Less than 100 people ahead of you')).toEqual({ kind: 'count', bound: 'fewer-than', count: 100 });
    expect(readQueue('About 59.700 people waiting')).toBeNull();
    expect(readQueue('4 months left')).toBeNull();
  });

  it('compares values, not strings: "6 months" then "About 6 months" is no change', () => {
    expect(sameEstimate(readEstimate('6 months')!, readEstimate('About 6 months')!)).toBe(true);
    expect(sameEstimate(readEstimate('About 6 months')!, readEstimate('About 7 months')!)).toBe(false);
    expect(sameEstimate(readEstimate('More than 10 years')!, readEstimate('About 10 years')!)).toBe(false);
    expect(sameEstimate(readEstimate('We need more time to process your application')!, readEstimate('We need more time to process your application')!)).toBe(true);
    expect(sameQueue(readQueue('About 100 people ahead of you')!, readQueue('Less than 100 people ahead of you')!)).toBe(false);
  });

  it('reads the update date as a US long date, zero-padded or not, and refuses impossible ones', () => {
    expect(readUsDate('August 10, 2026')).toBe('2026-08-10');
    expect(readUsDate('September 03, 2026')).toBe('2026-09-03');
    expect(readUsDate('September 3, 2026')).toBe('2026-09-03');
    expect(readUsDate('February 30, 2026')).toBeNull();
    expect(readUsDate('10/08/2026')).toBeNull();
  });
});

describe('programs as members name them', () => {
  it('finds the Express Entry programs by the words members use, in English and French', () => {
    for (const [words, key] of [
      ['cec', 'cec'], ['CEC', 'cec'], ['experience class', 'cec'], ['Canadian Experience Class', 'cec'], ['catégorie de l’expérience canadienne', 'cec'],
      ['fsw', 'fsw'], ['federal skilled worker', 'fsw'], ['travailleurs qualifiés', 'fsw'],
      ['pnp', 'pnp-ee'], ['PNP-EE', 'pnp-ee'], ['pcp', 'pnp-ee'], ['pnp base', 'pnp-base'], ['pnp-base', 'pnp-base'],
      ['protected-persons-in-canada-roc', 'protected-persons-in-canada-roc'], ['start-up visa', 'startup-visa'],
    ] as const) {
      expect(matchProgram(words), words).toEqual({ kind: 'program', key });
    }
  });

  it('"ee" means the three Express Entry programs; "spousal" the four spousal ones', () => {
    expect(matchProgram('ee')).toMatchObject({ kind: 'group', keys: ['cec', 'fsw', 'pnp-ee'] });
    expect(matchProgram('Express Entry')).toMatchObject({ kind: 'group', group: 'ee' });
    expect(matchProgram('spousal')).toMatchObject({ kind: 'group', group: 'spousal' });
    expect(matchProgram('spousal')).toMatchObject({ keys: ['spousal-canada-roc', 'spousal-abroad-roc', 'spousal-canada-quebec', 'spousal-abroad-quebec'] });
  });

  it('an unknown name gets the keys that share the most words with it', () => {
    expect(matchProgram('spousal canada')).toEqual({ kind: 'unknown', suggestions: ['spousal-canada-quebec', 'spousal-canada-roc'] });
    expect(matchProgram('refugee quebec')).toEqual({ kind: 'unknown', suggestions: ['government-refugees-quebec', 'private-refugees-quebec'] });
    expect(matchProgram('zzz')).toEqual({ kind: 'unknown', suggestions: [] });
  });
});
