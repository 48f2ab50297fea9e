import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Logger } from '../../src/core/log.ts';
import { createSync } from '../../src/core/sync.ts';
import { commandContext } from '../../src/chat/context.ts';
import { parseFeedText } from '../../src/core/feed/normalize.ts';
import { digestReply } from '../../src/delivery/digest.ts';
import { LowdbStore } from '../../src/store/lowdb/store.ts';
import { answering } from '../helpers/answers.ts';
import { feedWith2027Round, listsWith2027Healthcare, writeLists } from '../helpers/category-lists.ts';
import { runCli } from '../helpers/cli.ts';
import { startFeedServer, type FeedServer } from '../helpers/feed-server.ts';
import { seeds, tempDir } from '../helpers/fixtures.ts';

let server: FeedServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const NOTE_EN = "⚠ This round's list version (2027-Version 1) is newer than this bot's lists: check canada.ca for the occupations it covers.";
const NOTE_FR = '⚠ La version de liste de cette ronde (2027-Version 1) est plus récente que les listes de ce robot : vérifiez sur canada.ca les professions qu’elle vise.';

function recordingLogger() {
  const warnings: { obj: object; msg?: string }[] = [];
  const logger: Logger = { debug() {}, info() {}, error() {}, warn: (obj, msg) => warnings.push({ obj, msg }) };
  return { logger, warnings };
}

describe('a round under a list version the lists do not know ("…, 2027-Version 1")', () => {
  it('is placed by keyword without last year’s version, and flagged in the data', () => {
    const { categories } = seeds;
    expect(categories.resolveLabel('Healthcare and Social Services Occupations, 2027-Version 1', '2026-11-20')).toEqual({ id: 'healthcare', version: null, matchedBy: 'keyword', unknownVersion: '2027-Version 1' });
    expect(categories.resolveLabel('STEM occupations (2027-1)', '2027-02-01')).toMatchObject({ id: 'stem', version: null, unknownVersion: '2027-1' });
    // A year the lists know is no flag, even placed by keyword; a label without a year cannot say.
    expect(categories.resolveLabel('Researchers with Canadian Work Experience, 2026-Version 1', '2026-06-01')).toEqual({ id: 'researchers', version: 'researchers-2026-v1', matchedBy: 'keyword' });
    expect(categories.resolveLabel('Trade occupations (Version 4)', '2027-03-01')).toEqual({ id: 'trades', version: 'trades-2026-v3', matchedBy: 'keyword' });
    const feed = parseFeedText(feedWith2027Round(), categories);
    expect(feed.newerListLabels).toEqual(['Healthcare and Social Services Occupations, 2027-Version 1']);
    expect(feed.draws.filter((draw) => draw.category.unknownVersion).map((draw) => draw.number)).toEqual(['412']);
  });

  it('is logged once per process, however many polls see it', async () => {
    const DATA_DIR = tempDir();
    server = await startFeedServer({ kind: 'serve', body: feedWith2027Round() });
    const store = await LowdbStore.open(DATA_DIR, { seed: { file: 'shipped', draws: seeds.snapshotDraws } });
    try {
      const { logger, warnings } = recordingLogger();
      const sync = createSync({ store, catalog: seeds.categories, log: logger });
      expect(await sync(server.url)).toMatchObject({ status: 'merged', added: [expect.objectContaining({ number: '412' })] });
      server.set({ kind: 'serve', body: feedWith2027Round().replace('"2,500"', '"2,501"') });
      expect(await sync(server.url)).toMatchObject({ status: 'merged', edited: [expect.objectContaining({ fields: ['invitations'] })] });
      const flagged = warnings.filter(({ msg }) => msg?.includes('list version newer'));
      expect(flagged).toEqual([{ obj: { label: 'Healthcare and Social Services Occupations, 2027-Version 1' }, msg: expect.stringContaining('update DATA_DIR/categories.json') }]);
      expect(store.draws[0]!.category).toEqual({ id: 'healthcare', version: null, unknownVersion: '2027-Version 1' });
    } finally {
      await store.close();
    }
  });

  it('shows in cli status and in the answers and posts that rest on it, until the lists know it', async () => {
    const DATA_DIR = tempDir();
    server = await startFeedServer({ kind: 'serve', body: feedWith2027Round() });
    expect((await runCli(['sync'], { DATA_DIR, FEED_URL: server.url })).code).toBe(0);

    const status = await runCli(['status'], { DATA_DIR });
    expect(status.stdout).toContain('\nnewer lists:    #412 (2026-11-20) names list version 2027-Version 1 — newer than the category lists in force: update them (npm run cli -- categories)\n');
    expect(JSON.parse((await runCli(['status', '--json'], { DATA_DIR })).stdout).newerLists).toEqual([
      { number: '412', date: '2026-11-20', label: 'Healthcare and Social Services Occupations, 2027-Version 1', listVersion: '2027-Version 1' },
    ]);

    const latest = await runCli(['ask', '/latest healthcare'], { DATA_DIR });
    expect(latest.stdout).toContain(`\n${NOTE_EN}\n`);
    expect(latest.stdout).not.toContain('Category list:');
    expect((await runCli(['ask', '/latest'], { DATA_DIR, LANG: 'fr_CA.UTF-8' })).stdout).toContain(NOTE_FR);
    // An older round of the same type carries no flag.
    expect((await runCli(['ask', '/latest cec'], { DATA_DIR })).stdout).not.toContain('⚠');

    const draws = parseFeedText(feedWith2027Round(), seeds.categories).draws;
    const post = digestReply(commandContext(answering({ draws }), { locale: 'en', chat: { platform: 'telegram', id: '-1', kind: 'group' }, canAdminister: false }), { kind: 'rounds', rounds: ['412'], period: null });
    expect(post.notes).toContain(NOTE_EN);

    writeLists(join(DATA_DIR, 'categories.json'), listsWith2027Healthcare());
    expect((await runCli(['status'], { DATA_DIR })).stdout).not.toContain('newer lists');
    const updated = await runCli(['ask', '/latest healthcare'], { DATA_DIR });
    expect(updated.stdout).not.toContain('⚠');
    expect(updated.stdout).toContain('Category list: in force since November 18, 2026');
  });
});
