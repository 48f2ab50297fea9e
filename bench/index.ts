/**
 * npm run bench            — a readable report
 * npm run --silent bench -- --json   — the same figures as one JSON object
 * Benchmarks are ratios measured side by side in one run; they are not part of the tests.
 */
import { parseArgs } from 'node:util';
import { benchAnswers, benchColdStart } from './answers.ts';
import { benchCharts } from './charts.ts';
import { benchCrs } from './crs.ts';
import { benchFanoutInItsOwnProcess } from './fanout-process.ts';
import { benchIngest } from './ingest.ts';

const { values } = parseArgs({ options: { json: { type: 'boolean', default: false } } });

const results = [benchIngest(), await benchAnswers(), await benchCrs(), await benchCharts(), benchColdStart(), await benchFanoutInItsOwnProcess()];
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
