import type { CommandContext, CommandDefinition } from './command.ts';
import type { CategoryVersion } from '../core/categories.ts';
import type { Draw } from '../core/draw.ts';
import type { Subscription } from '../core/subscriptions.ts';
import { inLanguage } from '../core/text.ts';
import { closestCommand, commandName, usage } from './names.ts';
import { reply, type Reply } from './reply.ts';

/** Phrases several commands share, so every answer names things the same way. */

/** How much of a member's input an answer quotes back: enough to recognise it, never a wall of it. */
const EXCERPT_LENGTH = 30;

/** Input quoted in an answer: on one line, and cut short with "…" when longer than EXCERPT_LENGTH characters. */
export function excerpt(input: string): string {
  const characters = [...input.replace(/\s+/g, ' ')];
  return characters.length <= EXCERPT_LENGTH ? characters.join('') : `${characters.slice(0, EXCERPT_LENGTH - 1).join('')}…`;
}

/** IRCC's page listing every round of invitations. */
export const ROUNDS_PAGE = 'https://www.canada.ca/en/immigration-refugees-citizenship/services/immigrate-canada/express-entry/rounds-invitations.html';

/** "Source: IRCC … · newest round #411 (April 15, 2026) · checked with IRCC Nov 21, 2026, 08:04 EST". */
export function footer({ core, t, format }: CommandContext): string {
  const { newest, checkedAt, snapshotDate } = core.queries.freshness();
  return t.common.footer(
    newest ? t.common.round(newest.number, format.date(newest.date)) : null,
    checkedAt ? format.localInstant(checkedAt) : null,
    snapshotDate ? format.date(snapshotDate) : null,
  );
}

export function typeName({ core, locale }: CommandContext, categoryId: string): string {
  const category = core.categories.get(categoryId);
  return category ? inLanguage(category.name, locale) : categoryId;
}

export function shortTypeName({ core, locale }: CommandContext, categoryId: string): string {
  const category = core.categories.get(categoryId);
  return category ? inLanguage(category.short, locale) : categoryId;
}

export function roundRef({ t, format }: CommandContext, draw: Draw): string {
  return t.common.round(draw.number, format.date(draw.date));
}

export function listVersion({ t, format }: CommandContext, version: CategoryVersion): string {
  return t.common.listVersion(format.date(version.effectiveFrom), version.effectiveTo ? format.date(version.effectiveTo) : null);
}

export function tieBreak({ t, format }: CommandContext, draw: Draw): string {
  if (draw.tieBreakAt) return t.latest.tieBreakValue(format.instantUtc(draw.tieBreakAt));
  return draw.tieBreakAtText ? t.common.asPublished(draw.tieBreakAtText) : t.latest.tieBreakNone;
}

/** When the round was held, as IRCC's page gives it (UTC); the typed text where it could not be read; null where IRCC gave none. */
export function heldAt({ t, format }: CommandContext, draw: Draw): string | null {
  if (draw.roundAt) return format.instantUtc(draw.roundAt);
  return draw.roundAtText ? t.common.asPublished(draw.roundAtText) : null;
}

/** The commands a first greeting names: what members ask most. */
const FIRST_COMMANDS = ['latest', 'eligible', 'cutoffs', 'crs'];

/** A welcome's few lines: the commands members ask most, then where the rest are — not all of them. */
export function firstCommands(ctx: CommandContext): string[] {
  const featured = FIRST_COMMANDS.map((name) => ctx.commands.find((command) => command.name === name)).filter((command) => command !== undefined);
  const help = ctx.commands.find((command) => command.name === 'help');
  const listed = ctx.commands.filter((command) => !command.admin || ctx.canAdminister);
  return [
    ...featured.map((command) => `${usage(command, ctx)} — ${command.description[ctx.locale]}`),
    ctx.t.help.more(help ? `/${commandName(help, ctx.locale)}` : '/help', listed.length),
  ];
}

/**
 * "There is no /lates command. Did you mean /latest?": the closest command, in the caller's
 * language, with what they typed after it ("/eligble 21231" → "/eligible 21231").
 */
export function unknownCommandReply(ctx: CommandContext, name: string, argText: string): Reply {
  const closest = closestCommand(ctx.commands, name);
  // The suggestion repeats the member's words to be typed again (on one line, at most MAX_ECHO characters); the name they typed is an excerpt.
  const suggestion = closest ? [`/${commandName(closest, ctx.locale)}`, argText.replace(/\s+/g, ' ').slice(0, MAX_ECHO)].filter(Boolean).join(' ') : null;
  return errorReply(ctx, [ctx.t.errors.unknownCommand(excerpt(name), suggestion)]);
}

/** How much of a member's text a suggestion repeats. */
const MAX_ECHO = 60;

/**
 * A member's admin command refused: who can do it here, and (for /subscribe) how to get the posts
 * themselves — in a private chat with the bot, a button away on Telegram.
 */
export function adminRefusal(ctx: CommandContext, command: CommandDefinition): Reply {
  const { t, chat } = ctx;
  const who = chat.platform === 'discord' ? t.errors.adminDiscord : chat.platform === 'telegram' && chat.kind === 'group' ? t.errors.adminTelegramGroup : t.errors.adminOnly;
  const offer = command.name === 'subscribe' && chat.kind !== 'private';
  const lines = [who];
  if (offer) lines.push(chat.platform === 'discord' ? t.errors.privateDiscord(`/${commandName(command, ctx.locale)}`) : t.errors.privateTelegram);
  // Telegram opens the private chat from a link button (t.me/<bot>?start=subscribe runs /subscribe there).
  const choices = offer && chat.platform === 'telegram' ? { style: 'buttons' as const, options: [], controls: [], privately: { label: t.errors.privateButton, start: command.name } } : undefined;
  return reply({ title: t.errors.adminTitle, lines, footer: footer(ctx), visibility: 'caller', error: true, choices });
}

export function errorReply(ctx: CommandContext, lines: string[], title = ctx.t.errors.title): Reply {
  return reply({ title, lines, footer: footer(ctx), visibility: 'caller', error: true });
}

/** For a subscription with the periodic summary: when the next one comes. None otherwise, or where it is not known. */
export function nextSummary(ctx: CommandContext, subscription: Subscription): string[] {
  const next = subscription.periodic ? ctx.nextDigest() : null;
  return next ? [ctx.t.subscriptions.nextSummary(ctx.format.weekdayInstant(next.toISOString()))] : [];
}

/** "every new round, and a summary of the rounds on each periodic digest" */
export function describeSubscription(ctx: CommandContext, subscription: Subscription): string {
  const { t, format } = ctx;
  const parts: string[] = [];
  if (subscription.eachRound) {
    parts.push(subscription.categories === null ? t.subscriptions.everyRound : t.subscriptions.only(format.list(subscription.categories.map((id) => shortTypeName(ctx, id)))));
  }
  if (subscription.periodic) parts.push(t.subscriptions.weekly);
  // Issue 20: /subscribe ptime.
  if (subscription.processingTimes) parts.push(t.subscriptions.processingTimes);
  return parts.length >= 2 ? t.subscriptions.and(parts.slice(0, -1).join(', '), parts.at(-1)!) : (parts[0] ?? '');
}
