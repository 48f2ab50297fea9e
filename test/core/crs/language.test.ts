import { describe, expect, it } from 'vitest';
import { BELOW_CHART, checkScores, programMinimums, toLevels, type Four, type LanguageTestId } from '../../../src/core/crs/index.ts';

/*
 * IRCC's equivalency charts (reference, section E) typed again here, one row per level, in the
 * order listening, reading, writing, speaking. Each threshold is tried on its own ability: the
 * score itself gives the row's level, one step under it gives the next row down (or below CLB 4).
 */
const CHARTS: Record<Exclude<LanguageTestId, 'clb' | 'nclc' | 'celpip'>, { step: number; rows: [number, Four][] }> = {
  ielts: { step: 0.5, rows: [[10, [8.5, 8.0, 7.5, 7.5]], [9, [8.0, 7.0, 7.0, 7.0]], [8, [7.5, 6.5, 6.5, 6.5]], [7, [6.0, 6.0, 6.0, 6.0]], [6, [5.5, 5.0, 5.5, 5.5]], [5, [5.0, 4.0, 5.0, 5.0]], [4, [4.5, 3.5, 4.0, 4.0]]] },
  pte: { step: 1, rows: [[10, [89, 88, 90, 89]], [9, [82, 78, 88, 84]], [8, [71, 69, 79, 76]], [7, [60, 60, 69, 68]], [6, [50, 51, 60, 59]], [5, [39, 42, 51, 51]], [4, [28, 33, 41, 42]]] },
  tef: { step: 1, rows: [[10, [546, 546, 558, 556]], [9, [503, 503, 512, 518]], [8, [462, 462, 472, 494]], [7, [434, 434, 428, 456]], [6, [393, 393, 379, 422]], [5, [352, 352, 330, 387]], [4, [306, 306, 268, 328]]] },
  tcf: { step: 1, rows: [[10, [549, 549, 16, 16]], [9, [523, 524, 14, 14]], [8, [503, 499, 12, 12]], [7, [458, 453, 10, 10]], [6, [398, 406, 7, 7]], [5, [369, 375, 6, 6]], [4, [331, 342, 4, 4]]] },
};

/** Level of one ability tried alone: the other three at the chart's top row. */
function levelOf(test: LanguageTestId, top: Four, index: number, score: number): number {
  const scores = [...top] as [number, number, number, number];
  scores[index] = score;
  expect(checkScores({ test, scores }), `${test} ${scores.join(',')}`).toEqual([]);
  return toLevels({ test, scores }).levels[index]!;
}

describe('test results → CLB/NCLC at every threshold', () => {
  for (const [test, { step, rows }] of Object.entries(CHARTS) as [LanguageTestId, (typeof CHARTS)['ielts']][]) {
    it(`${test}: each threshold gives its level, one step under gives the level below`, () => {
      const top = rows[0]![1];
      rows.forEach(([level, thresholds], row) => {
        thresholds.forEach((threshold, index) => {
          expect(levelOf(test, top, index, threshold), `${test} ability ${index} at ${threshold}`).toBe(level);
          const below = rows[row + 1]?.[0] ?? BELOW_CHART;
          expect(levelOf(test, top, index, threshold - step), `${test} ability ${index} at ${threshold - step}`).toBe(below);
        });
      });
    });
  }

  it('celpip: the score is the level from 4 to 10, 11 and 12 count as 10, under 4 is below the chart', () => {
    for (let score = 4; score <= 10; score++) expect(toLevels({ test: 'celpip', scores: [score, score, score, score] }).levels).toEqual([score, score, score, score]);
    expect(toLevels({ test: 'celpip', scores: [11, 12, 10, 3] }).levels).toEqual([10, 10, 10, BELOW_CHART]);
  });

  it('clb and nclc are the levels themselves, and say which language', () => {
    expect(toLevels({ test: 'clb', scores: [12, 2, 7, 4] })).toEqual({ test: 'clb', language: 'english', levels: [12, 2, 7, 4] });
    expect(toLevels({ test: 'nclc', scores: [7, 7, 7, 7] }).language).toBe('french');
    expect(['ielts', 'celpip', 'pte', 'tef', 'tcf'].map((test) => toLevels({ test: test as LanguageTestId, scores: [0, 0, 0, 0] }).language))
      .toEqual(['english', 'english', 'english', 'french', 'french']);
  });

  it('keeps the abilities apart (IELTS 7.5/7.0/6.5/7.0 → CLB 8/9/8/9, the reference\'s example)', () => {
    expect(toLevels({ test: 'ielts', scores: [7.5, 7.0, 6.5, 7.0] }).levels).toEqual([8, 9, 8, 9]);
  });
});

