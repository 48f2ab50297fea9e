/**
 * npm run bench            — a readable report
 * npm run --silent bench -- --json   — the same figures as one JSON object
 * npm run bench -- --only coldStart   — one benchmark (several: --only a,b)
 * npm run bench -- --only outlook     — /next's backtest: coverage and errors per round type (BENCHMARKS.md)
 * npm run --silent bench -- --json --only fanout --chats 100000   — the fan-out alone, its figures as one JSON object
 * Benchmarks are ratios measured side by side in one run; they are not part of the tests.
 */
import { parseArgs } from 'node:util';
import { benchAnswers, benchColdStart } from './answers.ts';
import { benchCharts } from './charts.ts';
import { benchCrs } from './crs.ts';
import { benchFanoutInItsOwnProcess } from './fanout-process.ts';
import { benchIngest } from './ingest.ts';
import { benchOutlook } from './outlook.ts';

const { values } = parseArgs({ options: { json: { type: 'boolean', default: false }, only: { type: 'string' }, chats: { type: 'string' } } });
const chats = values.chats === undefined ? undefined : Number(values.chats);
if (chats !== undefined && !(Number.isInteger(chats) && chats > 0)) {
  console.error(`--chats must be a whole number of chats above 0 (got "${values.chats}")`);
  process.exit(2);
}

// The fan-out alone (issue 12's command): its figures as one JSON object, nothing around them.
if (values.only === 'fanout') {
  const { name, ...figures } = await benchFanoutInItsOwnProcess(chats);
  if (values.json) console.log(JSON.stringify({ name, ...figures }));
  else for (const [key, value] of Object.entries(figures)) console.log(`${key}: ${JSON.stringify(value)}`);
  process.exit(0);
}

type Result = { name: string; what: string; ratio: number; goal: string; met: boolean } & Record<string, unknown>;
const benchmarks: Record<string, () => Result | Promise<Result>> = {
  ingest: benchIngest,
  answers: benchAnswers,
  crs: benchCrs,
  charts: benchCharts,
  coldStart: benchColdStart,
  outlook: benchOutlook,
  fanout: () => benchFanoutInItsOwnProcess(chats),
};
const chosen = values.only?.split(',').map((name) => name.trim()) ?? Object.keys(benchmarks);
const unknown = chosen.filter((name) => !(name in benchmarks));
if (unknown.length) {
  console.error(`unknown benchmark ${unknown.join(', ')}: expected ${Object.keys(benchmarks).join(', ')}`);
  process.exit(2);
}
const results: Result[] = [];
for (const name of chosen) results.push(await benchmarks[name]!());
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
