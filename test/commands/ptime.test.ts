import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/core/log.ts';
import { PROGRAM_KEYS } from '../../src/core/processing-times/programs.ts';
import { createProcessingTimesSync } from '../../src/core/processing-times/sync.ts';
import { ProcessingTimesFile } from '../../src/store/lowdb/processing-times.ts';
import { commands } from '../../commands/index.ts';
import { answering, ask, askText, field } from '../helpers/answers.ts';
import { startFeedServer, type FeedServer } from '../helpers/feed-server.ts';
import { tempDir } from '../helpers/fixtures.ts';
import { timesRaw } from '../helpers/processing-times.ts';

/**
 * /ptime over IRCC's two reference snapshots, served in order by a local HTTP server and kept as
 * the bot keeps them: every program, every application month, the change between the two.
 */

let server: FeedServer;
let store: ProcessingTimesFile;
let dir: string;
const august = timesRaw('flpt-en-2026-08-10.json');
const september = timesRaw('flpt-en-2026-09-03.json');

beforeAll(async () => {
  dir = (await import('node:fs')).mkdtempSync(`${(await import('node:os')).tmpdir()}/eeb-ptime-`);
  store = new ProcessingTimesFile(dir, { seed: null });
  const sync = createProcessingTimesSync({ store, log: silentLogger });
  server = await startFeedServer({ kind: 'serve', body: JSON.stringify(august) });
  expect(await sync(server.url)).toMatchObject({ status: 'new' });
  server.set({ kind: 'serve', body: JSON.stringify(september) });
  expect(await sync(server.url)).toMatchObject({ status: 'new', previous: { updated: '2026-08-10' } });
});

afterAll(async () => {
  await server.close();
  (await import('node:fs')).rmSync(dir, { recursive: true, force: true });
});

const at = () => answering({ processingTimes: store, now: '2026-09-10T15:00:00Z' });

/** IRCC's English as the answers write it: "About 6 months" → "about 6 months", "Less than 100 people…" → "fewer than 100". */
const inWords = (text: string) => text.replace(/^About /, 'about ').replace(/^More than /, 'more than ');
const count = (text: string) => text.replace(/^About /, 'about ').replace(/^Less than /, 'fewer than ').replace(/ people (waiting|ahead of you)$/, '');
/** French writes thousands with a no-break space ("58 900"). */
const nb = (text: string) => text.replace(/(\d) (\d{3})/g, '$1\u00a0$2');
const monthName = (month: string) => new Date(`${month}-01T00:00:00Z`).toLocaleDateString('en-CA', { month: 'long', year: 'numeric', timeZone: 'UTC' });

describe('/ptime with no program: the Express Entry programs, with the change since IRCC’s previous update', () => {
  it('in English', async () => {
    const reply = await ask('/ptime', { at: at() });
    expect(reply.title).toBe('IRCC processing times: Express Entry');
    expect(reply.lines).toEqual(['IRCC’s estimate for a complete application received today, and the people waiting. Updated September 3, 2026; changes since August 10, 2026.']);
    expect(reply.fields).toEqual([
      // "6 months" on August 10, "About 6 months" on September 3: the same estimate, not a change.
      { label: 'Canadian Experience Class (Express Entry)', value: 'about 6 months (unchanged) · about 58,900 people waiting (−800)' },
      { label: 'Federal Skilled Worker (Express Entry)', value: 'about 7 months (was about 6 months) · about 53,800 people waiting (+1,400)' },
      { label: 'Provincial Nominee Program (Express Entry)', value: 'about 7 months (unchanged) · about 12,800 people waiting (+1,000)' },
    ]);
    expect(reply.link?.url).toBe('https://www.canada.ca/en/immigration-refugees-citizenship/services/application/check-processing-times.html');
    expect(reply.footer).toMatch(/^Source: IRCC, processing times \(flpt-en\.json\) · IRCC’s update of September 3, 2026 · checked with IRCC .+2026/);
    expect(reply.notes).toEqual(['These are IRCC’s own forward-looking estimates, revised about monthly: not a promise.']);
  });

  it('in French, the bot’s own words for IRCC’s values', async () => {
    const reply = await ask('/delais', { at: at(), locale: 'fr' });
    expect(reply.title).toBe('Délais de traitement d’IRCC : Entrée express');
    expect(reply.fields.map((each) => each.value)).toEqual([
      'environ 6 mois (inchangé) · environ 58 900 personnes en attente (−800)',
      'environ 7 mois (c’était environ 6 mois) · environ 53 800 personnes en attente (+1 400)',
      'environ 7 mois (inchangé) · environ 12 800 personnes en attente (+1 000)',
    ].map(nb));
    expect(reply.footer).toMatch(/^Source : IRCC, délais de traitement \(flpt-en\.json\) · mise à jour d’IRCC du 3 septembre 2026 · vérifié auprès d’IRCC/);
  });
});

