import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.ts';
import { feedJson, rawRound } from '../helpers/fixtures.ts';
import { startFeedServer, type FeedServer } from '../helpers/feed-server.ts';
import { smallDisk } from '../helpers/small-disk.ts';

const disk = smallDisk(512);
afterAll(() => disk.dispose());
let server: FeedServer | undefined;
afterEach(async () => {
  disk.free();
  await server?.close();
  server = undefined;
});

const round = (number: number, date: string) => rawRound({ drawNumber: String(number), drawDate: date, drawName: 'Canadian Experience Class', drawCRS: '510' });
const older = Array.from({ length: 10 }, (_, index) => round(400 + index, `2026-03-${String(10 + index)}`));
const newer = [round(410, '2026-04-20'), round(411, '2026-04-29')];

describe(`cli sync on a full disk (${disk.mode})`, () => {
  it('prints one line naming the file, exits 1, leaves no temp file and no lock; the next sync stores the rounds', async () => {
    console.info(`cli full-disk test running on: ${disk.mode}`);
    const dataDir = join(disk.root, 'cli-data');
    mkdirSync(dataDir);
    server = await startFeedServer({ kind: 'serve', body: feedJson(older) });
    const env = { DATA_DIR: dataDir };
    expect(await runCli(['sync', '--no-seed', '--feed', server.url], env)).toMatchObject({ code: 0, stdout: expect.stringMatching(/^10 new, 0 edited/) });

    server.set({ kind: 'serve', body: feedJson([...newer, ...older]) });
    // One page left: the lock file takes it, the draws file finds none.
    disk.fill({ leavePages: 1, simulatedFile: join(dataDir, 'draws.json') });
    const failed = await runCli(['sync', '--feed', server.url], env);
    expect(failed.code).toBe(1);
    expect(failed.stdout).toBe('');
    expect(failed.stderr.trimEnd().split('\n')).toEqual([
      `sync failed: data file ${join(dataDir, 'draws.json')} could not be written (ENOSPC: no space left on device); the change was not saved and the file on disk is unchanged`,
    ]);
    expect(readdirSync(dataDir).sort()).toEqual(['draws.json', 'meta.json', 'processing-times.json']);

    disk.free();
    const retried = await runCli(['sync', '--feed', server.url], env);
    expect(retried).toMatchObject({ code: 0, stderr: '' });
    expect(retried.stdout).toMatch(/^2 new, 0 edited; 12 rounds stored, newest #411 \(2026-04-29\)/);
  });

  it('any other I/O failure is one line naming its path too (and, on the tmpfs, a lock that finds no room)', async () => {
    const notAFolder = join(disk.root, 'a-file');
    writeFileSync(notAFolder, '');
    const failed = await runCli(['sync', '--no-seed', '--feed', 'unused.json'], { DATA_DIR: join(notAFolder, 'data') });
    expect(failed.code).toBe(1);
    expect(failed.stderr.trimEnd().split('\n')).toEqual([`sync failed: ENOTDIR: not a directory, mkdir '${join(notAFolder, 'data')}'`]);

    // The /dev/full simulation cannot reach the lock's randomly named file: only a real full disk can.
    if (disk.mode !== 'tmpfs') return;
    const dataDir = join(disk.root, 'cli-lock');
    mkdirSync(dataDir);
    disk.fill({ leavePages: 0, simulatedFile: join(dataDir, '.lock') });
    const locked = await runCli(['sync', '--no-seed', '--feed', 'unused.json'], { DATA_DIR: dataDir });
    expect(locked.code).toBe(1);
    expect(locked.stderr.trimEnd().split('\n')).toEqual([`sync failed: cannot create the lock file ${join(dataDir, '.lock')} (ENOSPC: no space left on device)`]);
    expect(readdirSync(dataDir)).toEqual([]);
  });
});
