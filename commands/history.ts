import { footer, shortTypeName, typeName } from '../src/chat/phrases.ts';
import { defineCommand } from '../src/chat/command.ts';
import { option } from '../src/chat/options.ts';
import { reply } from '../src/chat/reply.ts';

const DEFAULT_COUNT = 10;

export default defineCommand({
  name: 'history',
  localNames: { fr: 'historique' },
  aliases: ['draws', 'rounds', 'last50', 'tirages', 'rondes'],
  description: { en: 'The last rounds, of every type or of one, as a table', fr: 'Les dernières rondes, tous types ou d’un type, en tableau' },
  options: {
    category: option.category({ description: { en: 'Round type (e.g. stem, french, pnp; default: every type)', fr: 'Type de ronde (p. ex. stim, francais, pcp; par défaut : tous)' } }),
    count: option.integer({ min: 1, max: 50, description: { en: 'How many rounds (1–50, default 10)', fr: 'Nombre de rondes (1 à 50, 10 par défaut)' } }),
  },
  run(ctx, { category, count = DEFAULT_COUNT }) {
    const { core, t, format } = ctx;
    // No type named: the last rounds of every type in one table, each row saying its type.
    const every = category === undefined;
    const type = every ? null : typeName(ctx, category);
    const all = every ? core.queries.all : core.queries.ofCategory(category);
    if (!all.length) return reply({ title: t.history.title(count, type), lines: [t.history.none(type)], footer: footer(ctx) });
    const shown = all.slice(0, count);
    return reply({
      title: t.history.title(shown.length, type),
      lines: [t.history.summary(all.length, format.date(all.at(-1)!.date))],
      table: {
        columns: [
          { label: t.history.columns.number, optional: true },
          { label: t.history.columns.date },
          ...(every ? [{ label: t.history.columns.type }] : []),
          { label: t.history.columns.invitations, align: 'right' },
          { label: t.history.columns.crs, align: 'right' },
        ],
        rows: shown.map((draw) => [
          draw.number,
          format.shortDate(draw.date),
          ...(every ? [shortTypeName(ctx, draw.category.id)] : []),
          format.number(draw.invitations),
          format.number(draw.crs),
        ]),
      },
      notes: shown.some((draw) => draw.category.id === 'pnp') ? [t.common.pnpNote] : [],
      footer: footer(ctx),
    });
  },
});
