import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { StoreFileError } from '../../src/store/errors.ts';
import { tempDir } from '../helpers/fixtures.ts';
import { openStore, SHIPPED_SEED } from '../helpers/store.ts';

/**
 * draws.json is read at every start: its schema check is skipped while its bytes are the ones this
 * store checked and wrote (their hash is in meta.json), and done again as soon as they differ.
 */

const hashOf = (bytes: Buffer) => createHash('sha256').update(bytes.toString('utf8')).digest('base64url');

describe('the rounds file at start', () => {
  it('records the hash of what it wrote; the next start reads the same rounds', async () => {
    const dir = tempDir();
    await (await openStore(dir, SHIPPED_SEED)).close();
    const meta = JSON.parse(readFileSync(join(dir, 'meta.json'), 'utf8'));
    expect(meta.drawsHash).toBe(hashOf(readFileSync(join(dir, 'draws.json'))));
    const reopened = await openStore(dir, { file: 'never', draws: () => { throw new Error('must not seed twice'); } });
    expect(reopened.draws).toHaveLength(412);
    expect(reopened.draws[0]).toMatchObject({ number: '411', crs: 419 });
    await reopened.close();
  });

  it('a rounds file changed by hand is checked again, and a wrong one refused with its path', async () => {
    const dir = tempDir();
    await (await openStore(dir, SHIPPED_SEED)).close();
    const path = join(dir, 'draws.json');
    const data = JSON.parse(readFileSync(path, 'utf8'));
    data.draws[0].crs = 'four hundred';
    writeFileSync(path, `${JSON.stringify(data, null, 1)}\n`);
    await expect(openStore(dir, SHIPPED_SEED)).rejects.toThrow(StoreFileError);
    await expect(openStore(dir, SHIPPED_SEED)).rejects.toThrow(path);
  });

  it('trusts only bytes whose hash meta holds: the check is what it skips', async () => {
    const dir = tempDir();
    await (await openStore(dir, SHIPPED_SEED)).close();
    const path = join(dir, 'draws.json');
    const data = JSON.parse(readFileSync(path, 'utf8'));
    data.draws[0].crs = 'four hundred';
    const text = `${JSON.stringify(data, null, 1)}\n`;
    writeFileSync(path, text);
    // As if this store had written these bytes itself: they are read without the schema check.
    const meta = JSON.parse(readFileSync(join(dir, 'meta.json'), 'utf8'));
    writeFileSync(join(dir, 'meta.json'), JSON.stringify({ ...meta, drawsHash: hashOf(Buffer.from(text)) }));
    const store = await openStore(dir, SHIPPED_SEED);
    expect(store.draws[0]!.crs).toBe('four hundred');
    await store.close();
  });
});
