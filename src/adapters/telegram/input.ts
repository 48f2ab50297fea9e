import type { Telegram } from 'telegraf';
import type { Message } from 'telegraf/types';
import { errorReply, firstCommands, footer, unknownCommandReply } from '../../chat/phrases.ts';
import { findCommand, type ChatRef, type CommandContext, type CommandDefinition } from '../../chat/command.ts';
import { commandContext, type Answering } from '../../chat/context.ts';
import type { Logger } from '../../core/log.ts';
import { localeFrom } from '../../i18n/locales.ts';
import { invoke } from '../../chat/invoke.ts';
import { parseCommandLine, parseTextArgs, readTypedLine } from '../../chat/parse.ts';
import { reply as makeReply, type Reply } from '../../chat/reply.ts';
import type { TelegramFlows } from './choices.ts';
import { reasonOf } from './errors.ts';
import { renderReply } from './render.ts';
import { call, sendMessages, type PhotoIds, type SendOptions } from './send.ts';

export interface AnswerDeps {
  telegram: Telegram;
  answering: Answering;
  log: Logger;
  commands: readonly CommandDefinition[];
  /** The bot's @username, to tell "/latest@ThisBot" from "/latest@OtherBot". */
  username: string;
  attempt: SendOptions['attempt'];
  /** Aborted at shutdown. */
  signal?: AbortSignal;
  /** Sends flow Replies (with choices) and keeps their prompts; without it, choices are not shown. */
  flows?: TelegramFlows;
  /** Pictures Telegram already holds: an answer's chart is sent by file id, and its id kept for inline answers. */
  photos?: PhotoIds;
}

/**
 * One text message from a private chat, a group or a channel: "/cmd args" or "/cmd@Bot args" →
 * the command's Reply, in the sender's language. Commands addressed to another bot are left alone.
 */
export async function answerText(deps: AnswerDeps, updateId: number, message: Message.TextMessage): Promise<void> {
  const { chat } = message;
  const locale = localeFrom(message.from?.language_code);
  const kind = chat.type === 'private' ? 'private' : chat.type === 'channel' ? 'channel' : 'group';
  const chatRef: ChatRef = { platform: 'telegram', id: String(chat.id), kind };
  const context = (canAdminister: boolean) => commandContext(deps.answering, { locale, chat: chatRef, canAdminister, userId: message.from ? String(message.from.id) : null });
  const respond = async (reply: Reply) => {
    if (reply.choices && deps.flows) await deps.flows.send(chat, reply, locale, placement(message, reply), message.from);
    else await sendMessages(deps.telegram, chat.id, renderReply(reply, locale), { ...placement(message, reply), photos: deps.photos, attempt: deps.attempt, signal: deps.signal });
  };
  const logContext = { platform: 'telegram', updateId, chatId: chat.id };

  // In a private chat a command's name works without its "/" ("draw", "aide"); in a group only commands are for the bot.
  const line = kind === 'private' ? readTypedLine(message.text, deps.commands) : parseCommandLine(message.text);
  if (!line) {
    // With privacy mode on a group shows the bot only commands; other text there is not for it.
    if (kind === 'private') {
      const ctx = context(true);
      await respond(errorReply(ctx, [ctx.t.telegram.notACommand]));
    }
    return;
  }
  if (line.addressee && line.addressee !== deps.username.toLowerCase()) return;

  const command = findCommand(deps.commands, line.name);
  if (!command) {
    const ctx = context(kind !== 'group');
    // A deep link's payload naming a command (t.me/<bot>?start=crs, ?start=subscribe) runs it, in private.
    const started = line.name === 'start' && kind === 'private' && line.argText ? findCommand(deps.commands, line.argText) : undefined;
    if (started) await respond(await invoke(started, {}, ctx, deps.log, logContext));
    else if (line.name === 'start') await respond(greeting(deps, ctx));
    // In a group an unknown "/cmd" may be meant for another bot: say so only when it names this one.
    else if (kind !== 'group' || line.addressee) await respond(unknownCommandReply(ctx, line.name, line.argText));
    return;
  }
  // Only admin commands need to know, and asking Telegram costs a call.
  const canAdminister = command.admin ? await callerAdministers(deps, message) : kind !== 'group';
  await respond(await invoke(command, parseTextArgs(command, line.argText), context(canAdminister), deps.log, logContext));
}

/** /start: what the bot is, the few commands members ask most, and where the others are. */
function greeting(deps: AnswerDeps, ctx: CommandContext): Reply {
  return makeReply({ title: ctx.t.telegram.startTitle, lines: [ctx.t.telegram.startLine(deps.username), ...firstCommands(ctx)], footer: footer(ctx) });
}

/**
 * Where an answer goes. In groups it replies to the question, so a busy group sees which answer is
 * whose. Telegram has no message only one member sees: an answer meant for the caller alone
 * (errors) is a silent reply to them instead — never a private message, which Telegram refuses
 * unless the member has started the bot.
 */
function placement(message: Message.TextMessage, reply: Reply): Omit<SendOptions, 'attempt'> {
  const inGroup = message.chat.type === 'group' || message.chat.type === 'supergroup';
  return {
    replyTo: inGroup ? message.message_id : undefined,
    threadId: message.is_topic_message ? message.message_thread_id : undefined,
    silent: inGroup && reply.visibility === 'caller',
  };
}

/** Whether the sender may change this chat's settings: its administrators, in a group. */
async function callerAdministers({ telegram, log }: AnswerDeps, message: Message.TextMessage): Promise<boolean> {
  const { chat } = message;
  // Everyone administers their own private chat; only administrators post in a channel.
  if (chat.type === 'private' || chat.type === 'channel') return true;
  // An anonymous administrator writes as the group itself.
  if (message.sender_chat?.id === chat.id) return true;
  if (!message.from) return false;
  try {
    const member = await call(telegram, 'getChatMember', { chat_id: chat.id, user_id: message.from.id });
    return member.status === 'creator' || member.status === 'administrator';
  } catch (error) {
    log.warn({ chatId: chat.id, error: reasonOf(error) }, 'could not check whether the sender administers the chat');
    return false;
  }
}
