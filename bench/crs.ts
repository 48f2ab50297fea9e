import { pathToFileURL } from 'node:url';
import { commands } from '../commands/index.ts';
import { askConsole } from '../src/adapters/console/input.ts';
import { createCore } from '../src/core/index.ts';
import { calculateCrs, GRID_2025_03_25, parseProfileLine } from '../src/core/crs/index.ts';
import { silentLogger } from '../src/core/log.ts';
import { loadSeeds } from '../src/store/seeds.ts';
import { round, summarize, time } from './measure.ts';

/** Profiles of every shape: single, with a spouse, French, everything at once. */
const LINES = [
  'age=29 edu=bachelor lang=celpip:9,9,9,9 foreign-work=3',
  'age=31 edu=master lang=ielts:7.5,7,6.5,7 cdn-work=2 spouse=yes spouse-edu=bachelor spouse-lang=celpip:7,7,7,7',
  'age=26 edu=bachelor lang=tcf:549,549,16,16 lang2=ielts:5,4,5,5 sibling=oui cdn-edu=1-2',
  'age=25 edu=phd lang=pte:89,88,90,89 lang2=tef:546,546,558,556 cdn-work=5 foreign-work=3 certificate=yes spouse=yes spouse-edu=phd spouse-lang=clb:9,9,9,9 spouse-work=5 nomination=yes',
];

/**
 * The one-line /crs answer in process, as a chat gets it: parse the line, validate, calculate,
 * find the best changes (each a calculation of its own), compare with the recent rounds of the
 * full history and place the score in the pool, phrase the Reply — over four profiles, English
 * and French alternated. The bare parse + calculation is given beside it for context.
 */
export async function benchCrs(runs = 4000) {
  const seeds = loadSeeds();
  const draws = seeds.snapshotDraws();
  const core = createCore({ draws: () => draws, freshness: () => ({ newest: { number: draws[0]!.number, date: draws[0]!.date }, checkedAt: null, snapshotDate: draws[0]!.date }), categories: seeds.categories, noc: seeds.noc, plans: seeds.plans });
  const answering = { core, commands, timeZone: 'America/Toronto' };
  const ask = (index: number) => askConsole(`/crs ${LINES[index % LINES.length]}`, answering, index % 2 ? 'fr' : 'en', silentLogger);
  for (let i = 0; i < 400; i++) {
    const reply = await ask(i);
    if (reply.error) throw new Error(`bench profile refused: ${LINES[i % LINES.length]}`);
  }
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    await ask(i);
    samples.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  const answer = summarize(samples);

  const calculate = (line: string) => {
    const parsed = parseProfileLine(line);
    if (!parsed.ok) throw new Error(`bench profile refused: ${line}`);
    return calculateCrs(parsed.profile, GRID_2025_03_25).total;
  };
  const coreSamples: number[] = [];
  for (let i = 0; i < runs; i++) coreSamples.push(time(() => calculate(LINES[i % LINES.length]!)));
  return {
    name: 'crs',
    what: `one-line /crs answer in process (parse, validate, calculate, best changes, recent rounds, pool, Reply) over the full history, ${runs.toLocaleString('en')} runs over ${LINES.length} profiles, English and French alternated; ratio = p99 in ms`,
    answer,
    parseAndCalculate: summarize(coreSamples),
    ratio: round(answer.p99Ms, 3),
    goal: 'p99 ≤ 1 ms',
    met: answer.p99Ms <= 1,
  };
}

// Runnable alone: tsx bench/crs.ts
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) console.log(JSON.stringify(await benchCrs()));
