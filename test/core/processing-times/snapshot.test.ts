import { describe, expect, it } from 'vitest';
import { contentKey, readProcessingTimes, type ProcessingTimes } from '../../../src/core/processing-times/snapshot.ts';
import { AFTER_SEPTEMBER_UPDATE, editedTimes, timesRaw, timesText, TIMES_SNAPSHOTS } from '../../helpers/processing-times.ts';

function read(text: string, now = AFTER_SEPTEMBER_UPDATE): ProcessingTimes {
  const outcome = readProcessingTimes(text, { now });
  if (!outcome.ok) throw new Error(outcome.reason);
  return outcome.times;
}

function refusal(text: string, now = AFTER_SEPTEMBER_UPDATE): string {
  const outcome = readProcessingTimes(text, { now });
  if (outcome.ok) throw new Error('read, not refused');
  return outcome.reason;
}

describe('the reference snapshots of IRCC’s flpt-en.json', () => {
  it('read whole: the update date, every program held, every application month of CEC, FSW and PNP (EE)', () => {
    const august = read(timesText('flpt-en-2026-08-10.json'));
    const september = read(timesText('flpt-en-2026-09-03.json'));
    expect(august.updated).toBe('2026-08-10');
    expect(september.updated).toBe('2026-09-03');
    expect(august.interval).toBe('monthly');
    expect([...august.programs.keys()].sort()).toEqual(['aip', 'caregiver', 'cec', 'fsw', 'pnp-base', 'pnp-ee', 'qsw', 'quebec-business']);
    expect(september.programs.size).toBe(13);
    for (const key of ['cec', 'fsw', 'pnp-ee']) {
      expect(august.programs.get(key)!.cohorts.map((cohort) => cohort.month), key).toHaveLength(127);
      expect(august.programs.get(key)!.cohorts[0]!.month).toBe('2016-01');
      expect(august.programs.get(key)!.cohorts.at(-1)!.month).toBe('2026-07');
      expect(september.programs.get(key)!.cohorts.at(-1)!.month).toBe('2026-08');
    }
    // Values as IRCC wrote them, read: cec's newest month on August 10 and a sentinel between estimates.
    expect(august.programs.get('cec')!.cohorts.at(-1)).toEqual({
      month: '2026-07',
      left: { kind: 'duration', bound: 'exact', amount: 4, unit: 'month' },
      ahead: { kind: 'count', bound: 'about', count: 59_700 },
    });
    expect(september.programs.get('pnp-ee')!.cohorts.find((cohort) => cohort.month === '2025-06')!.left).toEqual({ kind: 'more-time' });
    expect(september.programs.get('self-employed')!.current).toEqual({ kind: 'duration', bound: 'more-than', amount: 10, unit: 'year' });
  });

  it('the same snapshot with other spacing and key order has the same content key; another has another', () => {
    const raw = timesRaw('flpt-en-2026-09-03.json');
    const reordered = Object.fromEntries(Object.entries(raw).reverse()) as typeof raw;
    expect(contentKey(reordered)).toBe(contentKey(raw));
    expect(contentKey(timesRaw('flpt-en-2026-08-10.json'))).not.toBe(contentKey(raw));
    expect(read(JSON.stringify(raw, null, 4)).updated).toBe('2026-09-03');
  });

  it('a byte-order mark before the JSON is no reason to refuse it', () => {
    expect(read(`\uFEFF${timesText('flpt-en-2026-08-10.json')}`).updated).toBe('2026-08-10');
  });
});

describe('a snapshot is refused whole, with the reason in one line', () => {
  const september = 'flpt-en-2026-09-03.json' as const;
  const cases: [string, string, RegExp][] = [
    ['HTML instead of JSON', '<html><body>Error</body></html>', /^not JSON/],
    ['JSON cut in half', timesText(september).slice(0, 20_000), /^not JSON/],
    ['a part missing', editedTimes(september, (raw) => delete (raw as Partial<typeof raw>)['wait-times']), /^not IRCC's processing-times format \(wait-times:/],
    ['an unreadable estimate', editedTimes(september, (raw) => (raw['current-flpt'].cec = 'Six months')), /^current-flpt\.cec: "Six months" is not a processing time$/],
    ['an unreadable queue', editedTimes(september, (raw) => (raw['people-ahead']['fsw-2026/08'] = 'About 53.800 people ahead of you')), /^people-ahead\.fsw-2026\/08: /],
    ['an estimate over a century', editedTimes(september, (raw) => (raw['current-flpt'].fsw = 'About 7000 months')), /over a century/],
    ['a date that is not one', editedTimes(september, (raw) => (raw['default-update'].flpt_lastupdated = '2026-09-03')), /flpt_lastupdated "2026-09-03" is not a date/],
    ['an Express Entry program missing', editedTimes(september, (raw) => { delete raw['current-flpt']['pnp-ee']; delete raw['total-people']['pnp-ee']; }), /no pnp-ee in current-flpt/],
    ['estimates and queues for different programs', editedTimes(september, (raw) => delete raw['total-people'].aip), /current-flpt and total-people do not name the same programs \(aip\)/],
    ['a month with no people-ahead', editedTimes(september, (raw) => delete raw['people-ahead']['cec-2026/08']), /do not name the same months \(cec-2026\/08\)/],
    ['a month 13', editedTimes(september, (raw) => { raw['wait-times']['cec-2026/13'] = '4 months left'; raw['people-ahead']['cec-2026/13'] = 'About 1 people ahead of you'; }), /"cec-2026\/13" is not "program-YYYY\/MM"/],
    ['a month after the update', editedTimes(september, (raw) => { raw['wait-times']['cec-2026/10'] = '4 months left'; raw['people-ahead']['cec-2026/10'] = 'About 1 people ahead of you'; }), /cec-2026\/10: a month after the update/],
    ['a cut-short list of months', editedTimes(september, (raw) => { for (const key of Object.keys(raw['wait-times']).filter((key) => key.startsWith('fsw-') && key < 'fsw-2026/01')) { delete raw['wait-times'][key]; delete raw['people-ahead'][key]; } }), /^8 application months for fsw \(at least 12 expected\)/],
  ];
  for (const [what, text, reason] of cases) {
    it(what, () => expect(refusal(text)).toMatch(reason));
  }

  it('an update dated after tomorrow in Toronto (a typo in the year)', () => {
    expect(refusal(timesText(september), new Date('2026-09-01T12:00:00Z'))).toMatch(/^updated 2026-09-03, later than tomorrow in Toronto \(2026-09-02\)$/);
  });

  it('every reference snapshot passes these checks', () => {
    for (const name of TIMES_SNAPSHOTS) expect(readProcessingTimes(timesText(name), { now: AFTER_SEPTEMBER_UPDATE }).ok, name).toBe(true);
  });
});
