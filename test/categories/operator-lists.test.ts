import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { feedWith2027Round, listsWith2027Healthcare, shippedLists, writeLists } from '../helpers/category-lists.ts';
import { runCli } from '../helpers/cli.ts';
import { startFeedServer, type FeedServer } from '../helpers/feed-server.ts';
import { tempDir } from '../helpers/fixtures.ts';

let server: FeedServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('category lists as operator data (DATA_DIR/categories.json)', () => {
  it('cli categories names the shipped file until an operator file is there, then that one', async () => {
    const DATA_DIR = tempDir();
    const shipped = await runCli(['categories'], { DATA_DIR });
    expect(shipped.code).toBe(0);
    expect(shipped.stdout).toMatch(/^lists in force: .*\/seeds\/categories\.json\n {2}shipped with the bot/);
    expect(shipped.stdout).toContain('healthcare-social-2026-v3 (Healthcare and social services occupations; 2026-02-18 – open, 37 occupations; uncertain)');

    const file = writeLists(join(DATA_DIR, 'categories.json'), listsWith2027Healthcare());
    const operator = await runCli(['categories'], { DATA_DIR });
    expect(operator.stdout.split('\n').slice(0, 2)).toEqual([`lists in force: ${file}`, "  the operator's file in DATA_DIR (it replaces the shipped lists)"]);
    expect(operator.stdout).toContain('healthcare-social-2027-v1 (Healthcare and social services occupations; 2026-11-18 – open, 37 occupations; uncertain)');
    expect(operator.stdout).not.toContain('healthcare-social-2026-v3');
  });

  it('categories check FILE prints the versions added and ended and the occupations in and out', async () => {
    const DATA_DIR = tempDir();
    const file = writeLists(join(tempDir(), 'new.json'), listsWith2027Healthcare());
    const check = await runCli(['categories', 'check', file], { DATA_DIR });
    expect(check).toMatchObject({ code: 0, stderr: '' });
    expect(check.stdout.split('\n')).toEqual([
      `${file}: valid — 22 versions of 17 round types`,
      expect.stringMatching(/^against the lists in force \(.*\/seeds\/categories\.json\):$/),
      '  versions added:',
      '    healthcare-social-2027-v1 (Healthcare and social services occupations; 2026-11-18 – open, 37 occupations; uncertain)',
      '  versions ended:',
      '    healthcare-social-2026-v3: ends 2026-11-17 (was open-ended)',
      '  occupations (newest version of each type):',
      '    healthcare: in 32100; out 31100',
      'restart the bot to use it once it is in DATA_DIR as categories.json',
      '',
    ]);

    const same = writeLists(join(tempDir(), 'same.json'), shippedLists());
    expect((await runCli(['categories', 'check', same], { DATA_DIR })).stdout).toMatch(/: valid — 21 versions of 17 round types\n.*\n {2}no change\n$/);
  });

  it('a bad file is refused in one line with its path and the first error: by check, and at start', async () => {
    const DATA_DIR = tempDir();
    const lists = shippedLists();
    lists.versions[2]!.noc[0] = '2131';
    const file = writeLists(join(DATA_DIR, 'categories.json'), lists);

    const check = await runCli(['categories', 'check', file], { DATA_DIR: tempDir() });
    expect(check.code).toBe(1);
    expect(check.stderr.trim().split('\n')).toEqual([expect.stringMatching(new RegExp(`^categories failed: ${file}: at versions\\.2\\.noc\\.0: .*\\S`))]);

    for (const args of [['ask', '/latest'], ['start']]) {
      const refused = await runCli(args, { DATA_DIR });
      expect(refused.code).toBe(1);
      expect(refused.stdout).toBe('');
      expect(refused.stderr.trim().split('\n')).toEqual([expect.stringMatching(new RegExp(`^${args[0]} failed: ${file}: at versions\\.2\\.noc\\.0: `))]);
    }

    writeLists(file, { ...lists, versions: [{ ...lists.versions[0]!, category: 'nursing' }] });
    expect((await runCli(['ask', '/latest'], { DATA_DIR })).stderr.trim()).toBe(`ask failed: ${file}: category version french-v1 names unknown category nursing`);
    const missing = await runCli(['categories', 'check', join(DATA_DIR, 'draws.json')], { DATA_DIR });
    expect(missing.stderr.trim()).toBe(`categories failed: ${join(DATA_DIR, 'draws.json')}: cannot be read (ENOENT)`);
    writeLists(file, shippedLists());
    expect((await runCli(['categories', 'check', file], { DATA_DIR })).stdout).toMatch(/no change\n$/);
    expect((await runCli(['ask', '/latest'], { DATA_DIR })).code).toBe(0);
  });

  it('a version id used twice, or two versions of one category in force at once, is refused naming both: by check, and at start', async () => {
    const duplicate = shippedLists();
    const stem = duplicate.versions.findIndex((version) => version.id === 'stem-2026');
    // A copy-paste slip: the 2027 list added under last year's id; one of the two would silently win.
    duplicate.versions.push({ ...duplicate.versions[stem]!, effectiveFrom: '2027-02-18', noc: ['21231'] });
    duplicate.versions[stem]!.effectiveTo = '2027-02-17';
    const overlapping = shippedLists();
    // A new STEM list added without ending the 2026 one: two STEM lists in force from 2026-11-18.
    overlapping.versions.push({ ...overlapping.versions[stem]!, id: 'stem-2027', effectiveFrom: '2026-11-18' });
    const last = duplicate.versions.length - 1;
    const cases = [
      { lists: duplicate, error: `at versions.${last}.id: version id stem-2026 is used twice, by versions.${stem} (stem, 2026-02-18 – 2027-02-17) and versions.${last} (stem, 2027-02-18 – open): give each version its own id` },
      { lists: overlapping, error: `at versions.${last}.effectiveFrom: versions stem-2026 (2026-02-18 – open) and stem-2027 (2026-11-18 – open) are both stem lists in force on 2026-11-18: end stem-2026 before stem-2027 begins` },
    ];
    for (const { lists, error } of cases) {
      const DATA_DIR = tempDir();
      const file = writeLists(join(DATA_DIR, 'categories.json'), lists);
      const check = await runCli(['categories', 'check', file], { DATA_DIR: tempDir() });
      expect(check.code).toBe(1);
      expect(check.stderr.trim().split('\n')).toEqual([`categories failed: ${file}: ${error}`]);
      const start = await runCli(['start'], { DATA_DIR }, '/quit\n');
      expect(start.code).toBe(1);
      expect(start.stderr.trim().split('\n')).toEqual([`start failed: ${file}: ${error}`]);
    }
  });

  it('rounds already stored are placed again with the new lists after a restart', async () => {
    const DATA_DIR = tempDir();
    server = await startFeedServer({ kind: 'serve', body: feedWith2027Round() });
    expect((await runCli(['sync'], { DATA_DIR, FEED_URL: server.url })).code).toBe(0);

    const placed = async () => {
      const draws = JSON.parse((await runCli(['draws', '--json'], { DATA_DIR })).stdout) as { number: string; category: unknown }[];
      return draws.find((draw) => draw.number === '412')?.category;
    };
    expect(await placed()).toMatchObject({ id: 'healthcare' });
    expect(await placed()).not.toMatchObject({ version: 'healthcare-social-2027-v1' });
    expect((await runCli(['ask', '/eligible 32100'], { DATA_DIR })).stdout).toContain('Categories now: in no category list in force today');

    writeLists(join(DATA_DIR, 'categories.json'), listsWith2027Healthcare());
    expect(await placed()).toEqual({ id: 'healthcare', version: 'healthcare-social-2027-v1' });
    expect((await runCli(['ask', '/latest healthcare'], { DATA_DIR })).stdout).toContain('Category list: in force since November 18, 2026\n');
    const eligible = await runCli(['ask', '/eligible 32100'], { DATA_DIR });
    expect(eligible).toMatchObject({ code: 0, stderr: '' });
    expect(eligible.stdout).toContain('Healthcare and social services — in force since November 18, 2026: latest round #412 (November 20, 2026), cut-off 470');

    // A reader places them in memory only; a writer (start) stores the new places.
    const onDisk = () => (JSON.parse(readFileSync(join(DATA_DIR, 'draws.json'), 'utf8')) as { draws: { number: string; category: unknown }[] }).draws.find((draw) => draw.number === '412')?.category;
    expect(onDisk()).not.toMatchObject({ version: 'healthcare-social-2027-v1' });
    expect((await runCli(['start'], { DATA_DIR }, '/quit\n')).code).toBe(0);
    expect(onDisk()).toEqual({ id: 'healthcare', version: 'healthcare-social-2027-v1' });
  });
});
