import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { commands } from '../commands/index.ts';
import { askConsole } from '../src/adapters/console/input.ts';
import { createCore } from '../src/core/index.ts';
import { silentLogger } from '../src/core/log.ts';
import { loadSeeds } from '../src/store/seeds.ts';
import { round, summarize, time } from './measure.ts';

const QUESTIONS = ['/latest', '/latest stem', '/cutoffs', '/cutoffs 2024', '/eligible 21231', '/eligible software engineer'];

/** In-process answer time of the commands over the full shipped history (412 rounds). */
export async function benchAnswers() {
  const seeds = loadSeeds();
  const draws = seeds.snapshotDraws();
  const core = createCore({ draws: () => draws, freshness: () => ({ newest: { number: draws[0]!.number, date: draws[0]!.date }, checkedAt: null, snapshotDate: draws[0]!.date }), categories: seeds.categories, noc: seeds.noc, plans: seeds.plans });
  const answering = { core, commands, timeZone: 'America/Toronto' };
  const timings: Record<string, ReturnType<typeof summarize>> = {};
  for (const question of QUESTIONS) {
    for (let i = 0; i < 200; i++) await askConsole(question, answering, 'en', silentLogger);
    const samples: number[] = [];
    for (let i = 0; i < 2000; i++) {
      const start = process.hrtime.bigint();
      await askConsole(question, answering, i % 2 ? 'fr' : 'en', silentLogger);
      samples.push(Number(process.hrtime.bigint() - start) / 1e6);
    }
    timings[question] = summarize(samples);
  }
  const worstP99 = Math.max(...['/latest', '/cutoffs', '/eligible 21231'].map((question) => timings[question]!.p99Ms));
  return {
    name: 'answers',
    what: 'in-process answer time (parse, validate, run, Reply) over the full history, 2,000 runs each alternating English and French; ratio = worst p99 of /latest, /cutoffs, /eligible 21231 in ms',
    timings,
    ratio: round(worstP99, 3),
    goal: 'p99 ≤ 1 ms each',
    met: worstP99 <= 1,
  };
}

/**
 * Cold start of `cli ask "/latest"` as `npm run cli` runs it (the bundle `npm install` builds
 * in dist/) against bare `node -e 0`, alternated; the same command through tsx (as before the
 * build) is timed beside them to show what compiling saves.
 */
export function benchColdStart() {
  const root = resolve(import.meta.dirname, '..');
  const compiled = join(root, 'dist/cli.js');
  if (!existsSync(compiled)) throw new Error('dist/ is missing: run `npm run build` (npm install does it) before the benchmarks');
  const dataDir = mkdtempSync(join(tmpdir(), 'eeb-bench-'));
  const env = { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'warn', DISCORD_TOKEN: '', TELEGRAM_BOT_TOKEN: '' };
  const run = (args: string[]) => () => spawnSync(process.execPath, args, { cwd: root, env, stdio: 'ignore' });
  const ask = run([compiled, 'ask', '/latest', '--offline']);
  const askTsx = run(['--import', 'tsx', 'src/cli.ts', 'ask', '/latest', '--offline']);
  const bare = run(['-e', '0']);
  const samples = { ask: [] as number[], askTsx: [] as number[], bare: [] as number[] };
  ask();
  askTsx();
  bare();
  for (let i = 0; i < 10; i++) {
    samples.ask.push(time(ask));
    samples.askTsx.push(time(askTsx));
    samples.bare.push(time(bare));
  }
  rmSync(dataDir, { recursive: true, force: true });
  const a = summarize(samples.ask);
  const t = summarize(samples.askTsx);
  const b = summarize(samples.bare);
  const ratio = round(a.medianMs / b.medianMs, 3);
  return {
    name: 'coldStart',
    what: 'wall time of `node dist/cli.js ask "/latest" --offline` (what `npm run cli` runs: the bundle `npm install` builds; --offline: the start-up feed check is network time, not start cost) on a fresh data folder ÷ `node -e 0`, 10 alternated runs each (medians); the tsx run of the sources is timed alongside',
    ask: a,
    askThroughTsx: t,
    bareNode: b,
    tsxRatio: round(t.medianMs / b.medianMs, 3),
    ratio,
    goal: '≤ 3× bare node',
    met: ratio <= 3,
  };
}
