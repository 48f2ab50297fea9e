import { defineCommand } from '../src/chat/command.ts';
import { problemLines } from '../src/chat/crs/answer.ts';
import { option } from '../src/chat/options.ts';
import { errorReply, footer } from '../src/chat/phrases.ts';
import { reply } from '../src/chat/reply.ts';
import {
  ABILITIES, isLanguageTest, LANGUAGE_CHARTS_SOURCE, programMinimums, readLanguageWords, readScores, toLevels, type Four,
} from '../src/core/crs/index.ts';

/** A score is a few characters ("6.5", "546"); longer is not one. */
const MAX_SCORE = 10;
const score = (en: string, fr: string) => option.text({ max: MAX_SCORE, description: { en, fr } });

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
    const scores = [listening, reading, writing, speaking].filter((part): part is string => part !== undefined);
    const testName = test?.toLowerCase() ?? '';
    const read = isLanguageTest(testName) && scores.length === ABILITIES.length ? readScores(testName, testName, scores) : readLanguageWords('test', [testName]);
    if (!read.ok) {
      // A known test with too few results: the usage says it best.
      const problems = read.problems.filter((problem) => problem.field !== 'test' || !isLanguageTest(testName));
      return errorReply(ctx, [...problemLines(ctx, problems), t.errors.usage(t.clb.usage)]);
    }
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
