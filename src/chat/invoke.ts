import { z } from 'zod';
import { errorReply } from './phrases.ts';
import type { CommandContext, CommandDefinition, OptionSpec } from './command.ts';
import type { Logger } from '../core/log.ts';
import type { Locale } from '../core/search.ts';
import type { Reply } from './reply.ts';

/**
 * Runs a command for any adapter: validates the arguments against the command's schema (a bad
 * argument becomes a Reply saying what is accepted), runs it, and is the one error boundary (a
 * failing command becomes "something went wrong", logged — never a stack trace in a chat).
 */

export type RawArgs = Record<string, string | number | undefined>;

const schemas = new WeakMap<CommandDefinition, Map<Locale, z.ZodType<Record<string, unknown>>>>();

function schemaFor(command: CommandDefinition, ctx: CommandContext): z.ZodType<Record<string, unknown>> {
  let byLocale = schemas.get(command);
  if (!byLocale) schemas.set(command, (byLocale = new Map()));
  let schema = byLocale.get(ctx.locale);
  if (!schema) {
    const env = { core: ctx.core, t: ctx.t, today: ctx.today };
    schema = z.object(Object.fromEntries(Object.entries(command.options).map(([name, spec]) => [name, spec.schema(env)])));
    byLocale.set(ctx.locale, schema);
  }
  return schema;
}

/** "/history <category> [count]" */
export function usage(command: CommandDefinition): string {
  const options = Object.entries(command.options).map(([name, spec]) => (spec.meta.required ? `<${name}>` : `[${name}]`));
  return [`/${command.name}`, ...options].join(' ');
}

export async function invoke(command: CommandDefinition, args: RawArgs, ctx: CommandContext, log: Logger, logContext: object = {}): Promise<Reply> {
  if (command.admin && !ctx.canAdminister) return errorReply(ctx, [ctx.t.errors.adminOnly]);
  const parsed = schemaFor(command, ctx).safeParse(args);
  if (!parsed.success) {
    const problems = [...new Set(parsed.error.issues.map((issue) => issue.message))];
    return errorReply(ctx, [...problems, ctx.t.errors.usage(usage(command))]);
  }
  try {
    return await command.run(ctx, parsed.data as never);
  } catch (error) {
    log.error({ ...logContext, command: command.name, args, err: error }, 'command failed');
    return errorReply(ctx, [ctx.t.errors.failedLine], ctx.t.errors.failed);
  }
}

export interface CommandLine {
  name: string;
  /** The bot named after "@" ("/latest@ExpressEntryBot"), lower-cased. */
  addressee: string | null;
  argText: string;
}

/** "/cmd args" and "/cmd@BotName args"; null for text that is not a command. */
export function parseCommandLine(text: string): CommandLine | null {
  const match = /^\/([a-z0-9_]+)(?:@([a-z0-9_]+))?(?:\s+([\s\S]*))?$/i.exec(text.trim());
  if (!match) return null;
  return { name: match[1]!.toLowerCase(), addressee: match[2]?.toLowerCase() ?? null, argText: (match[3] ?? '').trim() };
}

/**
 * Text chats give arguments as words: trailing whole numbers fill the trailing integer options
 * ("/history stem 5"), and the last text option takes the rest of the line ("/eligible software
 * engineer", "/latest canadian experience class"). An integer option declared before the text
 * options takes a leading whole number ("/score 480 stem"), or a trailing one ("/score stem 480"),
 * or, when required and neither is there, the first word (its schema then says what it expects).
 * A text option with a `word` pattern takes a last word that matches it ("/trend cec 2y").
 */
export function parseTextArgs(command: CommandDefinition, argText: string): RawArgs {
  const words = argText.split(/\s+/).filter(Boolean);
  const options = Object.entries(command.options) as [string, OptionSpec<unknown>][];
  const firstText = options.findIndex(([, spec]) => spec.meta.type === 'string');
  const leading = options.filter(([, spec], index) => spec.meta.type === 'integer' && firstText !== -1 && index < firstText);
  const integers = options.filter(([, spec]) => spec.meta.type === 'integer').map(([name]) => name);
  const worded = options.filter(([, spec]) => spec.meta.type === 'string' && spec.word);
  const texts = options.filter(([, spec]) => spec.meta.type === 'string' && !spec.word);
  const requiredTexts = texts.filter(([, spec]) => spec.meta.required).length;
  const whole = (word: string | undefined) => word !== undefined && /^-?\d+$/.test(word);
  const args: RawArgs = {};
  for (const [name, spec] of leading) {
    if (whole(words[0])) args[name] = words.shift();
    else if (words.length > 1 && whole(words.at(-1))) args[name] = words.pop();
    else if (spec.meta.required && words.length) args[name] = words.shift();
  }
  for (const [name, spec] of [...worded].reverse()) {
    if (words.length > requiredTexts && spec.word!.test(words.at(-1)!)) args[name] = words.pop();
  }
  for (const name of [...integers].reverse()) {
    if (args[name] === undefined && words.length > requiredTexts && whole(words.at(-1))) args[name] = words.pop();
  }
  texts.forEach(([name], index) => {
    if (words.length) args[name] = index === texts.length - 1 ? words.splice(0).join(' ') : words.shift();
  });
  // Words no text option took go to the first empty integer option, whose schema then says what it expects.
  const firstEmpty = integers.find((name) => args[name] === undefined);
  if (words.length && firstEmpty) args[firstEmpty] = words.join(' ');
  return args;
}
