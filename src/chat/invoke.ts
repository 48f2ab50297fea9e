import { z } from 'zod';
import { usage } from './names.ts';
import { adminRefusal, errorReply } from './phrases.ts';
import type { CommandContext, CommandDefinition } from './command.ts';
import type { Logger } from '../core/log.ts';
import { NotSavedError } from '../core/not-saved.ts';
import type { Locale } from '../i18n/locales.ts';
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

export async function invoke(command: CommandDefinition, args: RawArgs, ctx: CommandContext, log: Logger, logContext: object = {}): Promise<Reply> {
  if (command.admin && !ctx.canAdminister) return adminRefusal(ctx, command);
  const parsed = schemaFor(command, ctx).safeParse(args);
  if (!parsed.success) {
    const problems = [...new Set(parsed.error.issues.map((issue) => issue.message))];
    return errorReply(ctx, [...problems, ctx.t.errors.usage(usage(command, ctx))]);
  }
  try {
    return await command.run(ctx, parsed.data as never);
  } catch (error) {
    log.error({ ...logContext, command: command.name, args, err: error }, 'command failed');
    // A change the store refused (a full disk) is no fault of the question: it can simply be asked again.
    if (error instanceof NotSavedError) return errorReply(ctx, [ctx.t.errors.notSaved], ctx.t.errors.notSavedTitle);
    return errorReply(ctx, [ctx.t.errors.failedLine], ctx.t.errors.failed);
  }
}

