import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { StoreFileError, StoreLockedError } from '../../src/store/errors.ts';
import { JsonFile } from '../../src/store/lowdb/json-file.ts';
import { LowdbStore } from '../../src/store/lowdb/store.ts';
import { tempDir } from '../helpers/fixtures.ts';
import { openStore, SHIPPED_SEED, snapshotFolder } from '../helpers/store.ts';

describe('store (lowdb files under DATA_DIR)', () => {
  it('seeds the full history from seeds/ on first start, so answers need no network', async () => {
    const dir = tempDir();
    const store = await openStore(dir, SHIPPED_SEED);
    expect(store.draws).toHaveLength(412);
    expect(store.draws[0]).toMatchObject({ number: '411', date: '2026-04-15' });
    expect(store.meta.seededFrom).toMatchObject({ newestRound: '411' });
    await store.close();
    const onDisk = JSON.parse(readFileSync(join(dir, 'draws.json'), 'utf8'));
    expect(onDisk.schemaVersion).toBe(1);
    expect(onDisk.draws).toHaveLength(412);
    const reopened = await openStore(dir, { file: 'never', draws: () => { throw new Error('must not seed twice'); } });
    expect(reopened.draws).toHaveLength(412);
    await reopened.close();
  });

  it('a reader on a folder with no data seeds in memory and writes nothing', async () => {
    const dir = tempDir();
    const store = await LowdbStore.open(dir, { seed: SHIPPED_SEED, readOnly: true });
    expect(store.draws).toHaveLength(412);
    await store.close();
    expect(snapshotFolder(dir)).toEqual({});
  });

  it('refuses to start on a data file cut in half, names it, and leaves it untouched', async () => {
    const dir = tempDir();
    await (await openStore(dir, SHIPPED_SEED)).close();
    const path = join(dir, 'draws.json');
    const full = readFileSync(path);
    writeFileSync(path, full.subarray(0, full.length / 2));
    const before = snapshotFolder(dir);
    const error = await openStore(dir, SHIPPED_SEED).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(StoreFileError);
    expect((error as StoreFileError).path).toBe(path);
    expect((error as Error).message).toMatch(/draws\.json is not valid JSON/);
    expect(snapshotFolder(dir)).toEqual(before);
    expect(existsSync(join(dir, '.lock'))).toBe(false);
  });

  it('refuses a file written by a newer version, and one that does not match its schema', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'meta.json'), JSON.stringify({ schemaVersion: 99, feed: null }));
    await expect(openStore(dir)).rejects.toThrow(/meta\.json was written by a newer version/);
    writeFileSync(join(dir, 'meta.json'), JSON.stringify({ schemaVersion: 1, feed: 'nope', lastSync: null, seededFrom: null }));
    await expect(openStore(dir)).rejects.toThrow(/meta\.json does not match its schema \(feed:/);
  });

  it('migrates an older file to the current schema on read', async () => {
    const dir = tempDir();
    const path = join(dir, 'thing.json');
    writeFileSync(path, JSON.stringify({ schemaVersion: 1, names: 'a,b' }));
    const file = await JsonFile.open(path, {
      name: 'thing.json',
      version: 2,
      schema: z.object({ names: z.array(z.string()) }),
      empty: () => ({ names: [] }),
      migrations: { 1: (data) => ({ names: String(data.names).split(',') }) },
    });
    expect(file.data).toEqual({ names: ['a', 'b'], schemaVersion: 2 });
  });

  it('reads a data folder written before the poll records existed (meta schema 1 → 2)', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'meta.json'), JSON.stringify({ schemaVersion: 1, feed: null, lastSync: null, seededFrom: null }));
    const store = await openStore(dir, SHIPPED_SEED);
    expect(store.meta).toMatchObject({ lastPoll: null, lastNewRounds: null, lastPeriodicAt: null });
    await store.recordPoll({ at: '2026-11-21T12:00:00.000Z', outcome: 'not-modified', added: 0, edited: 0, error: null });
    await store.close();
    expect(JSON.parse(readFileSync(join(dir, 'meta.json'), 'utf8'))).toMatchObject({ schemaVersion: 2, lastPoll: { outcome: 'not-modified' } });
  });

  it('has one writer per folder, and takes over the lock of a process that died', async () => {
    const dir = tempDir();
    const first = await openStore(dir);
    await expect(openStore(dir)).rejects.toThrow(StoreLockedError);
    await first.close();
    writeFileSync(join(dir, '.lock'), '999999999');
    const second = await openStore(dir);
    expect(readFileSync(join(dir, '.lock'), 'utf8')).toMatch(new RegExp(`^${process.pid} `));
    await second.close();
    writeFileSync(join(dir, '.lock'), `${process.pid} 12345`); // this pid, an earlier life (a restarted container)
    await (await openStore(dir)).close();
  });
});
