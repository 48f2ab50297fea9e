import { CANADIAN_EDUCATION, EDUCATION_LEVELS, LANGUAGE_TESTS, MAX_CANADIAN_WORK, MAX_FOREIGN_WORK, type CrsProfile, type LanguageResult, type PartialProfile } from '../../core/crs/index.ts';
import type { CommandContext } from '../command.ts';
import { flowAction, type Flow } from '../flow.ts';
import { reply, type Reply, type ReplyChoice } from '../reply.ts';
import { crsResult } from './answer.ts';
import {
  answered, answersFromLine, decodeState, encodeState, isLanguage, languageResult, nextStep, NONE, otherTests, previousStep, profileOf, questionsFor,
  SPOUSE, START, type Answers, type LanguageAnswer, type Question, type Step,
} from './state.ts';
import { example, isBack, isCancel, isScoreStep, readTyped, scoredLanguage, withFirstLanguage } from './typed.ts';

export { decodeState, encodeState } from './state.ts';

/**
 * The guided /crs: one question a message, answered by buttons (a select list where there are
 * many), by typing what the buttons say ("29", "master", "no", "8/7.5/7/7"), or for test results
 * by typing alone. Each step confirms the answer taken; after the result, any answer can be
 * changed and the new total comes at once. The whole profile travels in each action (state.ts).
 */

export const COMMAND = 'crs';
const CANCEL = 'x';

/** The ages offered as buttons: those most candidates have (any other is typed). */
const AGE_BUTTONS = Array.from({ length: 25 }, (_, index) => 20 + index);

const action = (ctx: CommandContext, step: Step, answers: Answers, last: Question | null = null) => flowAction(ctx, COMMAND, encodeState(step, answers, last));

/** The answers a question offers: a label, and the answers once picked. Yes before no, everywhere. */
function offered(ctx: CommandContext, step: Question, answers: Answers): { label: string; apply: Answers }[] {
  const g = ctx.t.guided;
  const set = (changes: Partial<Answers>) => ({ ...answers, ...changes });
  const yesNo = (key: 'certificate' | 'nomination' | 'sibling') => [{ label: g.yes, apply: set({ [key]: 1 }) }, { label: g.no, apply: set({ [key]: 0 }) }];
  const years = (key: 'canadianWork' | 'foreignWork' | 'spouseWork', max: number) =>
    Array.from({ length: max + 1 }, (_, value) => ({ label: g.years(value, value === max), apply: set({ [key]: value }) }));
  const education = (key: 'education' | 'spouseEducation') => EDUCATION_LEVELS.map((level, index) => ({ label: g.education[level], apply: set({ [key]: index }) }));
  const untyped = (test: LanguageAnswer['test']): LanguageAnswer => ({ test, steps: null });
  switch (step) {
    case 'age': return AGE_BUTTONS.map((age) => ({ label: String(age), apply: set({ age }) }));
    case 'edu': return education('education');
    case 'lang': return LANGUAGE_TESTS.map((test) => ({ label: g.tests[test], apply: withFirstLanguage(answers, untyped(test)) }));
    case 'lang2': return [...otherTests(answers.first?.test).map((test) => ({ label: g.tests[test], apply: set({ second: untyped(test) }) })), { label: g.noTest, apply: set({ second: NONE }) }];
    case 'cdn-work': return years('canadianWork', MAX_CANADIAN_WORK);
    case 'foreign-work': return years('foreignWork', MAX_FOREIGN_WORK);
    case 'certificate': return yesNo('certificate');
    case 'spouse': return (['counts', 'not-counted', 'none'] as const).map((kind) => ({ label: g.spouse[kind], apply: set({ spouse: SPOUSE.indexOf(kind) }) }));
    case 'spouse-edu': return education('spouseEducation');
    case 'spouse-lang': return [...LANGUAGE_TESTS.map((test) => ({ label: g.tests[test], apply: set({ spouseLanguage: untyped(test) }) })), { label: g.noTest, apply: set({ spouseLanguage: NONE }) }];
    case 'spouse-work': return years('spouseWork', MAX_CANADIAN_WORK);
    case 'nomination': return yesNo('nomination');
    case 'sibling': return yesNo('sibling');
    case 'cdn-edu': return CANADIAN_EDUCATION.map((level, index) => ({ label: g.canadianEducation[level], apply: set({ canadianEducation: index }) }));
    case 'noc': return [{ label: g.nocSkip, apply: set({ noc: NONE }) }];
    case 'lang-scores': case 'lang2-scores': case 'spouse-lang-scores': return [];
  }
}

