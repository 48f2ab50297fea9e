import { footer, heldAt, listVersion, roundRef, tieBreak, typeName } from '../src/chat/phrases.ts';
import { defineCommand } from '../src/chat/command.ts';
import { option } from '../src/chat/options.ts';
import { addMonths } from '../src/core/period.ts';
import { daysBetween } from '../src/i18n/format.ts';
import { roundName } from '../src/i18n/round-name.ts';
import { reply } from '../src/chat/reply.ts';

/** "Recent" round types, and how many answers a member is offered before typing. */
const RECENT_MONTHS = 12;
const MAX_STARTERS = 8;

export default defineCommand({
  name: 'latest',
  localNames: { fr: 'derniere' },
  aliases: ['last', 'draw', 'newest', 'recent', 'tirage', 'ronde'],
  description: { en: 'The newest round of invitations, overall or of one round type', fr: 'La ronde d’invitations la plus récente, toutes rondes ou d’un type' },
  options: {
    category: option.category({ description: { en: 'Round type or category (e.g. stem, french, pnp)', fr: 'Type de ronde ou catégorie (p. ex. stim, francais, pcp)' } }),
  },
  // Before anything is typed: the newest round, then the newest of each other type held in the last year.
  starters(ctx) {
    const since = addMonths(ctx.today, -RECENT_MONTHS);
    const types = new Set<string>();
    for (const draw of ctx.core.queries.all) {
      if (draw.date < since) break;
      if (ctx.core.categories.get(draw.category.id)?.kind !== 'other') types.add(draw.category.id);
    }
    types.delete(ctx.core.queries.all[0]?.category.id ?? '');
    return ['', ...[...types].slice(0, MAX_STARTERS - 1)];
  },
  run(ctx, { category }) {
    const { core, t, format } = ctx;
    const found = core.queries.latest(category);
    if (!found) return reply({ title: t.latest.title(category ? typeName(ctx, category) : null), lines: [t.latest.none(typeName(ctx, category ?? 'general'))], footer: footer(ctx) });
    const { draw, previous } = found;
    const type = typeName(ctx, draw.category.id);
    const version = draw.category.version ? core.categories.version(draw.category.version) : undefined;
    const change = (before: number, after: number) => `${format.number(before)} → ${format.number(after)} (${format.delta(after - before)})`;
    const held = heldAt(ctx, draw);
    // The figures first, as IRCC's page gives them (and as an inline result's description shows the first two); then the round's instant beside the tie-break's.
    const fields = [
      { label: t.latest.invitations, value: format.number(draw.invitations) },
      { label: t.latest.cutoff, value: format.number(draw.crs) },
      ...(held ? [{ label: t.latest.heldAt, value: held }] : []),
      { label: t.latest.tieBreak, value: tieBreak(ctx, draw) },
      { label: t.latest.programs, value: draw.programs.length ? format.list(draw.programs.map((id) => t.programs[id] ?? id)) : draw.programsText },
      ...(version ? [{ label: t.latest.list, value: listVersion(ctx, version) }] : []),
      previous
        ? {
            label: t.latest.change(type),
            value: t.latest.changeValue(roundRef(ctx, previous), change(previous.crs, draw.crs), change(previous.invitations, draw.invitations), daysBetween(previous.date, draw.date)),
          }
        : { label: t.latest.change(type), value: t.latest.first(type) },
    ];
    return reply({
      title: t.latest.title(category ? type : null),
      lines: [t.latest.headline(roundRef(ctx, draw), roundName(ctx, draw))],
      fields,
      notes: [...(draw.category.id === 'pnp' ? [t.common.pnpNote] : []), ...(draw.category.unknownVersion ? [t.common.newerList(draw.category.unknownVersion)] : [])],
      link: draw.url ? { label: t.common.ministerialInstruction(draw.number), url: draw.url } : undefined,
      footer: footer(ctx),
    });
  },
});
