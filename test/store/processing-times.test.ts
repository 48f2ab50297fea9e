import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ProcessingTimesFile } from '../../src/store/lowdb/processing-times.ts';
import { StoreFileError } from '../../src/store/errors.ts';
import { seeds, tempDir } from '../helpers/fixtures.ts';
import { snapshotFolder } from '../helpers/store.ts';
import { describeProcessingTimesStoreConformance, fixture } from './processing-times-conformance.ts';

describeProcessingTimesStoreConformance('lowdb file', {
  fresh: () => tempDir(),
  open: async (dir) => {
    const file = new ProcessingTimesFile(dir, { seed: null });
    await file.ready();
    return file;
  },
  close: (store) => (store as ProcessingTimesFile).flush(),
});

describe('DATA_DIR/processing-times.json', () => {
  it('holds the shipped snapshot until the first check, which writes it with what it found', async () => {
    const dir = tempDir();
    const file = new ProcessingTimesFile(dir, { seed: seeds.processingTimes });
    const shipped = (await file.latest()).latest!;
    expect(shipped).toMatchObject({ updated: '2026-09-03', origin: 'seed', readAt: null, source: 'seeds/processing-times.json' });
    expect(existsSync(join(dir, 'processing-times.json'))).toBe(false);

    const august = fixture('flpt-en-2026-08-10.json', '2026-10-01T00:00:00.000Z');
    // Not how sync would keep an older update (it refuses a stale copy), but the order is by IRCC's date.
    await file.keep(august, { source: 's', etag: null, lastModified: null, contentHash: 'h' }, { at: '2026-10-01T00:00:00.000Z', source: 's', outcome: 'new', snapshot: august.id, error: null });
    await file.flush();
    const written = JSON.parse(readFileSync(join(dir, 'processing-times.json'), 'utf8')) as { schemaVersion: number; snapshots: { id: string; origin: string }[] };
    expect(written.schemaVersion).toBe(1);
    expect(written.snapshots.map((snapshot) => [snapshot.id, snapshot.origin])).toEqual([[august.id, 'fetched'], [shipped.id, 'seed']]);
  });

  it('a reader never writes it, and is told so if it tries', async () => {
    const dir = tempDir();
    const file = new ProcessingTimesFile(dir, { seed: seeds.processingTimes, readOnly: true });
    await expect(file.recordCheck({ at: '2026-10-01T00:00:00.000Z', source: 's', outcome: 'not-modified', snapshot: null, error: null })).rejects.toThrow(/read-only/);
    expect(snapshotFolder(dir)).toEqual({});
  });

  it('a file cut in half is named and left untouched', async () => {
    const dir = tempDir();
    const path = join(dir, 'processing-times.json');
    const file = new ProcessingTimesFile(dir, { seed: seeds.processingTimes });
    await file.recordCheck({ at: '2026-10-01T00:00:00.000Z', source: 's', outcome: 'not-modified', snapshot: null, error: null });
    await file.flush();
    writeFileSync(path, readFileSync(path).subarray(0, 5_000));
    const before = snapshotFolder(dir);
    const reopened = new ProcessingTimesFile(dir, { seed: seeds.processingTimes });
    await expect(reopened.ready()).rejects.toThrow(StoreFileError);
    await expect(reopened.latest()).rejects.toThrow(new RegExp(`data file ${path} is not valid JSON`));
    expect(snapshotFolder(dir)).toEqual(before);
  });
});