/** "IELTS General Training 8 7.5 7 7", as the results are typed (a comma would be ambiguous in French's 7,5). */
function languageText(ctx: CommandContext, answer: LanguageAnswer | typeof NONE | null): string {
  const g = ctx.t.guided;
  if (!isLanguage(answer)) return g.noTest;
  const result = languageResult(answer);
  return result ? `${g.tests[answer.test]} ${result.scores.map((score) => ctx.format.number(score)).join(' ')}` : g.tests[answer.test];
}

/** The answer to a question as a member reads it back: "Canadian work: 1 year". null while unanswered. */
function answerText(ctx: CommandContext, step: Question, answers: Answers): string | null {
  const value = answerValue(ctx, step, answers);
  return value === null ? null : ctx.t.guided.answer(ctx.t.guided.answerLabels[step], value);
}

/** "1 year"; null while unanswered. */
function answerValue(ctx: CommandContext, step: Question, answers: Answers): string | null {
  if (!answered(step, answers)) return null;
  const g = ctx.t.guided;
  const years = (value: number, max: number) => g.years(value, value === max);
  const yesNo = (value: number) => (value === 1 ? g.yes : g.no);
  switch (step) {
    case 'age': return ctx.format.number(answers.age!);
    case 'edu': return g.education[EDUCATION_LEVELS[answers.education!]!];
    case 'lang': case 'lang-scores': return languageText(ctx, answers.first);
    case 'lang2': case 'lang2-scores': return languageText(ctx, answers.second);
    case 'cdn-work': return years(answers.canadianWork!, MAX_CANADIAN_WORK);
    case 'foreign-work': return years(answers.foreignWork!, MAX_FOREIGN_WORK);
    case 'certificate': return yesNo(answers.certificate!);
    case 'spouse': return g.spouse[SPOUSE[answers.spouse!]!];
    case 'spouse-edu': return g.education[EDUCATION_LEVELS[answers.spouseEducation!]!];
    case 'spouse-lang': case 'spouse-lang-scores': return languageText(ctx, answers.spouseLanguage);
    case 'spouse-work': return years(answers.spouseWork!, MAX_CANADIAN_WORK);
    case 'nomination': return yesNo(answers.nomination!);
    case 'sibling': return yesNo(answers.sibling!);
    case 'cdn-edu': return g.canadianEducation[CANADIAN_EDUCATION[answers.canadianEducation!]!];
    case 'noc': {
      const unit = answers.noc === NONE ? undefined : ctx.core.noc.get(answers.noc!);
      return unit ? `${unit.code} ${ctx.locale === 'fr' ? unit.fr : unit.en}` : g.nocNone;
    }
  }
}

/** The question's title: "question 3 of 13" on a first run; otherwise how many answers are left, or that one is being changed. */
function titleOf(ctx: CommandContext, step: Question, answers: Answers): string {
  const g = ctx.t.guided;
  const questions = questionsFor(answers);
  const index = questions.indexOf(step);
  if (questions.slice(index + 1).every((later) => !answered(later, answers))) return g.title(index + 1, questions.length);
  if (answered(step, answers)) return g.changing;
  return g.remaining(questions.filter((candidate) => !answered(candidate, answers)).length);
}

