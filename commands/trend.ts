import { footer, roundRef } from '../src/chat/phrases.ts';
import { defineCommand } from '../src/chat/command.ts';
import { option } from '../src/chat/options.ts';
import { inLanguage } from '../src/core/text.ts';
import { seriesStats } from '../src/core/trend.ts';
import { periodTitle, renderTrendChart, trendTypes } from '../src/render/charts/index.ts';
import { DEFAULT_PERIOD } from '../src/core/period.ts';
import { reply } from '../src/chat/reply.ts';

export default defineCommand({
  name: 'trend',
  localNames: { fr: 'tendance' },
  aliases: ['trends', 'chart', 'graph', 'graphique', 'tendances'],
  description: { en: 'A chart of CRS cut-offs and invitations over time, for every round type or the ones named', fr: 'Graphique des notes de passage et des invitations dans le temps, tous types de ronde ou ceux nommés' },
  options: {
    category: option.categories({ description: { en: 'Round type(s), e.g. cec or cec, french (default: every type but PNP)', fr: 'Type(s) de ronde, p. ex. cec ou cec, francais (par défaut : tous sauf le PCP)' } }),
    period: option.period({ description: { en: 'Period: 6m, 12m, 2y, a year such as 2024, or all (default 12m)', fr: 'Période : 6m, 12m, 2a, une année comme 2024, ou tout (12m par défaut)' } }),
  },
  async run(ctx, { category, period }) {
    const { t, format } = ctx;
    const { chart, image } = await renderTrendChart(ctx, { types: category, period });
    const { trend } = chart;
    const types = trendTypes(ctx, trend);
    const from = format.date(trend.window.from);
    const to = format.date(trend.window.to);
    const pnp = trend.series.some((series) => series.category === 'pnp');
    // The periods are said when nothing fell in the one asked for (and in /help): not under every chart.
    const notes = [...(trend.pnpLeftOut ? [t.trend.pnpLeftOut(format.number(trend.pnpLeftOut))] : []), ...(pnp ? [t.common.pnpNote] : [])];

    if (!trend.draws.length) {
      // Nothing in the period: say when the last round of these types was, if there ever was one.
      const last = trend.series.map((series) => ctx.core.queries.ofCategory(series.category)[0]).filter((draw) => draw !== undefined).sort((a, b) => b.date.localeCompare(a.date))[0];
      const lines = trend.overview || last ? [t.trend.none(types, from, to), ...(last ? [t.trend.last(roundRef(ctx, last), format.number(last.crs))] : [])] : [t.trend.never(types ?? '')];
      return reply({ title: chart.title, lines, notes: [t.trend.usage], footer: footer(ctx) });
    }

    const invitations = trend.draws.reduce((sum, draw) => sum + draw.invitations, 0);
    const lines = [
      ...(trend.widened ? [t.trend.widened(types, trend.defaultRounds, periodTitle(ctx, DEFAULT_PERIOD, trend.dataEnds))] : []),
      t.trend.summary(from, to, format.number(trend.draws.length), format.number(invitations)),
    ];
    const rows = trend.series.map((series) => {
      const stats = seriesStats(series.draws);
      const category = ctx.core.categories.get(series.category);
      const name = category ? inLanguage(category.short, ctx.locale) : series.category;
      if (!stats) return [name, '0', '0', '—', t.trend.noRound, '—'];
      return [
        name,
        format.number(stats.rounds),
        format.number(stats.invitations),
        format.number(stats.latest.crs),
        format.shortDate(stats.latest.date),
        `${format.number(stats.lowest.crs)}–${format.number(stats.highest.crs)}`,
      ];
    });
    return reply({
      title: chart.title,
      lines,
      table: {
        columns: [
          { label: t.trend.columns.type },
          { label: t.trend.columns.rounds, align: 'right' },
          { label: t.trend.columns.invitations, align: 'right' },
          { label: t.trend.columns.latest, align: 'right' },
          { label: t.trend.columns.latestDate },
          { label: t.trend.columns.range, align: 'right' },
        ],
        rows,
      },
      notes,
      image: image ?? undefined,
      footer: footer(ctx),
    });
  },
});
