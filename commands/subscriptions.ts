import { describeSubscription, errorReply, footer, nextSummary } from '../src/chat/phrases.ts';
import { defineCommand } from '../src/chat/command.ts';
import { subscriptionId } from '../src/core/subscriptions.ts';
import { reply } from '../src/chat/reply.ts';

export default defineCommand({
  name: 'subscriptions',
  localNames: { fr: 'abonnements' },
  description: { en: 'What this chat receives', fr: 'Ce que cette discussion reçoit' },
  chatSettings: 'read',
  options: {},
  async run(ctx) {
    const { t, chat, subscriptions, format } = ctx;
    if (!subscriptions || chat.platform === 'console') return errorReply(ctx, [t.subscriptions.notHere]);
    const subscription = await subscriptions.get(subscriptionId(chat.platform, chat.id));
    if (!subscription) return reply({ title: t.subscriptions.title, lines: [t.subscriptions.none], footer: footer(ctx) });
    const lines = [t.subscriptions.receives(describeSubscription(ctx, subscription)), ...nextSummary(ctx, subscription), t.subscriptions.language(t.subscriptions.languageNames[subscription.locale])];
    if (subscription.disabled) lines.push(t.subscriptions.disabled(subscription.disabled.reason, format.date(subscription.disabled.at.slice(0, 10))));
    return reply({ title: t.subscriptions.title, lines, footer: footer(ctx) });
  },
});
