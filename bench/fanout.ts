import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fanoutDelivery, prepareFanout, startLimitsStub } from './fanout-parts.ts';
import { round } from './measure.ts';

const CHATS = Number(process.env.FANOUT_CHATS ?? 10_000);
/** Telegram's limits, played 10× faster by both sides: 300 messages a second overall. */
const SCALE = Number(process.env.FANOUT_SCALE ?? 10);
/** FANOUT_BLOCKED_EVERY=100: one chat in 100 has blocked the bot (each one disables its subscription). */
const BLOCKED_EVERY = Number(process.env.FANOUT_BLOCKED_EVERY ?? 0);

/**
 * Fan-out of one new round to CHATS subscribed Telegram chats: the store on disk, the delivery
 * worker and the real Telegram adapter, against a stub enforcing Telegram's limits (scaled in time).
 * Reported as achieved rate ÷ allowed rate, with losses and the process's peak memory.
 */
export async function benchFanout() {
  const stub = await startLimitsStub(SCALE, BLOCKED_EVERY);
  const { apiRoot } = stub;
  // FANOUT_PLACE: a postgres:// database the parent prepared a place on; else a lowdb folder of its own.
  const given = process.env.FANOUT_PLACE;
  const dataDir = given ?? mkdtempSync(join(tmpdir(), 'eeb-fanout-'));
  try {
    const store = await prepareFanout(dataDir, CHATS);
    const { adapter, worker } = fanoutDelivery(store, apiRoot, SCALE);

    const baselineRss = process.memoryUsage().rss;
    let peakRss = baselineRss;
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);
    const started = performance.now();
    worker.start();
    await worker.drained();
    const elapsedMs = performance.now() - started;
    clearInterval(sampler);
    await worker.stop();
    // What the store says was left, read before it closes (a database's connections end with it).
    const summary = await store.outboxSummary();
    await store.close();
    await adapter.stop();

    const stats = await stub.stats();
    const allowed = 30 * SCALE;
    const sending = (stats.last - stats.first) / 1000;
    const achieved = stats.messages / sending;
    const ratio = round(achieved / allowed, 3);
    const peakRssMB = round(Math.max(peakRss, process.resourceUsage().maxRSS * 1024) / 2 ** 20, 4);
    const lost = CHATS - stats.accepted - stats.blocked;
    const unsent = summary.pending + summary.dropped - stats.blocked;
    return {
      name: 'fanout',
      store: given ? 'postgres' : 'lowdb',
      what: `one new round (its digest with the trend picture) posted to ${CHATS.toLocaleString('en')} subscribed Telegram chats through the delivery worker and the Telegram adapter, against a local Bot API enforcing Telegram's limits scaled ${SCALE}× in time (${allowed} messages/s overall, 1 per ${1000 / SCALE} ms per chat); ratio = achieved rate ÷ allowed rate, from the stub's first to last accepted message`,
      chats: CHATS,
      allowedPerSecond: allowed,
      achievedPerSecond: round(achieved, 4),
      wallSeconds: round(elapsedMs / 1000, 4),
      lost,
      unsentInOutbox: unsent,
      duplicates: stats.duplicates,
      blocked: stats.blocked,
      refused: stats.refused,
      uploads: stats.uploads,
      rssBeforeMB: round(baselineRss / 2 ** 20, 4),
      peakRssMB,
      ratio,
      goal: `≥ 0.95, zero losses, no duplicates, peak RSS ≤ ${CHATS <= 10_000 ? 150 : 200} MB`,
      met: ratio >= 0.95 && lost === 0 && unsent === 0 && stats.duplicates === 0 && peakRssMB <= (CHATS <= 10_000 ? 150 : 200),
    };
  } finally {
    stub.process.kill('SIGTERM');
    if (!given) rmSync(dataDir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(JSON.stringify(await benchFanout(), null, 1));
