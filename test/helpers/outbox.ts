import { planBroadcast, type Broadcast, type Period, type Post } from '../../src/core/broadcasts.ts';
import type { Platform, Subscription } from '../../src/core/subscriptions.ts';
import type { BotStore, Delivery } from '../../src/store/contract.ts';

/**
 * The outbox in tests, through the production verbs only: plan a broadcast (the core's audience
 * walk), take, mark. No per-chat view: what each chat got is counted where it arrives (the peers)
 * or in the store's summary.
 */

export const PLANNED_AT = '2026-04-15T16:00:00.000Z';

export interface BroadcastOptions {
  id?: string;
  rounds?: string[];
  kind?: Broadcast['kind'];
  period?: Period | null;
  at?: string;
}

/** A broadcast of the same rounds to each of these chats, as the core plans one (grouped by platform). */
export function broadcastTo(subscriptions: readonly Subscription[], { rounds = ['411'], kind = 'rounds', period = null, at = PLANNED_AT, id = kind === 'periodic' && period ? `periodic|${period.from}..${period.to}` : `rounds|${at}|${rounds.join(',')}` }: BroadcastOptions = {}): Broadcast {
  const broadcast = planBroadcast({ id, kind, period, createdAt: at }, subscriptions, () => rounds);
  if (!broadcast) throw new Error('a broadcast needs an audience');
  return broadcast;
}

/** Saves these subscriptions and plans one broadcast to them. */
export async function planFor(store: BotStore, subscriptions: readonly Subscription[], options: BroadcastOptions = {}): Promise<Broadcast> {
  await store.saveMany(subscriptions);
  const broadcast = broadcastTo(subscriptions, options);
  await store.addBroadcast(broadcast);
  return broadcast;
}

/** Takes everything that may go now on this platform and marks it sent; returns the posts' ids in the order taken. */
export async function deliverAll(store: BotStore, platform: Platform = 'telegram', now = Date.parse(PLANNED_AT)): Promise<string[]> {
  const sent: string[] = [];
  for (let batch = await store.take(platform, 32, now); batch.length; batch = await store.take(platform, 32, now)) {
    for (const delivery of batch) {
      await store.markSent(delivery, new Date(now).toISOString());
      sent.push(delivery.post.id);
    }
  }
  return sent;
}

export const chatIds = (taken: readonly Delivery[]) => taken.map((delivery) => delivery.subscription.chatId);

/** The posts that may go now on this platform, taken and given back (they stay pending, as a crash would leave them). */
export async function pendingPosts(store: BotStore, platform: Platform = 'telegram', now = Date.parse(PLANNED_AT)): Promise<Post[]> {
  const taken: Delivery[] = [];
  for (let batch = await store.take(platform, 100, now); batch.length; batch = await store.take(platform, 100, now)) taken.push(...batch);
  for (const delivery of taken) await store.release(delivery);
  return taken.map((delivery) => delivery.post);
}
