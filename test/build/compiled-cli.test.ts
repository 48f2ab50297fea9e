import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROOT, runCli } from '../helpers/cli.ts';
import { tempDir } from '../helpers/fixtures.ts';

/**
 * `npm start` and `npm run cli` run the JavaScript that `npm install` bundles into dist/. The
 * build runs here first, so that what is tested is the code of this commit, not a stale dist/.
 */
const COMPILED = join(ROOT, 'dist/cli.js');

function runCompiled(args: string[], { cwd = ROOT, env = {} }: { cwd?: string; env?: Record<string, string> } = {}) {
  const result = spawnSync(process.execPath, [COMPILED, ...args], {
    cwd,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', LOG_LEVEL: 'warn', CHECK_ON_START: 'false', ...env },
    encoding: 'utf8',
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

beforeAll(() => {
  execFileSync(process.execPath, [join(ROOT, 'scripts/build.mjs')], { cwd: ROOT, stdio: 'pipe' });
}, 120_000);

describe('the compiled bin (dist/)', () => {
  it('is what npm start and npm run cli run, and what prepare builds', async () => {
    const { default: pkg } = await import('../../package.json', { with: { type: 'json' } });
    expect(pkg.scripts.prepare).toBe('node scripts/build.mjs');
    // The bot runs as the fan-out benchmark measured it: V8 and malloc favouring memory (BENCHMARKS.md).
    expect(pkg.scripts.start).toBe('MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-2} node --optimize-for-size --max-semi-space-size=1 dist/cli.js start');
    expect(pkg.scripts.cli).toBe('node dist/cli.js');
    expect(existsSync(COMPILED)).toBe(true);
  });

  it('answers as the sources do, finding the shipped seeds and the chart font from dist/', async () => {
    const DATA_DIR = tempDir();
    for (const question of ['/latest', '/eligible 21231', '/trend stem']) {
      const compiled = runCompiled(['ask', question], { env: { DATA_DIR } });
      const sources = await runCli(['ask', question], { DATA_DIR });
      expect(compiled.stderr).toBe('');
      expect(compiled.code).toBe(0);
      expect(compiled.stdout).toBe(sources.stdout);
    }
    expect(runCompiled(['ask', '/trend stem'], { env: { DATA_DIR } }).stdout).toMatch(/\/trend-stem-\w+\.png$/m);
  });

  it('reads .env from the folder it is started in', () => {
    const folder = tempDir();
    const DATA_DIR = join(folder, 'state');
    writeFileSync(join(folder, '.env'), `DATA_DIR=${DATA_DIR}\nLOG_LEVEL=warn\n`);
    const status = runCompiled(['status', '--json'], { cwd: folder });
    expect(status.stderr).toBe('');
    expect(JSON.parse(status.stdout)).toMatchObject({ newestRound: { number: '411', date: '2026-04-15' } });
    expect(existsSync(DATA_DIR)).toBe(true);
  });
});
