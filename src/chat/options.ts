import { z } from 'zod';
import type { Localized } from '../i18n/locales.ts';
import type { Core } from '../core/index.ts';
import { parsePeriod, PERIOD_WORD, type Period } from '../core/period.ts';
import { matchProgram, type ProgramMatch } from '../core/processing-times/programs.ts';
import { CRS_MAX, CRS_MIN } from '../core/score.ts';
import type { OptionSpec } from './command.ts';

/**
 * The option builders commands declare their options with: each gives the platforms its metadata
 * and a zod schema built against the core and the caller's language (errors say what is accepted).
 */

/** Longer text is no occupation or category, and would cost fuzzy search time. */
const MAX_TEXT = 100;
const PERIODIC_WORDS = new Set(['weekly', 'periodic', 'digest', 'hebdo', 'hebdomadaire', 'résumé', 'resume']);
/** Words meaning "every round type" where a type is optional ("/latest all", "/history tout"). */
const EVERY_TYPE = new Set(['all', 'any', 'every', 'everything', 'tout', 'toutes', 'tous', 'toute']);
/** Issue 20: the posts of IRCC's new processing times ("processing times" is read as one word). */
const PROCESSING_TIMES_WORDS = new Set(['ptime', 'ptimes', 'processing-times', 'processing', 'delais', 'délais', 'delai', 'délai']);

/**
 * Round types named in free text: separated by commas, "+", "&" or spaces, a name of several words
 * taken whole ("canadian experience class") — the longest run of words that names a type wins.
 * `extraWords` are other words the option accepts ("weekly"); anything else is unknown.
 */
function readRoundTypes(core: Core, value: string, extraWords: ReadonlySet<string> = new Set()): { ids: string[]; extra: string[]; unknown: string[] } {
  const ids: string[] = [];
  const extra: string[] = [];
  const unknown: string[] = [];
  const words = value.split(/[\s,+&]+/).filter(Boolean);
  for (let start = 0; start < words.length; ) {
    if (extraWords.has(words[start]!.toLowerCase())) {
      extra.push(words[start++]!);
      continue;
    }
    let taken = 0;
    for (let length = Math.min(4, words.length - start); length > 0 && !taken; length--) {
      const match = core.categoryInput.match(words.slice(start, start + length).join(' '));
      if (match.kind === 'found') {
        ids.push(match.id);
        taken = length;
      }
    }
    if (!taken) unknown.push(words[start]!);
    start += taken || 1;
  }
  return { ids: [...new Set(ids)], extra, unknown };
}

/**
 * A whole number written in plain decimal digits ("480", "-3"), or given as a number by the
 * platform (Discord's integer options). JavaScript's own reading would take "0x1F4", "1e3" or
 * " 5 " as numbers; a member never means those.
 */
function wholeNumber(message: string, min: number, max: number): z.ZodType<number> {
  return z.preprocess((value) => (typeof value === 'string' && /^-?\d{1,15}$/.test(value.trim()) ? Number(value.trim()) : value), z.number({ error: message }).int(message).min(min, message).max(max, message));
}

/** A month as members write it: 2026-03, 2026/03 (IRCC's own form), 03/2026. */
const MONTH_WORD = /^(?:\d{4}[-/.]\d{1,2}|\d{1,2}[-/.]\d{4})$/;

/** "2026-03", "2026/3", "03/2026" → "2026-03"; null for what is not a month. */
function readMonth(text: string): string | null {
  const yearFirst = /^(\d{4})[-/.](\d{1,2})$/.exec(text);
  const monthFirst = /^(\d{1,2})[-/.](\d{4})$/.exec(text);
  const [year, month] = yearFirst ? [yearFirst[1]!, yearFirst[2]!] : monthFirst ? [monthFirst[2]!, monthFirst[1]!] : [null, null];
  if (!year || !month) return null;
  const number = Number(month);
  return number >= 1 && number <= 12 && Number(year) >= 2000 ? `${year}-${String(number).padStart(2, '0')}` : null;
}

