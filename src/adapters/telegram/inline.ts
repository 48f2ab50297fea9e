import { TelegramError, type Telegram } from 'telegraf';
import type { InlineKeyboardMarkup, InlineQuery, InlineQueryResult, Opts } from 'telegraf/types';
import { findCommand, type CommandContext, type CommandDefinition } from '../../chat/command.ts';
import { commandContext, type Answering } from '../../chat/context.ts';
import { invoke } from '../../chat/invoke.ts';
import { commandName, usage } from '../../chat/names.ts';
import { parseCommandLine, parseTextArgs } from '../../chat/parse.ts';
import { errorReply, footer } from '../../chat/phrases.ts';
import { reply as makeReply, type Reply, type ReplyChoices } from '../../chat/reply.ts';
import type { Logger } from '../../core/log.ts';
import { localeFrom, localeInfo } from '../../i18n/locales.ts';
import { CAPTION_LIMIT, MESSAGE_LIMIT, replyHtmlWithin } from './render.ts';
import { call, type PhotoIds } from './send.ts';

/**
 * Inline mode: "@Bot latest cec" typed in any chat, the bot a member of it or not. The query is a
 * command without its slash, run through invoke() as a chat runs it, in the language of the
 * member's Telegram; each result is the chat's answer in Telegram HTML, in one message (the
 * result a member picks is sent as one), with a short title and description. A chart answer also
 * offers its picture when Telegram already holds it (a file id from an earlier post or answer):
 * an inline result can carry a picture only by file id or by a public URL, never by upload.
 *
 * An inline answer goes into a chat the bot does not know: the context says so (kind 'inline'),
 * commands about a chat's settings are not run, and a flow offers only its way to a private chat.
 */

/**
 * Telegram keeps an answer this many seconds before asking again: short, so that a new round
 * shows within a minute of being stored (every answer, its footer included, follows the data).
 */
export const INLINE_CACHE_SECONDS = 30;
/** answerInlineQuery's limits: results per answer, and a result id's length in bytes. */
const MAX_RESULTS = 50;
const MAX_ID_BYTES = 64;
/** What a phone shows of a result's title and description, roughly: longer ones are cut there anyway. */
const TITLE_LIMIT = 100;
const DESCRIPTION_LIMIT = 160;
/** A start parameter Telegram accepts (InlineQueryResultsButton.start_parameter). */
const START_PARAMETER = /^[A-Za-z0-9_-]{1,64}$/;

export interface InlineDeps {
  answering: Answering;
  log: Logger;
  /** The bot's @username, for the examples and links to a private chat. */
  username: string;
  /** Pictures Telegram already holds, offered by file id. */
  photos: PhotoIds;
}

export type InlineAnswer = Omit<Opts<'answerInlineQuery'>, 'inline_query_id'>;

/** Answers an inline query; a picture Telegram no longer knows is left out and the answer sent again. */
export async function answerInline(telegram: Telegram, deps: InlineDeps, query: InlineQuery, signal?: AbortSignal): Promise<void> {
  const { answer, pictures } = await inlineResults(deps, query);
  const send = (results: InlineAnswer) => call(telegram, 'answerInlineQuery', { inline_query_id: query.id, ...results }, signal);
  try {
    await send(answer);
  } catch (error) {
    if (!pictures.length || !(error instanceof TelegramError && error.code === 400 && /file|photo/i.test(error.description))) throw error;
    for (const png of pictures) deps.photos.forget(png);
    await send({ ...answer, results: answer.results.filter((result) => result.type !== 'photo') });
  }
}

/** What answerInlineQuery is sent for a query (apart from its id): in process, no call to Telegram. */
export async function inlineAnswer(deps: InlineDeps, query: InlineQuery): Promise<InlineAnswer> {
  return (await inlineResults(deps, query)).answer;
}

