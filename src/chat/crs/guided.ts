import {
  CANADIAN_EDUCATION, checkProfile, EDUCATION_LEVELS, LANGUAGE_TEST_DEFINITIONS, LANGUAGE_TESTS, MAX_CANADIAN_WORK, MAX_FOREIGN_WORK,
  officialLanguageOf, readScores, type CrsProfile, type LanguageResult, type LanguageTestId,
} from '../../core/crs/index.ts';
import type { CommandContext } from '../command.ts';
import { flowAction, type Flow } from '../flow.ts';
import { footer } from '../phrases.ts';
import { reply, type Reply, type ReplyChoice } from '../reply.ts';
import { crsResult, problemLines } from './answer.ts';

/**
 * The guided /crs: one question a message, answered by buttons (a select list where there are
 * many answers) or, for test results, by typing. The whole profile so far travels in each
 * button's action, so nothing is stored and a restart half-way loses nothing:
 *
 *   <step><packed answers><first language><second language><spouse's language>
 *
 * step: 1 base-36 digit; packed: the small answers as one mixed-radix number, 5 base-36 digits;
 * each language: "0" for none, else the test's number (1–7) and four results as 2 base-36 digits
 * each, counted in the test's steps from its minimum (IELTS 7.5 → 15). At most 33 characters:
 * with "crs:", the owner and the typed-answer mark, within Telegram's 64 bytes (test/chat/flow.test.ts).
 */

export const COMMAND = 'crs';
const CANCEL = 'x';

const STEPS = [
  'age', 'edu', 'lang', 'lang-scores', 'lang2', 'lang2-scores', 'cdn-work', 'foreign-work', 'certificate', 'spouse', 'spouse-edu',
  'spouse-lang', 'spouse-lang-scores', 'spouse-work', 'nomination', 'sibling', 'cdn-edu', 'result',
] as const;
type Step = (typeof STEPS)[number];
type Question = Exclude<Step, 'result'>;

/** The grid's age rows that differ: 20–29 score the same, as do 17 or less and 45 or more. */
const AGES = [17, 18, 19, 25, ...Array.from({ length: 15 }, (_, index) => 30 + index), 45];
const SPOUSE = ['none', 'counts', 'not-counted'] as const;

interface LanguageAnswer {
  test: LanguageTestId;
  /** Each result as its count of steps above the test's minimum. */
  steps: number[];
}

interface Answers {
  age: number;
  education: number;
  canadianWork: number;
  foreignWork: number;
  certificate: number;
  spouse: number;
  spouseEducation: number;
  spouseWork: number;
  nomination: number;
  sibling: number;
  canadianEducation: number;
  first: LanguageAnswer | null;
  second: LanguageAnswer | null;
  spouseLanguage: LanguageAnswer | null;
}

type Packed = Exclude<keyof Answers, 'first' | 'second' | 'spouseLanguage'>;
/** Each small answer and how many values it has, packed in this order. */
const RADICES: readonly [Packed, number][] = [
  ['age', AGES.length], ['education', EDUCATION_LEVELS.length], ['canadianWork', MAX_CANADIAN_WORK + 1], ['foreignWork', MAX_FOREIGN_WORK + 1],
  ['certificate', 2], ['spouse', SPOUSE.length], ['spouseEducation', EDUCATION_LEVELS.length], ['spouseWork', MAX_CANADIAN_WORK + 1],
  ['nomination', 2], ['sibling', 2], ['canadianEducation', CANADIAN_EDUCATION.length],
];
const PACKED_DIGITS = 5;

const START: Answers = {
  age: 0, education: 0, canadianWork: 0, foreignWork: 0, certificate: 0, spouse: 0, spouseEducation: 0, spouseWork: 0, nomination: 0, sibling: 0,
  canadianEducation: 0, first: null, second: null, spouseLanguage: null,
};

export function encodeState(step: Step, answers: Answers): string {
  let packed = 0;
  for (const [key, radix] of [...RADICES].reverse()) packed = packed * radix + answers[key];
  const language = (answer: LanguageAnswer | null) =>
    answer ? (LANGUAGE_TESTS.indexOf(answer.test) + 1).toString(36) + answer.steps.map((value) => value.toString(36).padStart(2, '0')).join('') : '0';
  return STEPS.indexOf(step).toString(36) + packed.toString(36).padStart(PACKED_DIGITS, '0') + language(answers.first) + language(answers.second) + language(answers.spouseLanguage);
}

