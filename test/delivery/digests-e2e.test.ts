import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ok, startBotApiStub, STUB_TOKEN, textUpdate, user, privateChat, groupChat, type BotApiStub, type StubCall } from '../helpers/bot-api-stub.ts';
import { startBotProcess } from '../helpers/bot-process.ts';
import { APP_ID, CHANNEL_ID, MANAGER_PERMISSIONS, slashCommand, startDiscordPeer, TOKEN, type DiscordPeer } from '../helpers/discord-peer.ts';
import { startFeedServer, type FeedServer } from '../helpers/feed-server.ts';
import { snapshotText, tempDir } from '../helpers/fixtures.ts';
import { history } from '../helpers/answers.ts';
import { embedText, numbersOf, roundsIn } from '../helpers/posts.ts';
import { openStore, syncer } from '../helpers/store.ts';

/**
 * Issue 6 end to end: the bot process with both adapters against their local peers, and IRCC's
 * feed on a local HTTP server that goes from the 2024 snapshot to the 2026 one.
 */

let feed: FeedServer;
let telegram: BotApiStub;
let discord: DiscordPeer;

beforeEach(async () => {
  feed = await startFeedServer({ kind: 'serve', body: snapshotText('ircc-rounds-en-2024-12-16.json') });
  telegram = await startBotApiStub();
  discord = await startDiscordPeer();
});

afterEach(async () => {
  await Promise.all([feed.close(), telegram.close(), discord.close()]);
});

/** A data folder holding the history as of the 2024 snapshot. */
async function dataAsOf2024(): Promise<string> {
  const dir = tempDir();
  const store = await openStore(dir);
  await syncer(store)(feed.url);
  await store.close();
  return dir;
}

const ADMIN = 7003;
const newRounds = history.filter((draw) => draw.date > '2024-12-16');
const ofTypes = (...types: string[]) => numbersOf(newRounds.filter((draw) => types.includes(draw.category.id)));

/** What the bot sent a chat since a moment: photos (their captions) and messages, in order. */
function sentTo(chatId: number, after: number): StubCall[] {
  return telegram.calls.filter((call) => (call.method === 'sendMessage' || call.method === 'sendPhoto') && Number(call.body.chat_id) === chatId && call.at > after);
}

const textOf = (call: StubCall) => String(call.body.text ?? call.body.caption ?? '');

describe('new rounds posted to every subscribed chat, exactly once', () => {
  it('each chat gets the rounds it asked for, once, in one post; serving the feed again posts nothing', async () => {
    const DATA_DIR = await dataAsOf2024();
    telegram.answerAlways('getChatMember', (call) => ok({ status: call.body.user_id === ADMIN ? 'administrator' : 'member', user: { id: call.body.user_id, is_bot: false, first_name: 'x' } }));
    const bot = startBotProcess({
      DATA_DIR,
      FEED_URL: feed.url,
      POLL_CRON: '* * * * * *',
      DIGEST_CRON: '0 0 1 1 *',
      TELEGRAM_BOT_TOKEN: STUB_TOKEN,
      TELEGRAM_API_ROOT: telegram.apiRoot,
      DISCORD_TOKEN: TOKEN,
      DISCORD_APPLICATION_ID: APP_ID,
      DISCORD_API_URL: discord.apiUrl,
    });
    await expect.poll(() => bot.logs().some((line) => line.msg === 'bot running'), { timeout: 20_000 }).toBe(true);

    // Four chats subscribe through the chat commands, with different filters.
    const everything = privateChat(7001);
    const group = groupChat(-1001234567890);
    const french = privateChat(7002);
    for (const update of [
      textUpdate('/subscribe', { chat: everything, from: user(7001) }),
      textUpdate('/subscribe@ExpressEntryTestBot stem, french', { chat: group, from: user(ADMIN) }),
      textUpdate('/subscribe pnp', { chat: french, from: user(7002, 'fr') }),
    ]) {
      telegram.push(update);
      await telegram.handled(update);
    }
    const { id } = await discord.interact(slashCommand('subscribe', [{ name: 'types', type: 3, value: 'cec' }], { permissions: MANAGER_PERMISSIONS }));
    const answer = await discord.waitForRequest((request) => request.path.startsWith(`/interactions/${id}/`));
    expect(answer.body.data.embeds[0].description).toMatch(/^Subscribed: this chat will receive new rounds of these types: CEC\./);
    const confirmations = telegram.callsTo('sendMessage').map((call) => String(call.body.text));
    expect(confirmations.filter((text) => /Subscribed|Abonnement fait/.test(text))).toHaveLength(3);

    // IRCC publishes: the feed now holds the 2026 snapshot.
    const published = Date.now();
    feed.set({ kind: 'serve', body: snapshotText('ircc-rounds-en-2026-04-15.json') });
    const discordPosts = () => discord.requests.filter((request) => request.method === 'POST' && request.path === `/channels/${CHANNEL_ID}/messages`);
    await expect.poll(() => sentTo(7001, published).length > 0 && sentTo(group.id, published).length > 0 && sentTo(7002, published).length > 0 && discordPosts().length > 0, { timeout: 20_000 }).toBe(true);
    // Let every part of every post arrive, then a few more polls that must find nothing new.
    await expect.poll(() => bot.logs().filter((line) => line.msg === 'new rounds').length, { timeout: 5_000 }).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 3_000));

    const textTo = (chatId: number) => sentTo(chatId, published).map(textOf).join('\n');
    expect(roundsIn(textTo(7001)).sort()).toEqual(numbersOf(newRounds).sort());
    expect(roundsIn(textTo(group.id)).sort()).toEqual(ofTypes('stem', 'french').sort());
    expect(roundsIn(textTo(7002)).sort()).toEqual(ofTypes('pnp').sort());
    expect(textTo(7002)).toMatch(/^<b>\d+ nouvelles rondes d’invitations<\/b>/);
    // Each post carries the trend picture of its round types: uploaded once, then sent by file_id.
    for (const chatId of [7001, group.id, 7002]) expect(sentTo(chatId, published)[0]!.method, String(chatId)).toBe('sendPhoto');
    const uploads = telegram.callsTo('sendPhoto').filter((call) => call.at > published && call.files.photo);
    expect(uploads.length).toBeLessThanOrEqual(3);
    expect(discordPosts()).toHaveLength(1);
    expect(discordPosts()[0]!.files.map((file) => file.contentType)).toEqual(['image/png']);
    expect(roundsIn(embedText(discordPosts()[0]!.body)).sort()).toEqual(ofTypes('cec').sort());
    // One post per chat: one title each (a long post may take two Telegram messages).
    for (const chatId of [7001, group.id, 7002]) expect(textTo(chatId).match(/<b>[^<]*(new rounds|New round|nouvelles rondes|Nouvelle ronde)/g), String(chatId)).toHaveLength(1);
    expect(bot.logs().filter((line) => line.msg === 'feed poll failed')).toEqual([]);
    expect(feed.requests.filter((request) => request.status === 304).length).toBeGreaterThan(0);

    bot.child.kill('SIGTERM');
    expect(await bot.exited).toBe(0);
  }, 60_000);
});
