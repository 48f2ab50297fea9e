import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Draw } from '../../src/core/draw.ts';
import { parseFeedText } from '../../src/core/feed/normalize.ts';
import { FEED_DIR, SNAPSHOTS, seeds, snapshotRounds, snapshotText } from '../helpers/fixtures.ts';

/** Every real snapshot: the copies in test/fixtures, and any newer one in the reference folder. */
const REFERENCE_FEED_DIR = resolve(import.meta.dirname, '../../../shared/reference/ircc-feed');
const realFeeds = new Map(SNAPSHOTS.map((name) => [name, join(FEED_DIR, name)]));
if (existsSync(REFERENCE_FEED_DIR)) {
  for (const name of readdirSync(REFERENCE_FEED_DIR).filter((file) => file.endsWith('.json'))) {
    if (!realFeeds.has(name as never)) realFeeds.set(name as never, join(REFERENCE_FEED_DIR, name));
  }
}

const byNumber = (draws: Draw[]) => new Map(draws.map((draw) => [draw.number, draw]));
const latest = byNumber(parseFeedText(snapshotText('ircc-rounds-en-2026-04-15.json'), seeds.categories).draws);

describe.each([...realFeeds])('real feed %s', (_name, path) => {
  const text = readFileSync(path, 'utf8');
  const raw = (JSON.parse(text) as { rounds: { drawNumber: string; drawName: string; drawCutOff: string }[] }).rounds;
  const feed = parseFeedText(text, seeds.categories);

  it('ingests every round, none dropped', () => {
    expect(feed.draws).toHaveLength(raw.length);
    expect(new Set(feed.draws.map((draw) => draw.number))).toEqual(new Set(raw.map((round) => round.drawNumber.toLowerCase())));
  });

  it('categorizes every round, or reports it as "other"', () => {
    const others = feed.draws.filter((draw) => draw.category.id === 'other').map((draw) => draw.label);
    expect(new Set(others)).toEqual(new Set(feed.unknownLabels));
    for (const draw of feed.draws) expect(seeds.categories.get(draw.category.id)).toBeDefined();
  });

  it('reads every round instant, and every tie-break IRCC published', () => {
    expect(feed.draws.filter((draw) => draw.roundAt === null)).toEqual([]);
    const published = raw.filter((round) => round.drawCutOff.trim() !== '').length;
    expect(feed.draws.filter((draw) => draw.tieBreakAt !== null)).toHaveLength(published);
    expect(feed.unreadable).toEqual([]);
  });

  it('gives every category round the version of its list', () => {
    for (const draw of feed.draws.filter((d) => seeds.categories.get(d.category.id)?.kind === 'category')) {
      expect(draw.category.version, `#${draw.number} ${draw.label}`).not.toBeNull();
    }
  });

  it('agrees with the newest snapshot on every round both hold', () => {
    for (const draw of feed.draws) expect(latest.get(draw.number)).toEqual(draw);
  });
});

describe('known facts, answered exactly', () => {
  it('#293: 2024-04-11, STEM, 4,500 invitations, CRS 491', () => {
    expect(latest.get('293')).toMatchObject({ date: '2024-04-11', category: { id: 'stem', version: 'stem-v1' }, invitations: 4500, crs: 491 });
  });

  it('the March 2024 tie-breaking instants (seed-facts.md)', () => {
    const march = [...latest.values()].filter((draw) => draw.date.startsWith('2024-03'));
    const on = (date: string) => march.find((draw) => draw.date === date)!;
    expect(on('2024-03-26')).toMatchObject({ category: { id: 'french' }, tieBreakAt: '2024-03-10T20:06:26.000Z' });
    expect(on('2024-03-25')).toMatchObject({ category: { id: 'general' }, tieBreakAt: '2024-02-25T14:42:38.000Z' });
    expect(on('2024-03-13')).toMatchObject({ category: { id: 'transport' }, tieBreakAt: '2023-07-31T13:27:26.000Z' });
  });

  it('the 2024 rounds the articles reported', () => {
    const reported: [string, string, number, number][] = [
      ['2024-05-30', 'pnp', 2985, 676], ['2024-04-24', 'french', 1400, 410], ['2024-04-23', 'general', 2095, 529],
      ['2024-04-11', 'stem', 4500, 491], ['2024-04-10', 'general', 1280, 549], ['2024-03-26', 'french', 1500, 388],
      ['2024-03-25', 'general', 1980, 524], ['2024-03-13', 'transport', 975, 430], ['2024-03-12', 'general', 2850, 525],
      ['2024-02-29', 'french', 2500, 336], ['2024-02-28', 'general', 1470, 534], ['2024-02-16', 'agriculture', 150, 437],
      ['2024-02-14', 'healthcare', 3500, 422], ['2024-02-13', 'general', 1490, 535], ['2024-02-01', 'french', 7000, 365],
      ['2024-01-31', 'general', 730, 541], ['2024-01-23', 'general', 1040, 543], ['2024-01-10', 'general', 1510, 546],
    ];
    for (const [date, category, invitations, crs] of reported) {
      const draw = [...latest.values()].find((d) => d.date === date && d.category.id === category);
      expect(draw, `${date} ${category}`).toMatchObject({ invitations, crs });
    }
  });

  it('round #247’s pool keeps IRCC’s subtotal typo rather than fixing it', () => {
    const pool = latest.get('247')!.pool!;
    const parts = pool.bands.filter((band) => band.from >= 451 && band.to <= 500).reduce((sum, band) => sum + band.count, 0);
    expect(pool.subtotals[0]).toEqual({ from: 451, to: 500, count: 55867 });
    expect(parts).not.toBe(55867);
  });

  it('pools are "not published" before #214 and published for the newest round', () => {
    const early = [...latest.values()].filter((draw) => Number.parseInt(draw.number, 10) < 214);
    expect(early.every((draw) => draw.pool === null)).toBe(true);
    expect(latest.get('411')!.pool).toMatchObject({ asOf: '2026-04-12', total: 233555 });
  });

  it('the two rounds of 2018-05-30 are #91a and #91b', () => {
    expect(latest.get('91a')!.date).toBe('2018-05-30');
    expect(latest.get('91b')!.date).toBe('2018-05-30');
  });

  it('the snapshot holds the round counts docs/FORMAT.md lists', () => {
    expect(SNAPSHOTS.map((name) => snapshotRounds(name).length)).toEqual([239, 331, 412]);
  });
});
