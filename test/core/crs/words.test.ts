import { describe, expect, it } from 'vitest';
import { readCanadianEducation, readEducation, readTest, readWholeNumber, readYesNo, splitScores } from '../../../src/core/crs/index.ts';

describe('answers as people write them (issue 22, item 3)', () => {
  it.each([
    ['8/7.5/7/7', ['8', '7.5', '7', '7']],
    ['8, 7.5, 7, 7', ['8', '7.5', '7', '7']],
    ['8,7.5,7,7', ['8', '7.5', '7', '7']],
    ['8 7.5 7 7', ['8', '7.5', '7', '7']],
    [' 8 ; 7.5 ; 7 ; 7 ', ['8', '7.5', '7', '7']],
    ['8 / 7.5 / 7 / 7', ['8', '7.5', '7', '7']],
    // French writes a decimal comma.
    ['7,5 7 6,5 7', ['7.5', '7', '6.5', '7']],
    ['7,5', ['7', '5']],
    ['', []],
  ])('splits %j into the four results', (text, parts) => {
    expect(splitScores(text)).toEqual(parts);
  });

  it('reads education, tests, yes and no, years, in English and French', () => {
    expect(['masters', 'Master’s', 'MSc', 'maîtrise', 'master'].map(readEducation)).toEqual(['master', 'master', 'master', 'master', 'master']);
    expect(['bachelors', 'baccalauréat', 'phd', 'Ph.D.', 'doctorat', 'high school', 'college'].map(readEducation)).toEqual(['bachelor', 'bachelor', 'phd', 'phd', 'phd', 'secondary', null]);
    expect(['IELTS', 'pte core', 'TEF Canada', 'nclc', 'toefl'].map(readTest)).toEqual(['ielts', 'pte', 'tef', 'nclc', null]);
    expect(['yes', 'Oui', 'y', 'no', 'NON', 'aucun', 'maybe'].map(readYesNo)).toEqual([true, true, true, false, false, false, null]);
    expect(['3', '3 years', '2 ans', '29 yo', 'three', '-1'].map(readWholeNumber)).toEqual([3, 3, 2, 29, null, null]);
    expect(['none', '1', '1-2', '3+', '3 ans et plus', 'phd'].map(readCanadianEducation)).toEqual(['none', '1-2', '1-2', '3+', '3+', '3+']);
  });
});
