/**
 * One /subscribe as a chat admin sends it — parse, validate, run, the store's write — with N chats
 * already subscribed; run in a process of its own (bench/subscribe-process.ts) so that its peak
 * memory is the store's alone. Usage: node --import tsx bench/subscribe.ts N
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { commands } from '../commands/index.ts';
import { commandContext } from '../src/chat/context.ts';
import { findCommand } from '../src/chat/command.ts';
import { invoke } from '../src/chat/invoke.ts';
import { parseTextArgs } from '../src/chat/parse.ts';
import { createCore } from '../src/core/index.ts';
import { silentLogger } from '../src/core/log.ts';
import { loadSeeds } from '../src/store/seeds.ts';
import { openBenchStore, writeSubscriptions } from './fanout-parts.ts';
import { round, summarize } from './measure.ts';

const SUBSCRIPTIONS = Number(process.argv[2] ?? 1000);
const RUNS = Number(process.env.SUBSCRIBE_RUNS ?? 100);
const WARMUP = 10;

export async function benchSubscribe() {
  const dataDir = mkdtempSync(join(tmpdir(), 'eeb-subscribe-'));
  try {
    writeSubscriptions(dataDir, SUBSCRIPTIONS, new Date().toISOString());
    const store = await openBenchStore(dataDir);
    const seeds = loadSeeds();
    const core = createCore({ draws: () => store.draws, freshness: () => ({ newest: null, checkedAt: null, snapshotDate: null }), categories: seeds.categories, noc: seeds.noc, plans: seeds.plans });
    const answering = { core, commands, timeZone: 'America/Toronto', subscriptions: store };
    const subscribe = findCommand(commands, 'subscribe')!;
    let peakRss = process.memoryUsage().rss;
    const samples: number[] = [];
    for (let run = 0; run < WARMUP + RUNS; run++) {
      const ctx = commandContext(answering, { locale: 'en', chat: { platform: 'telegram', id: String(-1_000_000 - run), kind: 'group' }, canAdminister: true });
      const start = process.hrtime.bigint();
      const reply = await invoke(subscribe, parseTextArgs(subscribe, run % 2 ? 'stem french' : ''), ctx, silentLogger);
      const elapsed = Number(process.hrtime.bigint() - start) / 1e6;
      if (!reply.title || reply.lines.length < 1) throw new Error('the /subscribe answer is empty');
      if (run >= WARMUP) samples.push(elapsed);
      peakRss = Math.max(peakRss, process.memoryUsage().rss);
    }
    await store.close();
    const timing = summarize(samples);
    return { subscriptions: SUBSCRIPTIONS, ...timing, peakRssMB: round(Math.max(peakRss, process.resourceUsage().maxRSS * 1024) / 2 ** 20, 4) };
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(JSON.stringify(await benchSubscribe()));
