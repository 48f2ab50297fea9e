import type { Broadcast } from '../../core/broadcasts.ts';
import type { Platform, Subscription } from '../../core/subscriptions.ts';
import type { Locale } from '../../i18n/locales.ts';

/** Rows as pg returns them, and their domain values: timestamps are Dates there, ISO strings here. */

export interface SubscriptionRow {
  id: string;
  platform: Platform;
  chat_id: string;
  is_group: boolean;
  locale: Locale;
  categories: string[] | null;
  each_round: boolean;
  periodic: boolean;
  processing_times: boolean;
  created_at: Date;
  updated_at: Date;
  disabled_at: Date | null;
  disabled_reason: string | null;
}

export const SUBSCRIPTION_COLUMNS = 'id, platform, chat_id, is_group, locale, categories, each_round, periodic, processing_times, created_at, updated_at, disabled_at, disabled_reason';

export function subscriptionOf(row: SubscriptionRow): Subscription {
  return {
    id: row.id,
    platform: row.platform,
    chatId: row.chat_id,
    group: row.is_group,
    locale: row.locale,
    categories: row.categories,
    eachRound: row.each_round,
    periodic: row.periodic,
    processingTimes: row.processing_times,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    disabled: row.disabled_at && row.disabled_reason !== null ? { at: row.disabled_at.toISOString(), reason: row.disabled_reason } : null,
  };
}

/** Many subscriptions as one statement's parameters, a column each (unnest). */
export function subscriptionColumns(subscriptions: readonly Subscription[]): unknown[] {
  return [
    subscriptions.map((each) => each.id),
    subscriptions.map((each) => each.platform),
    subscriptions.map((each) => each.chatId),
    subscriptions.map((each) => each.group),
    subscriptions.map((each) => each.locale),
    // A text[] per row cannot go through unnest: as JSON, read back with jsonb.
    subscriptions.map((each) => (each.categories === null ? null : JSON.stringify(each.categories))),
    subscriptions.map((each) => each.eachRound),
    subscriptions.map((each) => each.periodic),
    subscriptions.map((each) => each.processingTimes),
    subscriptions.map((each) => each.createdAt),
    subscriptions.map((each) => each.updatedAt),
    subscriptions.map((each) => each.disabled?.at ?? null),
    subscriptions.map((each) => each.disabled?.reason ?? null),
  ];
}

export const UPSERT_SUBSCRIPTIONS = `
  INSERT INTO subscriptions (${SUBSCRIPTION_COLUMNS})
  SELECT id, platform, chat_id, is_group, locale,
         CASE WHEN categories IS NULL THEN NULL ELSE ARRAY(SELECT jsonb_array_elements_text(categories::jsonb)) END,
         each_round, periodic, processing_times, created_at, updated_at, disabled_at, disabled_reason
  FROM unnest($1::text[], $2::text[], $3::text[], $4::boolean[], $5::text[], $6::text[], $7::boolean[], $8::boolean[], $9::boolean[], $10::timestamptz[], $11::timestamptz[], $12::timestamptz[], $13::text[])
    AS given (id, platform, chat_id, is_group, locale, categories, each_round, periodic, processing_times, created_at, updated_at, disabled_at, disabled_reason)
  ON CONFLICT (id) DO UPDATE SET
    platform = EXCLUDED.platform, chat_id = EXCLUDED.chat_id, is_group = EXCLUDED.is_group, locale = EXCLUDED.locale,
    categories = EXCLUDED.categories, each_round = EXCLUDED.each_round, periodic = EXCLUDED.periodic, processing_times = EXCLUDED.processing_times,
    created_at = EXCLUDED.created_at, updated_at = EXCLUDED.updated_at,
    disabled_at = EXCLUDED.disabled_at, disabled_reason = EXCLUDED.disabled_reason`;

export interface BroadcastRow {
  id: string;
  kind: Broadcast['kind'];
  period_from: string | null;
  period_to: string | null;
  created_at: Date;
  audience: string[];
  variants: string[][];
  variant_of: number[];
}

export const BROADCAST_COLUMNS = 'id, kind, period_from::text AS period_from, period_to::text AS period_to, created_at, audience, variants, variant_of';

export function broadcastOf(row: BroadcastRow): Broadcast {
  return {
    id: row.id,
    kind: row.kind,
    period: row.period_from && row.period_to ? { from: row.period_from, to: row.period_to } : null,
    createdAt: row.created_at.toISOString(),
    audience: row.audience,
    variants: row.variants,
    variantOf: row.variant_of,
  };
}