describe('/ptime <program>: every program IRCC publishes', () => {
  it('a program in IRCC’s September update: its estimate and queue, each against August 10 where August had it', async () => {
    for (const key of PROGRAM_KEYS) {
      const reply = await ask(`/ptime ${key}`, { at: at() });
      const now = september['current-flpt'][key];
      if (now === undefined) {
        expect(reply.lines, key).toEqual([expect.stringMatching(/^IRCC’s update of September 3, 2026 held here has no figures for .+\.$/)]);
        expect(reply.fields, key).toEqual([]);
        continue;
      }
      const before = august['current-flpt'][key];
      const estimate = field(reply, 'New application today')!;
      const waiting = field(reply, 'People waiting')!;
      expect(estimate.startsWith(inWords(now)), `${key}: ${estimate}`).toBe(true);
      expect(waiting.startsWith(count(september['total-people'][key]!)), `${key}: ${waiting}`).toBe(true);
      if (before === undefined) {
        expect(estimate, key).toBe(inWords(now));
        expect(waiting, key).toBe(count(september['total-people'][key]!));
      } else {
        const same = inWords(now).replace(/^about /, '') === inWords(before).replace(/^about /, '');
        expect(estimate, key).toBe(same ? `${inWords(now)} — unchanged since August 10, 2026` : `${inWords(now)} — was ${inWords(before)} on August 10, 2026`);
        expect(waiting, key).toMatch(new RegExp(`^${count(september['total-people'][key]!)} — (unchanged since|was ${count(august['total-people'][key]!)} on) August 10, 2026`));
      }
    }
  });

  it('the words members use find the program; "ee" is the three Express Entry programs', async () => {
    const cec = await askText('/ptime cec', { at: at() });
    expect(await askText('/ptime experience class', { at: at() })).toBe(cec);
    expect(await askText('/ptime Canadian Experience Class', { at: at() })).toBe(cec);
    expect((await ask('/ptime pnp', { at: at() })).title).toBe('Processing time: Provincial Nominee Program (Express Entry)');
    expect((await ask('/ptime pnp base', { at: at() })).title).toBe('Processing time: Provincial Nominee Program (outside Express Entry)');
    expect(await askText('/ptime ee', { at: at() })).toBe(await askText('/ptime', { at: at() }));
  });

  it('"More than 10 years" is said as a lower bound', async () => {
    const reply = await ask('/ptime startup-visa', { at: at() });
    expect(field(reply, 'New application today')).toBe('more than 10 years');
    expect(reply.notes).toContain('“More than” is IRCC’s lower bound, not an estimate: it says only that it will take at least that long.');
  });

  it('the table of every program held', async () => {
    const reply = await ask('/ptime all', { at: at() });
    expect(reply.table?.rows.map((row) => row[0])).toEqual(PROGRAM_KEYS.filter((key) => key in september['current-flpt']));
    expect(reply.table?.rows[0]).toEqual(['cec', 'about 6 months', 'about 58,900']);
  });
});

