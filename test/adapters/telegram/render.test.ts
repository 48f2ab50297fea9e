import { describe, expect, it } from 'vitest';
import { escapeHtml, splitHtml } from '../../../src/adapters/telegram/html.ts';
import { renderReply, replyHtml } from '../../../src/adapters/telegram/render.ts';
import { reply } from '../../../src/chat/reply.ts';
import { ask, askText } from '../../helpers/answers.ts';
import { telegramText } from '../../helpers/telegram-html.ts';

/** What a member reads, whitespace aside (cuts drop the blank line or space they fall on). */
const words = (html: string) => telegramText(html).replace(/\s+/g, '');

describe('a Reply as Telegram HTML', () => {
  it('escapes what HTML would read as markup, in text and in links', () => {
    const html = replyHtml(
      reply({
        title: 'R&D <engineers>',
        lines: ['a < b & c > d "quoted"'],
        fields: [{ label: '<b>', value: '&amp;' }],
        link: { label: 'IRCC & co', url: 'https://example.org/?q=1&lang="en"' },
        footer: 'Source: <IRCC>',
      }),
      'en',
    );
    expect(html).toBe(
      [
        '<b>R&amp;D &lt;engineers&gt;</b>',
        'a &lt; b &amp; c &gt; d &quot;quoted&quot;',
        '<b>&lt;b&gt;</b>: &amp;amp;',
        '<a href="https://example.org/?q=1&amp;lang=&quot;en&quot;">IRCC &amp; co</a>',
        '<i>Source: &lt;IRCC&gt;</i>',
      ].join('\n\n'),
    );
    expect(telegramText(html)).toContain('a < b & c > d "quoted"');
  });

  it('puts tables in <pre> and uses the French colon in French', async () => {
    const html = replyHtml(await ask('/history stem 3', { locale: 'fr' }), 'fr');
    expect(html).toMatch(/<pre>No +Date +IPD +SCG\n/);
    expect(html).not.toMatch(/<pre>[^]*<b>[^]*<\/pre>/);
    telegramText(html);
    const fields = replyHtml(await ask('/latest', { locale: 'fr' }), 'fr');
    expect(fields).toContain('<b>Invitations</b>\u00a0: 4\u00a0000');
  });

  it('keeps every shipped answer in one message', async () => {
    for (const question of ['/latest', '/latest pnp', '/cutoffs 2024', '/eligible 21231', '/eligible software', '/history general 10', '/pool', '/help', '/about']) {
      const messages = renderReply(await ask(question), 'en');
      expect(messages, question).toHaveLength(1);
      const [message] = messages;
      // /pool carries its chart: a photo whose caption holds the answer.
      if (message!.kind === 'text') expect(telegramText(message!.html).length).toBeLessThanOrEqual(4096);
      else expect(telegramText(message!.caption).length).toBeLessThanOrEqual(1024);
    }
  });
});

