import { ANY_ROUND, BACKTEST_FROM, OUTLOOK, type NextRoundReport, type TypeOutlook } from '../core/outlook/index.ts';
import { PNP } from '../core/trend.ts';
import type { CommandContext } from './command.ts';
import { footer, shortTypeName, typeName } from './phrases.ts';
import { reply, type Reply, type ReplyField } from './reply.ts';

/**
 * /next's answers: the ranges, the one-line basis, and how often the same method's ranges held
 * in the walk-forward backtest — never a single number, and never without "not a promise".
 */

function period({ t }: CommandContext, asOf: string): string {
  return t.next.period(Number(BACKTEST_FROM.slice(0, 4)), Number(asOf.slice(0, 4)));
}

function target(): number {
  return Math.round(OUTLOOK.coverage * 10);
}

function measured(ctx: CommandContext, { outlook, backtest }: TypeOutlook, type: string | null): string {
  const { t } = ctx;
  if (!backtest.rounds) return t.next.measuredNone(period(ctx, outlook.asOf));
  return t.next.measuredValue(period(ctx, outlook.asOf), type, backtest.rounds, backtest.dateHits, backtest.cutoffHits, target());
}

function basis(ctx: CommandContext, { outlook }: TypeOutlook, type: string | null): string {
  const { t, format } = ctx;
  const first = outlook.basis[0]!;
  const last = outlook.basis.at(-1)!;
  const gaps = t.next.days(outlook.gaps!.low, outlook.gaps!.high);
  if (outlook.type === ANY_ROUND) return t.next.basisAny(outlook.basis.length, format.date(first.date), format.date(last.date), gaps);
  return t.next.basisValue(outlook.basis.length, type ?? '', format.date(first.date), format.date(last.date), gaps, t.next.changes(format.delta(outlook.changes!.low), format.delta(outlook.changes!.high)));
}

function notEnough(ctx: CommandContext, { outlook }: TypeOutlook, type: string | null): string {
  const { t, format } = ctx;
  return t.next.notEnough(type, outlook.recentRounds, format.date(outlook.asOf), outlook.last ? format.date(outlook.last.date) : null, OUTLOOK.basisRounds);
}

/** The fields of one type's outlook: when, cut-off, basis, how often it held. */
function outlookFields(ctx: CommandContext, report: TypeOutlook, type: string): ReplyField[] {
  const { t, format } = ctx;
  const { outlook } = report;
  const fields: ReplyField[] = [];
  if (outlook.status === 'ok') fields.push({ label: t.next.when, value: t.next.window(format.date(outlook.window!.from), format.date(outlook.window!.to)) });
  else fields.push({ label: t.next.when, value: t.next.overdue(type, format.date(outlook.last!.date), format.number(outlook.daysSince!), format.number(outlook.gaps!.high)) });
  if (outlook.cutoff) {
    fields.push({ label: outlook.status === 'ok' ? t.next.cutoff : t.next.cutoffWhenever, value: t.next.band(format.number(outlook.cutoff.low), format.number(outlook.cutoff.high)) });
  }
  fields.push({ label: t.next.basis, value: basis(ctx, report, type) }, { label: t.next.measured, value: measured(ctx, report, type) });
  return fields;
}

/** /next <type>: one type's outlook. */
export function typeOutlookReply(ctx: CommandContext, report: TypeOutlook): Reply {
  const { t, format } = ctx;
  const { outlook } = report;
  const type = shortTypeName(ctx, outlook.type);
  const title = t.next.title(typeName(ctx, outlook.type));
  const latest = outlook.last ? [{ label: t.next.latest, value: t.next.latestValue(t.common.round(outlook.last.numbers.at(-1)!, format.date(outlook.last.date)), outlook.last.crs === null ? null : format.number(outlook.last.crs)) }] : [];
  const pnp = outlook.type === PNP ? [t.common.pnpNote] : [];
  if (outlook.status === 'not-enough') {
    const tested = report.backtest.rounds ? [{ label: t.next.measured, value: measured(ctx, report, type) }] : [];
    return reply({ title, lines: [t.next.disclaimer, notEnough(ctx, report, type)], fields: [...latest, ...tested], notes: pnp, footer: footer(ctx) });
  }
  return reply({ title, lines: [t.next.disclaimer, t.next.asOf(format.date(outlook.asOf))], fields: [...outlookFields(ctx, report, type), ...latest], notes: [...pnp, t.next.method], footer: footer(ctx) });
}

/** /next: the next round of any type, then each type in a short table. */
export function nextRoundReply(ctx: CommandContext, report: NextRoundReport): Reply {
  const { t, format } = ctx;
  const shown = report.types.filter(({ outlook }) => outlook.status !== 'not-enough');
  const missing = report.types.filter(({ outlook }) => outlook.status === 'not-enough').map(({ outlook }) => shortTypeName(ctx, outlook.type));
  const any = report.any.outlook;
  const anyValue = any.status === 'ok'
    ? `${t.next.window(format.date(any.window!.from), format.date(any.window!.to))} — ${basis(ctx, report.any, null)}; ${measured(ctx, report.any, null)}`
    : any.status === 'overdue'
      ? t.next.overdue(null, format.date(any.last!.date), format.number(any.daysSince!), format.number(any.gaps!.high))
      : notEnough(ctx, report.any, null);
  const range = (low: number, high: number) => (low === high ? format.number(low) : `${format.number(low)}–${format.number(high)}`);
  return reply({
    title: t.next.title(null),
    lines: [t.next.disclaimer, t.next.asOf(format.date(report.asOf))],
    fields: [{ label: t.next.anyRound, value: anyValue }],
    table: shown.length
      ? {
          columns: [{ label: t.next.columns.type }, { label: t.next.columns.when }, { label: t.next.columns.cutoff, align: 'right' }, { label: t.next.columns.held, align: 'right' }],
          rows: shown.map(({ outlook, backtest }) => [
            `${shortTypeName(ctx, outlook.type)}${outlook.type === PNP ? '*' : ''}`,
            outlook.window ? (outlook.window.from === outlook.window.to ? format.shortDate(outlook.window.from) : `${format.shortDate(outlook.window.from)} – ${format.shortDate(outlook.window.to)}`) : t.next.overdueCell(format.shortDate(outlook.last!.date)),
            outlook.cutoff ? range(outlook.cutoff.low, outlook.cutoff.high) : '—',
            backtest.rounds ? t.next.heldCell(backtest.dateHits, backtest.cutoffHits ?? 0, backtest.rounds) : '—',
          ]),
        }
      : undefined,
    notes: [
      ...(shown.length ? [t.next.heldNote(period(ctx, report.asOf), target())] : []),
      // A short name may end with a period ("Cadres sup."): the sentence's own is not doubled.
      ...(missing.length ? [t.next.notEnoughList(missing.join(', ')).replace(/\.\.$/, '.')] : []),
      ...(shown.some(({ outlook }) => outlook.type === PNP) ? [`*${t.common.pnpNote}`] : []),
      t.next.method,
    ],
    footer: footer(ctx),
  });
}