describe('/ptime <program> <month applied>: IRCC’s estimate for that month, and the people ahead', () => {
  it('every application month of CEC, FSW and PNP (EE), sentinels said plainly', async () => {
    const answers = { more: 0, fewer: 0 };
    for (const key of ['cec', 'fsw', 'pnp-ee']) {
      for (const cohortKey of Object.keys(september['wait-times']).filter((name) => name.startsWith(`${key}-20`) && !name.startsWith('pnp-ee-') === (key !== 'pnp-ee'))) {
        const month = cohortKey.slice(-7).replace('/', '-');
        const reply = await ask(`/ptime ${key} ${month}`, { at: at() });
        const left = field(reply, `Applied in ${monthName(month)}`)!;
        const ahead = field(reply, 'People ahead of you')!;
        const wait = september['wait-times'][cohortKey]!;
        const people = september['people-ahead'][cohortKey]!;
        if (wait === 'We need more time to process your application') {
          answers.more++;
          expect(left.startsWith('no estimate (IRCC needs more time to estimate applications from that month)'), cohortKey).toBe(true);
        } else {
          expect(left.startsWith(inWords(wait)), `${cohortKey}: ${left}`).toBe(true);
        }
        if (people.startsWith('Less than')) answers.fewer++;
        expect(ahead.startsWith(count(people)), `${cohortKey}: ${ahead}`).toBe(true);
        expect(field(reply, 'New application today')).toMatch(/^about \d+ months/);
      }
    }
    // The reference data holds both sentinels many times: they were met, not skipped.
    expect(answers.more).toBeGreaterThan(100);
    expect(answers.fewer).toBeGreaterThan(50);
  });

  it('a month with its change since August: CEC, March 2026, in English and French', async () => {
    const reply = await ask('/ptime cec 2026-03', { at: at() });
    expect(reply.title).toBe('Processing time: Canadian Experience Class (Express Entry), applied in March 2026');
    expect(reply.fields).toEqual([
      { label: 'Applied in March 2026', value: 'about 1 month left — was 2 months left on August 10, 2026' },
      { label: 'People ahead of you', value: 'about 17,000 — was about 23,900 on August 10, 2026 (−6,900)' },
      { label: 'New application today', value: 'about 6 months — unchanged since August 10, 2026' },
      { label: 'People waiting', value: 'about 58,900 — was about 59,700 on August 10, 2026 (−800)' },
    ]);
    const french = await ask('/delais cec 2026/03', { at: at(), locale: 'fr' });
    expect(french.fields).toEqual([
      { label: 'Demande reçue en mars 2026', value: 'environ 1 mois restant — c’était 2 mois restants le 10 août 2026' },
      { label: 'Personnes devant vous', value: nb('environ 17 000 — c’était environ 23 900 le 10 août 2026 (−6 900)') },
      { label: 'Nouvelle demande aujourd’hui', value: 'environ 6 mois — inchangé depuis le 10 août 2026' },
      { label: 'Personnes en attente', value: nb('environ 58 900 — c’était environ 59 700 le 10 août 2026 (−800)') },
    ]);
  });

  it('"fewer than 100 people ahead", and the month with no estimate', async () => {
    const reply = await ask('/ptime cec 2016-01', { at: at() });
    expect(field(reply, 'Applied in January 2016')).toBe('no estimate (IRCC needs more time to estimate applications from that month) — unchanged since August 10, 2026');
    expect(field(reply, 'People ahead of you')).toBe('fewer than 100 — unchanged since August 10, 2026');
  });

  it('a month IRCC lists no estimate for yet, or before its first; a month to come is refused', async () => {
    expect((await ask('/ptime cec 2026-09', { at: at() })).notes?.[0]).toBe('IRCC gives estimates by month of application up to August 2026 (the month before its update). For an application received since, its estimate for a new application applies: about 6 months.');
    expect((await ask('/ptime cec 2015-12', { at: at() })).notes?.[0]).toBe('IRCC’s estimates by month of application start in January 2016.');
    const future = await ask('/ptime cec 2026-10', { at: at() });
    expect(future.error).toBe(true);
    expect(future.lines).toEqual(['2026-10 has not come yet: give the month IRCC received your application.']);
    const bad = await ask('/ptime cec 2026-13', { at: at() });
    expect(bad.lines[0]).toBe('“2026-13” is not a month: give the month you applied as YYYY-MM, e.g. 2026-03.');
  });

  it('the three Express Entry programs for one month', async () => {
    const reply = await ask('/ptime 2026-03', { at: at() });
    expect(reply.fields.map((each) => each.value)).toEqual([
      'about 1 month left (was 2 months left) · about 17,000 people ahead (−6,900)',
      'about 1 month left (was 2 months left) · about 17,400 people ahead (−4,100)',
      '4 months left (unchanged) · about 7,300 people ahead (−200)',
    ]);
  });
});

