import { footer, ROUNDS_PAGE, roundRef, shortTypeName, typeName } from '../chat/phrases.ts';
import type { CommandContext } from '../chat/command.ts';
import { commandContext, type Answering } from '../chat/context.ts';
import type { Draw } from '../core/draw.ts';
import type { Post } from '../core/broadcasts.ts';
import type { Subscription } from '../core/subscriptions.ts';
import { processingTimesPostReply } from '../chat/ptime/answer.ts';
import { renderTrendChart } from '../render/charts/index.ts';
import { reply, type Reply, type ReplyTable } from '../chat/reply.ts';

/** Past this many rounds a post lists them as a table (a catch-up after a long downtime). */
const MAX_ROUND_LINES = 5;

/**
 * What a subscribed chat sees: the new rounds (or the period's) with type, invitations, cut-off,
 * tie-break, change against the previous round of the type, the year to date and links. Built at
 * send time, in the chat's language, from the stored history.
 */
export function digestReply(ctx: CommandContext, post: Pick<Post, 'kind' | 'rounds' | 'period'>): Reply {
  const { t, format } = ctx;
  const draws = roundsOf(ctx, post);
  const only = draws.length === 1 && post.kind === 'rounds' ? draws[0] : undefined;
  const title = post.kind === 'periodic' && post.period
    ? t.digest.periodicTitle(format.date(post.period.from), format.date(post.period.to))
    : only ? t.digest.oneTitle(typeName(ctx, only.category.id)) : t.digest.manyTitle(draws.length);
  const lines = post.kind === 'periodic' ? [t.digest.periodicSummary(draws.length, format.number(draws.reduce((sum, draw) => sum + draw.invitations, 0)))] : [];
  const table = draws.length > MAX_ROUND_LINES ? roundTable(ctx, draws) : undefined;
  if (!table) lines.push(...draws.map((draw) => roundLine(ctx, draw)));
  const newestOfType = new Map<string, Draw>();
  for (const draw of draws) if (!newestOfType.has(draw.category.id)) newestOfType.set(draw.category.id, draw);
  const notes = [...newestOfType.values()].map((draw) => yearToDate(ctx, draw));
  if (newestOfType.has('pnp')) notes.push(t.common.pnpNote);
  for (const listVersion of new Set(draws.flatMap((draw) => draw.category.unknownVersion ?? []))) notes.push(t.common.newerList(listVersion));
  notes.push(t.digest.unsubscribeHint);
  return reply({
    title,
    lines,
    table,
    notes,
    // One round links to its Ministerial Instruction; several, to IRCC's list of rounds.
    link: only?.url ? { label: t.common.ministerialInstruction(only.number), url: only.url } : { label: t.digest.allRounds, url: ROUNDS_PAGE },
    footer: footer(ctx),
  });
}

/**
 * The post as it is sent: the digest with the trend picture of its round types (the adapters send
 * it as text alone where a chat refuses pictures).
 */
export async function digestPost(ctx: CommandContext, post: Pick<Post, 'kind' | 'rounds' | 'period'>): Promise<Reply> {
  // Issue 20: IRCC's new processing times (no rounds, no picture), built from the kept update.
  if (post.kind === 'ptime' && post.period) return processingTimesPostReply(ctx, await ctx.core.processingTimes.update(post.period.to), post.period.to);
  const digest = digestReply(ctx, post);
  const types = [...new Set(roundsOf(ctx, post).map((draw) => draw.category.id))];
  if (!types.length) return digest;
  const { image } = await renderTrendChart(ctx, { types });
  return image ? { ...digest, image } : digest;
}

/** What a planned post becomes when its turn comes: the digest, in its chat's language. */
export function renderPost(answering: Answering, post: Post, subscription: Subscription): Promise<Reply> {
  const chat = { platform: subscription.platform, id: subscription.chatId, kind: subscription.group ? 'group' : 'private' } as const;
  return digestPost(commandContext(answering, { locale: subscription.locale, chat, canAdminister: false }), post);
}

