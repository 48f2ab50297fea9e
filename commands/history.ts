import { footer, typeName } from '../src/chat/phrases.ts';
import { defineCommand } from '../src/chat/command.ts';
import { option } from '../src/chat/options.ts';
import { reply } from '../src/chat/reply.ts';

export default defineCommand({
  name: 'history',
  description: { en: 'The last rounds of one round type, as a table', fr: 'Les dernières rondes d’un type, en tableau' },
  options: {
    category: option.category({ required: true, description: { en: 'Round type or category (e.g. stem, french, pnp)', fr: 'Type de ronde ou catégorie (p. ex. stim, francais, pcp)' } }),
    count: option.integer({ min: 1, max: 25, description: { en: 'How many rounds (1–25, default 10)', fr: 'Nombre de rondes (1 à 25, 10 par défaut)' } }),
  },
  run(ctx, { category, count = 10 }) {
    const { core, t, format } = ctx;
    const id = category!;
    const type = typeName(ctx, id);
    const all = core.queries.ofCategory(id);
    if (!all.length) return reply({ title: t.history.title(count, type), lines: [t.history.none(type)], footer: footer(ctx) });
    const shown = all.slice(0, count);
    return reply({
      title: t.history.title(shown.length, type),
      lines: [t.history.summary(all.length, format.date(all.at(-1)!.date))],
      table: {
        columns: [
          { label: t.history.columns.number },
          { label: t.history.columns.date },
          { label: t.history.columns.invitations, align: 'right' },
          { label: t.history.columns.crs, align: 'right' },
        ],
        rows: shown.map((draw) => [draw.number, format.shortDate(draw.date), format.number(draw.invitations), format.number(draw.crs)]),
      },
      notes: id === 'pnp' ? [t.common.pnpNote] : [],
      footer: footer(ctx),
    });
  },
});