describe('tables that fit a phone (issue 22, item 15)', () => {
  const WIDE = ['/cutoffs 2024', '/cutoffs', '/history', '/history 20', '/history stem', '/trend', '/trend cec, french 2y', '/score 480', '/eligible nurse', '/eligible engineer', '/pool'];

  it.each(['en', 'fr'] as const)('no line of a <pre> is wider than 40 characters (%s)', async (locale) => {
    for (const question of WIDE) {
      const html = replyHtml(await ask(question, { locale }), locale);
      for (const [, table] of html.matchAll(/<pre>([^]*?)<\/pre>/g)) {
        for (const line of telegramText(table!).split('\n')) expect([...line].length, `${question}: ${line}`).toBeLessThanOrEqual(40);
      }
    }
  });

  it('a table too wide becomes a list, a row a line, losing no value', async () => {
    const reply = await ask('/cutoffs 2024');
    const text = telegramText(replyHtml(reply, 'en'));
    expect(text).not.toContain('Type         Rounds');
    expect(text).toContain('French — Rounds: 11 · ITAs: 23,000 · Share: 40.4% · Plan: 30.0% · Last cut-off: 466 · Date: Dec 3, 2024');
    // “—” (no share: outside the plan) says nothing a line needs to repeat.
    expect(text).toContain('CEC — Rounds: 10 · ITAs: 26,500 · Last cut-off: 539 · Date: Nov 19, 2024');
    const french = telegramText(replyHtml(await ask('/notes 2024', { locale: 'fr' }), 'fr'));
    expect(french).toContain('Français — Rondes\u00a0: 11 · IPD\u00a0: 23\u00a0000 · Part\u00a0: 40,4\u00a0% · Plan\u00a0: 30,0\u00a0% · Dernière note\u00a0: 466 · Date\u00a0: 3 déc. 2024');
    const nurse = telegramText(replyHtml(await ask('/eligible nurse'), 'en'));
    expect(nurse).toContain('31301 — Occupation: Registered nurses and registered psychiatric nurses · TEER: 1');
  });

  it('a table that fits once its optional columns go stays a table: /history of every type', async () => {
    const html = replyHtml(await ask('/history'), 'en');
    const table = /<pre>([^]*?)<\/pre>/.exec(html)![1]!;
    expect(telegramText(table).split('\n')[0]).toMatch(/^Date +Type +ITAs +CRS$/);
    expect(telegramText(table)).toContain('Apr 15, 2026 French          4,000 419');
    // The console, with room, keeps the round numbers.
    expect(await askText('/history')).toMatch(/\n# {4}Date {10}Type {14}ITAs {2}CRS\n411 {2}Apr 15, 2026/);
  });
});

describe('splitting long HTML', () => {
  it('leaves HTML under the limit as it is', () => {
    expect(splitHtml('<b>short</b>', { first: 4096 })).toEqual(['<b>short</b>']);
  });

  it('cuts between blocks when each block fits a message of its own', () => {
    const blocks = Array.from({ length: 12 }, (_, index) => `<b>Block ${index}</b>\n${'text &amp; more '.repeat(30)}`);
    const parts = splitHtml(blocks.join('\n\n'), { first: 1000 });
    expect(parts.length).toBeGreaterThan(1);
    // Every part is whole blocks.
    expect(parts.join('\n\n')).toBe(blocks.join('\n\n'));
    for (const part of parts) expect(telegramText(part).length).toBeLessThanOrEqual(1000);
  });

  it('closes and reopens tags at a cut inside them: a table continues in a new <pre>', () => {
    const rows = Array.from({ length: 60 }, (_, index) => `row ${String(index).padStart(2, '0')} &lt;x&gt; ${'·'.repeat(20)}`);
    const html = `<b>Title</b>\n\n<pre>${rows.join('\n')}</pre>\n\n<i>footer</i>`;
    const parts = splitHtml(html, { first: 500 });
    const shownRows = parts.flatMap((part) => [...part.matchAll(/<pre>([^]*?)<\/pre>/g)].flatMap((match) => match[1]!.split('\n')));
    expect(shownRows).toEqual(rows);
    expect(parts[0]).toMatch(/^<b>Title<\/b>\n\n<pre>row 00/);
    for (const part of parts) {
      expect(telegramText(part).length).toBeLessThanOrEqual(500);
    }
  });

  it('cuts an endless word between characters, never inside an entity or a tag', () => {
    const html = `<a href="https://example.org/">${'&amp;'.repeat(900)}é😀${'x'.repeat(300)}</a>`;
    const parts = splitHtml(html, { first: 1024 });
    for (const part of parts) {
      expect(telegramText(part).length).toBeLessThanOrEqual(1024);
      expect(part).toMatch(/^<a href="https:\/\/example\.org\/">[^]+<\/a>$/);
    }
    expect(parts.map(words).join('')).toBe(words(html));
    expect(parts.join('')).toContain('é😀');
  });

  it('loses and repeats nothing, whatever the mix', () => {
    let seed = 7;
    const random = (n: number) => ((seed = (seed * 16807) % 2147483647) % n);
    const pieces = ['word ', 'R&amp;D ', '&lt;tag&gt;', '\n', '\n\n', '<b>bold text</b>', '<i>notes and more</i>', '<pre>a  1\nbb 22\nccc 333</pre>', '<a href="https://x.org/?a=1&amp;b=2">link text</a>', 'é', '😀'];
    for (let round = 0; round < 40; round++) {
      const html = Array.from({ length: 300 + random(600) }, () => pieces[random(pieces.length)]).join('');
      const limits = { first: 200 + random(900), rest: 300 + random(3800) };
      const parts = splitHtml(html, limits);
      parts.forEach((part, index) => {
        expect(telegramText(part).length).toBeLessThanOrEqual(index === 0 ? limits.first : limits.rest);
      });
      expect(parts.map(words).join('')).toBe(words(html));
    }
  });

  it('measures what the member sees: an entity is one character, a tag none', () => {
    expect(escapeHtml('<&>"')).toBe('&lt;&amp;&gt;&quot;');
    // 5,000 "<" are 20,000 characters of "&lt;" but 5,000 on screen: two messages, not five.
    const parts = splitHtml(escapeHtml('<'.repeat(5000)), { first: 4096 });
    expect(parts.map((part) => telegramText(part).length)).toEqual([4096, 904]);
    for (const part of parts) expect(part).toMatch(/^(&lt;)+$/);
    // A bold title and a link cost their text only.
    const html = `<b>${'t'.repeat(10)}</b>\n\n<a href="https://example.org/${'p'.repeat(200)}">${'x'.repeat(4080)}</a>`;
    expect(splitHtml(html, { first: 4096 })).toEqual([html]);
    // An emoji is two characters to Telegram (UTF-16).
    expect(splitHtml('😀'.repeat(2049), { first: 4096 }).map((part) => telegramText(part).length)).toEqual([4096, 2]);
  });
});

describe('a Reply with an image', () => {
  const png = new Uint8Array([137, 80, 78, 71]);

  it('is a photo with the answer as caption', () => {
    const [photo, ...more] = renderReply(reply({ title: 'Chart', lines: ['Cut-offs'], image: { png, alt: 'chart', filename: 'c.png' }, footer: 'Source' }), 'en');
    expect(more).toEqual([]);
    expect(photo).toEqual({ kind: 'photo', png, filename: 'c.png', caption: '<b>Chart</b>\n\nCut-offs\n\n<i>Source</i>' });
  });

  it('carries at most 1,024 characters in the caption; the rest follows in messages', () => {
    const lines = Array.from({ length: 200 }, (_, index) => `Line ${index} of the explanation.`);
    const [photo, ...more] = renderReply(reply({ title: 'Chart', lines, image: { png, alt: 'chart', filename: 'c.png' }, footer: 'Source' }), 'en');
    expect(photo!.kind === 'photo' && telegramText(photo!.caption).length).toBeLessThanOrEqual(1024);
    expect(more.length).toBeGreaterThan(0);
    const texts = [photo!.kind === 'photo' ? photo!.caption : '', ...more.map((message) => (message.kind === 'text' ? message.html : ''))];
    expect(texts.map((text) => telegramText(text)).join('\n').split('\n').filter((line) => line.startsWith('Line '))).toEqual(lines);
  });
});