/** Option builders: what commands declare. */
export const option = {
  /**
   * A round type or category, as members type it ("stem", "santé", "helth"). Where it is optional,
   * "all" or "any" asks for every type, as leaving it out does.
   */
  category({ required = false, description }: { required?: boolean; description: Localized }): OptionSpec<string | undefined> {
    return {
      meta: { type: 'string', description, required, choices: 'categories' },
      schema: ({ core, t }) => {
        const base = z.string({ error: t.errors.categoryMissing }).trim().max(MAX_TEXT, t.errors.tooLong(MAX_TEXT)).transform((value, ctx) => {
          if (!required && EVERY_TYPE.has(value.toLowerCase())) return undefined;
          const match = core.categoryInput.match(value);
          if (match.kind === 'found') return match.id;
          ctx.addIssue({ code: 'custom', message: t.errors.unknownCategory(value, match.suggestions, core.categories.categories.map((category) => category.id)) });
          return z.NEVER;
        });
        return required ? base : base.optional();
      },
    };
  },

  /** A NOC 2021 code or a job title, free text (the rest of the line in text chats). */
  occupation({ description }: { description: Localized }): OptionSpec<string> {
    return {
      meta: { type: 'string', description, required: true, autocomplete: 'occupations' },
      schema: ({ t }) => z.string({ error: t.errors.occupationMissing }).trim().min(1, t.errors.occupationMissing).max(MAX_TEXT, t.errors.tooLong(MAX_TEXT)),
    };
  },

  /** Free text, the rest of the line in text chats (a one-line CRS profile, a test and its results); the command reads it. */
  text({ required = false, max, description }: { required?: boolean; max: number; description: Localized }): OptionSpec<string | undefined> {
    return {
      meta: { type: 'string', description, required },
      schema: ({ t }) => {
        const base = z.string().trim().max(max, t.errors.textTooLong(max));
        return required ? base.min(1) : base.optional();
      },
    };
  },

  /** Round types and the words "weekly" and "ptime", as a list: "stem french weekly", "canadian experience class, pnp", "ptime". */
  roundTypes({ description }: { description: Localized }): OptionSpec<{ categories: string[]; periodic: boolean; processingTimes: boolean } | undefined> {
    return {
      meta: { type: 'string', description, required: false },
      schema: ({ core, t }) =>
        z.string().trim().max(MAX_TEXT, t.errors.tooLong(MAX_TEXT)).transform((value, ctx) => {
          const { ids, extra, unknown } = readRoundTypes(core, value.replace(/\bprocessing\s+times?\b/gi, 'processing-times'), new Set([...PERIODIC_WORDS, ...PROCESSING_TIMES_WORDS]));
          if (unknown.length) {
            ctx.addIssue({ code: 'custom', message: t.subscriptions.unknownWords(unknown.join(', '), core.categories.categories.filter((category) => category.kind !== 'other').map((category) => category.id).join(', ')) });
            return z.NEVER;
          }
          const words = extra.map((word) => word.toLowerCase());
          return { categories: ids, periodic: words.some((word) => PERIODIC_WORDS.has(word)), processingTimes: words.some((word) => PROCESSING_TIMES_WORDS.has(word)) };
        }).optional(),
    };
  },

  /** One round type or several ("cec, french", "cec+pnp", "cec french"); absent means every type. */
  categories({ description }: { description: Localized }): OptionSpec<string[] | undefined> {
    return {
      meta: { type: 'string', description, required: false, choices: 'categories' },
      schema: ({ core, t }) =>
        z.string({ error: t.errors.categoryMissing }).trim().max(MAX_TEXT, t.errors.tooLong(MAX_TEXT)).transform((value, ctx) => {
          const { ids, unknown } = readRoundTypes(core, value);
          for (const word of unknown) {
            const match = core.categoryInput.match(word);
            ctx.addIssue({ code: 'custom', message: t.errors.unknownCategory(word, match.kind === 'unknown' ? match.suggestions : [], core.categories.categories.map((category) => category.id)) });
          }
          return ids;
        }).optional(),
    };
  },

  /** A stretch of time: 6m, 12m, 2y, a year (2024) or all. */
  period({ description }: { description: Localized }): OptionSpec<Period | undefined> {
    return {
      meta: { type: 'string', description, required: false },
      word: PERIOD_WORD,
      schema: ({ t }) =>
        z.string().trim().max(MAX_TEXT, t.errors.tooLong(MAX_TEXT)).transform((value, ctx) => {
          const period = parsePeriod(value);
          if (period) return period;
          ctx.addIssue({ code: 'custom', message: t.trend.badPeriod(value) });
          return z.NEVER;
        }).optional(),
    };
  },

  /** A program in IRCC's processing times, or a group of them ("cec", "experience class", "ee", "spousal"). */
  program({ description }: { description: Localized }): OptionSpec<Exclude<ProgramMatch, { kind: 'unknown' }> | undefined> {
    return {
      meta: { type: 'string', description, required: false },
      schema: ({ t }) =>
        z.string().trim().max(MAX_TEXT, t.errors.tooLong(MAX_TEXT)).transform((value, ctx) => {
          const match = matchProgram(value);
          if (match.kind !== 'unknown') return match;
          ctx.addIssue({ code: 'custom', message: t.ptime.unknownProgram(value, match.suggestions, t.ptime.accepted) });
          return z.NEVER;
        }).optional(),
    };
  },

  /**
   * A month (YYYY-MM), written as members write it; in text chats, a last word like 2026-03. Whether
   * it has come is the command's to say: schemas are built once, and "today" moves on.
   */
  month({ description }: { description: Localized }): OptionSpec<string | undefined> {
    return {
      meta: { type: 'string', description, required: false },
      word: MONTH_WORD,
      schema: ({ t }) =>
        z.string().trim().max(MAX_TEXT, t.errors.tooLong(MAX_TEXT)).transform((value, ctx) => {
          const month = readMonth(value);
          if (month) return month;
          ctx.addIssue({ code: 'custom', message: t.ptime.badMonth(value) });
          return z.NEVER;
        }).optional(),
    };
  },

  /** A CRS score, 0 to 1,200. */
  score({ description }: { description: Localized }): OptionSpec<number> {
    return {
      meta: { type: 'integer', description, required: true, min: CRS_MIN, max: CRS_MAX },
      schema: ({ t }) => wholeNumber(t.score.badScore, CRS_MIN, CRS_MAX),
    };
  },

  integer({ required = false, min, max, description }: { required?: boolean; min: number; max: number; description: Localized }): OptionSpec<number | undefined> {
    return {
      meta: { type: 'integer', description, required, min, max },
      schema: ({ t }) => {
        const base = wholeNumber(t.errors.notWholeNumber(min, max), min, max);
        return required ? base : base.optional();
      },
    };
  },
};