/** The message asking one question, with `problems` from a typed answer refused. No figures, so no source footer. */
function question(ctx: CommandContext, step: Question, answers: Answers, { last = null, problems = [] }: { last?: Question | null; problems?: string[] } = {}): Reply | null {
  const { t } = ctx;
  const g = t.guided;
  const previous = previousStep(step, answers);
  const complete = nextStep(answers) === 'result';
  const controls = [
    ...(previous ? [{ label: t.flow.back, action: action(ctx, previous, answers) }] : []),
    // Changing an answer after the result: the result again, unchanged, is a press away.
    ...(complete ? [{ label: g.resultButton, action: action(ctx, 'result', answers) }] : []),
    { label: t.flow.cancel, action: flowAction(ctx, COMMAND, CANCEL) },
  ];
  const confirmed = last && answerText(ctx, last, answers);
  const current = answerValue(ctx, step, answers);
  const lines = [
    ...(confirmed ? [g.taken(confirmed)] : []),
    ...problems,
    ...(current && !problems.length ? [g.current(current)] : []),
  ];
  const here = action(ctx, step, answers);
  const base = { title: titleOf(ctx, step, answers), footer: '', visibility: 'caller' as const, error: problems.length > 0 || undefined };
  if (isScoreStep(step)) {
    const language = scoredLanguage(step, answers);
    if (!language) return null;
    const test = g.tests[language.test];
    const prompt = g.scoresPrompt(test, example(language.test));
    return reply({
      ...base,
      lines: [...lines, g.questions[step](test), prompt],
      choices: { style: 'buttons', options: [], controls, answer: { action: here }, input: { action: here, button: g.typeButton, prompt, example: example(language.test), promptNow: true } },
    });
  }
  const choice = (label: string, apply: Answers): ReplyChoice => ({ label, action: action(ctx, nextStep(apply), apply, step) });
  const options = offered(ctx, step, answers).map(({ label, apply }) => choice(label, apply));
  const input = step === 'age' ? { action: here, button: g.ageButton, prompt: g.agePrompt, example: '29' }
    : step === 'noc' ? { action: here, button: g.nocButton, prompt: g.nocPrompt, example: '21231' } : undefined;
  return reply({
    ...base,
    lines: [...lines, g.questions[step], ...(input ? [input.prompt] : [])],
    choices: { style: options.length > 5 ? 'select' : 'buttons', options, controls, placeholder: g.pick, answer: { action: here }, input },
  });
}

/** The one-line /crs that gives the same result, so it can be asked again without the questions. */
export function profileLine(profile: CrsProfile, noc: string | null = null): string {
  const language = ({ test, scores }: LanguageResult) => `${test}:${scores.join(',')}`;
  const parts = [`age=${profile.age}`, `edu=${profile.education}`, `lang=${language(profile.firstLanguage)}`];
  if (profile.secondLanguage) parts.push(`lang2=${language(profile.secondLanguage)}`);
  if (profile.canadianWork) parts.push(`cdn-work=${profile.canadianWork}`);
  if (profile.foreignWork) parts.push(`foreign-work=${profile.foreignWork}`);
  if (profile.certificate) parts.push('certificate=yes');
  if (profile.spouse) {
    parts.push('spouse=yes', `spouse-edu=${profile.spouse.education}`);
    if (profile.spouse.language) parts.push(`spouse-lang=${language(profile.spouse.language)}`);
    if (profile.spouse.canadianWork) parts.push(`spouse-work=${profile.spouse.canadianWork}`);
  }
  if (profile.nomination) parts.push('nomination=yes');
  if (profile.sibling) parts.push('sibling=yes');
  if (profile.canadianEducation !== 'none') parts.push(`cdn-edu=${profile.canadianEducation}`);
  if (noc) parts.push(`noc=${noc}`);
  return parts.join(' ');
}

const SCORES_OF: Partial<Record<Question, Question>> = { 'lang': 'lang-scores', 'lang2': 'lang2-scores', 'spouse-lang': 'spouse-lang-scores' };

