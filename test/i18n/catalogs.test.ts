import { describe, expect, it } from 'vitest';
import { programEligibility } from '../../src/core/noc.ts';
import { seeds } from '../helpers/fixtures.ts';

const { categories, noc } = seeds;

describe('category lists by version (seeds/categories.json)', () => {
  it('keeps every version with its dates, rules, sources and uncertainty', () => {
    expect(categories.versions).toHaveLength(21);
    expect(categories.version('stem-v1')).toMatchObject({ category: 'stem', effectiveFrom: '2023-05-31', effectiveTo: '2025-02-26', minExperienceMonths: 6, uncertain: false });
    expect(categories.version('stem-v1')!.noc).toHaveLength(24);
    expect(categories.version('stem-v1')!.noc).toContain('21200');
    expect(categories.version('healthcare-social-2026-v3')).toMatchObject({ uncertain: true, minExperienceMonths: 12 });
    expect(categories.version('healthcare-social-2026-v3')!.uncertainReason).toMatch(/transcription/);
    for (const version of categories.versions) expect(version.sources.length, version.id).toBeGreaterThan(0);
  });

  it('maps every label seen in the feed by alias, whatever its spelling', () => {
    expect(categories.resolveLabel('Healthcare occupations (2023-1)', '2023-06-28')).toEqual({ id: 'healthcare', version: 'healthcare-v1', matchedBy: 'alias' });
    expect(categories.resolveLabel('  french LANGUAGE proficiency (Version 1) ', '2024-02-01')).toMatchObject({ id: 'french', version: 'french-v1', matchedBy: 'alias' });
    expect(categories.resolveLabel('No Program Specified', '2020-01-01')).toEqual({ id: 'general', version: null, matchedBy: 'alias' });
    expect(categories.resolveLabel('Compétence linguistique en français 2026-Version 2', '2026-03-01')).toMatchObject({ id: 'french', version: 'french-2026-v2' });
  });

  it('places an unseen label by its longest keyword', () => {
    expect(categories.resolveLabel('Federal Skilled Trades Program', '2024-01-01').id).toBe('fst');
    expect(categories.resolveLabel('Trade occupations (Version 4)', '2027-03-01').id).toBe('trades');
    expect(categories.resolveLabel('Researchers with Canadian Work Experience, 2026-Version 1', '2026-06-01')).toEqual({ id: 'researchers', version: 'researchers-2026-v1', matchedBy: 'keyword' });
    expect(categories.resolveLabel('Systems round', '2026-06-01')).toEqual({ id: 'other', version: null, matchedBy: 'none' });
  });

  it('finds the version in force on a date', () => {
    expect(categories.versionOn('stem', '2024-04-11')?.id).toBe('stem-v1');
    expect(categories.versionOn('stem', '2025-06-01')?.id).toBe('stem-2025');
    expect(categories.versionOn('stem', '2026-11-21')?.id).toBe('stem-2026');
    expect(categories.versionOn('transport', '2025-06-01')).toBeUndefined();
    expect(categories.versionOn('agriculture', '2026-11-21')).toBeUndefined();
  });
});

describe('NOC 2021 and program rules', () => {
  it('holds the 516 unit groups with English and French titles', () => {
    expect(noc.units).toHaveLength(516);
    expect(noc.get('21231')).toEqual({ code: '21231', en: 'Software engineers and designers', fr: expect.stringMatching(/logiciel/i), teer: 1 });
  });

  it('computes FSW/CEC (TEER 0–3) and FST (the named groups) from the rules', () => {
    const checks = noc.units.map((unit) => programEligibility(unit.code));
    expect(checks.filter((check) => check.fsw.eligible)).toHaveLength(376);
    expect(checks.filter((check) => check.cec.eligible)).toHaveLength(376);
    expect(checks.filter((check) => check.fst.eligible)).toHaveLength(96);
  });

  it.each([
    ['21231', true, false, { level: 'major', code: '21' }],
    ['72600', true, false, { level: 'sub-major', code: '726' }],
    ['72106', true, true, { level: 'major', code: '72' }],
    ['63200', true, true, { level: 'minor', code: '6320' }],
    ['62200', true, true, { level: 'unit', code: '62200' }],
    ['93100', true, true, { level: 'major', code: '93' }],
    ['93200', true, false, { level: 'sub-major', code: '932' }],
    ['65200', false, false, { level: 'major', code: '65' }],
  ])('%s: FSW/CEC %s, FST %s', (code, skilled, fst, basis) => {
    const result = programEligibility(code);
    expect(result.fsw.eligible).toBe(skilled);
    expect(result.cec.eligible).toBe(skilled);
    expect(result.fst).toEqual({ eligible: fst, basis });
  });

  it('names the groups the FST rule refers to', () => {
    expect(noc.group('72')?.title).toMatch(/trades/i);
    expect(noc.group('726')?.level).toBe('sub-major');
    expect(noc.group('6320')?.level).toBe('minor');
  });
});