/** The state back, or null for anything this flow did not write. */
export function decodeState(state: string): { step: Step; answers: Answers } | null {
  if (!/^[0-9a-z]+$/.test(state) || state.length < 1 + PACKED_DIGITS + 3) return null;
  const step = STEPS[parseInt(state[0]!, 36)];
  if (!step) return null;
  let packed = parseInt(state.slice(1, 1 + PACKED_DIGITS), 36);
  const answers: Answers = { ...START };
  for (const [key, radix] of RADICES) {
    answers[key] = packed % radix;
    packed = Math.floor(packed / radix);
  }
  if (packed !== 0) return null;
  let at = 1 + PACKED_DIGITS;
  const language = (): LanguageAnswer | null | undefined => {
    const index = parseInt(state[at++] ?? '', 36);
    if (index === 0) return null;
    const test = LANGUAGE_TESTS[index - 1];
    if (!test || state.length < at + 8) return undefined;
    const { ranges } = LANGUAGE_TEST_DEFINITIONS[test];
    const steps = ranges.map((range) => {
      const value = parseInt(state.slice(at, (at += 2)), 36);
      return value <= (range.max - range.min) / range.step ? value : NaN;
    });
    return steps.some(Number.isNaN) ? undefined : { test, steps };
  };
  const first = language();
  const second = language();
  const spouseLanguage = language();
  if (first === undefined || second === undefined || spouseLanguage === undefined || at !== state.length) return null;
  return { step, answers: { ...answers, first, second, spouseLanguage } };
}

function applies(step: Step, answers: Answers): boolean {
  const withSpouse = SPOUSE[answers.spouse] === 'counts';
  switch (step) {
    case 'lang2-scores': return answers.second !== null;
    case 'spouse-edu': case 'spouse-lang': case 'spouse-work': return withSpouse;
    case 'spouse-lang-scores': return withSpouse && answers.spouseLanguage !== null;
    default: return true;
  }
}

function following(step: Step, answers: Answers, direction: 1 | -1): Step | null {
  for (let index = STEPS.indexOf(step) + direction; index >= 0 && index < STEPS.length; index += direction) {
    if (applies(STEPS[index]!, answers)) return STEPS[index]!;
  }
  return null;
}

/** The result a language answer stands for. */
function languageResult({ test, steps }: LanguageAnswer): LanguageResult {
  const { ranges } = LANGUAGE_TEST_DEFINITIONS[test];
  const value = (index: number) => ranges[index]!.min + steps[index]! * ranges[index]!.step;
  return { test, scores: [value(0), value(1), value(2), value(3)] };
}

function profileOf(answers: Answers): CrsProfile | null {
  if (!answers.first) return null;
  const profile: CrsProfile = {
    age: AGES[answers.age]!,
    education: EDUCATION_LEVELS[answers.education]!,
    firstLanguage: languageResult(answers.first),
    secondLanguage: answers.second && languageResult(answers.second),
    canadianWork: answers.canadianWork,
    foreignWork: answers.foreignWork,
    certificate: answers.certificate === 1,
    spouse: SPOUSE[answers.spouse] === 'counts'
      ? { education: EDUCATION_LEVELS[answers.spouseEducation]!, language: answers.spouseLanguage && languageResult(answers.spouseLanguage), canadianWork: answers.spouseWork }
      : null,
    nomination: answers.nomination === 1,
    sibling: answers.sibling === 1,
    canadianEducation: CANADIAN_EDUCATION[answers.canadianEducation]!,
  };
  return checkProfile(profile).length ? null : profile;
}

/** The one-line /crs that gives the same result, so it can be asked again without the questions. */
export function profileLine(profile: CrsProfile): string {
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
  return parts.join(' ');
}

