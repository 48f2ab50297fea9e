import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.ts';
import { snapshotText, tempDir } from '../helpers/fixtures.ts';

interface OutlookJson {
  asOf: string;
  coverageTarget: number;
  types: { type: string; window: { from: string; to: string }; cutoff: { low: number; high: number }; basis: string; backtest: { rounds: number; dateHits: number; cutoffHits: number; coverageTarget: number } }[];
  overdue: { type: string }[];
  notEnough: { type: string }[];
}

describe('npm run cli -- outlook', () => {
  it('--json: one object with a list of types, as issue 20 gives it, type ids as `draws --json` gives them', async () => {
    const DATA_DIR = tempDir();
    const result = await runCli(['outlook', '--as-of', '2026-04-16', '--json'], { DATA_DIR });
    expect(result).toMatchObject({ code: 0, stderr: '' });
    const json = JSON.parse(result.stdout) as OutlookJson;
    expect(json).toMatchObject({ asOf: '2026-04-16', coverageTarget: 0.8 });
    expect(json.types.map((entry) => entry.type)).toEqual(['healthcare', 'pnp', 'cec', 'french']);
    const cec = json.types.find((entry) => entry.type === 'cec')!;
    expect(cec).toMatchObject({
      window: { from: '2026-04-20', to: '2026-05-11' },
      cutoff: { low: 504, high: 521 },
      basis: 'from the last 10 cec rounds (2025-11-26 to 2026-04-14)',
      backtest: { rounds: 23, dateHits: 19, cutoffHits: 18, coverageTarget: 0.8 },
    });
    for (const entry of json.types) {
      expect(Object.keys(entry)).toEqual(expect.arrayContaining(['type', 'window', 'cutoff', 'basis', 'backtest']));
      expect(entry.window.from).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(entry.window.to >= entry.window.from).toBe(true);
      expect(entry.cutoff.high >= entry.cutoff.low).toBe(true);
    }
    const draws = JSON.parse((await runCli(['draws', '--json'], { DATA_DIR })).stdout) as { category: { id: string } }[];
    const ids = new Set(draws.map((draw) => draw.category.id));
    for (const entry of [...json.types, ...json.overdue, ...json.notEnough]) expect(ids.has(entry.type), entry.type).toBe(true);
  });

  it('reads only rounds dated before --as-of: the same answer from a history that ends the day before', async () => {
    const asOf = '2025-06-01';
    const full = tempDir();
    const feed = JSON.parse(snapshotText('ircc-rounds-en-2026-04-15.json')) as { rounds: { drawDate: string }[] };
    const truncated = tempDir();
    const path = join(truncated, 'feed-before.json');
    writeFileSync(path, JSON.stringify({ ...feed, rounds: feed.rounds.filter((round) => round.drawDate < asOf) }));
    const synced = await runCli(['sync', '--no-seed', '--feed', path], { DATA_DIR: join(truncated, 'data') });
    expect(synced.stdout).toMatch(/^\d+ new, 0 edited; \d+ rounds stored, newest #\d+ \(2025-05-\d\d\)/);

    const fromFull = await runCli(['outlook', '--as-of', asOf, '--json'], { DATA_DIR: full });
    const fromTruncated = await runCli(['outlook', '--as-of', asOf, '--json'], { DATA_DIR: join(truncated, 'data') });
    expect(fromFull.code).toBe(0);
    expect(fromTruncated.stdout).toBe(fromFull.stdout);
    expect((JSON.parse(fromFull.stdout) as OutlookJson).types.length).toBeGreaterThan(0);
  });

  it('prints a readable table by default, and refuses a date that is not one', async () => {
    const DATA_DIR = tempDir();
    const text = await runCli(['outlook', '--as-of', '2026-04-16'], { DATA_DIR });
    expect(text.stdout).toMatch(/^outlook as of 2026-04-16, from the rounds stored before it \(IRCC publishes no schedule; this is a pattern, not a promise\)$/m);
    expect(text.stdout).toMatch(/^cec +2026-04-20 to 2026-05-11 +504–521 +19\/23 \(83%\) +18\/23 \(78%\) +from the last 10 cec rounds/m);
    const bad = await runCli(['outlook', '--as-of', '2026-02-30'], { DATA_DIR });
    expect(bad).toMatchObject({ code: 1, stdout: '' });
    expect(bad.stderr.trim()).toBe('outlook failed: --as-of expects a date as YYYY-MM-DD (got "2026-02-30")');
  });
});
