import type { ChatRef, CommandContext, CommandDefinition } from './command.ts';
import type { Core } from '../core/index.ts';
import type { Locale } from '../i18n/locales.ts';
import type { SubscriptionBook } from '../core/subscriptions.ts';
import { dateIn, Formatter } from '../i18n/format.ts';
import { messages } from '../i18n/locales.ts';

/** What every adapter needs to run a command: the core, the bot's clock and time zone. */
export interface Answering {
  core: Core;
  /** The commands offered, in the order /help lists them (the composition root passes commands/). */
  commands: readonly CommandDefinition[];
  timeZone: string;
  now?: () => Date;
  /** Where subscriptions are kept; absent for read-only tools. */
  subscriptions?: SubscriptionBook;
  /** When the periodic digest next runs (DIGEST_CRON); absent where nothing is posted. */
  nextDigest?: () => Date | null;
}

const formatters = new Map<string, Formatter>();

function formatter(locale: Locale, timeZone: string): Formatter {
  const key = `${locale} ${timeZone}`;
  let found = formatters.get(key);
  if (!found) formatters.set(key, (found = new Formatter(locale, timeZone)));
  return found;
}

export function commandContext(answering: Answering, caller: { locale: Locale; chat: ChatRef; canAdminister: boolean; userId?: string | null }): CommandContext {
  const now = answering.now?.() ?? new Date();
  return {
    core: answering.core,
    commands: answering.commands,
    locale: caller.locale,
    t: messages(caller.locale),
    format: formatter(caller.locale, answering.timeZone),
    chat: caller.chat,
    userId: caller.userId ?? null,
    canAdminister: caller.canAdminister,
    // The console posts nothing; an inline answer goes to a chat the bot does not know.
    subscriptions: caller.chat.platform === 'console' || caller.chat.kind === 'inline' ? null : (answering.subscriptions ?? null),
    nextDigest: answering.nextDigest ?? (() => null),
    now,
    today: dateIn(answering.timeZone, now),
  };
}
