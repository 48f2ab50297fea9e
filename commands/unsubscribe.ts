import { describeSubscription, errorReply, footer, nextSummary } from '../src/chat/phrases.ts';
import { defineCommand } from '../src/chat/command.ts';
import { option } from '../src/chat/options.ts';
import { subscriptionId, unsubscribe } from '../src/core/subscriptions.ts';
import { reply } from '../src/chat/reply.ts';

export default defineCommand({
  name: 'unsubscribe',
  localNames: { fr: 'desabonner' },
  description: { en: 'Stop posts in this chat (all, some types, "weekly" or "ptime")', fr: 'Arrêter les publications ici (toutes, certains types, « hebdo » ou « délais »)' },
  admin: true,
  chatSettings: 'write',
  options: {
    types: option.roundTypes({ description: { en: 'Round types, "weekly" and/or "ptime" to stop (empty: stop everything)', fr: 'Types de ronde, « hebdo » et/ou « délais » à arrêter (vide : tout arrêter)' } }),
  },
  async run(ctx, { types }) {
    const { t, chat, subscriptions, core } = ctx;
    if (!subscriptions || chat.platform === 'console') return errorReply(ctx, [t.subscriptions.notHere]);
    const existing = await subscriptions.get(subscriptionId(chat.platform, chat.id));
    if (!existing) return reply({ title: t.subscriptions.title, lines: [t.subscriptions.none], footer: footer(ctx) });
    const allTypes = core.categories.categories.filter((category) => category.kind !== 'other').map((category) => category.id);
    const change = { categories: types?.categories ?? [], periodic: types?.periodic ?? false, processingTimes: types?.processingTimes ?? false, all: !types || (!types.categories.length && !types.periodic && !types.processingTimes) };
    const updated = unsubscribe(existing, change, allTypes, ctx.now.toISOString());
    if (!updated) {
      await subscriptions.remove(existing.id);
      return reply({ title: t.subscriptions.title, lines: [t.subscriptions.unsubscribed], footer: footer(ctx) });
    }
    await subscriptions.save(updated);
    return reply({ title: t.subscriptions.title, lines: [t.subscriptions.changed(describeSubscription(ctx, updated)), ...nextSummary(ctx, updated)], footer: footer(ctx) });
  },
});
