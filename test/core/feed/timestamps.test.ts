import { describe, expect, it } from 'vitest';
import { parseRoundInstant, parseTieBreak } from '../../../src/core/feed/timestamps.ts';

describe('hand-typed timestamps (docs/FORMAT.md)', () => {
  it.each([
    ['April 15, 2026 at 10:43:11 UTC', '2026-04-15', '2026-04-15T10:43:11.000Z'],
    ['March 01, 2023, at 17:24:39 UTC', '2023-03-01', '2023-03-01T17:24:39.000Z'],
    ['January 18, 2023 16:13:57 UTC', '2023-01-18', '2023-01-18T16:13:57.000Z'],
    ['April 26,2023 18:10:04 UTC', '2023-04-26', '2023-04-26T18:10:04.000Z'],
    ['May 31, 2024 at12:48:30 UTC', '2024-05-31', '2024-05-31T12:48:30.000Z'],
    ['March 02. 2024 at 01:58:34 UTC', '2024-03-02', '2024-03-02T01:58:34.000Z'],
    ['May 26 2025 at 12:28:38 UTC', '2025-05-26', '2025-05-26T12:28:38.000Z'],
    ['October 18, 2025 at  7:18:52 UTC', '2025-10-18', '2025-10-18T07:18:52.000Z'],
    ['March 05, 2025 at 05:10:48', '2025-03-05', '2025-03-05T05:10:48.000Z'],
    ['October 25, 2023 at 15:48:39 AM UTC', '2023-10-25', '2023-10-25T15:48:39.000Z'],
    ['June 22, 2021 at 20:19:59 PM UTC', '2021-06-22', '2021-06-22T20:19:59.000Z'],
    ['January 23, 2025 at 2025-01-23 15:30:04 UTC', '2025-01-23', '2025-01-23T15:30:04.000Z'],
    ['July 04, 2023 at 19:36:18 UTC ', '2023-07-04', '2023-07-04T19:36:18.000Z'],
    [' January 17, 2018 at 12:33:00 UTC', '2018-01-17', '2018-01-17T12:33:00.000Z'],
    ['November 1, 2017, at 12:55:44 UTC', '2017-11-01', '2017-11-01T12:55:44.000Z'],
    ['September 05, 2025 at 0:59:13 UTC', '2025-09-05', '2025-09-05T00:59:13.000Z'],
    ['Sept. 5, 2025 at 3:04:05 pm UTC', '2025-09-05', '2025-09-05T15:04:05.000Z'],
  ])('reads %j', (text, date, expected) => {
    expect(parseRoundInstant(text, date)).toBe(expected);
    expect(parseTieBreak(text, date)).toBe(expected);
  });

  it('gives a tie-break typed without a year the round’s year, or the year before', () => {
    expect(parseTieBreak('October 7 at 16:38:21 UTC', '2021-10-27')).toBe('2021-10-07T16:38:21.000Z');
    expect(parseTieBreak('December 28 at 09:00:00 UTC', '2022-01-05')).toBe('2021-12-28T09:00:00.000Z');
  });

  it('keeps a round typed a day off (the same evening seen from UTC) and puts a typo on drawDate', () => {
    expect(parseRoundInstant('May 1, 2020 at 11:33:47 UTC', '2020-04-30')).toBe('2020-05-01T11:33:47.000Z');
    // Round #357: drawDate 2025-07-22, typed "July 12": drawDate wins, the time is kept.
    expect(parseRoundInstant('July 12, 2025 at 16:27:45 UTC', '2025-07-22')).toBe('2025-07-22T16:27:45.000Z');
  });

  it('returns null for what it cannot read, rather than guessing', () => {
    expect(parseTieBreak('', '2024-01-01')).toBeNull();
    expect(parseTieBreak('to be announced', '2024-01-01')).toBeNull();
    expect(parseTieBreak('February 30, 2024 at 10:00:00 UTC', '2024-03-01')).toBeNull();
    expect(parseTieBreak('March 3, 2024 at 25:61:00 UTC', '2024-03-05')).toBeNull();
    expect(parseRoundInstant('April 15, 2026', '2026-04-15')).toBeNull();
  });
});