describe('accepted scores', () => {
  const refused: [LanguageTestId, Four, { ability: string; problem: string; range: object }][] = [
    ['ielts', [9.5, 7, 7, 7], { ability: 'listening', problem: 'out-of-range', range: { min: 0, max: 9, step: 0.5 } }],
    ['ielts', [7, 7.25, 7, 7], { ability: 'reading', problem: 'bad-value', range: { min: 0, max: 9, step: 0.5 } }],
    ['ielts', [7, 7, -0.5, 7], { ability: 'writing', problem: 'out-of-range', range: { min: 0, max: 9, step: 0.5 } }],
    ['celpip', [7, 7, 7, 13], { ability: 'speaking', problem: 'out-of-range', range: { min: 0, max: 12, step: 1 } }],
    ['celpip', [7.5, 7, 7, 7], { ability: 'listening', problem: 'bad-value', range: { min: 0, max: 12, step: 1 } }],
    ['pte', [9, 50, 50, 50], { ability: 'listening', problem: 'out-of-range', range: { min: 10, max: 90, step: 1 } }],
    ['pte', [50, 91, 50, 50], { ability: 'reading', problem: 'out-of-range', range: { min: 10, max: 90, step: 1 } }],
    ['tef', [400, 400, 700, 400], { ability: 'writing', problem: 'out-of-range', range: { min: 0, max: 699, step: 1 } }],
    ['tcf', [700, 400, 10, 10], { ability: 'listening', problem: 'out-of-range', range: { min: 0, max: 699, step: 1 } }],
    ['tcf', [400, 400, 10, 21], { ability: 'speaking', problem: 'out-of-range', range: { min: 0, max: 20, step: 1 } }],
    ['clb', [0, 7, 7, 7], { ability: 'listening', problem: 'out-of-range', range: { min: 1, max: 12, step: 1 } }],
    ['nclc', [7, 7, 13, 7], { ability: 'writing', problem: 'out-of-range', range: { min: 1, max: 12, step: 1 } }],
    ['pte', [Number.NaN, 50, 50, 50], { ability: 'listening', problem: 'bad-value', range: { min: 10, max: 90, step: 1 } }],
  ];
  it.each(refused)('%s %j is refused, naming the ability and the range', (test, scores, problem) => {
    expect(checkScores({ test, scores })).toEqual([{ ...problem, value: scores[['listening', 'reading', 'writing', 'speaking'].indexOf(problem.ability)] }]);
  });

  it('accepts the ends of every range', () => {
    const ends: [LanguageTestId, Four][] = [
      ['ielts', [0, 9, 0.5, 8.5]], ['celpip', [0, 12, 0, 12]], ['pte', [10, 90, 10, 90]], ['tef', [0, 699, 0, 699]],
      ['tcf', [0, 699, 0, 20]], ['clb', [1, 12, 1, 12]], ['nclc', [1, 12, 1, 12]],
    ];
    for (const [test, scores] of ends) expect(checkScores({ test, scores }), test).toEqual([]);
  });

  it('names every wrong ability at once', () => {
    expect(checkScores({ test: 'ielts', scores: [10, 7, 7.3, 7] }).map((problem) => [problem.ability, problem.problem])).toEqual([['listening', 'out-of-range'], ['writing', 'bad-value']]);
  });
});

describe('program language minimums (/clb)', () => {
  const met = (levels: Four) => Object.fromEntries(programMinimums(levels).map(({ program, met: isMet, short }) => [program, isMet ? 'met' : short.join('+')]));

  it('FSW and CEC TEER 0–1 need CLB 7 in all four, CEC TEER 2–3 CLB 5, FST 5 listening and speaking and 4 reading and writing', () => {
    expect(met([7, 7, 7, 7])).toEqual({ 'fsw': 'met', 'cec-teer-0-1': 'met', 'cec-teer-2-3': 'met', 'fst': 'met' });
    expect(met([6, 7, 7, 7])).toEqual({ 'fsw': 'listening', 'cec-teer-0-1': 'listening', 'cec-teer-2-3': 'met', 'fst': 'met' });
    expect(met([5, 4, 4, 5])).toEqual({ 'fsw': 'listening+reading+writing+speaking', 'cec-teer-0-1': 'listening+reading+writing+speaking', 'cec-teer-2-3': 'reading+writing', 'fst': 'met' });
    expect(met([4, 4, 4, 5])).toEqual({ 'fsw': 'listening+reading+writing+speaking', 'cec-teer-0-1': 'listening+reading+writing+speaking', 'cec-teer-2-3': 'listening+reading+writing', 'fst': 'listening' });
    expect(met([5, 3, 4, 5]).fst).toBe('reading');
  });

  it('lists each program with its minimums', () => {
    expect(programMinimums([9, 9, 9, 9]).map(({ program, minimums }) => [program, minimums])).toEqual([
      ['fsw', [7, 7, 7, 7]], ['cec-teer-0-1', [7, 7, 7, 7]], ['cec-teer-2-3', [5, 5, 5, 5]], ['fst', [5, 4, 4, 5]],
    ]);
  });
});