async function inlineResults(deps: InlineDeps, query: InlineQuery): Promise<{ answer: InlineAnswer; pictures: Uint8Array[] }> {
  const { answering, log } = deps;
  const ctx = commandContext(answering, {
    locale: localeFrom(query.from.language_code),
    chat: { platform: 'telegram', id: 'inline', kind: 'inline' },
    canAdminister: false,
    userId: String(query.from.id),
  });
  const logContext = { platform: 'telegram', inlineQueryId: query.id };
  const run = (command: CommandDefinition, argText: string) => invoke(command, parseTextArgs(command, argText), ctx, log, logContext);
  const text = query.query.trim().replace(/^\//, '');
  const answers: { id: string; reply: Reply; description?: string }[] = [];
  const how = () => ({ id: 'how', reply: howToAsk(ctx, deps.username), description: ctx.t.telegram.inline.howDescription });

  if (!text) {
    for (const command of answering.commands) {
      for (const [index, argText] of (command.starters?.(ctx) ?? []).entries()) answers.push({ id: `${command.name}-${index}`, reply: await run(command, argText) });
    }
    answers.push(how());
  } else {
    const line = parseCommandLine(`/${text}`);
    const command = line ? findCommand(answering.commands, line.name) : undefined;
    if (!line || !command) answers.push(how());
    else if (command.chatSettings) {
      const name = commandName(command, ctx.locale);
      answers.push({ id: command.name, reply: errorReply(ctx, [ctx.t.telegram.inline.chatOnly(name)], ctx.t.telegram.inline.chatOnlyTitle(name)) });
    }
    else answers.push({ id: command.name, reply: await run(command, line.argText) });
  }

  const results: InlineQueryResult[] = [];
  const pictures: Uint8Array[] = [];
  for (const { id, reply, description } of answers) {
    const picture = reply.image && deps.photos.get(reply.image.png);
    if (picture && reply.image) {
      results.push(pictureResult(ctx, deps.username, `${id}-picture`, reply, picture));
      pictures.push(reply.image.png);
    }
    results.push(textResult(ctx, deps.username, id, reply, description));
  }
  const privately = answers.map(({ reply }) => reply.choices?.privately).find((way) => way && START_PARAMETER.test(way.start));
  return {
    answer: {
      results: results.slice(0, MAX_RESULTS),
      cache_time: INLINE_CACHE_SECONDS,
      // Every answer is in the asker's language, so none may be handed to another member as it is.
      is_personal: true,
      ...(privately ? { button: { text: privately.label, start_parameter: privately.start } } : {}),
    },
    pictures,
  };
}

/** The answer as a message to send: its HTML within one message, and the way to a private chat if it offers one. */
function textResult(ctx: CommandContext, username: string, id: string, reply: Reply, description = describe(ctx, reply)): InlineQueryResult {
  return {
    type: 'article',
    id: resultId(id),
    title: fit(reply.title, TITLE_LIMIT),
    description,
    input_message_content: {
      message_text: replyHtmlWithin(reply, ctx.locale, MESSAGE_LIMIT, ctx.t.telegram.inline.shortened(username)),
      parse_mode: 'HTML',
      link_preview_options: { is_disabled: true },
    },
    ...markup(reply.choices, username),
  };
}

/** The chart, by the file id Telegram gave it, with the answer as its caption (shortened to a caption's length). */
function pictureResult(ctx: CommandContext, username: string, id: string, reply: Reply, fileId: string): InlineQueryResult {
  return {
    type: 'photo',
    id: resultId(id),
    photo_file_id: fileId,
    title: fit(ctx.t.telegram.inline.picture(reply.title), TITLE_LIMIT),
    description: ctx.t.telegram.inline.pictureDescription,
    caption: replyHtmlWithin(reply, ctx.locale, CAPTION_LIMIT, ctx.t.telegram.inline.shortened(username)),
    parse_mode: 'HTML',
    ...markup(reply.choices, username),
  };
}

/**
 * A flow's buttons edit a message in a chat the bot is in: an inline answer keeps only the link to
 * a private chat, where the flow can run.
 */
function markup(choices: ReplyChoices | undefined, username: string): { reply_markup?: InlineKeyboardMarkup } {
  const way = choices?.privately;
  if (!way) return {};
  return { reply_markup: { inline_keyboard: [[{ text: way.label, url: `https://t.me/${username}?start=${encodeURIComponent(way.start)}` }]] } };
}

/** What a result says under its title: the first line, then the first fields ("CRS cut-off: 419"). */
function describe(ctx: CommandContext, reply: Reply): string {
  const { colon } = localeInfo(ctx.locale);
  const parts = [...reply.lines.slice(0, 1), ...reply.fields.slice(0, 2).map((field) => `${field.label}${colon}${field.value}`)];
  return fit(parts.join(' · ') || reply.footer, DESCRIPTION_LIMIT);
}

/** How to ask inline: examples, then every question that can be asked this way, from the commands themselves. */
function howToAsk(ctx: CommandContext, username: string): Reply {
  const inline = ctx.t.telegram.inline;
  const askable = ctx.commands.filter((command) => !command.chatSettings && !command.admin);
  return makeReply({
    title: inline.howTitle,
    lines: [inline.howLine(username), ...inline.examples.map((example) => `@${username} ${example}`)],
    fields: askable.map((command) => ({ label: usage(command, ctx).slice(1), value: command.description[ctx.locale] })),
    footer: footer(ctx),
  });
}

/** Ids are command names (at most 32 ASCII characters on Telegram) and a short suffix: within the limit, checked all the same. */
function resultId(id: string): string {
  return id.length <= MAX_ID_BYTES && /^[\x20-\x7e]+$/.test(id) ? id : id.replace(/[^\x20-\x7e]/g, '_').slice(0, MAX_ID_BYTES);
}

/** Text cut to `max` characters (code points) with an ellipsis. */
function fit(text: string, max: number): string {
  if (text.length <= max) return text;
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('').trimEnd()}…`;
}
