import type { Telegram } from 'telegraf';
import type { BotCommand, BotCommandScope } from 'telegraf/types';
import type { CommandDefinition } from '../../chat/command.ts';
import { commandName } from '../../chat/names.ts';
import { LOCALE_IDS, LOCALES } from '../../i18n/locales.ts';
import { call } from './send.ts';

/** Telegram allows 3 to 256 characters for a command's description in the menu. */
const MAX_DESCRIPTION = 256;

export interface MenuPublication {
  scope: BotCommandScope;
  language_code?: string;
  commands: BotCommand[];
}

/**
 * The "/" menu Telegram shows, from the command definitions: English by default, French names and
 * descriptions for users whose Telegram is in French (the English names keep working for them). Admin commands appear only where the caller may use them: in private
 * chats and to group administrators (Telegram picks the narrowest scope that has a list).
 */
export function commandMenus(definitions: readonly CommandDefinition[]): MenuPublication[] {
  const everyone = definitions.filter((command) => !command.admin);
  const scopes: [BotCommandScope, readonly CommandDefinition[]][] = [[{ type: 'default' }, everyone]];
  if (everyone.length < definitions.length) {
    scopes.push([{ type: 'all_private_chats' }, definitions], [{ type: 'all_chat_administrators' }, definitions]);
  }
  return scopes.flatMap(([scope, listed]) =>
    LOCALE_IDS.map((locale) => ({
      scope,
      ...(LOCALES[locale].telegramMenu ? { language_code: LOCALES[locale].telegramMenu } : {}),
      // A command's name in the menu's language (/derniere, /delais in French); every name works in any chat.
      commands: listed.map((command) => ({ command: commandName(command, locale), description: command.description[locale].slice(0, MAX_DESCRIPTION) })),
    })),
  );
}

export async function publishCommandMenus(telegram: Telegram, definitions: readonly CommandDefinition[]): Promise<void> {
  for (const menu of commandMenus(definitions)) await call(telegram, 'setMyCommands', menu);
}
