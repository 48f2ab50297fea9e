import { defineCommand } from '../src/chat/command.ts';
import { option } from '../src/chat/options.ts';
import { nextRoundReply, typeOutlookReply } from '../src/chat/outlook.ts';
import { nextRoundReport, typeOutlook } from '../src/core/outlook/index.ts';

export default defineCommand({
  name: 'next',
  localNames: { fr: 'prochaine' },
  description: {
    en: 'When the next round may come and its cut-off: ranges from past rounds, and how often they held',
    fr: 'Quand la prochaine ronde pourrait venir, et sa note : des intervalles, et leur fiabilité mesurée',
  },
  options: {
    category: option.category({ description: { en: 'Round type (e.g. cec, french, pnp); default: every type', fr: 'Type de ronde (p. ex. cec, francais, pcp); par défaut : tous' } }),
  },
  run(ctx, { category }) {
    const draws = ctx.core.queries.all;
    if (category) return typeOutlookReply(ctx, typeOutlook(draws, category, ctx.today));
    const types = ctx.core.categories.categories.filter((each) => each.kind !== 'other').map((each) => each.id);
    return nextRoundReply(ctx, nextRoundReport(draws, types, ctx.today));
  },
});
