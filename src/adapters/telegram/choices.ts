import type { Telegram } from 'telegraf';
import type { CallbackQuery, Chat, InlineKeyboardButton, InlineKeyboardMarkup, Message, User } from 'telegraf/types';
import type { ChatRef } from '../../chat/command.ts';
import type { SharedState } from '../../chat/shared.ts';
import { commandContext, type Answering } from '../../chat/context.ts';
import { runChoice, TYPED_MARK } from '../../chat/flow.ts';
import type { Reply, ReplyChoices } from '../../chat/reply.ts';
import type { Logger } from '../../core/log.ts';
import { localeFrom, messages, type Locale } from '../../i18n/locales.ts';
import { reasonOf } from './errors.ts';
import { escapeHtml, splitHtml } from './html.ts';
import { MESSAGE_LIMIT, renderReply, replyHtml } from './render.ts';
import { call, sendMessages, type SendOptions } from './send.ts';

/**
 * Flows on Telegram (src/chat/flow.ts): choices as an inline keyboard whose callback_data is the
 * action; a press is answered (answerCallbackQuery, always) and edits the same message.
 *
 * Typed answers: in a private chat, the next text message answers the flow's latest question; in
 * a group (privacy mode delivers only commands and replies to the bot), a reply to the flow's
 * message or to one of its ForceReply prompts does. A typed answer that fits no choice gets the
 * question again with a hint; the flow never ends on it. One prompt at a time: a new one replaces
 * (deletes) the last, and a reply to an earlier prompt of the same flow still answers it.
 *
 * What typed text answers is kept in the shared state (src/chat/shared.ts) for PROMPT_TTL_MS: on
 * PostgreSQL every instance reads it, so the reply may land on any of them, and a restart keeps it;
 * one process alone keeps it in memory, where a restart forgets it and a reply to a forgotten
 * prompt is told to press the button again. The flow's state itself is never lost (it is in the
 * buttons of the flow message), only, there, an answer typed across a restart.
 */

/** How long a flow message waits for a typed answer. */
const PROMPT_TTL_MS = 30 * 60_000;
/** Prompts a flow keeps answering to (a reply to an earlier one still answers, item 4 of issue 22). */
const MAX_PROMPTS = 20;
/** How many characters of labels a keyboard row holds on a phone (each button's padding counted), and at most how many buttons. */
const ROW_WIDTH = 32;
const ROW_PADDING = 2;
const PER_ROW = 5;
/** Telegram's limit for a ForceReply placeholder. */
const PLACEHOLDER_LIMIT = 64;

/** A flow message that typed text answers: the action the text runs, its prompt on screen, every prompt it sent. */
interface Waiting {
  action: string;
  chatId: number;
  flowMessageId: number;
  promptId: number | null;
  promptIds: number[];
}

/** What a reply to one of the bot's messages answers: the flow (its key), and whether the message was a prompt. */
interface ReplyTarget {
  flow: string;
  prompt: boolean;
}

/** The shared state's keys: a flow by its message, a message a reply may answer, a private chat's latest flow. */
const keys = {
  flow: (chatId: number, flowMessageId: number) => `telegram:flow:${chatId}:${flowMessageId}`,
  target: (chatId: number, messageId: number) => `telegram:reply:${chatId}:${messageId}`,
  latest: (chatId: number) => `telegram:latest:${chatId}`,
};

export interface FlowDeps {
  telegram: Telegram;
  answering: Answering;
  log: Logger;
  /** The bot's @username (known once started), for private-chat deep links. */
  username: () => string;
  attempt: NonNullable<SendOptions['attempt']>;
  /** Aborted at shutdown. */
  signal?: AbortSignal;
  /** Where what typed text answers is kept: shared by the instances of one bot. */
  shared: Pick<SharedState, 'remember' | 'recall' | 'forget'>;
}

