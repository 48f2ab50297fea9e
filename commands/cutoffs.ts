import { footer, shortTypeName } from '../src/chat/phrases.ts';
import { defineCommand } from '../src/chat/command.ts';
import { option } from '../src/chat/options.ts';
import { reply } from '../src/chat/reply.ts';

export default defineCommand({
  name: 'cutoffs',
  localNames: { fr: 'notes' },
  aliases: ['cutoff'],
  description: { en: 'Cut-offs and invitations by round type for a year', fr: 'Notes de passage et invitations par type de ronde pour une année' },
  options: {
    year: option.integer({ min: 2015, max: 2100, description: { en: 'Year (default: this year)', fr: 'Année (par défaut : cette année)' } }),
  },
  run(ctx, args) {
    const { core, t, format } = ctx;
    const thisYear = Number(ctx.today.slice(0, 4));
    const year = args.year ?? thisYear;
    const summary = core.queries.year(year);
    const years = core.queries.years();
    if (!summary.rounds) {
      return reply({ title: t.cutoffs.title(year), lines: [t.cutoffs.none(year, Math.min(...years), Math.max(...years))], footer: footer(ctx) });
    }
    const held = core.queries.all.filter((draw) => draw.date.startsWith(`${year}-`));
    const dash = '—';
    const columns = [
      { label: t.cutoffs.columns.type },
      { label: t.cutoffs.columns.rounds, align: 'right' as const },
      { label: t.cutoffs.columns.invitations, align: 'right' as const },
      { label: t.cutoffs.columns.share, align: 'right' as const },
      ...(summary.plan ? [{ label: t.cutoffs.columns.plan, align: 'right' as const }] : []),
      // The cut-off and its date in columns of their own: a date's width never shifts the number.
      { label: t.cutoffs.columns.last, align: 'right' as const },
      { label: t.cutoffs.columns.lastDate },
    ];
    const rows = summary.types.map((type) => [
      shortTypeName(ctx, type.category),
      format.number(type.rounds),
      format.number(type.invitations),
      type.share === null ? dash : format.percent(type.share),
      ...(summary.plan ? [type.planShare === null ? dash : format.percent(type.planShare)] : []),
      ...(type.latest ? [format.number(type.latest.crs), format.shortDate(type.latest.date)] : [dash, t.cutoffs.notHeld]),
    ]);
    const outside = summary.outsidePlan?.categories.length
      ? t.cutoffs.outside(format.list(summary.outsidePlan.categories.map((id) => shortTypeName(ctx, id))), format.number(summary.outsidePlan.invitations))
      : null;
    return reply({
      title: t.cutoffs.title(year),
      lines: [t.cutoffs.summary(format.number(summary.invitations), summary.rounds, format.date(held.at(-1)!.date), format.date(held[0]!.date), year === thisYear)],
      table: { columns, rows },
      notes: [summary.plan ? t.cutoffs.planNote(year, outside) : t.cutoffs.noPlan, ...(summary.types.some((type) => type.category === 'pnp') ? [t.common.pnpNote] : [])],
      footer: footer(ctx),
    });
  },
});
