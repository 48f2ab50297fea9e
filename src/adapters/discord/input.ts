import { setTimeout as sleep } from 'node:timers/promises';
import {
  AttachmentBuilder,
  MessageFlags,
  PermissionFlagsBits,
  type AutocompleteInteraction,
  type ChatInputCommandInteraction,
  type Interaction,
} from 'discord.js';
import { unknownCommandReply } from '../../chat/phrases.ts';
import { findCommand, type ChatRef, type CommandDefinition } from '../../chat/command.ts';
import { commandContext, type Answering } from '../../chat/context.ts';
import type { Logger } from '../../core/log.ts';
import { inLanguage } from '../../core/text.ts';
import type { Locale } from '../../i18n/locales.ts';
import { localeFrom, messages } from '../../i18n/locales.ts';
import { invoke, type RawArgs } from '../../chat/invoke.ts';
import { componentsOf, pressComponent, submitModal } from './components.ts';
import { fit, replyMessage, type DiscordMessage } from './render.ts';
import type { Reply } from '../../chat/reply.ts';

export interface InteractionDeps {
  answering: Answering;
  commands: readonly CommandDefinition[];
  log: Logger;
  /** Discord drops an interaction not acknowledged within 3 s: answers not ready by then are deferred. */
  deferAfterMs: number;
}

const MAX_SUGGESTIONS = 25;

/** The one boundary for everything a member does: nothing here may throw into discord.js. */
export function interactionHandler(deps: InteractionDeps): (interaction: Interaction) => Promise<void> {
  return async (interaction) => {
    try {
      if (interaction.isAutocomplete()) await suggest(interaction, deps);
      else if (interaction.isChatInputCommand()) await answer(interaction, deps);
      else if (interaction.isButton() || interaction.isStringSelectMenu()) await pressComponent(interaction, deps);
      else if (interaction.isModalSubmit()) await submitModal(interaction, deps);
    } catch (error) {
      deps.log.error({ err: error, interactionId: interaction.id }, 'discord interaction failed');
      // Failed before any answer, reading what discord.js built from a packet: the member still hears back.
      if (interaction.isRepliable() && !interaction.replied && !interaction.deferred) {
        await interaction.reply({ content: messages(localeOf(interaction)).errors.unreadableRequest, flags: MessageFlags.Ephemeral }).catch(() => {});
      }
    }
  };
}

async function answer(interaction: ChatInputCommandInteraction, { answering, commands, log, deferAfterMs }: InteractionDeps): Promise<void> {
  const ctx = commandContext(answering, { locale: localeOf(interaction), chat: chatOf(interaction), canAdminister: canAdminister(interaction), userId: interaction.user.id });
  const command = findCommand(commands, interaction.commandName);
  // A command Discord still shows but this version no longer has (registration not yet propagated).
  const asked = command ? invoke(command, argsOf(interaction), ctx, log, { interactionId: interaction.id }) : Promise.resolve(unknownCommandReply(ctx, interaction.commandName, ''));
  // Where the app may not attach files (a server where only the member installed it), a chart answer is its text.
  const pictures = interaction.appPermissions.has(PermissionFlagsBits.AttachFiles);
  const pending = asked.then((reply) => (pictures || !reply.image ? reply : { ...reply, image: undefined }));

  const timer = new AbortController();
  const quick = await Promise.race([pending, sleep(deferAfterMs, null, { signal: timer.signal }).catch(() => null)]);
  timer.abort();
  if (quick) {
    const message = replyMessage(quick);
    await interaction.reply({ ...content(message, quick), ...(message.ephemeral ? { flags: MessageFlags.Ephemeral as const } : {}) });
    return;
  }
  await interaction.deferReply();
  const late = await pending;
  const message = replyMessage(late);
  if (!message.ephemeral) {
    await interaction.editReply(content(message, late));
    return;
  }
  // The deferred placeholder is public: a caller-only answer replaces it with an ephemeral follow-up.
  await interaction.deleteReply();
  await interaction.followUp({ ...content(message, late), flags: MessageFlags.Ephemeral });
}

/** A message's embed, picture and (a flow's) components. */
function content({ embed, image }: DiscordMessage, reply: Reply) {
  return { embeds: [embed], files: image ? [new AttachmentBuilder(image.data, { name: image.name, description: image.description })] : [], components: componentsOf(reply.choices) };
}

/** Occupation suggestions while the member types: codes and titles in their language. */
async function suggest(interaction: AutocompleteInteraction, { answering, commands }: InteractionDeps): Promise<void> {
  const focused = interaction.options.getFocused(true);
  const spec = findCommand(commands, interaction.commandName)?.options[focused.name];
  if (spec?.meta.autocomplete !== 'occupations') {
    await interaction.respond([]);
    return;
  }
  const locale = localeOf(interaction);
  const { matches } = answering.core.occupations.find(String(focused.value), MAX_SUGGESTIONS);
  await interaction.respond(matches.map((unit) => ({ name: fit(`${unit.code} — ${inLanguage(unit, locale)}`, 100), value: unit.code })));
}

function argsOf(interaction: ChatInputCommandInteraction): RawArgs {
  const args: RawArgs = {};
  for (const option of interaction.options.data) {
    if (typeof option.value === 'string' || typeof option.value === 'number') args[option.name] = option.value;
  }
  return args;
}

function localeOf(interaction: Interaction): Locale {
  return localeFrom(interaction.locale);
}

function chatOf(interaction: Interaction): ChatRef {
  return { platform: 'discord', id: interaction.channelId ?? interaction.user.id, kind: interaction.inGuild() ? 'group' : 'private' };
}

/** Who may change a channel's settings: members who manage channels or the server; anyone in their own DMs. */
export function canAdminister(interaction: Interaction): boolean {
  if (!interaction.inGuild()) return true;
  return Boolean(interaction.memberPermissions?.any([PermissionFlagsBits.ManageChannels, PermissionFlagsBits.ManageGuild]));
}
