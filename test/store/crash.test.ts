import { existsSync, readdirSync, readFileSync, watch } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_CONCURRENCY } from '../../src/delivery/worker.ts';
import { LowdbStore } from '../../src/store/lowdb/store.ts';
import { startBotApiStub, STUB_TOKEN, type BotApiStub } from '../helpers/bot-api-stub.ts';
import { startBotProcess } from '../helpers/bot-process.ts';
import { startFeedServer, type FeedServer } from '../helpers/feed-server.ts';
import { snapshotText, tempDir } from '../helpers/fixtures.ts';
import { history } from '../helpers/answers.ts';
import { roundsIn } from '../helpers/posts.ts';
import { EMPTY_SEED, openStore, syncer } from '../helpers/store.ts';
import { freshDatabase, openPostgres } from '../helpers/postgres.ts';
import { subscription } from '../helpers/subscriptions.ts';

/**
 * kill -9 in the middle of a fan-out and in the middle of a store write, then start again: no post
 * lost, none repeated beyond the ones in flight (one per chat at most), the data files valid.
 */

const CHATS = 240;
/** The delivery worker's posts in flight per platform: the most a crash can repeat. */
const IN_FLIGHT = DEFAULT_CONCURRENCY;
const educationRounds = history.filter((draw) => draw.date > '2024-12-16' && draw.category.id === 'education').map((draw) => draw.number);

let feed: FeedServer;
let telegram: BotApiStub;

beforeEach(async () => {
  feed = await startFeedServer({ kind: 'serve', body: snapshotText('ircc-rounds-en-2024-12-16.json') });
  telegram = await startBotApiStub();
});

afterEach(async () => {
  await Promise.all([feed.close(), telegram.close()]);
});

/** The 2024 history and CHATS Telegram chats that want education rounds (two since: one short post each). */
async function prepared(): Promise<string> {
  const dir = tempDir();
  const store = await openStore(dir);
  await syncer(store)(feed.url);
  for (let index = 0; index < CHATS; index++) await store.save(subscription(String(10_000 + index), { categories: ['education'] }));
  await store.close();
  return dir;
}

const bot = (DATA_DIR: string) =>
  startBotProcess({ DATA_DIR, FEED_URL: feed.url, POLL_CRON: '* * * * * *', DIGEST_CRON: '0 0 1 1 *', TELEGRAM_BOT_TOKEN: STUB_TOKEN, TELEGRAM_API_ROOT: telegram.apiRoot });

function postsByChat(): Map<number, number> {
  const counts = new Map<number, number>();
  // A post is its picture, captioned with the digest (what does not fit follows as a message).
  for (const call of telegram.callsTo('sendPhoto')) {
    const chat = Number(call.body.chat_id);
    const text = [call, ...telegram.callsTo('sendMessage').filter((next) => Number(next.body.chat_id) === chat && next.at >= call.at)].map((part) => String(part.body.caption ?? part.body.text)).join('\n');
    expect(text).toMatch(/2 new rounds of invitations/);
    expect(roundsIn(text).slice(0, 2).sort()).toEqual([...educationRounds].sort());
    counts.set(chat, (counts.get(chat) ?? 0) + 1);
  }
  return counts;
}

/** Every data file parses, and the store opens on them. */
async function expectValidData(dir: string) {
  for (const name of readdirSync(dir).filter((file) => file.endsWith('.json') && !file.startsWith('.'))) {
    expect(() => JSON.parse(readFileSync(join(dir, name), 'utf8')), name).not.toThrow();
  }
  const store = await LowdbStore.open(dir, { seed: EMPTY_SEED, readOnly: true });
  expect(store.draws).toHaveLength(412);
  return store;
}

async function deliverAll(dir: string) {
  const again = bot(dir);
  await expect.poll(() => postsByChat().size, { timeout: 30_000 }).toBe(CHATS);
  again.child.kill('SIGTERM');
  expect(await again.exited).toBe(0);
}

