import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { closeSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { commands } from '../commands/index.ts';
import { createTelegramAdapter } from '../src/adapters/telegram/index.ts';
import { createCore } from '../src/core/index.ts';
import { silentLogger } from '../src/core/log.ts';
import type { Subscription } from '../src/core/subscriptions.ts';
import { subscriptionsFile } from '../src/store/lowdb/schema.ts';
import { postRenderer } from '../src/delivery/digest.ts';
import { createPacer, TELEGRAM_LIMITS } from '../src/delivery/pacing.ts';
import { DeliveryWorker } from '../src/delivery/worker.ts';
import type { BotStore } from '../src/store/contract.ts';
import { loadSeeds } from '../src/store/seeds.ts';
import { isDatabase, openBenchStore as openStoreAt } from './stores.ts';

/** The parts of a fan-out run shared by the benchmark and the kill -9 runs (bench/fanout-child.ts). */

export const TOKEN = '123456789:AAbench-token-0123456789abcdefghijkl';
export const BROADCAST_ID = 'rounds|bench|411';

/**
 * `chats` subscriptions written straight to the data folder, a thousand at a time: nothing holds
 * an array of them beside the store's own (what a bot that grew to that many would load).
 */
/** Subscriptions from..to as a bot that grew to that many holds them (a third of them in French). */
export function benchSubscriptions(from: number, to: number, at: string): Subscription[] {
  const subscriptions: Subscription[] = [];
  for (let index = from; index < to; index++) {
    subscriptions.push({
      id: `telegram:${100_000 + index}`, platform: 'telegram', chatId: String(100_000 + index), group: false, locale: index % 3 ? 'en' : 'fr',
      categories: null, eachRound: true, periodic: false, processingTimes: false, createdAt: at, updatedAt: at, disabled: null,
    });
  }
  return subscriptions;
}

/**
 * `chats` subscriptions written straight to a lowdb folder, a thousand at a time: nothing holds
 * an array of them beside the store's own (what a bot that grew to that many would load).
 */
export function writeSubscriptions(dataDir: string, chats: number, at: string): void {
  const file = openSync(join(dataDir, 'subscriptions.json'), 'w');
  writeSync(file, `{"schemaVersion":${subscriptionsFile.version},"subscriptions":[`);
  for (let from = 0; from < chats; from += 1000) {
    const chunk = benchSubscriptions(from, Math.min(chats, from + 1000), at).map((subscription) => JSON.stringify(subscription));
    writeSync(file, `${from ? ',' : ''}${chunk.join(',')}`);
  }
  writeSync(file, ']}\n');
  closeSync(file);
}

/** The store on a place (a lowdb folder or a postgres:// URL) with the shipped history. */
export function openBenchStore(place: string): Promise<BotStore> {
  const draws = loadSeeds().snapshotDraws();
  return openStoreAt(place, { file: 'bench', draws: () => draws });
}

/** `chats` subscribed chats on a place and one round (411) owed to each, as one broadcast. */
export async function prepareFanout(place: string, chats: number, at = new Date().toISOString()): Promise<BotStore> {
  if (!isDatabase(place)) writeSubscriptions(place, chats, at);
  const store = await openBenchStore(place);
  if (isDatabase(place)) {
    for (let from = 0; from < chats; from += 10_000) await store.saveMany(benchSubscriptions(from, Math.min(chats, from + 10_000), at));
  }
  // The audience is the subscription ids the store holds, as the sync would plan them.
  await store.addBroadcast({ id: BROADCAST_ID, kind: 'rounds', period: null, createdAt: at, audience: (await store.listSubscriptions()).map((subscription) => subscription.id), variants: [['411']], variantOf: new Array<number>(chats).fill(0) });
  return store;
}

/** The local Bot API enforcing Telegram's limits scaled in time (bench/telegram-limits-stub.ts), in its own process. */
export async function startLimitsStub(scale: number, blockedEvery = 0): Promise<{ apiRoot: string; process: ChildProcess; stats(): Promise<StubStats> }> {
  const stub = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'telegram-limits-stub.ts')], { env: { ...process.env, SCALE: String(scale), BLOCKED_EVERY: String(blockedEvery) }, stdio: ['ignore', 'pipe', 'inherit'] });
  const [line] = (await once(stub.stdout!, 'data')) as [Buffer];
  const { port } = JSON.parse(line.toString()) as { port: number };
  const apiRoot = `http://127.0.0.1:${port}`;
  return { apiRoot, process: stub, stats: async () => (await (await fetch(`${apiRoot}/stats`)).json()) as StubStats };
}

export interface StubStats {
  /** Chats that received at least one message. */
  accepted: number;
  /** Chats that answered 403 (blocked the bot). */
  blocked: number;
  messages: number;
  /** Chats that received more than one. */
  duplicates: number;
  /** By API root path (which process sent): its first and last accepted message. */
  senders: Record<string, { first: number; last: number; messages: number }>;
  refused: number;
  uploads: number;
  first: number;
  last: number;
}

/** The delivery worker with the real Telegram adapter, as `npm start` builds it, paced `scale`× faster. */
export function fanoutDelivery(store: BotStore, apiRoot: string, scale: number, signal?: AbortSignal) {
  const seeds = loadSeeds();
  const at = new Date().toISOString();
  const core = createCore({ draws: () => store.draws, freshness: () => ({ newest: { number: '411', date: '2026-04-15' }, checkedAt: at, snapshotDate: null }), categories: seeds.categories, noc: seeds.noc, plans: seeds.plans });
  const answering = { core, commands, timeZone: 'America/Toronto' };
  const adapter = createTelegramAdapter({ config: { TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_API_ROOT: apiRoot, TELEGRAM_WEBHOOK_URL: undefined, TELEGRAM_WEBHOOK_PORT: 8443 }, answering, log: silentLogger });
  const worker = new DeliveryWorker({
    store,
    adapters: [adapter],
    pacers: { telegram: createPacer(TELEGRAM_LIMITS, { scale }) },
    render: postRenderer(answering),
    log: silentLogger,
    ...(signal ? { signal } : {}),
  });
  return { adapter, worker };
}
