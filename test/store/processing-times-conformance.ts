import { describe, expect, it } from 'vitest';
import { contentKey, readProcessingTimes } from '../../src/core/processing-times/snapshot.ts';
import type { ProcessingTimesCheck, ProcessingTimesStore, StoredSnapshot } from '../../src/core/processing-times/store.ts';
import { AFTER_SEPTEMBER_UPDATE, editedTimes, timesText, type TimesSnapshot } from '../helpers/processing-times.ts';

/**
 * What any store of processing times must do (src/core/processing-times/store.ts), through the
 * contract alone: the lowdb file runs it, and so must another engine.
 */
export interface ProcessingTimesStoreUnderTest {
  fresh(): Promise<string> | string;
  open(place: string): Promise<ProcessingTimesStore>;
  close(store: ProcessingTimesStore): Promise<void>;
}

export function snapshotOf(text: string, readAt: string, source = 'http://127.0.0.1/flpt-en.json'): StoredSnapshot {
  const read = readProcessingTimes(text, { now: AFTER_SEPTEMBER_UPDATE });
  if (!read.ok) throw new Error(read.reason);
  const key = contentKey(read.raw);
  return { id: `${read.times.updated}#${key.slice(0, 12)}`, updated: read.times.updated, readAt, source, origin: 'fetched', contentKey: key, raw: read.raw };
}

export const fixture = (name: TimesSnapshot, readAt: string) => snapshotOf(timesText(name), readAt);

const feed = (etag: string) => ({ source: 'http://127.0.0.1/flpt-en.json', etag, lastModified: 'Thu, 03 Sep 2026 12:00:00 GMT', contentHash: `hash-${etag}` });
const check = (at: string, outcome: ProcessingTimesCheck['outcome'], snapshot: string | null = null, error: string | null = null): ProcessingTimesCheck => ({ at, source: 'http://127.0.0.1/flpt-en.json', outcome, snapshot, error });

export function describeProcessingTimesStoreConformance(name: string, implementation: ProcessingTimesStoreUnderTest): void {
  describe(`processing-times store: ${name}`, () => {
    it('starts empty: no snapshot, no validators, no check', async () => {
      const store = await implementation.open(await implementation.fresh());
      expect(await store.list()).toEqual([]);
      expect(await store.latest()).toEqual({ latest: null, previous: null });
      expect(await store.feedState()).toBeNull();
      expect(await store.status()).toEqual({ checkedAt: null, lastCheck: null, lastRefusal: null, snapshots: 0 });
      await implementation.close(store);
    });

    it('keeps every snapshot with the validators that vouch for it; the latest and the one IRCC dated before it', async () => {
      const place = await implementation.fresh();
      const store = await implementation.open(place);
      const august = fixture('flpt-en-2026-08-10.json', '2026-08-27T00:29:54.720Z');
      const september = fixture('flpt-en-2026-09-03.json', '2026-09-25T00:45:28.713Z');
      await store.keep(august, feed('a'), check(august.readAt!, 'new', august.id));
      await store.keep(september, feed('b'), check(september.readAt!, 'new', september.id));
      expect((await store.list()).map((snapshot) => snapshot.id)).toEqual([august.id, september.id]);
      expect((await store.list())[0]).not.toHaveProperty('raw');
      expect(await store.latest()).toEqual({ latest: september, previous: august });
      expect(await store.get(august.id)).toEqual(august);
      expect(await store.get('2026-01-01#nothing')).toBeNull();
      expect(await store.feedState()).toEqual(feed('b'));

      // A correction under the same IRCC date is the latest; the previous is still the one dated before.
      const corrected = snapshotOf(editedTimes('flpt-en-2026-09-03.json', (raw) => (raw['current-flpt'].fsw = 'About 8 months')), '2026-09-26T08:00:00.000Z');
      await store.keep(corrected, feed('c'), check(corrected.readAt!, 'correction', corrected.id));
      expect(await store.latest()).toEqual({ latest: corrected, previous: august });

      // What a restart reads.
      await implementation.close(store);
      const reopened = await implementation.open(place);
      expect((await reopened.list()).map((snapshot) => snapshot.id)).toEqual([august.id, september.id, corrected.id]);
      expect(await reopened.latest()).toEqual({ latest: corrected, previous: august });
      expect(await reopened.feedState()).toEqual(feed('c'));
      expect(await reopened.status()).toMatchObject({ checkedAt: corrected.readAt, lastCheck: { outcome: 'correction', snapshot: corrected.id }, lastRefusal: null, snapshots: 3 });
      await implementation.close(reopened);
    });

    it('records checks that keep nothing: validators replaced, forgotten or left; a refusal remembered; a failure is no contact', async () => {
      const place = await implementation.fresh();
      const store = await implementation.open(place);
      const september = fixture('flpt-en-2026-09-03.json', '2026-09-25T00:00:00.000Z');
      await store.keep(september, feed('a'), check('2026-09-25T00:00:00.000Z', 'new', september.id));

      await store.recordCheck(check('2026-09-26T00:00:00.000Z', 'not-modified', september.id));
      expect(await store.feedState()).toEqual(feed('a'));
      await store.recordCheck(check('2026-09-27T00:00:00.000Z', 'unchanged', september.id), feed('b'));
      expect(await store.feedState()).toEqual(feed('b'));
      await store.recordCheck(check('2026-09-28T00:00:00.000Z', 'refused', september.id, 'not JSON (Unexpected token)'), null);
      expect(await store.feedState()).toBeNull();
      await store.recordCheck(check('2026-09-29T00:00:00.000Z', 'failed', null, 'the file answered HTTP 503'));

      await implementation.close(store);
      const reopened = await implementation.open(place);
      expect(await reopened.status()).toEqual({
        checkedAt: '2026-09-28T00:00:00.000Z',
        lastCheck: check('2026-09-29T00:00:00.000Z', 'failed', null, 'the file answered HTTP 503'),
        lastRefusal: check('2026-09-28T00:00:00.000Z', 'refused', september.id, 'not JSON (Unexpected token)'),
        snapshots: 1,
      });
      expect(await reopened.latest()).toEqual({ latest: september, previous: null });
      await implementation.close(reopened);
    });
  });
}
