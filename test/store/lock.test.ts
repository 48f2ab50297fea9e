import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface, type Interface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acquireLock } from '../../src/store/lowdb/lock.ts';
import { ROOT, runCli } from '../helpers/cli.ts';
import { tempDir } from '../helpers/fixtures.ts';

interface Racer {
  child: ChildProcessWithoutNullStreams;
  lines: Interface;
  next(): Promise<string>;
}

function racer(): Racer {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/helpers/lock-racer.ts'], { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
  const lines = createInterface({ input: child.stdout });
  const queued: string[] = [];
  const waiting: ((line: string) => void)[] = [];
  lines.on('line', (line) => (waiting.length ? waiting.shift()!(line) : queued.push(line)));
  return { child, lines, next: () => (queued.length ? Promise.resolve(queued.shift()!) : new Promise((resolve) => waiting.push(resolve))) };
}

/** A pid no process has: one that has just exited. */
function deadPid(): number {
  const pid = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout;
  return Number(pid);
}

const ROUNDS = 600;

describe('the data folder lock', () => {
  let racers: Racer[] = [];
  beforeAll(() => {
    racers = [racer(), racer()];
  });
  afterAll(() => {
    for (const { child } of racers) child.kill();
  });

  it(`two real processes taking over the same stale lock, ${ROUNDS} times: exactly one wins each time`, async () => {
    const dir = tempDir();
    const path = join(dir, '.lock');
    const dead = deadPid();
    const tally = { racer0: 0, racer1: 0, bothWon: [] as number[], noneWon: [] as number[] };
    for (let round = 0; round < ROUNDS; round++) {
      // A lock left by a process killed with -9: its pid no longer runs.
      writeFileSync(path, `${dead} ${1_700_000_000_000 + round}`);
      // Racer 1 starts from 60 µs before racer 0 to 60 µs after, sweeping the window where they overlap.
      const at = Date.now() + 8;
      const offsets = [0, ((round % 41) - 20) * 0.003];
      racers.forEach(({ child }, index) => child.stdin.write(`go ${at + offsets[index]!} ${path}\n`));
      const results = await Promise.all(racers.map((one) => one.next()));
      expect(results.every((result) => result === 'won' || result === 'locked'), results.join()).toBe(true);
      const winners = racers.filter((_, index) => results[index] === 'won');
      if (winners.length === 2) tally.bothWon.push(round);
      if (winners.length === 0) tally.noneWon.push(round);
      if (results[0] === 'won') tally.racer0++;
      if (results[1] === 'won') tally.racer1++;
      for (const winner of winners) {
        winner.child.stdin.write('release\n');
        expect(await winner.next()).toBe('released');
      }
      expect(existsSync(path)).toBe(false);
    }
    console.info(`lock race over ${ROUNDS} rounds: racer 0 won ${tally.racer0}, racer 1 won ${tally.racer1}, both won in ${tally.bothWon.length}, none in ${tally.noneWon.length}`);
    expect(tally.bothWon).toEqual([]);
    expect(tally.noneWon).toEqual([]);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('a takeover whose claimant died half-way (its claim left behind) is finished by the next process', () => {
    const dir = tempDir();
    const path = join(dir, '.lock');
    const dead = deadPid();
    writeFileSync(path, `${dead} 1700000000000`);
    writeFileSync(`${path}.takeover-${dead}-1700000000000`, `${dead} 1700000000001`);
    const release = acquireLock(path);
    expect(readdirSync(dir)).toEqual(['.lock']);
    expect(readFileSync(path, 'utf8')).toMatch(new RegExp(`^${process.pid} \\d+ [0-9a-f-]{36}:\\d+$`));
    release();
    expect(readdirSync(dir)).toEqual([]);
  });

  it('a live holder keeps its lock; a released lock can be taken again', () => {
    const path = join(tempDir(), '.lock');
    const release = acquireLock(path);
    expect(() => acquireLock(path)).toThrow(/another express-entry-bot \(pid \d+\) is writing to this data folder/);
    release();
    expect(existsSync(path)).toBe(false);
    acquireLock(path)();
  });

  it('a lock naming a pid that now belongs to another process is taken over: pid 1, a node process that is not the holder', async () => {
    const path = join(tempDir(), '.lock');
    // pid 1 always runs (init, or a container's first process): a lock from 2023 is not its.
    writeFileSync(path, '1 1700000000000');
    const release = acquireLock(path);
    expect(readFileSync(path, 'utf8')).toMatch(new RegExp(`^${process.pid} \\d+`));
    release();

    // Another node program running under the pid the lock names, since after the lock was written.
    const other = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
    try {
      await new Promise((resolve) => other.once('spawn', resolve));
      const bootId = readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
      for (const tag of [`${other.pid} 1700000000000`, `${other.pid} ${Date.now()} ${bootId}:1`]) {
        writeFileSync(path, tag);
        acquireLock(path)();
        expect(existsSync(path), tag).toBe(false);
      }
    } finally {
      other.kill();
    }
  });

  it('npm start over a data folder whose lock names pid 1 (left by a bot that ran as pid 1 in a container) starts', async () => {
    const DATA_DIR = tempDir();
    writeFileSync(join(DATA_DIR, '.lock'), '1 1700000000000');
    const started = await runCli(['start', '--offline'], { DATA_DIR }, '/latest\n/quit\n');
    expect(started.stderr).toBe('');
    expect(started).toMatchObject({ code: 0, stdout: expect.stringContaining('Round #411') });
    expect(existsSync(join(DATA_DIR, '.lock'))).toBe(false);
  });

  it('a live bot in another process keeps its lock, whether it wrote the kernel identity or only its start (an older version)', async () => {
    const [holder] = racers;
    const path = join(tempDir(), '.lock');
    holder!.child.stdin.write(`go ${Date.now()} ${path}\n`);
    expect(await holder!.next()).toBe('won');
    const tag = readFileSync(path, 'utf8');
    expect(tag).toMatch(new RegExp(`^${holder!.child.pid} \\d+ [0-9a-f-]{36}:\\d+$`));
    const refused = new RegExp(`another express-entry-bot \\(pid ${holder!.child.pid}\\) is writing to this data folder`);
    expect(() => acquireLock(path)).toThrow(refused);
    writeFileSync(path, tag.split(' ').slice(0, 2).join(' '));
    expect(() => acquireLock(path)).toThrow(refused);
    writeFileSync(path, tag);
    holder!.child.stdin.write('release\n');
    expect(await holder!.next()).toBe('released');
    expect(existsSync(path)).toBe(false);
  });
});
