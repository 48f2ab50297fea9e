/**
 * One /subscribe as a chat admin sends it — parse, validate, run, the store's write — with N chats
 * already subscribed, on lowdb or PostgreSQL. Runs in a process of its own (subscribeInItsOwnProcess)
 * so that its peak memory is the bot's alone; the database server is apart.
 *   node --import tsx bench/subscribe.ts PLACE N     (PLACE: a lowdb folder or a postgres:// URL)
 */
import { spawn } from 'node:child_process';
import pg from 'pg';
import { join } from 'node:path';
import { commands } from '../commands/index.ts';
import { findCommand } from '../src/chat/command.ts';
import { commandContext } from '../src/chat/context.ts';
import { invoke } from '../src/chat/invoke.ts';
import { parseTextArgs } from '../src/chat/parse.ts';
import { createCore } from '../src/core/index.ts';
import { silentLogger } from '../src/core/log.ts';
import { loadSeeds } from '../src/store/seeds.ts';
import { benchSubscriptions, openBenchStore, writeSubscriptions } from './fanout-parts.ts';
import { FANOUT_NODE_FLAGS } from './fanout-process.ts';
import { round, summarize } from './measure.ts';
import { benchPlace, isDatabase, type StoreKind } from './stores.ts';

/** Samples: enough for a stable p99 (a thousand); a lowdb write at 100,000 chats takes half a second, so 200 there. */
const runsFor = (place: string) => Number(process.env.SUBSCRIBE_RUNS ?? (isDatabase(place) ? 1000 : 200));
const WARMUP = 20;

async function benchSubscribe(place: string, subscriptions: number) {
  const RUNS = runsFor(place);
  const at = new Date().toISOString();
  if (!isDatabase(place)) writeSubscriptions(place, subscriptions, at);
  const store = await openBenchStore(place);
  if (isDatabase(place)) {
    for (let from = 0; from < subscriptions; from += 10_000) await store.saveMany(benchSubscriptions(from, Math.min(subscriptions, from + 10_000), at));
    // A database that grew to that many over months has been vacuumed and analyzed: not mid-way through it.
    const client = new pg.Client({ connectionString: place });
    await client.connect();
    await client.query('VACUUM ANALYZE subscriptions');
    await client.query('CHECKPOINT');
    await client.end();
  }
  const seeds = loadSeeds();
  const core = createCore({ draws: () => store.draws, freshness: () => ({ newest: null, checkedAt: null, snapshotDate: null }), categories: seeds.categories, noc: seeds.noc, plans: seeds.plans });
  const answering = { core, commands, timeZone: 'America/Toronto', subscriptions: store };
  const subscribe = findCommand(commands, 'subscribe')!;
  let peakRss = process.memoryUsage().rss;
  const samples: number[] = [];
  for (let run = 0; run < WARMUP + RUNS; run++) {
    // A group admin subscribing a new chat, every other one to some types.
    const ctx = commandContext(answering, { locale: 'en', chat: { platform: 'telegram', id: String(-1_000_000 - run), kind: 'group' }, canAdminister: true });
    const start = process.hrtime.bigint();
    const answer = await invoke(subscribe, parseTextArgs(subscribe, run % 2 ? 'stem french' : ''), ctx, silentLogger);
    const elapsed = Number(process.hrtime.bigint() - start) / 1e6;
    if (answer.error || !answer.lines[0]?.startsWith('Subscribed')) throw new Error(`the /subscribe answer is not a subscription: ${answer.lines.join(' ')}`);
    if (run >= WARMUP) samples.push(elapsed);
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }
  const stored = (await store.listSubscriptions()).length;
  await store.close();
  if (stored !== subscriptions + WARMUP + RUNS) throw new Error(`expected ${subscriptions + WARMUP + RUNS} subscriptions stored, found ${stored}`);
  const { medianMs, p99Ms } = summarize(samples);
  return { subscriptions, runs: RUNS, p50Ms: medianMs, p99Ms, peakRssMB: round(Math.max(peakRss, process.resourceUsage().maxRSS * 1024) / 2 ** 20, 4) };
}

/** The benchmark in a child process, on a place of its own on the given store. */
export async function subscribeInItsOwnProcess(store: StoreKind, subscriptions: number) {
  const { place, dispose } = await benchPlace(store);
  try {
    const child = spawn(process.execPath, [...FANOUT_NODE_FLAGS, '--import', 'tsx', join(import.meta.dirname, 'subscribe.ts'), place, String(subscriptions)], { env: { MALLOC_ARENA_MAX: '2', ...process.env }, stdio: ['ignore', 'pipe', 'inherit'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    if (code !== 0) throw new Error(`the /subscribe benchmark exited with ${code}`);
    return { store, ...(JSON.parse(output) as Awaited<ReturnType<typeof benchSubscribe>>) };
  } finally {
    await dispose();
  }
}

/** The full run: both stores at 10,000 chats side by side; ratio = lowdb's p99 ÷ PostgreSQL's. */
export async function benchSubscribeBoth(subscriptions = 10_000) {
  const lowdb = await subscribeInItsOwnProcess('lowdb', subscriptions);
  const postgres = await subscribeInItsOwnProcess('postgres', subscriptions);
  const ratio = round(lowdb.p99Ms / postgres.p99Ms, 3);
  return {
    name: 'subscribe',
    what: `one /subscribe's whole path (parse, validate, run, the store's write) with ${subscriptions.toLocaleString('en')} chats already subscribed, lowdb and PostgreSQL each in a process of its own; ratio = lowdb p99 ÷ PostgreSQL p99`,
    lowdb,
    postgres,
    ratio,
    goal: 'PostgreSQL p99 ≤ 5 ms',
    met: postgres.p99Ms <= 5,
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [place, count] = process.argv.slice(2);
  console.log(JSON.stringify(await benchSubscribe(place!, Number(count))));
}
