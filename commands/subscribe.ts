import { describeSubscription, errorReply, footer, nextSummary } from '../src/chat/phrases.ts';
import { defineCommand } from '../src/chat/command.ts';
import { option } from '../src/chat/options.ts';
import { subscribe, subscriptionId } from '../src/core/subscriptions.ts';
import { reply } from '../src/chat/reply.ts';

export default defineCommand({
  name: 'subscribe',
  localNames: { fr: 'abonner' },
  aliases: ['abonnement'],
  description: { en: 'Post new rounds in this chat (all, or some types; "weekly": a summary; "ptime": processing times)', fr: 'Publier les nouvelles rondes ici (toutes ou certains types; « hebdo » : résumé; « délais » : délais)' },
  admin: true,
  chatSettings: 'write',
  options: {
    types: option.roundTypes({ description: { en: 'Round types, "weekly", "ptime", e.g. stem french weekly (empty: every round)', fr: 'Types de ronde, « hebdo », « délais », p. ex. stim francais hebdo (vide : chaque ronde)' } }),
  },
  async run(ctx, { types }) {
    const { t, chat, subscriptions } = ctx;
    if (!subscriptions || chat.platform === 'console') return errorReply(ctx, [t.subscriptions.notHere]);
    const id = subscriptionId(chat.platform, chat.id);
    const updated = subscribe(await subscriptions.get(id), types ?? { categories: [], periodic: false, processingTimes: false }, {
      platform: chat.platform,
      chatId: chat.id,
      group: chat.kind !== 'private',
      locale: ctx.locale,
      at: ctx.now.toISOString(),
    });
    await subscriptions.save(updated);
    return reply({
      title: t.subscriptions.title,
      lines: [t.subscriptions.subscribed(describeSubscription(ctx, updated)), ...nextSummary(ctx, updated), t.subscriptions.language(t.subscriptions.languageNames[updated.locale])],
      footer: footer(ctx),
      visibility: 'public',
    });
  },
});
