/**
 * npm run bench            — a readable report
 * npm run --silent bench -- --json   — the same figures as one JSON object
 * npm run bench -- --only coldStart   — one benchmark (several: --only a,b)
 * Benchmarks are ratios measured side by side in one run; they are not part of the tests.
 */
import { parseArgs } from 'node:util';
import { benchAnswers, benchColdStart } from './answers.ts';
import { benchCharts } from './charts.ts';
import { benchCrs } from './crs.ts';
import { benchFanoutInItsOwnProcess } from './fanout-process.ts';
import { benchIngest } from './ingest.ts';

const { values } = parseArgs({ options: { json: { type: 'boolean', default: false }, only: { type: 'string' } } });

type Result = { name: string; what: string; ratio: number; goal: string; met: boolean } & Record<string, unknown>;
const benchmarks: Record<string, () => Result | Promise<Result>> = {
  ingest: benchIngest,
  answers: benchAnswers,
  crs: benchCrs,
  charts: benchCharts,
  coldStart: benchColdStart,
  fanout: benchFanoutInItsOwnProcess,
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
