import type { Draw } from './draw.ts';
import type { Locale } from '../i18n/locales.ts';

/** The platforms posts go to, in the order a broadcast's audience lists them. */
export const PLATFORMS = ['telegram', 'discord'] as const;
export type Platform = (typeof PLATFORMS)[number];

/** A chat that asked for rounds to be posted to it (DESIGN.md, "Digests and delivery"). */
export interface Subscription {
  /** `${platform}:${chatId}` */
  id: string;
  platform: Platform;
  chatId: string;
  /** Whether the chat is a group or channel (Telegram paces those more slowly). */
  group: boolean;
  /** Language of the posts: the one of the admin who last changed the subscription. */
  locale: Locale;
  /** Round types wanted; null = every round. */
  categories: string[] | null;
  /** Post each new round as IRCC publishes it. */
  eachRound: boolean;
  /** Post a summary of the period's rounds on DIGEST_CRON. */
  periodic: boolean;
  /**
   * Issue 20 (/subscribe ptime): post when IRCC publishes new processing times. Added by
   * subscriptions.json schema 2 (false for every chat subscribed before).
   */
  processingTimes: boolean;
  createdAt: string;
  updatedAt: string;
  /** Set when the platform said the bot can no longer post here (blocked, kicked, no access). */
  disabled: { at: string; reason: string } | null;
}

/** What subscriptions look like to commands; the store implements it. */
export interface SubscriptionBook {
  get(id: string): Promise<Subscription | undefined>;
  /** Rejects with a NotSavedError (core/not-saved.ts) when the change could not be stored: nothing of it was kept. */
  save(subscription: Subscription): Promise<void>;
  /** Rejects as save() does. */
  remove(id: string): Promise<void>;
}

export function subscriptionId(platform: Platform, chatId: string): string {
  return `${platform}:${chatId}`;
}

/** The platform a subscription id names (see subscriptionId). */
export function platformOf(subscriptionId: string): Platform {
  const prefix = subscriptionId.slice(0, subscriptionId.indexOf(':'));
  const platform = PLATFORMS.find((candidate) => candidate === prefix);
  if (!platform) throw new Error(`"${subscriptionId}" is not a subscription id (expected telegram:… or discord:…)`);
  return platform;
}

export function wants(subscription: Subscription, draw: Draw): boolean {
  return subscription.categories === null || subscription.categories.includes(draw.category.id);
}

export interface SubscriptionChange {
  categories: string[];
  periodic: boolean;
  /** "ptime": IRCC's new processing times (issue 20). */
  processingTimes?: boolean;
}

/**
 * /subscribe: with no words, every round; with round types, those are added to the filter;
 * "weekly" turns the periodic summary on, "ptime" the posts of IRCC's new processing times. A
 * disabled subscription is enabled again (the admin is back in the chat).
 */
export function subscribe(
  existing: Subscription | undefined,
  change: SubscriptionChange,
  chat: { platform: Platform; chatId: string; group: boolean; locale: Locale; at: string },
): Subscription {
  const base: Subscription = existing ?? {
    id: subscriptionId(chat.platform, chat.chatId),
    platform: chat.platform,
    chatId: chat.chatId,
    group: chat.group,
    locale: chat.locale,
    categories: null,
    eachRound: false,
    periodic: false,
    processingTimes: false,
    createdAt: chat.at,
    updatedAt: chat.at,
    disabled: null,
  };
  // "weekly" and/or "ptime" alone leave the posts of each round as they were.
  const onlyPeriodic = (change.periodic || Boolean(change.processingTimes)) && !change.categories.length;
  const categories = onlyPeriodic
    ? base.categories
    : change.categories.length
      ? base.eachRound && base.categories === null ? null : unique([...(base.categories ?? []), ...change.categories])
      : null;
  return {
    ...base,
    group: chat.group,
    locale: chat.locale,
    categories,
    eachRound: onlyPeriodic ? base.eachRound : true,
    periodic: base.periodic || change.periodic,
    processingTimes: base.processingTimes || Boolean(change.processingTimes),
    updatedAt: chat.at,
    disabled: null,
  };
}

/**
 * /unsubscribe: with no words, everything stops (null: remove the subscription); round types are
 * taken out of the filter ("every round" becomes every type but those); "weekly" stops the summary,
 * "ptime" the processing-times posts.
 */
export function unsubscribe(existing: Subscription, change: SubscriptionChange & { all: boolean }, allTypes: string[], at: string): Subscription | null {
  if (change.all) return null;
  let { categories, eachRound } = existing;
  if (change.categories.length) {
    categories = (categories ?? allTypes).filter((id) => !change.categories.includes(id));
    if (!categories.length) eachRound = false;
  }
  const periodic = existing.periodic && !change.periodic;
  const processingTimes = existing.processingTimes && !change.processingTimes;
  if (!eachRound && !periodic && !processingTimes) return null;
  return { ...existing, categories, eachRound, periodic, processingTimes, updatedAt: at };
}

function unique(ids: string[]): string[] {
  return [...new Set(ids)];
}