/** The answers a question offers: a label, and the answers once picked. */
function offered(ctx: CommandContext, step: Question, answers: Answers): { label: string; apply: Answers }[] {
  const { t } = ctx;
  const g = t.guided;
  const set = (changes: Partial<Answers>) => ({ ...answers, ...changes });
  const yesNo = (key: Packed) => [{ label: g.yes, apply: set({ [key]: 1 }) }, { label: g.no, apply: set({ [key]: 0 }) }];
  const years = (key: Packed, max: number) => Array.from({ length: max + 1 }, (_, value) => ({ label: g.years(value, value === max), apply: set({ [key]: value }) }));
  const education = (key: Packed) => EDUCATION_LEVELS.map((level, index) => ({ label: g.education[level], apply: set({ [key]: index }) }));
  const unanswered = (test: LanguageTestId): LanguageAnswer => ({ test, steps: [0, 0, 0, 0] });
  switch (step) {
    case 'age':
      return AGES.map((age, index) => ({ label: index === 0 ? g.ageUnder : index === AGES.length - 1 ? g.ageOver : age === 25 ? g.ageRange : String(age), apply: set({ age: index }) }));
    case 'edu': return education('education');
    case 'lang':
      // A new first language in the other official language makes the second one the same: ask it again.
      return LANGUAGE_TESTS.map((test) => ({
        label: g.tests[test],
        apply: set({ first: unanswered(test), second: answers.second && officialLanguageOf(answers.second.test) === officialLanguageOf(test) ? null : answers.second }),
      }));
    case 'lang2': {
      const first = answers.first ? officialLanguageOf(answers.first.test) : 'english';
      const others = LANGUAGE_TESTS.filter((test) => officialLanguageOf(test) !== first);
      return [{ label: g.noTest, apply: set({ second: null }) }, ...others.map((test) => ({ label: g.tests[test], apply: set({ second: unanswered(test) }) }))];
    }
    case 'cdn-work': return years('canadianWork', MAX_CANADIAN_WORK);
    case 'foreign-work': return years('foreignWork', MAX_FOREIGN_WORK);
    case 'certificate': return yesNo('certificate');
    case 'spouse': return SPOUSE.map((kind, index) => ({ label: g.spouse[kind], apply: set({ spouse: index }) }));
    case 'spouse-edu': return education('spouseEducation');
    case 'spouse-lang':
      return [{ label: g.noTest, apply: set({ spouseLanguage: null }) }, ...LANGUAGE_TESTS.map((test) => ({ label: g.tests[test], apply: set({ spouseLanguage: unanswered(test) }) }))];
    case 'spouse-work': return years('spouseWork', MAX_CANADIAN_WORK);
    case 'nomination': return yesNo('nomination');
    case 'sibling': return yesNo('sibling');
    case 'cdn-edu': return CANADIAN_EDUCATION.map((level, index) => ({ label: g.canadianEducation[level], apply: set({ canadianEducation: index }) }));
    case 'lang-scores': case 'lang2-scores': case 'spouse-lang-scores': return [];
  }
}

type ScoreStep = 'lang-scores' | 'lang2-scores' | 'spouse-lang-scores';
const SCORE_KEYS: Record<ScoreStep, 'first' | 'second' | 'spouseLanguage'> = { 'lang-scores': 'first', 'lang2-scores': 'second', 'spouse-lang-scores': 'spouseLanguage' };

function isScoreStep(step: Step): step is ScoreStep {
  return step in SCORE_KEYS;
}

/** "8 7 7 7": the CLB 9 row of the test's chart, a result people aim for. */
function example(test: LanguageTestId): string {
  const chart = LANGUAGE_TEST_DEFINITIONS[test].chart;
  return (chart?.find((row) => row.level === 9)?.scores ?? [9, 9, 9, 9]).join(' ');
}

const action = (ctx: CommandContext, step: Step, answers: Answers) => flowAction(ctx, COMMAND, encodeState(step, answers));

