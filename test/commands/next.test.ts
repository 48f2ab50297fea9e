import { describe, expect, it } from 'vitest';
import { backtestOf } from '../../src/core/outlook/backtest.ts';
import { answering, ask, field, history } from '../helpers/answers.ts';

/** The day after the shipped history's newest round (April 15, 2026), at noon in Toronto. */
const dayAfter = () => answering({ now: '2026-04-16T16:00:00Z' });

describe('/next <type>: ranges, the basis, and how often the same method held', () => {
  it('CEC, the day after the shipped history ends', async () => {
    const reply = await ask('/next cec', { at: dayAfter() });
    expect(reply.title).toBe('Next Canadian Experience Class round');
    expect(reply.lines).toEqual(['IRCC publishes no schedule; this is a pattern, not a promise.', 'As of April 16, 2026, from the rounds stored before it.']);
    expect(reply.fields).toEqual([
      { label: 'When', value: 'between April 20, 2026 and May 11, 2026' },
      { label: 'Cut-off', value: 'between 504 and 521' },
      { label: 'Basis', value: 'the last 10 CEC rounds (November 26, 2025 – April 14, 2026): 6 to 27 days apart, cut-off changes of −11 to +6' },
      { label: 'How often it held', value: 'over 2024–2026 the window held the next CEC round 19 times in 23; the band held its cut-off 18 times in 23 (sized to hold it 8 times in 10)' },
      { label: 'Latest', value: '#410 (April 14, 2026), cut-off 515' },
    ]);
    // The counts quoted are the backtest's, over the rounds before the as-of date.
    expect(backtestOf(history, 'cec', '2026-04-16')).toMatchObject({ rounds: 23, dateHits: 19, cutoffHits: 18 });
  });

  it('in French', async () => {
    const reply = await ask('/prochaine pcp', { at: dayAfter(), locale: 'fr' });
    expect(reply.title).toBe('Prochaine ronde : Programme des candidats des provinces');
    expect(reply.lines[0]).toBe('IRCC ne publie aucun calendrier; ceci est une tendance, pas une promesse.');
    expect(field(reply, 'Quand')).toBe('entre le 20 avril 2026 et le 4 mai 2026');
    expect(field(reply, 'Note de passage')).toBe('entre 707 et 846');
    expect(field(reply, 'Fiabilité mesurée')).toBe('de 2024 à 2026, la période a contenu la ronde PCP suivante 38 fois sur 42; la fourchette a contenu sa note 31 fois sur 42 (calibrées pour la contenir 8 fois sur 10)');
    expect(reply.notes?.[0]).toMatch(/^Les notes de passage du PCP comprennent les 600 points/);
  });

  it('a type with too few recent rounds gets "not enough recent rounds to say", with what was measured before', async () => {
    const stem = await ask('/next stem', { at: dayAfter() });
    expect(stem.lines).toEqual([
      'IRCC publishes no schedule; this is a pattern, not a promise.',
      'Not enough recent rounds to say: 0 STEM rounds in the two years before April 16, 2026 (the last on April 11, 2024); the outlook needs 10.',
    ]);
    expect(stem.fields).toEqual([{ label: 'Latest', value: '#293 (April 11, 2024), cut-off 491' }]);
    const general = await ask('/next general', { at: dayAfter() });
    expect(field(general, 'How often it held')).toBe('over 2024–2026 the window held the next General round 9 times in 9; the band held its cut-off 8 times in 9 (sized to hold it 8 times in 10)');
  });

  it('when the window has passed with no round stored, it says so rather than move the window', async () => {
    const reply = await ask('/next french', { at: answering({ now: '2026-12-06T16:00:00Z' }) });
    expect(field(reply, 'When')).toBe('not said — no French round is stored since April 15, 2026 (235 days), longer than any gap in the pattern (51 days at most). The stored rounds may be out of date, or IRCC has paused these rounds.');
    expect(field(reply, 'Cut-off, whenever it comes')).toBe('between 384 and 445');
  });
});

describe('/next: the next round of any type, and each type', () => {
  it('a window for any round, then a short table', async () => {
    const reply = await ask('/next', { at: dayAfter() });
    expect(reply.title).toBe('Next round of invitations');
    expect(field(reply, 'Any round')).toBe('between April 16, 2026 and April 27, 2026 — the last 10 days with a round of any type (March 5, 2026 – April 15, 2026): 1 to 12 days apart; over 2024–2026 the window held the next round 121 times in 133 (sized to hold it 8 times in 10)');
    expect(reply.table?.rows).toEqual([
      ['Healthcare', 'Apr 16, 2026 – Aug 2, 2026', '438–514', '1/1 · 1/1'],
      ['PNP*', 'Apr 20, 2026 – May 4, 2026', '707–846', '38/42 · 31/42'],
      ['CEC', 'Apr 20, 2026 – May 11, 2026', '504–521', '19/23 · 18/23'],
      ['French', 'Apr 29, 2026 – Jun 5, 2026', '384–445', '15/20 · 18/20'],
    ]);
    expect(reply.notes).toContain('Not enough recent rounds to say: General, FSW, FST, STEM, Trades, Transport, Agriculture, Education, Physicians, Senior managers.');
  });
});
