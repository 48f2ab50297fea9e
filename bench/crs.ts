import { pathToFileURL } from 'node:url';
import { calculateCrs, GRID_2025_03_25, parseProfileLine } from '../src/core/crs/index.ts';
import { round, summarize, time } from './measure.ts';

/** Profiles of every shape: single, with a spouse, French, everything at once. */
const LINES = [
  'age=29 edu=bachelor lang=celpip:9,9,9,9 foreign-work=3',
  'age=31 edu=master lang=ielts:7.5,7,6.5,7 cdn-work=2 spouse=yes spouse-edu=bachelor spouse-lang=celpip:7,7,7,7',
  'age=26 edu=bachelor lang=tcf:549,549,16,16 lang2=ielts:5,4,5,5 sibling=oui cdn-edu=1-2',
  'age=25 edu=phd lang=pte:89,88,90,89 lang2=tef:546,546,558,556 cdn-work=5 foreign-work=3 certificate=yes spouse=yes spouse-edu=phd spouse-lang=clb:9,9,9,9 spouse-work=5 nomination=yes',
];

/** One-line profile parse + calculation, the whole of what /crs computes, 20,000 runs over four profiles. */
export function benchCrs(runs = 20_000) {
  const parseAndCalculate = (line: string) => {
    const parsed = parseProfileLine(line);
    if (!parsed.ok) throw new Error(`bench profile refused: ${line}`);
    return calculateCrs(parsed.profile, GRID_2025_03_25).total;
  };
  for (let i = 0; i < 1000; i++) parseAndCalculate(LINES[i % LINES.length]!);
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) samples.push(time(() => parseAndCalculate(LINES[i % LINES.length]!)));
  const timing = summarize(samples);
  return {
    name: 'crs',
    what: `one-line profile parse + CRS calculation, ${runs.toLocaleString('en')} runs over ${LINES.length} profiles; ratio = p99 in ms`,
    timing,
    ratio: round(timing.p99Ms, 3),
    goal: 'p99 ≤ 1 ms',
    met: timing.p99Ms <= 1,
  };
}

// Runnable alone (tsx bench/crs.ts) until it is listed in bench/index.ts.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) console.log(JSON.stringify(benchCrs()));
