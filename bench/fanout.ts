import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTelegramAdapter } from '../src/adapters/telegram/index.ts';
import { commands } from '../commands/index.ts';
import { createCore } from '../src/core/index.ts';
import { silentLogger } from '../src/core/log.ts';
import type { Subscription } from '../src/core/subscriptions.ts';
import { createPacer, TELEGRAM_LIMITS } from '../src/delivery/pacing.ts';
import { DeliveryWorker } from '../src/delivery/worker.ts';
import { postRenderer } from '../src/delivery/digest.ts';
import { loadSeeds } from '../src/store/seeds.ts';
import { Store } from '../src/store/store.ts';
import { round } from './measure.ts';

const CHATS = Number(process.env.FANOUT_CHATS ?? 10_000);
/** Telegram's limits, played 10× faster by both sides: 300 messages a second overall. */
const SCALE = Number(process.env.FANOUT_SCALE ?? 10);
const TOKEN = '123456789:AAbench-token-0123456789abcdefghijkl';

/**
 * CHATS subscriptions written straight to the data folder, a thousand at a time: the bench holds
 * no array of them beside the store's own (what a bot that grew to that many would load).
 */
function writeSubscriptions(dataDir: string, at: string): void {
  const file = openSync(join(dataDir, 'subscriptions.json'), 'w');
  writeSync(file, '{"schemaVersion":1,"subscriptions":[');
  for (let from = 0; from < CHATS; from += 1000) {
    const chunk: string[] = [];
    for (let index = from; index < Math.min(CHATS, from + 1000); index++) {
      const subscription: Subscription = {
        id: `telegram:${100_000 + index}`, platform: 'telegram', chatId: String(100_000 + index), group: false, locale: index % 3 ? 'en' : 'fr',
        categories: null, eachRound: true, periodic: false, createdAt: at, updatedAt: at, disabled: null,
      };
      chunk.push(JSON.stringify(subscription));
    }
    writeSync(file, `${from ? ',' : ''}${chunk.join(',')}`);
  }
  writeSync(file, ']}\n');
  closeSync(file);
}

/**
 * Fan-out of one new round to CHATS subscribed Telegram chats: the store on disk, the delivery
 * worker and the real Telegram adapter, against a stub enforcing Telegram's limits (scaled in time).
 * Reported as achieved rate ÷ allowed rate, with losses and the process's peak memory.
 */
export async function benchFanout() {
  const stub = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'telegram-limits-stub.ts')], { env: { ...process.env, SCALE: String(SCALE) }, stdio: ['ignore', 'pipe', 'inherit'] });
  const [line] = (await once(stub.stdout!, 'data')) as [Buffer];
  const { port } = JSON.parse(line.toString()) as { port: number };
  const apiRoot = `http://127.0.0.1:${port}`;
  const dataDir = mkdtempSync(join(tmpdir(), 'eeb-fanout-'));
  try {
    const seeds = loadSeeds();
    const draws = seeds.snapshotDraws();
    const at = new Date().toISOString();
    writeSubscriptions(dataDir, at);
    const store = await Store.open(dataDir, { seed: { file: 'bench', draws: () => draws } });
    // One broadcast: the audience is the subscription ids the store already holds (no copies).
    await store.addBroadcast({ id: 'rounds|bench|411', kind: 'rounds', period: null, createdAt: at, audience: store.subscriptions.map((subscription) => subscription.id), variants: [['411']], variantOf: new Array<number>(CHATS).fill(0) });

    const core = createCore({ draws: () => store.draws, freshness: () => ({ newest: { number: '411', date: '2026-04-15' }, checkedAt: at, snapshotDate: null }), categories: seeds.categories, noc: seeds.noc, plans: seeds.plans });
    const answering = { core, commands, timeZone: 'America/Toronto' };
    const adapter = createTelegramAdapter({ config: { TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_API_ROOT: apiRoot, TELEGRAM_WEBHOOK_URL: undefined, TELEGRAM_WEBHOOK_PORT: 8443 }, answering, log: silentLogger });
    const worker = new DeliveryWorker({
      store,
      adapters: [adapter],
      pacers: { telegram: createPacer(TELEGRAM_LIMITS, { scale: SCALE }) },
      render: postRenderer(answering),
      log: silentLogger,
    });

    const baselineRss = process.memoryUsage().rss;
    let peakRss = baselineRss;
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);
    const started = performance.now();
    worker.start();
    await worker.drained();
    const elapsedMs = performance.now() - started;
    clearInterval(sampler);
    await worker.stop();
    await store.close();
    await adapter.stop();

    const stats = (await (await fetch(`${apiRoot}/stats`)).json()) as { accepted: number; messages: number; duplicates: number; refused: number; uploads: number; first: number; last: number };
    const allowed = 30 * SCALE;
    const sending = (stats.last - stats.first) / 1000;
    const achieved = stats.messages / sending;
    const ratio = round(achieved / allowed, 3);
    const peakRssMB = round(Math.max(peakRss, process.resourceUsage().maxRSS * 1024) / 2 ** 20, 4);
    const lost = CHATS - stats.accepted;
    const summary = store.outboxSummary();
    const unsent = summary.pending + summary.dropped;
    return {
      name: 'fanout',
      what: `one new round (its digest with the trend picture) posted to ${CHATS.toLocaleString('en')} subscribed Telegram chats through the delivery worker and the Telegram adapter, against a local Bot API enforcing Telegram's limits scaled ${SCALE}× in time (${allowed} messages/s overall, 1 per ${1000 / SCALE} ms per chat); ratio = achieved rate ÷ allowed rate, from the stub's first to last accepted message`,
      chats: CHATS,
      allowedPerSecond: allowed,
      achievedPerSecond: round(achieved, 4),
      wallSeconds: round(elapsedMs / 1000, 4),
      lost,
      unsentInOutbox: unsent,
      duplicates: stats.duplicates,
      refused429: stats.refused,
      pictureUploads: stats.uploads,
      rssBeforeMB: round(baselineRss / 2 ** 20, 4),
      peakRssMB,
      ratio,
      goal: `≥ 0.95, zero losses, no duplicates, peak RSS ≤ ${CHATS <= 10_000 ? 150 : 200} MB`,
      met: ratio >= 0.95 && lost === 0 && unsent === 0 && stats.duplicates === 0 && peakRssMB <= (CHATS <= 10_000 ? 150 : 200),
    };
  } finally {
    stub.kill('SIGTERM');
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(JSON.stringify(await benchFanout(), null, 1));
