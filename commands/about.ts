import { footer, ROUNDS_PAGE } from '../src/chat/phrases.ts';
import { defineCommand } from '../src/chat/command.ts';
import { reply } from '../src/chat/reply.ts';

export default defineCommand({
  name: 'about',
  localNames: { fr: 'apropos' },
  aliases: ['info', 'sources'],
  description: { en: 'Sources, licence, data freshness, and how to report a wrong answer', fr: 'Sources, licence, fraîcheur des données et signalement d’une erreur' },
  options: {},
  run(ctx) {
    const { t, format, core } = ctx;
    const draws = core.queries.all;
    const fields = [];
    if (draws.length) fields.push({ label: t.about.rounds, value: t.about.roundsValue(format.number(draws.length), format.date(draws.at(-1)!.date), format.date(draws[0]!.date)) });
    fields.push(
      { label: t.about.lists, value: t.about.listsValue(core.categories.versions.length, core.categories.versions.filter((version) => version.uncertain).length) },
      { label: t.about.noc, value: t.about.nocValue },
      { label: t.about.licence, value: t.about.licenceValue },
      { label: t.about.report, value: t.about.reportValue },
    );
    return reply({ title: t.about.title, lines: [t.about.line], fields, link: { label: t.about.link, url: ROUNDS_PAGE }, footer: footer(ctx) });
  },
});
