import { footer, roundRef } from '../src/chat/phrases.ts';
import { defineCommand } from '../src/chat/command.ts';
import { renderPoolChart } from '../src/render/charts/index.ts';
import { reply } from '../src/chat/reply.ts';

export default defineCommand({
  name: 'pool',
  localNames: { fr: 'bassin' },
  aliases: ['distribution', 'repartition'],
  description: { en: 'The latest CRS distribution of candidates in the pool', fr: 'La plus récente répartition des notes SCG des candidats du bassin' },
  options: {},
  async run(ctx) {
    const { core, t, format } = ctx;
    const draw = core.queries.latestPool();
    if (!draw?.pool) return reply({ title: t.pool.title, lines: [t.pool.none], footer: footer(ctx) });
    const { pool } = draw;
    const range = (from: number, to: number) => `${from}–${to}`;
    const rows: string[][] = [];
    // As IRCC lays it out: each subtotal, then its parts indented.
    for (const band of pool.bands) {
      const subtotal = pool.subtotals.find((candidate) => band.from >= candidate.from && band.to <= candidate.to);
      if (subtotal?.to === band.to) rows.push([range(subtotal.from, subtotal.to), format.number(subtotal.count)]);
      rows.push([`${subtotal ? '  ' : ''}${range(band.from, band.to)}`, format.number(band.count)]);
    }
    rows.push([t.pool.total, format.number(pool.total)]);
    return reply({
      title: t.pool.title,
      lines: [t.pool.summary(pool.asOf ? format.date(pool.asOf) : t.common.notPublished, roundRef(ctx, draw), format.number(pool.total))],
      table: { columns: [{ label: t.pool.columns.range }, { label: t.pool.columns.candidates, align: 'right' }], rows },
      notes: [t.pool.note],
      image: (await renderPoolChart(ctx)) ?? undefined,
      footer: footer(ctx),
    });
  },
});
