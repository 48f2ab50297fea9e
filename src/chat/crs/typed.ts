import {
  CANADIAN_EDUCATION, EDUCATION_LEVELS, LANGUAGE_TEST_DEFINITIONS, MAX_CANADIAN_WORK, MAX_FOREIGN_WORK, officialLanguageOf, readCanadianEducation,
  readEducation, readScores, readTest, readWholeNumber, readYesNo, splitScores,
} from '../../core/crs/index.ts';
import { foldText } from '../../core/text.ts';
import type { CommandContext } from '../command.ts';
import { problemLines } from './answer.ts';
import {
  isLanguage, languageAnswer, MAX_AGE, NONE, otherTests, SPOUSE, type Answers, type LanguageAnswer, type Question, type ScoreStep,
} from './state.ts';

/**
 * A typed answer to one question of the guided /crs, read the way people write it: a choice's own
 * label, a number ("29", "2 years"), a word ("master", "masters", "oui", "none", "ielts"), test
 * results ("8/7.5/7/7"), an occupation's code or title. The answers it gives, or what to tell the
 * member (the question is asked again with it; the flow never ends on a typed answer).
 */

/** `answered`: the question whose answer was taken, when not the one asked (a test named at its results). */
export type TypedAnswer = { ok: true; answers: Answers; answered?: Question } | { ok: false; problems: string[] };

/** Words that go back or stop, in either language (the controls' labels are matched too). */
const BACK_WORDS = ['back', 'previous', 'retour', 'precedent', 'precedente'];
const CANCEL_WORDS = ['cancel', 'stop', 'quit', 'exit', 'annuler', 'arreter', 'quitter'];
const SKIP_WORDS = ['skip', 'none', 'no', 'n', 'non', 'aucun', 'aucune', 'passer', 'sauter', 'later', 'not sure', 'dont know', 'je ne sais pas', '-'];

export function isBack(text: string, label: string): boolean {
  const folded = foldText(text);
  return BACK_WORDS.includes(folded) || folded === foldText(label);
}

export function isCancel(text: string, label: string): boolean {
  const folded = foldText(text);
  return CANCEL_WORDS.includes(folded) || folded === foldText(label);
}

const SCORE_KEYS: Record<ScoreStep, 'first' | 'second' | 'spouseLanguage'> = { 'lang-scores': 'first', 'lang2-scores': 'second', 'spouse-lang-scores': 'spouseLanguage' };

export function isScoreStep(step: Question): step is ScoreStep {
  return step in SCORE_KEYS;
}

/** The language a score step asks the results of. */
export function scoredLanguage(step: ScoreStep, answers: Answers): LanguageAnswer | null {
  const answer = answers[SCORE_KEYS[step]];
  return isLanguage(answer) ? answer : null;
}

/** A new first language in the other official language makes a second one in the same language no longer fit: ask it again. */
export function withFirstLanguage(answers: Answers, first: LanguageAnswer): Answers {
  const second = isLanguage(answers.second) && officialLanguageOf(answers.second.test) === officialLanguageOf(first.test) ? null : answers.second;
  return { ...answers, first, second };
}

