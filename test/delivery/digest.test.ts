import { describe, expect, it } from 'vitest';
import { commandContext } from '../../src/chat/context.ts';
import { digestPost, digestReply } from '../../src/delivery/digest.ts';
import { answering } from '../helpers/answers.ts';

const context = (locale: 'en' | 'fr' = 'en') => commandContext(answering(), { locale, chat: { platform: 'telegram', id: '-1', kind: 'group' }, canAdminister: false });

describe('what a subscribed chat sees', () => {
  it('one new round: type, invitations, cut-off, tie-break, change, year to date, link', () => {
    const post = digestReply(context(), { kind: 'rounds', rounds: ['411'], period: null });
    expect(post.title).toBe('New round: French-language proficiency');
    expect(post.lines).toEqual(['#411 (April 15, 2026 at 10:43:11 UTC) — French-language proficiency: 4,000 invitations, cut-off 419 (+26 vs #405 (March 18, 2026)). Tie-breaking rule: profiles submitted before November 14, 2025 at 07:14:25 UTC.']);
    expect(post.notes?.[0]).toBe('So far in 2026: 4 French rounds, 22,000 invitations.');
    expect(post.link?.url).toMatch(/invitations\.html\?q=411$/);
    expect(post.footer).toMatch(/^Source: IRCC/);
  });

  it('a round IRCC gave no tie-breaking time for says so, in words, rather than “; not published.”', () => {
    const post = digestReply(context(), { kind: 'rounds', rounds: ['76'], period: null });
    expect(post.lines[0]).toBe('#76 (November 1, 2017 at 12:55:44 UTC) — Federal Skilled Trades: 505 invitations, cut-off 241 (+42 vs #64 (May 26, 2017)). IRCC did not publish a tie-breaking time for this round.');
    expect(post.lines[0]).not.toMatch(/; not published\.$/);
    const french = digestReply(context('fr'), { kind: 'rounds', rounds: ['76'], period: null });
    expect(french.lines[0]).toMatch(/^no 76 \(1er novembre 2017 à 12 h 55 min 44 s UTC\) — /);
    expect(french.lines[0]).toMatch(/\. IRCC n’a pas publié d’heure de départage pour cette ronde\.$/);
  });

  it('a few rounds: a line each, the year to date of each type, a link to all rounds', () => {
    const post = digestReply(context(), { kind: 'rounds', rounds: ['411', '410', '409'], period: null });
    expect(post.title).toBe('3 new rounds of invitations');
    expect(post.lines).toHaveLength(3);
    expect(post.lines[2]).toMatch(/^#409 \(April 13, 2026 at 10:51:11 UTC\) — Provincial Nominee Program: 324 invitations, cut-off 786 \(−16 vs #406/);
    expect(post.notes).toContain('So far in 2026: 7 CEC rounds, 32,250 invitations.');
    expect(post.notes?.join(' ')).toMatch(/600 points of a provincial nomination/);
    expect(post.link?.url).toBe('https://www.canada.ca/en/immigration-refugees-citizenship/services/immigrate-canada/express-entry/rounds-invitations.html');
  });

  it('a long catch-up: one post, the rounds as a table', () => {
    const rounds = ['411', '410', '409', '408', '407', '406', '405', '404'];
    const post = digestReply(context(), { kind: 'rounds', rounds, period: null });
    expect(post.title).toBe('8 new rounds of invitations');
    expect(post.table?.rows.map((row) => row[0])).toEqual(rounds);
    expect(post.table?.rows[0]).toEqual(['411', 'Apr 15, 2026', 'French', '4,000', '419']);
  });

  it('the periodic summary, in French', () => {
    const post = digestReply(context('fr'), { kind: 'periodic', rounds: ['411', '410'], period: { from: '2026-04-13', to: '2026-04-19' } });
    expect(post.title).toBe('Rondes du 13 avril 2026 au 19 avril 2026');
    expect(post.lines[0]).toBe('2 rondes, 6\u00a0000 invitations.');
    expect(post.lines[1]).toMatch(/^no 411 \(15 avril 2026 à 10 h 43 min 11 s UTC\) — Compétence linguistique en français : 4\u00a0000 invitations, note 419/);
    expect(post.notes).toContain('Jusqu’ici en 2026 : 4 rondes de type Français, 22\u00a0000 invitations.');
  });

  it('carries the trend picture of its round types, with alt text', async () => {
    const post = await digestPost(context(), { kind: 'rounds', rounds: ['411', '410'], period: null });
    expect(post.title).toBe('2 new rounds of invitations');
    expect(post.image?.filename).toMatch(/^trend-cec-french-|^trend-french-cec-/);
    expect(Buffer.from(post.image!.png.subarray(1, 4)).toString('latin1')).toBe('PNG');
    expect(post.image!.alt).toMatch(/CEC/);
    expect(post.image!.alt).toMatch(/French/);
  });
});