/** The message asking one question, with `problems` from a typed answer refused. */
function question(ctx: CommandContext, step: Question, answers: Answers, problems: string[] = []): Reply | null {
  const { t } = ctx;
  const choice = (label: string, apply: Answers): ReplyChoice => ({ label, action: action(ctx, following(step, apply, 1) ?? 'result', apply) });
  const previous = following(step, answers, -1);
  const controls = [
    ...(previous ? [{ label: t.flow.back, action: action(ctx, previous, answers) }] : []),
    { label: t.flow.cancel, action: flowAction(ctx, COMMAND, CANCEL) },
  ];
  const position = STEPS.filter((candidate, index) => index <= STEPS.indexOf(step) && applies(candidate, answers)).length;
  const total = STEPS.filter((candidate) => candidate !== 'result' && applies(candidate, answers)).length;
  const base = { title: t.guided.title(position, total), footer: `${t.crs.notAdvice} ${footer(ctx)}`, visibility: 'caller' as const };
  if (isScoreStep(step)) {
    const language = answers[SCORE_KEYS[step]];
    if (!language) return null;
    const test = t.guided.tests[language.test];
    return reply({
      ...base,
      lines: [t.guided.questions[step](test), ...problems, t.guided.scoresPrompt(test, example(language.test))],
      error: problems.length > 0 || undefined,
      choices: {
        style: 'buttons',
        options: [],
        controls,
        input: { action: action(ctx, step, answers), button: t.guided.typeButton, prompt: t.guided.scoresPrompt(test, example(language.test)), example: example(language.test) },
      },
    });
  }
  const options = offered(ctx, step, answers).map(({ label, apply }) => choice(label, apply));
  return reply({
    ...base,
    lines: [t.guided.questions[step]],
    choices: { style: options.length > 5 ? 'select' : 'buttons', options, controls, placeholder: t.guided.pick },
  });
}

/** The typed results of a score step: the next question, or the same one saying what was wrong. */
function typedScores(ctx: CommandContext, step: ScoreStep, answers: Answers, typed: string): Reply | null {
  const language = answers[SCORE_KEYS[step]];
  if (!language) return null;
  let words = typed.trim().split(/[\s;]+/).filter(Boolean);
  if (words.length === 1) words = words[0]!.split(',');
  // French writes 7,5 for IELTS 7.5.
  words = words.map((word) => word.replace(/^(\d+),(\d)$/, '$1.$2'));
  const read = readScores(ctx.t.guided.tests[language.test], language.test, words);
  if (!read.ok) return question(ctx, step, answers, problemLines(ctx, read.problems));
  const { ranges } = LANGUAGE_TEST_DEFINITIONS[language.test];
  const answered = { ...answers, [SCORE_KEYS[step]]: { test: language.test, steps: read.result.scores.map((score, index) => (score - ranges[index]!.min) / ranges[index]!.step) } };
  return show(ctx, following(step, answered, 1) ?? 'result', answered);
}

function show(ctx: CommandContext, step: Step, answers: Answers): Reply | null {
  if (step !== 'result') return question(ctx, step, answers);
  const profile = profileOf(answers);
  if (!profile) return null;
  const result = crsResult(ctx, profile);
  return { ...result, visibility: 'caller', notes: [...(result.notes ?? []), ctx.t.guided.oneLine(profileLine(profile))] };
}

/** /crs with nothing after it: the first question, or in a Telegram group (and inline) the offer to go private. */
export function startGuided(ctx: CommandContext): Reply {
  const { t } = ctx;
  // An inline answer lands in a chat the bot is not in: no question can be asked there, only the way to it.
  if (ctx.chat.kind === 'inline') {
    return reply({
      title: t.guided.name,
      lines: [t.guided.inline],
      footer: footer(ctx),
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
    footer: footer(ctx),
    choices: {
      style: 'buttons',
      options: ctx.userId === null ? [] : [{ label: t.guided.hereButton, action: action(ctx, 'age', START) }],
      controls: [],
      privately: { label: t.guided.privateButton, start: COMMAND },
    },
  });
}

export const guidedCrs: Flow = {
  onChoice(ctx, state, typed) {
    if (state === CANCEL) return reply({ title: ctx.t.guided.name, lines: [ctx.t.flow.cancelled], footer: footer(ctx), visibility: 'caller' });
    const decoded = decodeState(state);
    if (!decoded) return null;
    const { step, answers } = decoded;
    if (typed !== undefined && isScoreStep(step)) return typedScores(ctx, step, answers, typed);
    return show(ctx, step, answers);
  },
};