export function readTyped(ctx: CommandContext, step: Question, answers: Answers, text: string, options: { label: string; apply: Answers }[]): TypedAnswer {
  const { t } = ctx;
  const g = t.guided;
  const typed = text.trim();
  const folded = foldText(typed);
  const ok = (changes: Partial<Answers>): TypedAnswer => ({ ok: true, answers: { ...answers, ...changes } });
  const no = (...problems: string[]): TypedAnswer => ({ ok: false, problems: [g.notAnswer(typed), ...problems] });
  // A choice's own words first ("20–29" aside, every label is a whole answer).
  const byLabel = options.find((option) => foldText(option.label) === folded);
  if (byLabel && !isScoreStep(step)) return { ok: true, answers: byLabel.apply };
  const labels = options.map((option) => option.label).join(', ');
  const years = (key: 'canadianWork' | 'foreignWork' | 'spouseWork', max: number): TypedAnswer => {
    const value = readYesNo(typed) === false ? 0 : readWholeNumber(typed);
    // "7 years" at a question whose last answer is "5 years or more" is that answer.
    return value === null ? no(g.hint.years(max)) : ok({ [key]: Math.min(value, max) });
  };
  const yesNo = (key: 'certificate' | 'nomination' | 'sibling'): TypedAnswer => {
    const value = readYesNo(typed);
    return value === null ? no(g.hint.yesNo) : ok({ [key]: value ? 1 : 0 });
  };
  switch (step) {
    case 'age': {
      const age = readWholeNumber(typed);
      return age !== null && age <= MAX_AGE ? ok({ age }) : no(g.hint.age);
    }
    case 'edu': case 'spouse-edu': {
      const level = readEducation(typed);
      if (!level) return no(g.hint.choices(labels));
      return ok(step === 'edu' ? { education: EDUCATION_LEVELS.indexOf(level) } : { spouseEducation: EDUCATION_LEVELS.indexOf(level) });
    }
    case 'lang': {
      const test = readTest(typed);
      return test ? { ok: true, answers: withFirstLanguage(answers, { test, steps: null }) } : no(g.hint.choices(labels));
    }
    case 'lang2': case 'spouse-lang': {
      const key = step === 'lang2' ? 'second' : 'spouseLanguage';
      if (SKIP_WORDS.includes(folded)) return ok({ [key]: NONE });
      const test = readTest(typed);
      const allowed = step === 'lang2' ? otherTests(answers.first?.test) : null;
      if (test && (!allowed || allowed.includes(test))) return ok({ [key]: { test, steps: null } });
      return no(test && allowed ? g.hint.otherLanguage(allowed.map((candidate) => g.tests[candidate]).join(', ')) : g.hint.choices(labels));
    }
    case 'lang-scores': case 'lang2-scores': case 'spouse-lang-scores': {
      const language = scoredLanguage(step, answers);
      if (!language) return no();
      // A test's name rather than results: another test for this language, whose results come next.
      const other = /\d/.test(typed) ? null : readTest(typed);
      if (other) {
        const testStep = step === 'lang-scores' ? 'lang' : step === 'lang2-scores' ? 'lang2' : 'spouse-lang';
        const read = readTyped(ctx, testStep, answers, typed, []);
        return read.ok ? { ...read, answered: testStep } : read;
      }
      const read = readScores(g.tests[language.test], language.test, splitScores(typed));
      if (!read.ok) return { ok: false, problems: problemLines(ctx, read.problems) };
      return ok({ [SCORE_KEYS[step]]: languageAnswer(read.result) });
    }
    case 'cdn-work': return years('canadianWork', MAX_CANADIAN_WORK);
    case 'foreign-work': return years('foreignWork', MAX_FOREIGN_WORK);
    case 'spouse-work': return years('spouseWork', MAX_CANADIAN_WORK);
    case 'certificate': return yesNo('certificate');
    case 'nomination': return yesNo('nomination');
    case 'sibling': return yesNo('sibling');
    case 'spouse': {
      const value = readYesNo(typed);
      if (value === false) return ok({ spouse: SPOUSE.indexOf('none') });
      // "Yes" alone does not say whether the spouse counts: which yes?
      return no(value ? g.hint.whichYes(g.spouse.counts, g.spouse['not-counted']) : g.hint.choices(labels));
    }
    case 'cdn-edu': {
      const level = readCanadianEducation(typed);
      return level ? ok({ canadianEducation: CANADIAN_EDUCATION.indexOf(level) }) : no(g.hint.choices(labels));
    }
    case 'noc': return readOccupation(ctx, answers, typed);
  }
}

/** A NOC 2021 code, a job title that names one occupation, or a word that skips the question. */
function readOccupation(ctx: CommandContext, answers: Answers, typed: string): TypedAnswer {
  const { core, t } = ctx;
  const g = t.guided;
  if (SKIP_WORDS.includes(foldText(typed))) return { ok: true, answers: { ...answers, noc: NONE } };
  const no = (problem: string): TypedAnswer => ({ ok: false, problems: [problem] });
  const code = typed.replace(/\s+/g, '');
  if (/^\d{5}$/.test(code)) return core.noc.get(code) ? { ok: true, answers: { ...answers, noc: code } } : no(g.hint.nocUnknown(code));
  if (/^\d{4}$/.test(code)) return no(g.hint.noc2016(code));
  if (/^\d+$/.test(code)) return no(g.hint.noc);
  const { matches, confident } = core.occupations.find(typed, 3);
  if (confident && matches[0]) return { ok: true, answers: { ...answers, noc: matches[0].code } };
  if (!matches.length) return no(g.hint.nocNone(typed));
  return no(g.hint.nocWhich(matches.map((unit) => `${unit.code} ${ctx.locale === 'fr' ? unit.fr : unit.en}`).join('; ')));
}

/** "8 7 7 7": the CLB 9 row of the test's chart, a result people aim for. */
export function example(test: LanguageAnswer['test']): string {
  const chart = LANGUAGE_TEST_DEFINITIONS[test].chart;
  return (chart?.find((row) => row.level === 9)?.scores ?? [9, 9, 9, 9]).join(' ');
}