describe('/ptime says what it cannot answer', () => {
  it('an unknown program gets the names it accepts', async () => {
    const reply = await ask('/ptime spousal canada', { at: at() });
    expect(reply.error).toBe(true);
    expect(reply.lines[0]).toMatch(/^“spousal canada” is not a program I know\. Did you mean spousal-canada-quebec or spousal-canada-roc\? Accepted: cec, fsw/);
    expect(reply.lines.at(-1)).toBe('Usage: /ptime [program] [applied]');
    expect((await ask('/delais xyz', { at: at(), locale: 'fr' })).lines.at(-1)).toBe('Utilisation : /delais [programme] [mois]');
  });

  it('with no processing times held, it says so', async () => {
    const empty = new ProcessingTimesFile(tempDir(), { seed: null });
    const reply = await ask('/ptime cec', { at: answering({ processingTimes: empty }) });
    expect(reply.lines).toEqual(['No processing times from IRCC are held yet.']);
    expect(reply.footer).toBe('Source: IRCC, processing times (flpt-en.json) · no update held · not yet checked with IRCC (shipped data)');
  });

  it('old data and a refused file are said, in every answer', async () => {
    const later = answering({ processingTimes: store, now: '2026-12-06T15:00:00Z' });
    expect((await ask('/ptime', { at: later })).notes).toContain('⚠ The newest update held is 94 days old, and IRCC updates these about monthly.');

    const refusing = new ProcessingTimesFile(tempDir(), { seed: null });
    let clock = Date.parse('2026-09-20T12:00:00Z');
    const sync = createProcessingTimesSync({ store: refusing, log: silentLogger, now: () => new Date((clock += 3_600_000)) });
    const local = await startFeedServer({ kind: 'serve', body: JSON.stringify(september) });
    try {
      await sync(local.url);
      local.set({ kind: 'serve', body: '{"default-update": "soon"}' });
      expect(await sync(local.url)).toMatchObject({ status: 'refused' });
    } finally {
      await local.close();
    }
    const reply = await ask('/ptime cec', { at: answering({ processingTimes: refusing, now: '2026-09-21T15:00:00Z' }) });
    expect(reply.notes).toContain('⚠ The last check of IRCC’s file, on September 20, 2026, found a file the bot could not read: these are the figures of the last update it could read.');
    expect(field(reply, 'New application today')).toBe('about 6 months');
  });
});

describe('/ptime is /delais in French', () => {
  it('both names work in any language; French menus and help show /delais', async () => {
    expect(await askText('/delais cec', { at: at() })).toBe(await askText('/ptime cec', { at: at() }));
    const { commandMenus } = await import('../../src/adapters/telegram/menu.ts');
    const french = commandMenus(commands).find((menu) => menu.scope.type === 'default' && menu.language_code === 'fr')!;
    const english = commandMenus(commands).find((menu) => menu.scope.type === 'default' && !menu.language_code)!;
    expect(french.commands.map((command) => command.command)).toContain('delais');
    expect(english.commands.map((command) => command.command)).toContain('ptime');
    const { commandData } = await import('../../src/adapters/discord/menu.ts');
    const data = commandData(commands, at().core);
    expect(data.find((command) => command.name === 'ptime')?.name_localizations).toEqual({ fr: 'delais' });
    // Every command has its French name (issue 22): /latest is /derniere for French Discord.
    expect(data.find((command) => command.name === 'latest')?.name_localizations).toEqual({ fr: 'derniere' });
    expect(data.find((command) => command.name === 'ptime')?.options?.map((option) => option.name_localizations)).toEqual([{ fr: 'programme' }, { fr: 'mois' }]);
    expect((await ask('/help', { at: at(), locale: 'fr' })).lines).toContainEqual(expect.stringMatching(/^\/delais \[programme\] \[mois\] — Délais de traitement d’IRCC/));
  });
});
