import type { z } from 'zod';
import type { Core } from '../core/index.ts';
import { foldText } from '../core/text.ts';
import type { Locale, Localized, Messages, OtherLocale } from '../i18n/locales.ts';
import type { SubscriptionBook } from '../core/subscriptions.ts';
import type { Formatter } from '../i18n/format.ts';
import type { Reply } from './reply.ts';

/**
 * The shape of a chat command (DESIGN.md, "Commands and the Reply model"): written once, run on
 * every platform. Options carry a zod schema (built against the core and the caller's language,
 * so errors say what is accepted) and the metadata platforms need to register them.
 */


export interface ChatRef {
  platform: 'console' | 'telegram' | 'discord';
  id: string;
  /**
   * 'inline': the answer is picked from the bot's results and sent by the member into a chat the
   * bot need not be in and does not know (Telegram's inline mode); `id` then names no chat.
   */
  kind: 'private' | 'group' | 'channel' | 'inline';
}

export interface CommandContext {
  core: Core;
  /** The commands this bot offers, as /help lists them. */
  commands: readonly CommandDefinition[];
  locale: Locale;
  t: Messages;
  format: Formatter;
  chat: ChatRef;
  /** Who asked, as the platform numbers its users (a flow's buttons answer only them); null where unknown. */
  userId: string | null;
  /** Whether the caller may change this chat's settings (subscriptions). */
  canAdminister: boolean;
  /** This bot's subscriptions; null where nothing can be posted (console, read-only tools). */
  subscriptions: SubscriptionBook | null;
  /** When the next periodic summary is posted; null where unknown. */
  nextDigest: () => Date | null;
  now: Date;
  /** The calendar date in the bot's time zone (YYYY-MM-DD). */
  today: string;
}

export interface OptionMeta {
  type: 'string' | 'integer';
  description: Localized;
  required: boolean;
  /** Fixed choices a platform can offer (Discord choices). */
  choices?: 'categories';
  /** Suggestions a platform can offer while typing (Discord autocomplete). */
  autocomplete?: 'occupations';
  min?: number;
  max?: number;
}

export interface SchemaEnv {
  core: Core;
  t: Messages;
  today: string;
}

export interface OptionSpec<T> {
  meta: OptionMeta;
  schema: (env: SchemaEnv) => z.ZodType<T>;
  /** In text chats, a last word matching this fills the option ("/trend stem 2y"). */
  word?: RegExp;
}

type Args<O> = { [K in keyof O]: O[K] extends OptionSpec<infer T> ? T : never };

export interface CommandDefinition<O extends Record<string, OptionSpec<unknown>> = Record<string, OptionSpec<unknown>>> {
  /** The name every platform registers (English; Discord's default). */
  name: string;
  /**
   * Its name in each other language, as Telegram's menu for that language and Discord's
   * localization show it: [a-z0-9_] only (Telegram's rule), so "derniere" for "dernière" (typed
   * with the accent, it is found all the same).
   */
  localNames: Record<OtherLocale, string>;
  /** Other words members use for it, in any language ("draws", "last", "tirage"). */
  aliases?: readonly string[];
  description: Localized;
  options: O;
  /** Changes chat settings: only chat administrators may run it. */
  admin?: boolean;
  /**
   * What it does with the settings of the chat it is asked in (its subscriptions): reads them, or
   * writes them. Neither can run where the chat is unknown (an inline answer); one that writes is
   * offered only where the bot is a member of the chat (on Discord, installed with a server).
   */
  chatSettings?: 'read' | 'write';
  /**
   * Answers worth offering before a member has typed anything (Telegram's empty inline query):
   * each entry the arguments as a member would type them after the command's name ("" for none).
   */
  starters?(ctx: CommandContext): string[];
  run(ctx: CommandContext, args: Args<O>): Reply | Promise<Reply>;
  /** The next steps of a command that asks in steps: what a press of its Reply's choices runs. */
  flow?: Flow;
}

/** What a press of a flow's choices runs (src/chat/flow.ts says how actions are written and checked). */
export interface Flow {
  /**
   * A press of one of the flow's choices, or (with `typed`) the text typed in answer to its input:
   * the Reply that replaces the message. null when the state is none this flow writes (a button
   * from an older version): the presser is told it has expired.
   */
  onChoice(ctx: CommandContext, state: string, typed?: string): Reply | null | Promise<Reply | null>;
}

/** Every name a command answers to, folded: its own, its names in other languages, its aliases. */
export function namesOf(command: CommandDefinition): string[] {
  return [...new Set([command.name, ...Object.values<string>(command.localNames), ...(command.aliases ?? [])].map(foldText))];
}

/**
 * The command a member named, among those this bot offers: "/Latest", "/aide", "/dernière",
 * "/draws". A command's own name wins over another's alias.
 */
export function findCommand(commands: readonly CommandDefinition[], name: string): CommandDefinition | undefined {
  const wanted = foldText(name);
  return commands.find((command) => command.name === wanted) ?? commands.find((command) => namesOf(command).includes(wanted));
}

export function defineCommand<O extends Record<string, OptionSpec<unknown>>>(definition: CommandDefinition<O>): CommandDefinition<O> {
  return definition;
}

