import { footer } from '../src/chat/phrases.ts';
import { defineCommand } from '../src/chat/command.ts';
import { usage } from '../src/chat/names.ts';
import { reply } from '../src/chat/reply.ts';

export default defineCommand({
  name: 'help',
  localNames: { fr: 'aide' },
  aliases: ['commands', 'commandes'],
  description: { en: 'What this bot can answer', fr: 'Ce que ce robot peut répondre' },
  options: {},
  run(ctx) {
    const { t, locale, core } = ctx;
    const ids = core.categories.categories.filter((category) => category.kind !== 'other').map((category) => category.id);
    return reply({
      title: t.help.title,
      lines: ctx.commands.filter((command) => !command.admin || ctx.canAdminister).map((command) => `${usage(command, ctx)} — ${command.description[locale]}`),
      notes: [t.help.categories(ids.join(', ')), t.help.tip],
      footer: footer(ctx),
    });
  },
});
