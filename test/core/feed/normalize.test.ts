import { describe, expect, it } from 'vitest';
import { FeedError, normalizeFeed, parseFeedText } from '../../../src/core/feed/normalize.ts';
import { feedJson, rawRound, seeds } from '../../helpers/fixtures.ts';

const catalog = seeds.categories;
const one = (overrides: Parameters<typeof rawRound>[0]) => normalizeFeed({ rounds: [rawRound(overrides)] }, catalog).draws[0]!;

describe('feed normalization (docs/FORMAT.md)', () => {
  it('turns a raw round into a Draw', () => {
    const draw = one({});
    expect(draw).toMatchObject({
      number: '293',
      date: '2024-04-11',
      label: 'STEM occupations (Version 1)',
      category: { id: 'stem', version: 'stem-v1' },
      programs: ['fsw', 'cec', 'fst'],
      invitations: 4500,
      crs: 491,
      roundAt: '2024-04-11T13:23:42.000Z',
      roundAtText: null,
      tieBreakAt: '2024-02-25T11:55:12.000Z',
      url: 'https://www.canada.ca/en/immigration-refugees-citizenship/corporate/mandate/policies-operational-instructions-agreements/ministerial-instructions/express-entry-rounds/invitations.html?q=293',
    });
  });

  it('reads comma numbers, lettered round numbers and every program name', () => {
    const draw = one({ drawNumber: '91a', drawSize: '27,332', drawText2: 'Federal Skilled Worker, Canadian Experience Class, Federal Skilled Trades and Provincial Nominee Program' });
    expect(draw.number).toBe('91a');
    expect(draw.invitations).toBe(27332);
    expect(draw.programs).toEqual(['fsw', 'cec', 'fst', 'pnp']);
  });

  it('builds public links from all three href shapes', () => {
    const old = '/en/immigration-refugees-citizenship/corporate/mandate/policies-operational-instructions-agreements/ministerial-instructions/express-entry-rounds/invitations-1.html';
    expect(one({ drawNumberURL: `<a href='${old}'>1</a>` }).url).toBe(`https://www.canada.ca${old}`);
    expect(one({ drawNumberURL: '', mitext: '<a href="https://www.canada.ca/en/x.html?q=91b">x</a>' }).url).toBe('https://www.canada.ca/en/x.html?q=91b');
    expect(one({ drawNumberURL: '', mitext: '', DrawText1: '' }).url).toBeNull();
  });

  it('keeps the pool as published: 15 bands, IRCC’s two subtotals beside them, the total', () => {
    const pool = one({}).pool!;
    expect(pool.asOf).toBe('2024-04-09');
    expect(pool.total).toBe(216167);
    expect(pool.bands).toHaveLength(15);
    expect(pool.bands[0]).toEqual({ from: 601, to: 1200, count: 1093 });
    expect(pool.bands.at(-1)).toEqual({ from: 0, to: 300, count: 5410 });
    expect(pool.subtotals).toEqual([{ from: 451, to: 500, count: 62073 }, { from: 401, to: 450, count: 51694 }]);
    expect(pool.bands.reduce((sum, band) => sum + band.count, 0)).toBe(pool.total);
  });

  it('reads an all-zero or missing distribution as "not published"', () => {
    const zeros = Object.fromEntries(Array.from({ length: 18 }, (_, index) => [`dd${index + 1}`, '0']));
    expect(one(zeros).pool).toBeNull();
    expect(one({ dd18: '' }).pool).toBeNull();
  });

  it('keeps the raw text of a timestamp it cannot read', () => {
    const draw = one({ drawCutOff: 'see notice' });
    expect(draw.tieBreakAt).toBeNull();
    expect(draw.tieBreakAtText).toBe('see notice');
    expect(one({ drawCutOff: '' })).toMatchObject({ tieBreakAt: null, tieBreakAtText: null });
  });

  it('keeps a round whose label nobody knows as "other", with its label, and reports it', () => {
    const feed = normalizeFeed({ rounds: [rawRound({ drawName: 'Arctic occupations (Version 1)' })] }, catalog);
    expect(feed.draws[0]!.category).toEqual({ id: 'other', version: null });
    expect(feed.draws[0]!.label).toBe('Arctic occupations (Version 1)');
    expect(feed.unknownLabels).toEqual(['Arctic occupations (Version 1)']);
  });

  it('places a new label by keyword, with the version in force on its date', () => {
    expect(one({ drawName: 'STEM Occupations, 2026-Version 4', drawDate: '2026-05-01' }).category).toEqual({ id: 'stem', version: 'stem-2026' });
    expect(one({ drawName: 'Skilled Trades occupations', drawDate: '2025-09-18' }).category).toEqual({ id: 'trades', version: 'trade-2025-v2' });
  });

  it('sorts newest first, by date then number', () => {
    const feed = normalizeFeed({ rounds: [rawRound({ drawNumber: '91a', drawDate: '2018-05-30' }), rawRound({ drawNumber: '91b', drawDate: '2018-05-30' }), rawRound({ drawNumber: '92', drawDate: '2018-06-13' })] }, catalog);
    expect(feed.draws.map((draw) => draw.number)).toEqual(['92', '91b', '91a']);
  });

  describe('rejects a feed that cannot be used as a whole, saying why', () => {
    it.each([
      ['an HTML page', '<!DOCTYPE html><html><body>Maintenance</body></html>', /HTML page/],
      ['truncated JSON', feedJson([rawRound()]).slice(0, 300), /not valid JSON.*cut short/],
      ['no rounds', '{"rounds": []}', /holds no rounds/],
      ['no rounds key', '{"classes": "wb-tables"}', /rounds/],
      ['an empty CRS', feedJson([rawRound({ drawNumber: '412', drawCRS: '' })]), /round #412, drawCRS: expected a CRS score/],
      ['a CRS over 1,200', feedJson([rawRound({ drawCRS: '1500' })]), /at most 1,200/],
      ['an unreadable size', feedJson([rawRound({ drawSize: 'TBA' })]), /drawSize: expected a number/],
      ['a bad date', feedJson([rawRound({ drawDate: 'April 11, 2024' })]), /drawDate: expected a date as YYYY-MM-DD/],
      ['a round listed twice', feedJson([rawRound(), rawRound()]), /#293 appears twice/],
    ])('%s', (_name, text, reason) => {
      expect(() => parseFeedText(text, catalog)).toThrow(FeedError);
      expect(() => parseFeedText(text, catalog)).toThrow(reason);
    });
  });
});
