import { describe, expect, it } from 'vitest';
import { parseProfileLine, readScores, type ProfileProblem } from '../../../src/core/crs/index.ts';

const problemsOf = (line: string): ProfileProblem[] => {
  const parsed = parseProfileLine(line);
  if (parsed.ok) throw new Error(`accepted "${line}"`);
  return parsed.problems;
};
const BASE = 'age=31 edu=master lang=ielts:7.5,7,6.5,7';

describe('one-line profile', () => {
  it('reads every field, with the defaults for those left out', () => {
    expect(parseProfileLine(BASE)).toEqual({
      ok: true,
      profile: {
        age: 31, education: 'master', firstLanguage: { test: 'ielts', scores: [7.5, 7, 6.5, 7] }, secondLanguage: null,
        canadianWork: 0, foreignWork: 0, certificate: false, spouse: null, nomination: false, sibling: false, canadianEducation: 'none',
      },
      noc: null,
    });
    const full = parseProfileLine(`  ${BASE} lang2=tcf:470,470,11,11  cdn-work=5 foreign-work=3 certificate=yes spouse=yes spouse-edu=phd spouse-lang=celpip:7,8,9,10 spouse-work=2 nomination=oui sibling=non cdn-edu=3+ noc=31102 `);
    expect(full).toEqual({
      ok: true,
      profile: {
        age: 31, education: 'master', firstLanguage: { test: 'ielts', scores: [7.5, 7, 6.5, 7] }, secondLanguage: { test: 'tcf', scores: [470, 470, 11, 11] },
        canadianWork: 5, foreignWork: 3, certificate: true, spouse: { education: 'phd', language: { test: 'celpip', scores: [7, 8, 9, 10] }, canadianWork: 2 },
        nomination: true, sibling: false, canadianEducation: '3+',
      },
      noc: '31102',
    });
  });

  it('takes keys, tests and words in any case', () => {
    const parsed = parseProfileLine('AGE=31 Edu=Master LANG=IELTS:7.5,7,6.5,7 Spouse=YES spouse-edu=none Certificate=Oui');
    expect(parsed.ok && [parsed.profile.education, parsed.profile.firstLanguage.test, parsed.profile.spouse?.education, parsed.profile.certificate]).toEqual(['master', 'ielts', 'none', true]);
  });

  it('names each missing required field', () => {
    expect(problemsOf('')).toEqual([
      { field: 'age', problem: 'missing', accepted: '0..999', value: null },
      { field: 'edu', problem: 'missing', accepted: 'none|secondary|one-year|two-year|bachelor|two-or-more|master|phd', value: null },
      { field: 'lang', problem: 'missing', accepted: 'ielts|celpip|pte|tef|tcf|clb|nclc:L,R,W,S', value: null },
    ]);
    expect(problemsOf('age=31 lang=clb:7,7,7,7').map(({ field, problem }) => [field, problem])).toEqual([['edu', 'missing']]);
  });

  it('names unknown keys, repeated keys and words that are not key=value', () => {
    expect(problemsOf(`${BASE} job-offer=yes`)).toEqual([{ field: 'job-offer', problem: 'unknown-field', accepted: expect.stringContaining('age|edu|lang|lang2|cdn-work'), value: 'yes' }]);
    expect(problemsOf(`${BASE} age=32`)).toEqual([{ field: 'age', problem: 'duplicate', accepted: 'once', value: '32' }]);
    expect(problemsOf(`${BASE} married`)).toEqual([{ field: 'married', problem: 'not-key-value', accepted: 'key=value', value: 'married' }]);
    expect(problemsOf(`${BASE} =5`)).toEqual([{ field: '=5', problem: 'not-key-value', accepted: 'key=value', value: '=5' }]);
  });

  it('takes plain decimal digits only', () => {
    const refused: [string, string, string][] = [
      ['age=0x1F', 'age', 'bad-value'], ['age=1e3', 'age', 'bad-value'], ['age=+31', 'age', 'bad-value'], ['age=31.0', 'age', 'bad-value'],
      ['age=-1', 'age', 'bad-value'], ['age=1000', 'age', 'out-of-range'], ['age=', 'age', 'bad-value'],
    ];
    for (const [field, name, problem] of refused) {
      expect(problemsOf(`${field} edu=master lang=clb:7,7,7,7`), field).toEqual([expect.objectContaining({ field: name, problem, accepted: '0..999', value: field.slice(4) })]);
    }
    expect(problemsOf(`${BASE} cdn-work=+5`)).toEqual([{ field: 'cdn-work', problem: 'bad-value', accepted: '0..5', value: '+5' }]);
    expect(problemsOf(`${BASE} cdn-work=0x5`)).toEqual([{ field: 'cdn-work', problem: 'bad-value', accepted: '0..5', value: '0x5' }]);
    expect(problemsOf(`${BASE} foreign-work=1e0`)).toEqual([{ field: 'foreign-work', problem: 'bad-value', accepted: '0..3', value: '1e0' }]);
    expect(problemsOf(`${BASE} lang2=tef:4e2,400,400,400`)).toEqual([{ field: 'lang2', ability: 'listening', problem: 'bad-value', accepted: '0..699', value: '4e2', range: { min: 0, max: 699, step: 1 } }]);
    // Decimals only where the test has half points.
    expect(problemsOf('age=31 edu=master lang=celpip:7.5,7,7,7')).toEqual([{ field: 'lang', ability: 'listening', problem: 'bad-value', accepted: '0..12', value: '7.5', range: { min: 0, max: 12, step: 1 } }]);
    expect(parseProfileLine('age=099 edu=master lang=ielts:07.5,7.0,6.50,7').ok).toBe(true);
  });

  it('refuses numbers out of range, naming what is accepted', () => {
    expect(problemsOf(`${BASE} cdn-work=6 foreign-work=4 spouse=yes spouse-edu=none spouse-work=9`)).toEqual([
      { field: 'cdn-work', problem: 'out-of-range', accepted: '0..5', value: '6' },
      { field: 'foreign-work', problem: 'out-of-range', accepted: '0..3', value: '4' },
      { field: 'spouse-work', problem: 'out-of-range', accepted: '0..5', value: '9' },
    ]);
    expect(problemsOf('age=31 edu=master lang=ielts:9.5,7.25,7,7')).toEqual([
      { field: 'lang', ability: 'listening', problem: 'out-of-range', accepted: '0..9/0.5', value: '9.5', range: { min: 0, max: 9, step: 0.5 } },
      { field: 'lang', ability: 'reading', problem: 'bad-value', accepted: '0..9/0.5', value: '7.25', range: { min: 0, max: 9, step: 0.5 } },
    ]);
    expect(problemsOf(`${BASE} lang2=tcf:470,470,21,11`)).toEqual([
      { field: 'lang2', ability: 'writing', problem: 'out-of-range', accepted: '0..20', value: '21', range: { min: 0, max: 20, step: 1 } },
    ]);
  });

  it('a result too long to be a number is out of range, quoted as typed (never as Infinity)', () => {
    const digits = '9'.repeat(400);
    expect(readScores('CELPIP-General', 'celpip', [digits, '9', '9', '9'])).toEqual({
      ok: false,
      problems: [{ field: 'CELPIP-General', ability: 'listening', problem: 'out-of-range', accepted: '0..12', value: digits, range: { min: 0, max: 12, step: 1 } }],
    });
    expect(problemsOf(`age=31 edu=master lang=ielts:7,7,${'9'.repeat(320)},7`)).toEqual([
      { field: 'lang', ability: 'writing', problem: 'out-of-range', accepted: '0..9/0.5', value: '9'.repeat(320), range: { min: 0, max: 9, step: 0.5 } },
    ]);
  });

  it('refuses a malformed language result as a whole', () => {
    for (const value of ['toefl:100,100,100,100', 'ielts', 'ielts:7,7,7', 'ielts:7,7,7,7,7', 'ielts:7,7,7,7:x', ':7,7,7,7']) {
      expect(problemsOf(`age=31 edu=master lang=${value}`), value).toEqual([{ field: 'lang', problem: 'bad-value', accepted: 'ielts|celpip|pte|tef|tcf|clb|nclc:L,R,W,S', value }]);
    }
  });

  it('refuses a second language in the first one\'s language', () => {
    expect(problemsOf(`${BASE} lang2=celpip:9,9,9,9`)).toEqual([{ field: 'lang2', problem: 'same-language', accepted: 'tef|tcf|nclc', value: 'celpip:9,9,9,9' }]);
    expect(problemsOf('age=31 edu=master lang=tef:500,500,500,500 lang2=nclc:7,7,7,7')).toEqual([{ field: 'lang2', problem: 'same-language', accepted: 'ielts|celpip|pte|clb', value: 'nclc:7,7,7,7' }]);
  });

  it('asks for spouse=yes before spouse fields, and for the spouse\'s education after it', () => {
    expect(problemsOf(`${BASE} spouse-edu=phd spouse-work=2`)).toEqual([
      { field: 'spouse-edu', problem: 'needs-spouse', accepted: 'spouse=yes', value: 'phd' },
      { field: 'spouse-work', problem: 'needs-spouse', accepted: 'spouse=yes', value: '2' },
    ]);
    expect(problemsOf(`${BASE} spouse=non spouse-lang=clb:7,7,7,7`)).toEqual([{ field: 'spouse-lang', problem: 'needs-spouse', accepted: 'spouse=yes', value: 'clb:7,7,7,7' }]);
    expect(problemsOf(`${BASE} spouse=yes`)).toEqual([{ field: 'spouse-edu', problem: 'missing', accepted: 'none|secondary|one-year|two-year|bachelor|two-or-more|master|phd', value: null }]);
  });

  it('refuses words outside the accepted ones', () => {
    expect(problemsOf(`${BASE} certificate=maybe nomination=1 cdn-edu=4 edu=college`.replace('edu=master ', ''))).toEqual([
      { field: 'edu', problem: 'bad-value', accepted: 'none|secondary|one-year|two-year|bachelor|two-or-more|master|phd', value: 'college' },
      { field: 'certificate', problem: 'bad-value', accepted: 'yes|oui|no|non', value: 'maybe' },
      { field: 'nomination', problem: 'bad-value', accepted: 'yes|oui|no|non', value: '1' },
      { field: 'cdn-edu', problem: 'bad-value', accepted: 'none|1-2|3+', value: '4' },
    ]);
  });

  it('takes a test named as the key, as members write it: the first for lang, the second for lang2', () => {
    const line = parseProfileLine('age=29 edu=masters ielts=8,7.5,7,7 tef=400/400/400/400 cdn-work=2');
    expect(line.ok && line.profile).toMatchObject({ firstLanguage: { test: 'ielts', scores: [8, 7.5, 7, 7] }, secondLanguage: { test: 'tef', scores: [400, 400, 400, 400] }, canadianWork: 2 });
    expect(parseProfileLine('age=29 edu=masters CELPIP=9,9,9,9').ok).toBe(true);
    // Said once: a test key where lang is given too is that field given twice.
    expect(problemsOf('age=29 edu=masters lang=ielts:8,8,8,8 tef=400,400,400,400 tcf=400,400,10,10')).toEqual([{ field: 'lang2', problem: 'duplicate', accepted: 'once', value: 'tcf:400,400,10,10' }]);
  });

  it('reports every problem of a line at once', () => {
    expect(problemsOf('age=abc lang=ielts:10,7,7,7 spouse-edu=phd foo=1').map(({ field, problem }) => `${field}:${problem}`))
      .toEqual(['foo:unknown-field', 'edu:missing', 'age:bad-value', 'lang:out-of-range', 'spouse-edu:needs-spouse']);
  });

  it('takes words and results as people write them (issue 22, item 3)', () => {
    const parsed = parseProfileLine('age=31 edu=Masters lang=ielts:8/7.5/7/7 lang2=TEF Canada:400,400,400,400 spouse=yes spouse-edu=bachelors cdn-edu=3 sibling=y');
    expect(parsed.ok).toBe(false);
    const line = parseProfileLine('age=31 edu=Masters lang=ielts:8/7.5/7/7 lang2=tcf:400/400/10/10 spouse=oui spouse-edu=bachelors cdn-edu=3 sibling=y');
    expect(line.ok && line.profile).toMatchObject({
      education: 'master', firstLanguage: { test: 'ielts', scores: [8, 7.5, 7, 7] }, secondLanguage: { test: 'tcf', scores: [400, 400, 10, 10] },
      spouse: { education: 'bachelor' }, canadianEducation: '3+', sibling: true,
    });
    for (const [written, level] of [['phd', 'phd'], ['PhD', 'phd'], ['doctorate', 'phd'], ['doctorat', 'phd'], ['maîtrise', 'master'], ['bachelor’s', 'bachelor'], ['baccalauréat', 'bachelor'], ['high-school', 'secondary']] as const) {
      const read = parseProfileLine(`age=31 edu=${written} lang=clb:7,7,7,7`);
      expect(read.ok && read.profile.education, written).toBe(level);
    }
  });

  it('gives what a line says when answers are only missing, so they can be asked (issue 22, item 3)', () => {
    const parsed = parseProfileLine(`${BASE} spouse=yes cdn-work=2`);
    expect(parsed).toMatchObject({ ok: false, problems: [{ field: 'spouse-edu', problem: 'missing' }], partial: { age: 31, education: 'master', canadianWork: 2, spouse: { education: null } } });
    expect(parseProfileLine('lang=clb:7,7,7,7')).toMatchObject({ ok: false, partial: { age: null, education: null, firstLanguage: { test: 'clb' } } });
    // Anything wrong besides: no partial, the line is refused as it is.
    expect(parseProfileLine('lang=clb:7,7,7,7 cdn-work=9')).toMatchObject({ ok: false, partial: null });
  });
});
