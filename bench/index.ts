/**
 * npm run bench            — a readable report
 * npm run --silent bench -- --json   — the same figures as one JSON object
 * npm run bench -- --only coldStart   — one benchmark (several: --only a,b)
 * npm run bench -- --only outlook     — /next's backtest: coverage and errors per round type (BENCHMARKS.md)
 * npm run --silent bench -- --json --only fanout --chats 100000 [--store lowdb|postgres]   — the fan-out alone, its figures as one JSON object
 * npm run --silent bench -- --json --only subscribe --store lowdb|postgres --subscriptions N   — one /subscribe at N chats, one JSON object
 * npm run bench -- --only fanout --store postgres --instances 2 --chats 10000   — several instances: the rate with one sender, the failover gap
 * PostgreSQL: BENCH_DATABASE_URL names a server to make the databases on; else one is started for the run.
 * Benchmarks are ratios measured side by side in one run; they are not part of the tests.
 */
import { parseArgs } from 'node:util';
import { benchAnswers, benchColdStart } from './answers.ts';
import { benchCharts } from './charts.ts';
import { benchCrs } from './crs.ts';
import { benchFanoutInstances } from './fanout-instances.ts';
import { benchFanoutInItsOwnProcess } from './fanout-process.ts';
import { benchIngest } from './ingest.ts';
import { benchInline } from './inline.ts';
import { benchOutlook } from './outlook.ts';
import { benchSubscribeBoth, subscribeInItsOwnProcess } from './subscribe.ts';
import { isStoreKind, stopBenchServer } from './stores.ts';

const { values } = parseArgs({ options: { json: { type: 'boolean', default: false }, only: { type: 'string' }, chats: { type: 'string' }, subscriptions: { type: 'string' }, store: { type: 'string', default: 'lowdb' }, instances: { type: 'string' } } });
function count(flag: 'chats' | 'subscriptions' | 'instances'): number | undefined {
  const value = values[flag] === undefined ? undefined : Number(values[flag]);
  if (value !== undefined && !(Number.isInteger(value) && value > 0)) {
    console.error(`--${flag} must be a whole number above 0 (got "${values[flag]}")`);
    process.exit(2);
  }
  return value;
}
const chats = count('chats');
const subscriptions = count('subscriptions');
const instances = count('instances');
const store = values.store;
if (!isStoreKind(store)) {
  console.error(`--store must be lowdb or postgres (got "${store}")`);
  process.exit(2);
}

// One benchmark alone, on one store: its figures as one JSON object, nothing around them.
if (instances !== undefined && (values.only !== 'fanout' || store !== 'postgres')) {
  console.error('--instances goes with --only fanout --store postgres (several instances share a database)');
  process.exit(2);
}
const alone = {
  fanout: () => (instances === undefined ? benchFanoutInItsOwnProcess(chats, store) : benchFanoutInstances(chats, instances)),
  subscribe: () => subscribeInItsOwnProcess(store, subscriptions ?? 10_000),
} as const;
if (values.only === 'fanout' || values.only === 'subscribe') {
  const { name = values.only, ...figures } = (await alone[values.only]()) as Record<string, unknown>;
  await stopBenchServer();
  if (values.json) console.log(JSON.stringify({ name, ...figures }));
  else for (const [key, value] of Object.entries(figures)) console.log(`${key}: ${JSON.stringify(value)}`);
  process.exit(0);
}

type Result = { name: string; what: string; ratio: number; goal: string; met: boolean } & Record<string, unknown>;
const benchmarks: Record<string, () => Result | Promise<Result>> = {
  ingest: benchIngest,
  answers: benchAnswers,
  inline: benchInline,
  crs: benchCrs,
  charts: benchCharts,
  coldStart: benchColdStart,
  outlook: benchOutlook,
  subscribe: () => benchSubscribeBoth(subscriptions),
  fanout: () => benchFanoutInItsOwnProcess(chats),
  fanoutPostgres: async () => ({ ...(await benchFanoutInItsOwnProcess(chats, 'postgres')), name: 'fanoutPostgres' }),
};
const chosen = values.only?.split(',').map((name) => name.trim()) ?? Object.keys(benchmarks);
const unknown = chosen.filter((name) => !(name in benchmarks));
if (unknown.length) {
  console.error(`unknown benchmark ${unknown.join(', ')}: expected ${Object.keys(benchmarks).join(', ')}`);
  process.exit(2);
}
const results: Result[] = [];
for (const name of chosen) results.push(await benchmarks[name]!());
await stopBenchServer();
const report = {
  at: new Date().toISOString(),
  node: process.version,
  results: Object.fromEntries(results.map(({ name, ...figures }) => [name, figures])),
};

if (values.json) {
  console.log(JSON.stringify(report));
} else {
  console.log(`express-entry-bot benchmarks — ${report.at}, Node ${report.node}\n`);
  for (const { name, what, ratio, goal, met, ...figures } of results) {
    console.log(`${name}: ratio ${ratio} (goal ${goal}: ${met ? 'met' : 'NOT met'})\n  ${what}`);
    for (const [key, value] of Object.entries(figures)) console.log(`  ${key}: ${JSON.stringify(value)}`);
    console.log();
  }
}
