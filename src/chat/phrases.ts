import type { CommandContext } from './command.ts';
import type { CategoryVersion } from '../core/categories.ts';
import type { Draw } from '../core/draw.ts';
import type { Subscription } from '../core/subscriptions.ts';
import { inLanguage } from '../core/text.ts';
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
  return draw.tieBreakAtText ? t.common.asPublished(draw.tieBreakAtText) : t.common.notPublished;
}

export function errorReply(ctx: CommandContext, lines: string[], title = ctx.t.errors.title): Reply {
  return reply({ title, lines, footer: footer(ctx), visibility: 'caller', error: true });
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
