import { findCommand } from '../../chat/command.ts';
import { errorReply, unknownCommandReply } from '../../chat/phrases.ts';
import { commandContext, type Answering } from '../../chat/context.ts';
import type { Logger } from '../../core/log.ts';
import type { Locale } from '../../i18n/locales.ts';
import { invoke } from '../../chat/invoke.ts';
import { parseTextArgs, readTypedLine } from '../../chat/parse.ts';
import type { Reply } from '../../chat/reply.ts';

export const CONSOLE_CHAT = { platform: 'console', id: 'console', kind: 'private' } as const;
/** The console's one person, as flows name their owner. */
export const CONSOLE_USER = '0';

/** One line typed at the console (or given to `cli ask`) → the Reply a chat would show. */
export async function askConsole(line: string, answering: Answering, locale: Locale, log: Logger): Promise<Reply> {
  const ctx = commandContext(answering, { locale, chat: CONSOLE_CHAT, canAdminister: true, userId: CONSOLE_USER });
  const parsed = readTypedLine(line, answering.commands);
  if (!parsed) return errorReply(ctx, [ctx.t.console.notACommand]);
  const command = findCommand(answering.commands, parsed.name);
  if (!command) return unknownCommandReply(ctx, parsed.name, parsed.argText);
  return invoke(command, parseTextArgs(command, parsed.argText), ctx, log, { platform: 'console' });
}
