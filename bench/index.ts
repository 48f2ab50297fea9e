/**
 * npm run bench            — a readable report
 * npm run --silent bench -- --json   — the same figures as one JSON object
 * npm run --silent bench -- --json --only fanout --chats 100000   — the fan-out alone, its figures as one JSON object
 * Benchmarks are ratios measured side by side in one run; they are not part of the tests.
 */
import { parseArgs } from 'node:util';
import { benchAnswers, benchColdStart } from './answers.ts';
import { benchCharts } from './charts.ts';
import { benchFanoutInItsOwnProcess } from './fanout-process.ts';
import { benchIngest } from './ingest.ts';

const { values } = parseArgs({ options: { json: { type: 'boolean', default: false }, only: { type: 'string' }, chats: { type: 'string' } } });
const chats = values.chats === undefined ? undefined : Number(values.chats);
if (chats !== undefined && !(Number.isInteger(chats) && chats > 0)) {
  console.error(`--chats must be a whole number of chats above 0 (got "${values.chats}")`);
  process.exit(2);
}
if (values.only !== undefined && values.only !== 'fanout') {
  console.error(`--only accepts "fanout" (got "${values.only}"); without it every benchmark runs`);
  process.exit(2);
}

if (values.only === 'fanout') {
  const { name, ...figures } = await benchFanoutInItsOwnProcess(chats);
  if (values.json) console.log(JSON.stringify({ name, ...figures }));
  else for (const [key, value] of Object.entries(figures)) console.log(`${key}: ${JSON.stringify(value)}`);
  process.exit(0);
}

const results = [benchIngest(), await benchAnswers(), await benchCharts(), benchColdStart(), await benchFanoutInItsOwnProcess(chats)];
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
