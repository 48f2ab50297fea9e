import {
  ApplicationIntegrationType,
  InteractionContextType,
  PermissionFlagsBits,
  Routes,
  SlashCommandBuilder,
  type APIApplicationCommandOptionChoice,
  type ApplicationCommandOptionBase,
  type LocalizationMap,
  type REST,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js';
import type { CommandDefinition, OptionMeta } from '../../chat/command.ts';
import type { Core } from '../../core/index.ts';
import type { Logger } from '../../core/log.ts';
import { inLanguage } from '../../core/text.ts';
import { DEFAULT_LOCALE, LOCALE_IDS, LOCALES, messages, type Locale } from '../../i18n/locales.ts';
import { commandName } from '../../chat/names.ts';
import { fit } from './render.ts';

export type CommandData = RESTPostAPIChatInputApplicationCommandsJSONBody;

/** Discord's limits on what a command declares. */
const MAX_NAME = 32;
const MAX_DESCRIPTION = 100;
const MAX_CHOICES = 25;

/**
 * Slash commands from the platform-neutral definitions. Command names, option names, descriptions
 * and category names have localizations for each language's Discord locales (src/i18n/locales.ts):
 * a member whose Discord is in French sees /derniere, as Telegram's French menu and /aide show it.
 * Interactions still carry the default (English) names, which is what the bot reads.
 */
export function commandData(commands: readonly CommandDefinition[], core: Core): CommandData[] {
  const categories = categoryChoices(core);
  return commands.map((command) => {
    const { installs, contexts } = where(command);
    const builder = new SlashCommandBuilder()
      .setName(command.name)
      .setNameLocalizations(localizations((locale) => commandName(command, locale), MAX_NAME))
      .setDescription(fit(command.description[DEFAULT_LOCALE], MAX_DESCRIPTION))
      .setDescriptionLocalizations(localizations((locale) => command.description[locale], MAX_DESCRIPTION))
      // Said explicitly, so that Discord's defaults never read as a change on the next start.
      .setContexts(...contexts)
      .setIntegrationTypes(...installs);
    // Hidden from members who cannot manage channels; server admins can widen it in Integrations.
    if (command.admin) builder.setDefaultMemberPermissions(PermissionFlagsBits.ManageChannels);
    // Discord wants required options before optional ones.
    const options = Object.entries(command.options).sort(([, a], [, b]) => Number(b.meta.required) - Number(a.meta.required));
    const placeholders = (locale: Locale) => messages(locale).help.placeholders;
    for (const [name, { meta }] of options) {
      const localName = (locale: Locale) => placeholders(locale)[name] ?? name;
      if (meta.type === 'integer') {
        builder.addIntegerOption((option) => {
          describe(option, name, localName, meta);
          if (meta.min !== undefined) option.setMinValue(meta.min);
          if (meta.max !== undefined) option.setMaxValue(meta.max);
          return option;
        });
      } else {
        builder.addStringOption((option) => {
          describe(option, name, localName, meta);
          if (meta.choices === 'categories') option.addChoices(...categories);
          if (meta.autocomplete === 'occupations') option.setAutocomplete(true);
          return option;
        });
      }
    }
    return builder.toJSON();
  });
}

/**
 * Where a command can be used. Read-only ones go everywhere a member can take them: installed with
 * a server or by members themselves, in servers, DMs with the bot and group DMs (answers are then
 * the interaction's own reply, which needs no membership). One that writes a chat's settings
 * (/subscribe) is about a channel the bot posts to: installed with a server only.
 */
function where(command: CommandDefinition): { installs: ApplicationIntegrationType[]; contexts: InteractionContextType[] } {
  if (command.chatSettings === 'write') return { installs: [ApplicationIntegrationType.GuildInstall], contexts: [InteractionContextType.Guild, InteractionContextType.BotDM] };
  return {
    installs: [ApplicationIntegrationType.GuildInstall, ApplicationIntegrationType.UserInstall],
    contexts: [InteractionContextType.Guild, InteractionContextType.BotDM, InteractionContextType.PrivateChannel],
  };
}

function describe(option: ApplicationCommandOptionBase, name: string, localName: (locale: Locale) => string, meta: OptionMeta): void {
  option
    .setName(name)
    .setNameLocalizations(localizations(localName, MAX_NAME))
    .setDescription(fit(meta.description[DEFAULT_LOCALE], MAX_DESCRIPTION))
    .setDescriptionLocalizations(localizations((locale) => meta.description[locale], MAX_DESCRIPTION))
    .setRequired(meta.required);
}

/** Each language's text for the Discord locales that show it. */
function localizations(textIn: (locale: Locale) => string, limit: number): LocalizationMap {
  return Object.fromEntries(LOCALE_IDS.flatMap((locale) => LOCALES[locale].discordLocales.map((discordLocale) => [discordLocale, fit(textIn(locale), limit)])));
}

/** The round types members pick from ("other" is what the bot could not place, not a type to ask for). */
function categoryChoices(core: Core): APIApplicationCommandOptionChoice<string>[] {
  return core.categories.categories
    .filter((category) => category.kind !== 'other')
    .slice(0, MAX_CHOICES)
    .map((category) => ({ name: fit(category.name.en, 100), name_localizations: localizations((locale) => inLanguage(category.name, locale), 100), value: category.id }));
}

export interface Registration {
  applicationId: string;
  /** Per server (instant) when set; global otherwise (may take up to an hour to show). */
  guildId?: string;
}

/**
 * Registers the commands unless Discord already has exactly these: a restart changes nothing,
 * and the daily limit on command creation is never spent on unchanged commands.
 */
export async function registerCommands(rest: REST, { applicationId, guildId }: Registration, commands: CommandData[], log: Logger): Promise<'registered' | 'unchanged'> {
  const route = guildId ? Routes.applicationGuildCommands(applicationId, guildId) : Routes.applicationCommands(applicationId);
  const scope = guildId ? { guildId } : { scope: 'global' };
  // Without with_localizations Discord leaves the localizations out, and every start would look like a change.
  const registered = (await rest.get(route, { query: new URLSearchParams({ with_localizations: 'true' }) })) as unknown[];
  if (sameCommands(commands, registered)) {
    log.info({ ...scope, commands: commands.length }, 'discord commands unchanged');
    return 'unchanged';
  }
  await rest.put(route, { body: commands });
  log.info({ ...scope, commands: commands.map((command) => command.name) }, 'discord commands registered');
  return 'registered';
}

/** The fields we declare; Discord adds ids, versions and defaults of its own, which never count as a change. */
const DECLARED = new Set([
  'type', 'name', 'description', 'default_member_permissions', 'contexts', 'integration_types', 'options',
  'required', 'autocomplete', 'choices', 'value', 'min_value', 'max_value', 'min_length', 'max_length', 'channel_types',
]);

export function sameCommands(wanted: readonly unknown[], registered: readonly unknown[]): boolean {
  const byName = (list: readonly unknown[]) => JSON.stringify(list.map(canonical).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))));
  return byName(wanted) === byName(registered);
}

/** Declared fields only, with absent, null, false, [] and {} all meaning "not set", keys sorted. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (typeof value !== 'object' || value === null) return value;
  const entries = Object.entries(value)
    .filter(([key]) => DECLARED.has(key) || key.endsWith('_localizations'))
    .map(([key, inner]) => [key, key.endsWith('_localizations') ? sortKeys(inner) : canonical(inner)] as const)
    .filter(([, inner]) => !isUnset(inner))
    .sort(([a], [b]) => a.localeCompare(b));
  return Object.fromEntries(entries);
}

function sortKeys(value: unknown): unknown {
  return typeof value === 'object' && value !== null ? Object.fromEntries(Object.entries(value).sort(([a], [b]) => a.localeCompare(b))) : value;
}

function isUnset(value: unknown): boolean {
  if (value === undefined || value === null || value === false) return true;
  if (Array.isArray(value)) return value.length === 0;
  return typeof value === 'object' && Object.keys(value).length === 0;
}