/** A flow Reply's choices as an inline keyboard: answers, the typed-answer button, the private link, then back and cancel. */
export function keyboardOf(choices: ReplyChoices, username: string): InlineKeyboardMarkup {
  const button = (label: string, action: string): InlineKeyboardButton => ({ text: label, callback_data: action });
  // Short answers (ages, years) side by side, long ones a row each: rows filled in order, as a phone shows them.
  const rows: InlineKeyboardButton[][] = [];
  let width = Infinity;
  for (const option of choices.options) {
    const size = [...option.label].length + ROW_PADDING;
    if (width + size > ROW_WIDTH || rows.at(-1)!.length >= PER_ROW) {
      rows.push([]);
      width = 0;
    }
    rows.at(-1)!.push(button(option.label, option.action));
    width += size;
  }
  if (choices.input) rows.push([button(choices.input.button, `${TYPED_MARK}${choices.input.action}`)]);
  if (choices.privately) rows.push([{ text: choices.privately.label, url: `https://t.me/${username}?start=${encodeURIComponent(choices.privately.start)}` }]);
  if (choices.controls.length) rows.push(choices.controls.map((control) => button(control.label, control.action)));
  return { inline_keyboard: rows };
}

function chatRef(chat: Chat): ChatRef {
  const kind = chat.type === 'private' ? 'private' : chat.type === 'channel' ? 'channel' : 'group';
  return { platform: 'telegram', id: String(chat.id), kind };
}

export class TelegramFlows {
  constructor(private readonly deps: FlowDeps) {}

  /** Sends a flow Reply as a new message with its keyboard, and its prompt if it asks for typing at once. */
  async send(chat: Chat, reply: Reply, locale: Locale, placement: Omit<SendOptions, 'attempt' | 'keyboard'>, from: User | undefined): Promise<void> {
    const keyboard = reply.choices ? keyboardOf(reply.choices, this.deps.username()) : undefined;
    const messageId = await sendMessages(this.deps.telegram, chat.id, renderReply(reply, locale), { ...placement, keyboard, attempt: this.deps.attempt, signal: this.deps.signal });
    if (messageId === undefined) return;
    await this.track(chat, messageId, reply);
    if (reply.choices?.input?.promptNow && from) await this.prompt(chat, messageId, reply.choices.input, from);
  }

  /** A button pressed: always answered, the message edited when the press moves the flow. */
  async press(query: CallbackQuery): Promise<void> {
    const { telegram, log } = this.deps;
    const data = 'data' in query ? query.data : undefined;
    const message = query.message;
    if (!data || !message) {
      await call(telegram, 'answerCallbackQuery', { callback_query_id: query.id }, this.deps.signal);
      return;
    }
    const locale = localeFrom(query.from.language_code);
    const ctx = commandContext(this.deps.answering, { locale, chat: chatRef(message.chat), canAdminister: false, userId: String(query.from.id) });
    const outcome = await runChoice(ctx, data, { log, logContext: { platform: 'telegram', callbackQueryId: query.id } });
    if (outcome.kind === 'refused') {
      await call(telegram, 'answerCallbackQuery', { callback_query_id: query.id, text: outcome.text }, this.deps.signal);
      return;
    }
    await call(telegram, 'answerCallbackQuery', { callback_query_id: query.id }, this.deps.signal);
    const input = outcome.reply.choices?.input;
    if (outcome.kind === 'input') {
      if (input) await this.prompt(message.chat, message.message_id, input, query.from);
      return;
    }
    await this.moved(message.chat, message.message_id, outcome.reply, locale, query.from);
  }

