import type { Subscription } from '../../src/core/subscriptions.ts';
import { subscriptionId } from '../../src/core/subscriptions.ts';

/** A subscription as /subscribe would leave it. */
export function subscription(chatId: string, overrides: Partial<Subscription> = {}): Subscription {
  const platform = overrides.platform ?? 'telegram';
  return {
    id: subscriptionId(platform, chatId),
    platform,
    chatId,
    group: false,
    locale: 'en',
    categories: null,
    eachRound: true,
    periodic: false,
    processingTimes: false,
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    disabled: null,
    ...overrides,
  };
}
