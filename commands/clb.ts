import { defineCommand } from '../src/chat/command.ts';
import { problemLines } from '../src/chat/crs/answer.ts';
import { option } from '../src/chat/options.ts';
import { errorReply, footer } from '../src/chat/phrases.ts';
import { reply } from '../src/chat/reply.ts';
import {
  ABILITIES, LANGUAGE_CHARTS_SOURCE, LANGUAGE_TESTS, programMinimums, readScores, readTest, splitScores, toLevels, type Four, type LanguageTestId,
} from '../src/core/crs/index.ts';

/** A score is a few characters ("6.5", "546"); the first may hold all four as typed ("7.5/7/6.5/7", "ielts:8,7,7,7"). */
const MAX_SCORE = 40;
const score = (en: string, fr: string) => option.text({ max: MAX_SCORE, description: { en, fr } });

/**
 * The test and its four results however the words came: "ielts 8 7.5 7 7", "ielts 8/7.5/7/7",
 * "ielts 8, 7.5, 7, 7", "ielts:8,7.5,7,7", "pte core 60 60 60 60" — the longest run of first
 * words naming a test, then the results.
 */
function readResult(words: string[]): { test: LanguageTestId | null; testText: string; scores: string[] } {
  const all = words.join(' ').replace(/^([a-z ]+):/i, '$1 ').trim().split(/\s+/).filter(Boolean);
  for (let length = Math.min(3, all.length); length > 0; length--) {
    const test = readTest(all.slice(0, length).join(' '));
    if (test) return { test, testText: all.slice(0, length).join(' '), scores: splitScores(all.slice(length).join(' ')) };
  }
  return { test: null, testText: all[0] ?? '', scores: [] };
}

export default defineCommand({
  name: 'clb',
  localNames: { fr: 'nclc' },
  description: { en: 'CLB/NCLC levels of a language test result, and the programs’ minimums they meet', fr: 'Niveaux NCLC d’un résultat de test de langue, et les minimums des programmes atteints' },
  options: {
    test: option.text({ max: MAX_SCORE, description: { en: 'ielts, celpip, pte, tef, tcf (or clb/nclc for levels)', fr: 'ielts, celpip, pte, tef, tcf (ou clb/nclc pour des niveaux)' } }),
    listening: score('Listening result', 'Résultat en compréhension orale'),
    reading: score('Reading result', 'Résultat en compréhension écrite'),
    writing: score('Writing result', 'Résultat en expression écrite'),
    speaking: score('Speaking result', 'Résultat en expression orale'),
  },
  run(ctx, { test, listening, reading, writing, speaking }) {
    const { t } = ctx;
    const { test: known, testText, scores } = readResult([test, listening, reading, writing, speaking].filter((part): part is string => part !== undefined));
    if (!known) {
      const problem = { field: 'test', problem: testText ? 'bad-value' : 'missing', accepted: LANGUAGE_TESTS.join('|'), value: testText || null } as const;
      return errorReply(ctx, [...problemLines(ctx, [problem]), t.errors.usage(t.clb.usage)]);
    }
    // A known test with too few results: the usage says it best.
    if (scores.length !== ABILITIES.length) return errorReply(ctx, [t.errors.usage(t.clb.usage)]);
    const read = readScores(known, known, scores);
    if (!read.ok) return errorReply(ctx, [...problemLines(ctx, read.problems), t.errors.usage(t.clb.usage)]);
    const levels = toLevels(read.result);
    const level = (value: number) => t.clb.level(levels.language, value);
    const minimums = (values: Four) =>
      values.every((value) => value === values[0]) ? t.clb.allFour(level(values[0])) : ABILITIES.map((ability, index) => `${t.crs.abilities[ability]} ${level(values[index]!)}`).join(', ');
    return reply({
      title: t.clb.title(t.clb.testNames[read.result.test], scores.join(', ')),
      fields: [
        ...ABILITIES.map((ability, index) => ({ label: t.clb.abilities[ability], value: level(levels.levels[index]!) })),
        ...programMinimums(levels.levels).map(({ program, minimums: needed, met, short }) => ({
          label: t.clb.programs[program],
          value: met ? t.clb.met(minimums(needed)) : t.clb.notMet(minimums(needed), short.map((ability) => t.crs.abilities[ability]).join(', ')),
        })),
      ],
      notes: [t.clb.note],
      link: { label: t.clb.charts, url: LANGUAGE_CHARTS_SOURCE.url },
      footer: footer(ctx),
    });
  },
});