  /**
   * A text message that may answer a flow: true when it did (answered here), false to let the
   * commands have it. Commands are never taken as answers.
   */
  async typed(message: Message.TextMessage, botId: number): Promise<boolean> {
    const answered = message.reply_to_message;
    if (message.text.startsWith('/') || !message.from) return false;
    // Not a reply to the bot, and no flow waiting in this private chat: the commands' text.
    if (answered && answered.from?.id !== botId) return false;
    const { shared } = this.deps;
    const target = answered ? await shared.recall<ReplyTarget>(keys.target(message.chat.id, answered.message_id)) : undefined;
    const key = target?.flow ?? (!answered && message.chat.type === 'private' ? await shared.recall<string>(keys.latest(message.chat.id)) : undefined);
    const waiting = key ? await shared.recall<Waiting>(key) : undefined;
    const locale = localeFrom(message.from.language_code);
    const respond = (text: string) =>
      sendMessages(this.deps.telegram, message.chat.id, [{ kind: 'text', html: escapeHtml(text) }], { replyTo: message.message_id, silent: true, attempt: this.deps.attempt, signal: this.deps.signal });
    if (!key || !waiting) {
      // In a group a reply to the bot may be conversation; in a private chat, a reply to it can only be an answer.
      if (message.chat.type !== 'private' || !answered) return false;
      await respond(messages(locale).flow.expiredPrompt);
      return true;
    }
    const ctx = commandContext(this.deps.answering, { locale, chat: chatRef(message.chat), canAdminister: false, userId: String(message.from.id) });
    const outcome = await runChoice(ctx, waiting.action, { typed: message.text, log: this.deps.log, logContext: { platform: 'telegram', chatId: message.chat.id } });
    if (outcome.kind === 'refused') {
      // Someone else's reply to the flow's message is conversation; to its prompt, an answer that is not theirs to give.
      if (outcome.reason === 'foreign' && !target?.prompt) return false;
      await respond(outcome.text);
      return true;
    }
    await this.moved(message.chat, waiting.flowMessageId, outcome.reply, locale, message.from);
    return true;
  }

  /** The flow moved to `reply`: its message edited, what typing answers now kept, its prompt asked or removed. */
  private async moved(chat: Chat, flowMessageId: number, reply: Reply, locale: Locale, from: User): Promise<void> {
    await this.edit(chat, flowMessageId, reply, locale);
    await this.track(chat, flowMessageId, reply);
    const input = reply.choices?.input;
    if (input?.promptNow) await this.prompt(chat, flowMessageId, input, from);
    else await this.removePrompt(keys.flow(chat.id, flowMessageId));
  }

  /** Replaces a flow message; an unchanged one (a button pressed twice) is no error. */
  private async edit(chat: Chat, messageId: number, reply: Reply, locale: Locale): Promise<void> {
    const keyboard = reply.choices ? keyboardOf(reply.choices, this.deps.username()) : undefined;
    // A flow message is text: the edit carries what fits, anything longer follows as messages.
    const [first = '', ...rest] = splitHtml(replyHtml(reply, locale), { first: MESSAGE_LIMIT });
    try {
      await this.deps.attempt(() =>
        call(this.deps.telegram, 'editMessageText', {
          chat_id: chat.id, message_id: messageId, text: first, parse_mode: 'HTML',
          link_preview_options: { is_disabled: true }, reply_markup: rest.length ? undefined : keyboard,
        }, this.deps.signal),
      );
    } catch (error) {
      if (/message is not modified/i.test(reasonOf(error))) return;
      throw error;
    }
    if (rest.length) await sendMessages(this.deps.telegram, chat.id, rest.map((html) => ({ kind: 'text', html })), { keyboard, attempt: this.deps.attempt, signal: this.deps.signal });
  }

  /** Keeps what typed text answers for a flow message (its typed-answer action), or forgets the flow once it asks nothing more. */
  private async track(chat: Chat, flowMessageId: number, reply: Reply): Promise<void> {
    const key = keys.flow(chat.id, flowMessageId);
    const action = reply.choices?.answer?.action ?? reply.choices?.input?.action;
    if (!action) {
      await this.end(key);
      return;
    }
    const kept = await this.deps.shared.recall<Waiting>(key);
    await this.keep(chat, { action, chatId: chat.id, flowMessageId, promptId: kept?.promptId ?? null, promptIds: kept?.promptIds ?? [] });
  }

