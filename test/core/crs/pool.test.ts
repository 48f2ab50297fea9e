import { describe, expect, it } from 'vitest';
import { poolStanding } from '../../../src/core/crs/index.ts';
import type { Pool } from '../../../src/core/draw.ts';
import { parseFeedText } from '../../../src/core/feed/normalize.ts';
import { seeds, snapshotText } from '../../helpers/fixtures.ts';

/** IRCC's distribution as of 2026-04-12, read from the stored feed through the real normalizer. */
function poolOfApril12(): Pool {
  const { draws } = parseFeedText(snapshotText('ircc-rounds-en-2026-04-15.json'), seeds.categories);
  const pool = draws.find((draw) => draw.pool?.asOf === '2026-04-12')?.pool;
  if (!pool) throw new Error('no round with the pool of 2026-04-12 in the snapshot');
  return pool;
}

describe('pool standing as bounds', () => {
  const pool = poolOfApril12();

  it('reads the April 12, 2026 bands this test relies on', () => {
    expect(pool.bands.slice(0, 4)).toEqual([
      { from: 601, to: 1200, count: 325 }, { from: 501, to: 600, count: 13_610 },
      { from: 491, to: 500, count: 13_174 }, { from: 481, to: 490, count: 12_663 },
    ]);
    expect(pool.bands.reduce((sum, band) => sum + band.count, 0)).toBe(pool.total);
  });

  it('485: at least 27,109 scored 491 or more, at most 39,772 scored 481 or more', () => {
    expect(poolStanding(485, pool)).toEqual({ score: 485, atLeast: { count: 27_109, from: 491 }, atMost: { count: 39_772, from: 481 }, exact: false });
    // Anywhere inside the band gives the same bounds: nothing is interpolated.
    expect(poolStanding(490, pool)).toMatchObject({ atLeast: { count: 27_109, from: 491 }, atMost: { count: 39_772, from: 481 } });
    expect(poolStanding(482, pool)).toMatchObject({ atLeast: { count: 27_109, from: 491 }, atMost: { count: 39_772, from: 481 } });
  });

  it('is exact on a band\'s lower edge', () => {
    expect(poolStanding(481, pool)).toEqual({ score: 481, atLeast: { count: 39_772, from: 481 }, atMost: { count: 39_772, from: 481 }, exact: true });
    expect(poolStanding(491, pool)).toEqual({ score: 491, atLeast: { count: 27_109, from: 491 }, atMost: { count: 27_109, from: 491 }, exact: true });
    expect(poolStanding(601, pool)).toMatchObject({ atLeast: { count: 325, from: 601 }, exact: true });
  });

  it('bounds the open-ended top band 601–1200 by nobody above it', () => {
    expect(poolStanding(700, pool)).toEqual({ score: 700, atLeast: { count: 0, from: 1201 }, atMost: { count: 325, from: 601 }, exact: false });
    expect(poolStanding(1200, pool)).toMatchObject({ atLeast: { count: 0, from: 1201 }, atMost: { count: 325, from: 601 } });
  });

  it('above every band: nobody; below every band: everybody', () => {
    expect(poolStanding(1201, pool)).toEqual({ score: 1201, atLeast: { count: 0, from: 1201 }, atMost: { count: 0, from: 1201 }, exact: true });
    expect(poolStanding(0, pool)).toEqual({ score: 0, atLeast: { count: 233_555, from: 0 }, atMost: { count: 233_555, from: 0 }, exact: true });
    expect(poolStanding(-5, pool)).toMatchObject({ atLeast: { count: 233_555, from: 0 }, atMost: { count: 233_555, from: 0 }, exact: true });
    // Inside the lowest band 0–300 (8,253 profiles): everybody above 300 at least, everybody at most.
    expect(poolStanding(150, pool)).toEqual({ score: 150, atLeast: { count: 233_555 - 8_253, from: 301 }, atMost: { count: 233_555, from: 0 }, exact: false });
  });

  it('handles a pool whose bands stop short of 1200, and one with no bands', () => {
    const bands = [{ from: 451, to: 500, count: 10 }, { from: 401, to: 450, count: 20 }];
    expect(poolStanding(520, { bands })).toEqual({ score: 520, atLeast: { count: 0, from: 501 }, atMost: { count: 0, from: 501 }, exact: true });
    expect(poolStanding(300, { bands })).toEqual({ score: 300, atLeast: { count: 30, from: 401 }, atMost: { count: 30, from: 401 }, exact: true });
    expect(poolStanding(420, { bands })).toEqual({ score: 420, atLeast: { count: 10, from: 451 }, atMost: { count: 30, from: 401 }, exact: false });
    expect(poolStanding(420, { bands: [] })).toEqual({ score: 420, atLeast: { count: 0, from: 420 }, atMost: { count: 0, from: 420 }, exact: true });
  });
});
