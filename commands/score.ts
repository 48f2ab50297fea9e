import { footer, roundRef, shortTypeName, typeName } from '../src/chat/phrases.ts';
import { defineCommand } from '../src/chat/command.ts';
import { option } from '../src/chat/options.ts';
import { frenchMinimum, roundAccess } from '../src/core/round-access.ts';
import { scoreAgainst, type ScoreAgainstType } from '../src/core/score.ts';
import { PNP } from '../src/core/trend.ts';
import { reply } from '../src/chat/reply.ts';
import { standingField } from '../src/chat/crs/answer.ts';

export default defineCommand({
  name: 'score',
  localNames: { fr: 'pointage' },
  description: { en: 'Would a CRS score have made the recent rounds? A look back, not a prediction', fr: 'Une note SCG aurait-elle suffi aux rondes récentes\u00a0? Un regard en arrière, pas une prédiction' },
  options: {
    crs: option.score({ description: { en: 'Your CRS score (0–1200)', fr: 'Votre note SCG (0 à 1\u00a0200)' } }),
    category: option.category({ description: { en: 'One round type (default: every type with a round in the last 12 months)', fr: 'Un type de ronde (par défaut : tous ceux qui ont eu une ronde depuis 12 mois)' } }),
  },
  run(ctx, { crs, category }) {
    const { core, t, format } = ctx;
    const result = scoreAgainst(core, crs, { category, today: ctx.today });
    const title = t.score.title(format.number(crs));
    const verdict = (type: ScoreAgainstType) =>
      type.margin > 0 ? t.score.met(format.number(type.margin)) : type.margin === 0 ? t.score.metExactly : t.score.missed(format.number(-type.margin));
    const pnpShown = result.types.some((type) => type.category === PNP);
    const pnpNotes = pnpShown ? [t.score.pnpNote] : [];
    // A category round invites only those whose occupation (or French) qualifies: never a plain "met".
    const french = t.score.frenchRule(frenchMinimum(core.categories, ctx.today));
    const isCategory = (type: ScoreAgainstType) => roundAccess(core.categories, type.category, ctx.today, null).kind !== 'open';

    if (category) {
      const type = result.types[0];
      const name = typeName(ctx, category);
      if (!type) return reply({ title, lines: [t.score.notPrediction, t.score.none(name)], fields: standingField(ctx, crs), footer: footer(ctx) });
      const access = roundAccess(core.categories, category, ctx.today, null).kind;
      const only = access === 'if-french' ? [t.score.onlyIfFrench(name, french)] : access === 'if-occupation' ? [t.score.onlyIfOccupation(name)] : [];
      return reply({
        title,
        lines: [t.score.notPrediction],
        fields: [
          { label: t.score.latestLabel(shortTypeName(ctx, category)), value: t.score.latestValue(roundRef(ctx, type.latest), format.number(type.latest.crs), verdict(type)) },
          ...type.windows.map((window) => ({
            label: t.score.window(window.months),
            value: window.rounds ? t.score.windowValue(window.met, window.rounds, format.date(window.from)) : t.score.windowNone(shortTypeName(ctx, category), format.date(type.latest.date)),
          })),
          { label: t.score.ever(shortTypeName(ctx, category)), value: t.score.everValue(type.ever.met, type.ever.rounds, format.date(type.ever.since)) },
          ...standingField(ctx, crs),
        ],
        notes: [...only, ...pnpNotes],
        footer: footer(ctx),
      });
    }

    const first = result.types[0];
    if (!first) return reply({ title, lines: [t.score.notPrediction, t.score.noneRecent], fields: standingField(ctx, crs), footer: footer(ctx) });
    const programs = result.types.filter((type) => type.category !== PNP && !isCategory(type));
    const categories = result.types.filter(isCategory);
    const met = (types: ScoreAgainstType[]) => types.filter((type) => type.margin >= 0).length;
    const of = (count: { met: number; rounds: number }) => (count.rounds ? t.score.of(count.met, count.rounds) : '—');
    return reply({
      title,
      lines: [
        t.score.notPrediction,
        t.score.summaryPrograms(met(programs), programs.length),
        ...(categories.length ? [t.score.summaryCategories(met(categories), categories.length, french)] : []),
      ],
      fields: standingField(ctx, crs),
      table: {
        columns: [
          { label: t.score.columns.type },
          { label: t.score.columns.latest },
          { label: t.score.columns.cutoff, align: 'right' },
          { label: t.score.columns.margin, align: 'right' },
          ...first.windows.map((window) => ({ label: t.score.columns.months(window.months), align: 'right' as const })),
        ],
        rows: result.types.map((type) => [
          `${shortTypeName(ctx, type.category)}${type.category === PNP ? '*' : isCategory(type) ? '†' : ''}`,
          format.shortDate(type.latest.date),
          format.number(type.latest.crs),
          format.delta(type.margin),
          ...type.windows.map(of),
        ]),
      },
      notes: [
        ...(result.notRecent.length ? [t.score.notRecent(result.notRecent.map((id) => shortTypeName(ctx, id)).join(', '))] : []),
        ...(result.types.some((type) => type.margin === 0) ? [t.score.tieNote] : []),
        ...(categories.length ? [t.score.categoryNote(french)] : []),
        ...pnpNotes.map((note) => `*${note}`),
      ],
      footer: footer(ctx),
    });
  },
});
