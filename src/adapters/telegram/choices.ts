import type { Telegram } from 'telegraf';
import type { CallbackQuery, Chat, InlineKeyboardButton, InlineKeyboardMarkup, Message, User } from 'telegraf/types';
import type { ChatRef } from '../../chat/command.ts';
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
 * A typed answer (a test score) comes as a reply to a ForceReply prompt, which privacy mode still
 * delivers in groups. The prompt's action is kept here, in memory, for PROMPT_TTL_MS: a restart
 * forgets it, and a reply to a forgotten prompt is told to press the button again. The choice is
 * deliberate: the flow's state itself is never lost (it is in the buttons of the flow message,
 * whose "type the results" button sends a new prompt), only an answer typed across a restart.
 */

/** How long a prompt waits for its typed answer. */
const PROMPT_TTL_MS = 30 * 60_000;
/** Prompts remembered at most (the oldest go first). */
const MAX_PROMPTS = 10_000;
/** How many characters of labels a keyboard row holds on a phone (each button's padding counted), and at most how many buttons. */
const ROW_WIDTH = 32;
const ROW_PADDING = 2;
const PER_ROW = 5;
/** Telegram's limit for a ForceReply placeholder. */
const PLACEHOLDER_LIMIT = 64;

interface Prompt {
  action: string;
  /** The flow message the answer updates. */
  flowMessageId: number;
  expiresAt: number;
}

export interface FlowDeps {
  telegram: Telegram;
  answering: Answering;
  log: Logger;
  /** The bot's @username (known once started), for private-chat deep links. */
  username: () => string;
  attempt: NonNullable<SendOptions['attempt']>;
  /** Aborted at shutdown. */
  signal?: AbortSignal;
  now?: () => number;
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
  readonly #prompts = new Map<string, Prompt>();
  /** A private chat's latest prompt: there, text typed without replying to it answers it too. */
  readonly #latest = new Map<number, string>();

  constructor(private readonly deps: FlowDeps) {}

  /** Sends a flow Reply as a new message with its keyboard, and its prompt if it asks for typing. */
  async send(chat: Chat, reply: Reply, locale: Locale, placement: Omit<SendOptions, 'attempt' | 'keyboard'>, from: User | undefined): Promise<void> {
    const keyboard = reply.choices ? keyboardOf(reply.choices, this.deps.username()) : undefined;
    const messageId = await sendMessages(this.deps.telegram, chat.id, renderReply(reply, locale), { ...placement, keyboard, attempt: this.deps.attempt, signal: this.deps.signal });
    if (messageId !== undefined && reply.choices?.input && from) await this.prompt(chat, messageId, reply.choices.input, from);
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
    if (outcome.kind === 'reply') await this.edit(message.chat, message.message_id, outcome.reply, locale);
    const input = outcome.reply.choices?.input;
    if (input) await this.prompt(message.chat, message.message_id, input, query.from);
  }

  /**
   * A text message that may answer a prompt: true when it was one (answered here), false to let
   * the commands have it. Commands are never taken as answers.
   */
  async typed(message: Message.TextMessage, botId: number): Promise<boolean> {
    const answered = message.reply_to_message;
    if (message.text.startsWith('/') || !message.from) return false;
    const key = answered ? `${message.chat.id}:${answered.message_id}` : message.chat.type === 'private' ? this.#latest.get(message.chat.id) : undefined;
    // Not a reply to the bot, and no prompt waiting in this private chat: the commands' text.
    if (!key || (answered && answered.from?.id !== botId)) return false;
    const prompt = this.#prompts.get(key);
    const locale = localeFrom(message.from.language_code);
    const respond = (text: string) =>
      sendMessages(this.deps.telegram, message.chat.id, [{ kind: 'text', html: escapeHtml(text) }], { replyTo: message.message_id, silent: true, attempt: this.deps.attempt, signal: this.deps.signal });
    if (!prompt || prompt.expiresAt < this.now()) {
      this.forget(message.chat.id, key);
      // In a group a reply to the bot may be conversation; in a private chat it can only be an answer.
      if (message.chat.type !== 'private' || !answered) return false;
      await respond(messages(locale).flow.expiredPrompt);
      return true;
    }
    const ctx = commandContext(this.deps.answering, { locale, chat: chatRef(message.chat), canAdminister: false, userId: String(message.from.id) });
    const outcome = await runChoice(ctx, prompt.action, { typed: message.text, log: this.deps.log, logContext: { platform: 'telegram', chatId: message.chat.id } });
    if (outcome.kind === 'refused') {
      await respond(outcome.text);
      return true;
    }
    this.forget(message.chat.id, key);
    await this.edit(message.chat, prompt.flowMessageId, outcome.reply, locale);
    if (outcome.reply.choices?.input) await this.prompt(message.chat, prompt.flowMessageId, outcome.reply.choices.input, message.from);
    return true;
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

  /** Asks for a typed answer: a ForceReply prompt, aimed at the member in a group by mentioning them. */
  private async prompt(chat: Chat, flowMessageId: number, input: NonNullable<ReplyChoices['input']>, from: User): Promise<void> {
    const mention = chat.type === 'private' ? '' : `<a href="tg://user?id=${from.id}">${escapeHtml(from.first_name)}</a>, `;
    const sent = await this.deps.attempt(() =>
      call(this.deps.telegram, 'sendMessage', {
        chat_id: chat.id,
        text: `${mention}${escapeHtml(input.prompt)}`,
        parse_mode: 'HTML',
        reply_markup: { force_reply: true, selective: true, input_field_placeholder: input.example.slice(0, PLACEHOLDER_LIMIT) },
      }, this.deps.signal),
    );
    const key = `${chat.id}:${sent.message_id}`;
    this.remember(key, { action: input.action, flowMessageId, expiresAt: this.now() + PROMPT_TTL_MS });
    if (chat.type === 'private') this.#latest.set(chat.id, key);
  }

  private remember(key: string, prompt: Prompt): void {
    const now = this.now();
    for (const [old, { expiresAt }] of this.#prompts) if (expiresAt < now) this.#prompts.delete(old);
    if (this.#prompts.size >= MAX_PROMPTS) this.#prompts.delete(this.#prompts.keys().next().value!);
    this.#prompts.set(key, prompt);
    for (const [chatId, latest] of this.#latest) if (!this.#prompts.has(latest)) this.#latest.delete(chatId);
  }

  private forget(chatId: number, key: string): void {
    this.#prompts.delete(key);
    if (this.#latest.get(chatId) === key) this.#latest.delete(chatId);
  }

  private now(): number {
    return this.deps.now?.() ?? Date.now();
  }
}