describe('crashes', () => {
  it('kill -9 in the middle of a fan-out: after a restart every chat has its post, repeats only where one was in flight', async () => {
    const dir = await prepared();
    const first = bot(dir);
    feed.set({ kind: 'serve', body: snapshotText('ircc-rounds-en-2026-04-15.json') });
    await expect.poll(() => postsByChat().size, { timeout: 30_000, interval: 20 }).toBeGreaterThanOrEqual(CHATS / 3);
    first.child.kill('SIGKILL');
    await first.exited;
    const beforeRestart = postsByChat().size;
    expect(beforeRestart).toBeLessThan(CHATS);

    const store = await expectValidData(dir);
    expect((await store.outboxSummary()).pending).toBeGreaterThan(0);
    await deliverAll(dir);

    const counts = postsByChat();
    expect([...counts.values()].every((count) => count === 1 || count === 2)).toBe(true);
    expect([...counts.values()].filter((count) => count === 2).length).toBeLessThanOrEqual(IN_FLIGHT);
    const final = await expectValidData(dir);
    expect(await final.outboxSummary()).toMatchObject({ pending: 0, dropped: 0, sent: CHATS });
  }, 90_000);

  it('kill -9 while a data file is being written: the files stay valid and nothing is lost', async () => {
    const dir = await prepared();
    const first = bot(dir);
    // The moment the store starts replacing a file (lowdb writes a temp file, then renames it).
    const writing = new Promise<void>((resolve) => {
      const watcher = watch(dir, (_event, name) => {
        if (name?.startsWith('.') && name.endsWith('.json.tmp') && postsByChat().size > 20) {
          watcher.close();
          resolve();
        }
      });
    });
    feed.set({ kind: 'serve', body: snapshotText('ircc-rounds-en-2026-04-15.json') });
    await writing;
    first.child.kill('SIGKILL');
    await first.exited;

    await expectValidData(dir);
    await deliverAll(dir);
    const counts = postsByChat();
    expect(counts.size).toBe(CHATS);
    expect([...counts.values()].filter((count) => count > 1).length).toBeLessThanOrEqual(IN_FLIGHT);
    expect(existsSync(join(dir, '.lock'))).toBe(false);
  }, 90_000);
});

describe('crashes, on PostgreSQL', () => {
  /** The same bot on a database: the 2024 history and the same chats, stored there. */
  async function preparedDatabase(): Promise<string> {
    const url = await freshDatabase();
    const store = await openPostgres(url);
    await syncer(store)(feed.url);
    await store.saveMany(Array.from({ length: CHATS }, (_, index) => subscription(String(10_000 + index), { categories: ['education'] })));
    await store.close();
    return url;
  }
  const botOn = (DATABASE_URL: string) =>
    startBotProcess({ DATABASE_URL, FEED_URL: feed.url, POLL_CRON: '* * * * * *', DIGEST_CRON: '0 0 1 1 *', TELEGRAM_BOT_TOKEN: STUB_TOKEN, TELEGRAM_API_ROOT: telegram.apiRoot });

  it('kill -9 in the middle of a fan-out: after a restart every chat has its post, repeats only where one was in flight', async () => {
    const url = await preparedDatabase();
    const first = botOn(url);
    feed.set({ kind: 'serve', body: snapshotText('ircc-rounds-en-2026-04-15.json') });
    await expect.poll(() => postsByChat().size, { timeout: 30_000, interval: 20 }).toBeGreaterThanOrEqual(CHATS / 3);
    first.child.kill('SIGKILL');
    await first.exited;
    expect(postsByChat().size).toBeLessThan(CHATS);

    const again = botOn(url);
    // The dead process's posts in flight are free once it is no longer seen (20 s): the rest go at once.
    await expect.poll(() => postsByChat().size, { timeout: 60_000 }).toBe(CHATS);
    again.child.kill('SIGTERM');
    expect(await again.exited).toBe(0);
    const counts = postsByChat();
    expect([...counts.values()].filter((count) => count > 1).length).toBeLessThanOrEqual(IN_FLIGHT);
    const final = await openPostgres(url, { readOnly: true });
    expect(final.draws).toHaveLength(412);
    expect(await final.outboxSummary()).toMatchObject({ pending: 0, dropped: 0, sent: CHATS });
    await final.close();
  }, 120_000);
});
