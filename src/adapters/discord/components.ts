import {
  ActionRowBuilder,
  ButtonBuilder,
  ButtonStyle,
  LabelBuilder,
  MessageFlags,
  ModalBuilder,
  StringSelectMenuBuilder,
  TextInputBuilder,
  TextInputStyle,
  type ButtonInteraction,
  type ModalSubmitInteraction,
  type RepliableInteraction,
  type StringSelectMenuInteraction,
} from 'discord.js';
import { commandContext, type Answering } from '../../chat/context.ts';
import { runChoice, TYPED_MARK } from '../../chat/flow.ts';
import type { Reply, ReplyChoices } from '../../chat/reply.ts';
import type { Logger } from '../../core/log.ts';
import { localeFrom, messages } from '../../i18n/locales.ts';
import { fit, replyMessage } from './render.ts';

/**
 * Flows on Discord (src/chat/flow.ts): choices as message components on the ephemeral answer —
 * buttons, or a string select for many answers — whose custom_id (or the select's value) is the
 * action; a press updates the same message (interaction.update). A typed answer (a test score)
 * is a modal opened by a button; its submission updates the message too. Nothing is stored.
 */

/** Discord's limits: a button's label, a select option's label, a modal's title, a label's description. */
const LIMITS = { button: 80, option: 100, modalTitle: 45, label: 45, description: 100, placeholder: 100, perRow: 5, options: 25 } as const;
/** The select list's own id: the chosen value carries the action. */
const SELECT_ID = 'flow-select';
/** The modal's one text field. */
const ANSWER_ID = 'answer';

type Row = ActionRowBuilder<ButtonBuilder> | ActionRowBuilder<StringSelectMenuBuilder>;

/** A flow Reply's choices as component rows: answers (buttons or one select), then the typed-answer button and the controls. */
export function componentsOf(choices: ReplyChoices | undefined): Row[] {
  if (!choices) return [];
  const button = (label: string, id: string, style = ButtonStyle.Secondary) => new ButtonBuilder().setCustomId(id).setLabel(fit(label, LIMITS.button)).setStyle(style);
  const rows: Row[] = [];
  if (choices.options.length && (choices.style === 'select' || choices.options.length > LIMITS.perRow)) {
    const select = new StringSelectMenuBuilder()
      .setCustomId(SELECT_ID)
      .setPlaceholder(fit(choices.placeholder ?? '…', LIMITS.placeholder))
      .addOptions(choices.options.slice(0, LIMITS.options).map((option) => ({ label: fit(option.label, LIMITS.option), value: option.action })));
    rows.push(new ActionRowBuilder<StringSelectMenuBuilder>().addComponents(select));
  } else if (choices.options.length) {
    rows.push(new ActionRowBuilder<ButtonBuilder>().addComponents(choices.options.map((option) => button(option.label, option.action, ButtonStyle.Primary))));
  }
  const last = [
    ...(choices.input ? [button(choices.input.button, `${TYPED_MARK}${choices.input.action}`, ButtonStyle.Primary)] : []),
    ...choices.controls.map((control) => button(control.label, control.action)),
  ];
  if (last.length) rows.push(new ActionRowBuilder<ButtonBuilder>().addComponents(last.slice(0, LIMITS.perRow)));
  return rows;
}

/** The modal asking for a typed answer: its custom_id is the action the text answers. */
export function modalOf(reply: Reply): ModalBuilder | null {
  const input = reply.choices?.input;
  if (!input) return null;
  return new ModalBuilder()
    .setCustomId(input.action)
    .setTitle(fit(reply.title, LIMITS.modalTitle))
    .addLabelComponents(
      new LabelBuilder()
        .setLabel(fit(input.button.replace(/^\W+\s*/u, ''), LIMITS.label))
        .setDescription(fit(input.prompt, LIMITS.description))
        .setTextInputComponent(new TextInputBuilder().setCustomId(ANSWER_ID).setStyle(TextInputStyle.Short).setPlaceholder(fit(input.example, LIMITS.placeholder)).setRequired(true)),
    );
}

/** A Reply as a message's content, components included (what interaction.update and reply take). */
export function flowContent(reply: Reply) {
  const { embed } = replyMessage(reply);
  return { embeds: [embed], components: componentsOf(reply.choices) };
}

export interface FlowDeps {
  answering: Answering;
  log: Logger;
}

function contextOf(interaction: ButtonInteraction | StringSelectMenuInteraction | ModalSubmitInteraction, answering: Answering) {
  const chat = { platform: 'discord' as const, id: interaction.channelId ?? interaction.user.id, kind: interaction.inGuild() ? ('group' as const) : ('private' as const) };
  return commandContext(answering, { locale: localeFrom(interaction.locale), chat, canAdminister: false, userId: interaction.user.id });
}

/** A button or a select pressed: the message updated, a modal opened, or a short ephemeral answer. */
export async function pressComponent(interaction: ButtonInteraction | StringSelectMenuInteraction, { answering, log }: FlowDeps): Promise<void> {
  const data: unknown = interaction.isStringSelectMenu() ? interaction.values?.[0] : interaction.customId;
  // Only a forged packet (or a Discord change) lacks these: say so rather than let it fail unanswered.
  if (typeof data !== 'string' || !data) return unreadable(interaction, log, 'a component press with no custom_id or value');
  const outcome = await runChoice(contextOf(interaction, answering), data, { log, logContext: { platform: 'discord', interactionId: interaction.id } });
  if (outcome.kind === 'refused') {
    await interaction.reply({ content: outcome.text, flags: MessageFlags.Ephemeral });
    return;
  }
  const modal = outcome.kind === 'input' ? modalOf(outcome.reply) : null;
  if (modal) await interaction.showModal(modal);
  else await interaction.update(flowContent(outcome.reply));
}

/** A modal submitted: the typed answer runs the modal's action, and the message it came from is updated. */
export async function submitModal(interaction: ModalSubmitInteraction, { answering, log }: FlowDeps): Promise<void> {
  const ctx = contextOf(interaction, answering);
  if (!interaction.isFromMessage()) {
    await interaction.reply({ content: ctx.t.flow.stale, flags: MessageFlags.Ephemeral });
    return;
  }
  const field = interaction.fields.fields.get(ANSWER_ID);
  const typed: unknown = field && 'value' in field ? field.value : undefined;
  const action: unknown = interaction.customId;
  if (typeof typed !== 'string' || typeof action !== 'string' || !action) return unreadable(interaction, log, 'a modal without its custom_id or its answer field');
  const outcome = await runChoice(ctx, action, { typed, log, logContext: { platform: 'discord', interactionId: interaction.id } });
  if (outcome.kind === 'refused') await interaction.reply({ content: outcome.text, flags: MessageFlags.Ephemeral });
  else await interaction.update(flowContent(outcome.reply));
}

/** A request discord.js could build but that lacks what the bot reads: an ephemeral "could not read this request". */
export async function unreadable(interaction: RepliableInteraction, log: Logger, what: string): Promise<void> {
  log.warn({ interactionId: interaction.id, what }, 'discord interaction unreadable');
  await interaction.reply({ content: messages(localeFrom(interaction.locale)).errors.unreadableRequest, flags: MessageFlags.Ephemeral });
}
