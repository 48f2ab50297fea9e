import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/core/log.ts';
import { createProcessingTimesSync } from '../../src/core/processing-times/sync.ts';
import { ProcessingTimesFile } from '../../src/store/lowdb/processing-times.ts';
import { privateChat, startBotApiStub, STUB_TOKEN, textUpdate, user, type BotApiStub, type StubCall } from '../helpers/bot-api-stub.ts';
import { startBotProcess } from '../helpers/bot-process.ts';
import { startFeedServer, type FeedServer } from '../helpers/feed-server.ts';
import { tempDir } from '../helpers/fixtures.ts';
import { freshDatabase, openPostgres } from '../helpers/postgres.ts';
import { timesPath, timesRaw, timesText } from '../helpers/processing-times.ts';

/**
 * Issue 20, /subscribe ptime end to end: the bot process on the Telegram Bot API stub, IRCC's
 * processing times on a local HTTP server checked every second, going from the August 10 snapshot
 * to the September 3 one. A subscribed chat gets one post for the new update: none while the same
 * file answers 304, none when it is served again with other bytes. On the data folder and on
 * PostgreSQL alike.
 */

let times: FeedServer;
let telegram: BotApiStub;

beforeEach(async () => {
  times = await startFeedServer({ kind: 'serve', body: timesText('flpt-en-2026-08-10.json') });
  telegram = await startBotApiStub();
});

afterEach(async () => {
  await Promise.all([times.close(), telegram.close()]);
});

/** A store that already holds IRCC's update of August 10, 2026 (and not the shipped September one), as the bot's environment. */
const storesWithAugust = {
  async 'lowdb files'(): Promise<Record<string, string>> {
    const dir = tempDir();
    const store = new ProcessingTimesFile(dir, { seed: null });
    expect(await createProcessingTimesSync({ store, log: silentLogger })(timesPath('flpt-en-2026-08-10.json'))).toMatchObject({ status: 'new' });
    await store.flush();
    return { DATA_DIR: dir };
  },
  async PostgreSQL(): Promise<Record<string, string>> {
    const url = await freshDatabase();
    const store = await openPostgres(url);
    expect(await createProcessingTimesSync({ store: store.processingTimes, log: silentLogger })(timesPath('flpt-en-2026-08-10.json'))).toMatchObject({ status: 'new' });
    await store.close();
    return { DATABASE_URL: url };
  },
};

const sentTo = (chatId: number, after = 0): StubCall[] =>
  telegram.calls.filter((call) => (call.method === 'sendMessage' || call.method === 'sendPhoto') && Number(call.body.chat_id) === chatId && call.at > after);
const textOf = (call: StubCall) => String(call.body.text ?? call.body.caption ?? '');
const posts = (chatId: number, after: number) => sentTo(chatId, after).map(textOf).filter((text) => /processing times from IRCC|délais de traitement d’IRCC<\/b>/.test(text));
const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.each(Object.keys(storesWithAugust) as (keyof typeof storesWithAugust)[])('/subscribe ptime, on %s', (kind) => {
  it('posts once per new IRCC update, with what changed for the Express Entry programs; not on a 304, not on the same file served again', async () => {
    const bot = startBotProcess({
      ...(await storesWithAugust[kind]()),
      PROCESSING_TIMES_URL: times.url,
      PROCESSING_TIMES_CRON: '* * * * * *',
      POLL_CRON: '0 0 1 1 *',
      DIGEST_CRON: '0 0 1 1 *',
      TELEGRAM_BOT_TOKEN: STUB_TOKEN,
      TELEGRAM_API_ROOT: telegram.apiRoot,
    });
    await expect.poll(() => bot.logs().some((line) => line.msg === 'bot running'), { timeout: 20_000 }).toBe(true);

    const [english, french, roundsOnly] = [8001, 8002, 8003];
    for (const update of [
      textUpdate('/subscribe ptime', { chat: privateChat(english), from: user(english) }),
      textUpdate('/subscribe délais', { chat: privateChat(french), from: user(french, 'fr') }),
      textUpdate('/subscribe', { chat: privateChat(roundsOnly), from: user(roundsOnly) }),
    ]) {
      telegram.push(update);
      await telegram.handled(update);
    }
    expect(textOf(sentTo(english)[0]!)).toContain('Subscribed: this chat will receive IRCC’s new processing times, with what changed for the Express Entry programs.');
    expect(textOf(sentTo(french)[0]!)).toContain('Abonnement fait : cette discussion recevra les nouveaux délais de traitement d’IRCC');

    // The August file, which the bot holds: read once in full (a new source), then 304s. No post.
    await expect.poll(() => times.requests.filter((request) => request.status === 304).length, { timeout: 10_000 }).toBeGreaterThanOrEqual(2);
    const subscribed = Date.now();
    expect(posts(english, 0)).toEqual([]);

    // IRCC publishes September 3.
    times.set({ kind: 'serve', body: timesText('flpt-en-2026-09-03.json') });
    await expect.poll(() => posts(english, subscribed).length + posts(french, subscribed).length, { timeout: 15_000 }).toBe(2);
    await expect.poll(() => times.requests.filter((request) => request.status === 304).length, { timeout: 10_000 }).toBeGreaterThanOrEqual(5);

    // The same update again with other bytes (another ETag): read in full, the same content. No post.
    const raw = timesRaw('flpt-en-2026-09-03.json');
    times.set({ kind: 'serve', body: JSON.stringify(Object.fromEntries(Object.entries(raw).reverse()), null, 2) });
    const reserved = times.requests.length;
    await expect.poll(() => times.requests.slice(reserved).filter((request) => request.status === 200).length, { timeout: 10_000 }).toBeGreaterThanOrEqual(1);
    await wait(2_500);

    const [post] = posts(english, subscribed);
    expect(posts(english, subscribed)).toHaveLength(1);
    expect(post).toMatch(/^<b>New processing times from IRCC<\/b>/);
    expect(post).toContain('IRCC updated its processing times on September 3, 2026 (its previous update: August 10, 2026).');
    expect(post).toContain('about 6 months (unchanged) · about 58,900 people waiting (−800)');
    expect(post).toContain('about 7 months (was about 6 months) · about 53,800 people waiting (+1,400)');
    expect(post).toContain('/unsubscribe ptime stops these posts');
    expect(posts(french, subscribed)).toHaveLength(1);
    expect(posts(french, subscribed)[0]).toMatch(/^<b>Nouveaux délais de traitement d’IRCC<\/b>/);
    expect(posts(french, subscribed)[0]).toContain('environ 7 mois (c’était environ 6 mois)');
    expect(sentTo(roundsOnly, subscribed)).toEqual([]);
    expect(bot.logs().filter((line) => line.msg === 'new processing times from IRCC')).toHaveLength(1);
    expect(bot.logs().filter((line) => /processing times (refused|check failed)/.test(line.msg))).toEqual([]);

    bot.child.kill('SIGTERM');
    expect(await bot.exited).toBe(0);
  }, 90_000);
});
