import type { Pool } from '../draw.ts';

/** "count profiles scored `from` or more." */
export interface PoolCount {
  count: number;
  from: number;
}

/**
 * Where a score stands in IRCC's published distribution, as the bounds the bands allow and never
 * an interpolation inside a band: at least `atLeast.count` profiles scored `atLeast.from` or more
 * (the bands wholly above the score), at most `atMost.count` scored `atMost.from` or more (those
 * plus the score's own band). `exact` when the score sits on a band's lower edge, above every band
 * (nobody) or below every band (everybody): then both bounds are the same.
 */
export interface PoolStanding {
  score: number;
  atLeast: PoolCount;
  atMost: PoolCount;
  exact: boolean;
}

/** The pool's bands as IRCC publishes them: contiguous, highest first. */
export function poolStanding(score: number, { bands }: Pick<Pool, 'bands'>): PoolStanding {
  const exactly = (count: number, from: number): PoolStanding => ({ score, atLeast: { count, from }, atMost: { count, from }, exact: true });
  let above = 0;
  for (const band of bands) {
    if (band.from > score) {
      above += band.count;
      continue;
    }
    if (score > band.to) return exactly(above, band.to + 1);
    if (score === band.from) return exactly(above + band.count, band.from);
    return { score, atLeast: { count: above, from: band.to + 1 }, atMost: { count: above + band.count, from: band.from }, exact: false };
  }
  return exactly(above, bands.at(-1)?.from ?? score);
}