/**
 * renderPost for a fan-out: a post depends on its rounds, the language and the kind of chat, not
 * on the chat, so each is built (and its picture drawn) once and shared by every chat receiving it.
 */
export function postRenderer(answering: Answering, remember = 32): (post: Post, subscription: Subscription) => Promise<Reply> {
  const built = new Map<string, Promise<Reply>>();
  return (post, subscription) => {
    const key = [post.kind, post.rounds.join(','), post.period?.from, post.period?.to, subscription.locale, subscription.platform, subscription.group].join('|');
    let reply = built.get(key);
    if (!reply) {
      if (built.size >= remember) built.delete(built.keys().next().value!);
      reply = renderPost(answering, post, subscription);
      built.set(key, reply);
      // A failed build is not kept: the next chat tries again.
      reply.catch(() => built.delete(key));
    }
    return reply;
  };
}

/** The post's rounds that the history holds, in the post's order. */
function roundsOf({ core }: CommandContext, post: Pick<Post, 'rounds'>): Draw[] {
  return post.rounds.map((number) => core.queries.round(number)).filter((draw): draw is Draw => draw !== undefined);
}

function previousOfType(ctx: CommandContext, draw: Draw): Draw | undefined {
  const ofType = ctx.core.queries.ofCategory(draw.category.id);
  const index = ofType.indexOf(draw);
  return index >= 0 ? ofType[index + 1] : undefined;
}

function roundLine(ctx: CommandContext, draw: Draw): string {
  const { t, format } = ctx;
  const previous = previousOfType(ctx, draw);
  const change = previous ? t.digest.change(format.delta(draw.crs - previous.crs), roundRef(ctx, previous)) : null;
  return t.digest.roundLine(postRound(ctx, draw), typeName(ctx, draw.category.id), format.number(draw.invitations), format.number(draw.crs), change, postTieBreak(ctx, draw));
}

/** "#411 (April 15, 2026 at 10:43:11 UTC)": the date and time of the round, as IRCC's page gives them. */
function postRound({ t, format }: CommandContext, draw: Draw): string {
  if (draw.roundAt) return t.digest.round(draw.number, format.instantUtc(draw.roundAt));
  const date = format.date(draw.date);
  return t.digest.round(draw.number, draw.roundAtText ? t.digest.timeAsPublished(date, draw.roundAtText) : date);
}

/** The tie-breaking rule, named: a post's line must say what it is, and what IRCC did not publish. */
function postTieBreak({ t, format }: CommandContext, draw: Draw): string {
  if (draw.tieBreakAt) return t.digest.tieBreak(format.instantUtc(draw.tieBreakAt));
  return draw.tieBreakAtText ? t.digest.tieBreakAsPublished(draw.tieBreakAtText) : t.digest.tieBreakNone;
}

function roundTable(ctx: CommandContext, draws: Draw[]): ReplyTable {
  const { t, format } = ctx;
  return {
    columns: [
      // A catch-up names its rounds: on a phone, a line each rather than a table without numbers.
      { label: t.history.columns.number },
      { label: t.history.columns.date },
      { label: t.cutoffs.columns.type },
      { label: t.history.columns.invitations, align: 'right' },
      { label: t.history.columns.crs, align: 'right' },
    ],
    rows: draws.map((draw) => [draw.number, format.shortDate(draw.date), shortTypeName(ctx, draw.category.id), format.number(draw.invitations), format.number(draw.crs)]),
  };
}

function yearToDate(ctx: CommandContext, draw: Draw): string {
  const year = draw.date.slice(0, 4);
  const sameType = ctx.core.queries.ofCategory(draw.category.id).filter((candidate) => candidate.date.startsWith(`${year}-`) && candidate.date <= draw.date);
  const invitations = sameType.reduce((sum, candidate) => sum + candidate.invitations, 0);
  return ctx.t.digest.yearToDate(shortTypeName(ctx, draw.category.id), sameType.length, Number(year), ctx.format.number(invitations));
}
