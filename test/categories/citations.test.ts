import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { citationsFrom } from '../../scripts/category-citations.ts';
import { shippedLists, writeLists } from '../helpers/category-lists.ts';
import { runCli } from '../helpers/cli.ts';
import { tempDir } from '../helpers/fixtures.ts';

/** The reference lists (shared/reference/categories), as `npm run seeds` copied them: CI needs no shared/ folder. */
const REFERENCE = resolve(import.meta.dirname, '../fixtures/reference/categories.json');

describe('category list sources cited as a member would cite them', () => {
  it('the shipped lists carry the citations the seeds script derives from the reference, nothing more', () => {
    const reference = JSON.parse(readFileSync(REFERENCE, 'utf8')) as { id: string; source: string; uncertain?: boolean; uncertainReason?: string }[];
    const shipped = shippedLists();
    expect(shipped.versions.map((version) => version.id)).toEqual(reference.map((version) => version.id));
    for (const version of shipped.versions) {
      const entry = reference.find((candidate) => candidate.id === version.id)!;
      const source = entry.source;
      expect(version.sources, version.id).toEqual(citationsFrom(source, version.id));
      for (const citation of version.sources) {
        // A link to follow, or a note that says why there is none.
        if (citation.url === null) expect(citation.note, version.id).toMatch(/no link (or date )?recorded/);
        else expect(source, version.id).toContain(citation.url.replace(/\/$/, ''));
        if (citation.title !== null) expect(source, version.id).toContain(citation.title === 'Express Entry: category-based selection' ? 'canada.ca category-based-selection page' : citation.title);
        if (citation.date !== null) expect(source.replaceAll('/', '-'), version.id).toContain(citation.date);
      }
      // An uncertain list says what is uncertain, in the reference's words.
      expect(version.uncertain, version.id).toBe(entry.uncertain ?? false);
      if (version.uncertain) expect(version.uncertainReason, version.id).toBe(entry.uncertainReason);
    }
    expect(shipped.about).toMatchObject({ licence: expect.stringContaining('Open Government Licence') });
  });

  it('turns each shape of reference line into citations, and refuses one it does not know', () => {
    expect(citationsFrom('https://www.cicnews.com/2026/02/three-new-express-entry-categories-0271729.html', 'x')).toEqual([
      { publisher: 'cicnews.com', title: null, date: '2026-02', url: 'https://www.cicnews.com/2026/02/three-new-express-entry-categories-0271729.html', note: null },
    ]);
    expect(citationsFrom('https://a.example/?p=1 (two codes removed) + https://b.example/2026/03/03/x/ (one code added)', 'x')).toEqual([
      { publisher: 'a.example', title: null, date: null, url: 'https://a.example/?p=1', note: 'two codes removed' },
      { publisher: 'b.example', title: null, date: '2026-03-03', url: 'https://b.example/2026/03/03/x/', note: 'one code added' },
    ]);
    expect(() => citationsFrom('a blog post somewhere', 'stem-2027')).toThrow('category version stem-2027: source "a blog post somewhere" is neither a link nor a known description: add it to scripts/category-citations.ts');
  });

  it('/eligible cites each list in force with publisher, title, date and link, in the member’s language', async () => {
    const DATA_DIR = tempDir();
    const transport = await runCli(['ask', '/eligible 72600'], { DATA_DIR });
    expect(transport.stdout).toContain('\nSource of the Transport list: cicnews.com, February 2026, https://www.cicnews.com/2026/02/who-qualifies-for-permanent-residence-under-canadas-new-transport-category-0271850.html\n');

    const nurse = await runCli(['ask', '/eligible 31301'], { DATA_DIR });
    expect(nurse.stdout).toContain('\nSource of the Healthcare and social services list: IRCC (canada.ca), “Express Entry: category-based selection”, June 22, 2026 (copied into a third party’s software module, “Express Entry 2026 category-based selection rules”; not read on canada.ca directly, and no link recorded)\n');
    expect(nurse.stdout).toContain('⚠ Uncertain list: Only one stored transcription of the 2026 list (identical to the 2025 list); no independent 2026 table found. Check canada.ca before relying on it.');

    const french = await runCli(['ask', '/eligible 31301', '--lang', 'fr'], { DATA_DIR });
    expect(french.stdout).toContain('\nSource de la liste Santé et services sociaux : IRCC (canada.ca), « Express Entry: category-based selection », 22 juin 2026 (');
    expect((await runCli(['ask', '/eligible 00012', '--lang', 'fr'], { DATA_DIR })).stdout).toContain('Source de la liste Cadres supérieurs ayant de l’expérience de travail au Canada : cicnews.com, février 2026, https://www.cicnews.com/2026/02/three-new-express-entry-categories-0271729.html');
  });

  it('an operator file must cite a publisher for every source and say what is uncertain', async () => {
    const folder = tempDir();
    const lists = shippedLists();
    lists.versions[0]!.sources = [{ ...lists.versions[0]!.sources[0]!, publisher: '' }];
    const noPublisher = writeLists(join(folder, 'a.json'), lists);
    expect((await runCli(['categories', 'check', noPublisher], { DATA_DIR: folder })).stderr.trim()).toMatch(new RegExp(`^categories failed: ${noPublisher}: at versions\\.0\\.sources\\.0\\.publisher: `));

    const vague = shippedLists();
    Object.assign(vague.versions[1]!, { uncertain: true, uncertainReason: null });
    const file = writeLists(join(folder, 'b.json'), vague);
    expect((await runCli(['categories', 'check', file], { DATA_DIR: folder })).stderr.trim()).toBe(`categories failed: ${file}: at versions.1.uncertainReason: an uncertain list needs an uncertainReason saying what is uncertain`);
  });
});