/** Where a change of each answer starts: a language's results (its test is a "back" away), the rest their own question. */
function changeStep(step: Question, answers: Answers): Question | null {
  if (isScoreStep(step)) return null;
  const scores = SCORES_OF[step];
  return scores && questionsFor(answers).includes(scores) ? scores : step;
}

/** The total, with one choice per answer to change it. */
function result(ctx: CommandContext, answers: Answers): Reply | null {
  const made = profileOf(answers);
  if (!made) return null;
  const g = ctx.t.guided;
  const answer = crsResult(ctx, made.profile, made.noc);
  const options = questionsFor(answers).flatMap((step) => {
    const start = changeStep(step, answers);
    const text = start && answerText(ctx, step, answers);
    return start && text ? [{ label: text, action: action(ctx, start, answers) }] : [];
  });
  return {
    ...answer,
    visibility: 'caller',
    notes: [...(answer.notes ?? []), g.oneLine(profileLine(made.profile, made.noc)), g.changeHint],
    choices: { style: 'select', options, controls: [], placeholder: g.changePlaceholder },
  };
}

function show(ctx: CommandContext, step: Step, answers: Answers, last: Question | null = null): Reply | null {
  return step === 'result' ? result(ctx, answers) : question(ctx, step, answers, { last });
}

/** /crs with nothing after it: the first question, or in a Telegram group (and inline) the offer to go private. */
export function startGuided(ctx: CommandContext): Reply {
  const { t } = ctx;
  // An inline answer lands in a chat the bot is not in: no question can be asked there, only the way to it.
  if (ctx.chat.kind === 'inline') {
    return reply({
      title: t.guided.name,
      lines: [t.guided.inline],
      // No figures here: the source footer comes with the result (issue 22, item 15).
      footer: '',
      choices: { style: 'buttons', options: [], controls: [], privately: { label: t.guided.openButton, start: COMMAND } },
    });
  }
  // A Telegram group shows every message to every member (Discord answers the caller alone,
  // ephemerally); a channel post has no sender who could own the buttons.
  const shared = ctx.chat.platform === 'telegram' && ctx.chat.kind !== 'private';
  if (!shared && ctx.userId !== null) return question(ctx, 'age', START)!;
  return reply({
    title: t.guided.name,
    lines: [t.guided.privately],
    footer: '',
    choices: {
      style: 'buttons',
      options: ctx.userId === null ? [] : [{ label: t.guided.hereButton, action: action(ctx, 'age', START) }],
      controls: [],
      privately: { label: t.guided.privateButton, start: COMMAND },
    },
  });
}

/**
 * A one-line /crs that only left answers out: the first of them asked, the rest taken from the
 * line. null when the flow cannot carry it (no one to own the buttons, an age over 99).
 */
export function askMissing(ctx: CommandContext, partial: PartialProfile & { noc: string | null }): Reply | null {
  const answers = answersFromLine(partial);
  if (!answers || ctx.userId === null) return null;
  const step = nextStep(answers);
  return step === 'result' ? null : question(ctx, step, answers);
}

export const guidedCrs: Flow = {
  onChoice(ctx, state, typed) {
    if (state === CANCEL) return reply({ title: ctx.t.guided.name, lines: [ctx.t.flow.cancelled], footer: '', visibility: 'caller' });
    const decoded = decodeState(state);
    if (!decoded) return null;
    const { step, last, answers } = decoded;
    if (typed === undefined || step === 'result') return show(ctx, step, answers, last);
    // Typed words for the controls, then the answer itself.
    const previous = previousStep(step, answers);
    if (previous && isBack(typed, ctx.t.flow.back)) return show(ctx, previous, answers);
    if (isCancel(typed, ctx.t.flow.cancel)) return guidedCrs.onChoice(ctx, CANCEL);
    const read = readTyped(ctx, step, answers, typed, offered(ctx, step, answers));
    if (!read.ok) return question(ctx, step, answers, { problems: read.problems });
    return show(ctx, nextStep(read.answers), read.answers, read.answered ?? step);
  },
};