  /**
   * Stores a flow's waiting answer, the flow message (and a prompt just sent) as messages a reply
   * may answer, and (in a private chat) the flow as the chat's latest; each for PROMPT_TTL_MS from
   * now. Earlier prompts keep the targets written when they were sent.
   */
  private async keep(chat: Chat, waiting: Waiting, sentPrompt?: number): Promise<void> {
    const { shared } = this.deps;
    const key = keys.flow(chat.id, waiting.flowMessageId);
    await shared.remember(key, waiting, PROMPT_TTL_MS);
    await shared.remember(keys.target(chat.id, waiting.flowMessageId), { flow: key, prompt: false } satisfies ReplyTarget, PROMPT_TTL_MS);
    if (sentPrompt !== undefined) await shared.remember(keys.target(chat.id, sentPrompt), { flow: key, prompt: true } satisfies ReplyTarget, PROMPT_TTL_MS);
    if (chat.type === 'private') await shared.remember(keys.latest(chat.id), key, PROMPT_TTL_MS);
  }

  /** Asks for a typed answer: a ForceReply prompt (the last one of the flow removed), aimed at the member in a group by mentioning them. */
  private async prompt(chat: Chat, flowMessageId: number, input: NonNullable<ReplyChoices['input']>, from: User): Promise<void> {
    const key = keys.flow(chat.id, flowMessageId);
    const mention = chat.type === 'private' ? '' : `<a href="tg://user?id=${from.id}">${escapeHtml(from.first_name)}</a>, `;
    const sent = await this.deps.attempt(() =>
      call(this.deps.telegram, 'sendMessage', {
        chat_id: chat.id,
        text: `${mention}${escapeHtml(mention ? addressed(input.prompt) : input.prompt)}`,
        parse_mode: 'HTML',
        reply_markup: { force_reply: true, selective: true, input_field_placeholder: input.example.slice(0, PLACEHOLDER_LIMIT) },
      }, this.deps.signal),
    );
    await this.removePrompt(key);
    // A press of the typed-answer button on a message no longer tracked (a restart): it answers from now on.
    const kept = await this.deps.shared.recall<Waiting>(key);
    const promptIds = [...(kept?.promptIds ?? []), sent.message_id].slice(-MAX_PROMPTS);
    await this.keep(chat, { action: kept?.action ?? input.action, chatId: chat.id, flowMessageId, promptId: sent.message_id, promptIds }, sent.message_id);
  }

  /** Deletes the flow's prompt on screen, if any: a question answered or replaced leaves no prompt behind. */
  private async removePrompt(key: string): Promise<void> {
    const { shared, telegram, log, signal } = this.deps;
    const waiting = await shared.recall<Waiting>(key);
    if (!waiting?.promptId) return;
    const { chatId, promptId } = waiting;
    await shared.remember(key, { ...waiting, promptId: null } satisfies Waiting, PROMPT_TTL_MS);
    // The prompt may be gone already, or too old for the bot to delete (48 h): nothing to do then.
    await call(telegram, 'deleteMessage', { chat_id: chatId, message_id: promptId }, signal).catch((error: unknown) => {
      log.debug({ chatId, messageId: promptId, error: reasonOf(error) }, 'could not delete a flow prompt');
    });
  }

  /** Forgets a flow: its prompt removed, replies to it no longer answer. */
  private async end(key: string): Promise<void> {
    const { shared } = this.deps;
    await this.removePrompt(key);
    const waiting = await shared.recall<Waiting>(key);
    if (!waiting) return;
    await shared.forget(key);
    for (const messageId of [waiting.flowMessageId, ...waiting.promptIds]) await shared.forget(keys.target(waiting.chatId, messageId));
    if ((await shared.recall<string>(keys.latest(waiting.chatId))) === key) await shared.forget(keys.latest(waiting.chatId));
  }
}

/** "Type your four…" after a name: "Marc, type your four…" (a word in capitals, an acronym, stays as it is). */
function addressed(prompt: string): string {
  return /^\p{Lu}\p{Ll}/u.test(prompt) ? prompt[0]!.toLowerCase() + prompt.slice(1) : prompt;
}
