import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { STUB_TOKEN, startBotApiStub, textUpdate, privateChat, user, type BotApiStub, type StubCall } from '../helpers/bot-api-stub.ts';
import { startBotProcess, type BotProcess } from '../helpers/bot-process.ts';
import { runCli } from '../helpers/cli.ts';
import { startFeedServer, type FeedServer } from '../helpers/feed-server.ts';
import { snapshotText } from '../helpers/fixtures.ts';
import { freePort } from '../helpers/ports.ts';
import { freshDatabase, openPostgres } from '../helpers/postgres.ts';
import { startRoundRobin, type RoundRobin } from '../helpers/round-robin.ts';
import { syncer } from '../helpers/store.ts';
import { startTcpProxy } from '../helpers/tcp-proxy.ts';

/**
 * Several `npm start` processes on one PostgreSQL database (issue 18), Telegram in webhook mode
 * behind one URL (a round-robin proxy), against a local Bot API. Each process calls the Bot API
 * through a root of its own (/instance-N), so the peer knows who sent what.
 */

const PUBLIC_URL = 'https://bot.example.org/telegram';
/** The delivery worker's posts in flight: the most a failover may repeat. */
const IN_FLIGHT = 16;

let feed: FeedServer;
let telegram: BotApiStub;
const cleanups: (() => Promise<unknown>)[] = [];
beforeEach(async () => {
  feed = await startFeedServer({ kind: 'serve', body: snapshotText('ircc-rounds-en-2024-12-16.json') });
  telegram = await startBotApiStub();
});
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
  await Promise.all([feed.close(), telegram.close()]);
});

interface Instance {
  name: string;
  bot: BotProcess;
  health: string;
  webhookPort: number;
}

/** A database holding the 2024 history: the 2026 snapshot served later brings new rounds. */
async function database(): Promise<string> {
  const url = await freshDatabase();
  const store = await openPostgres(url);
  await syncer(store)(feed.url);
  await store.close();
  return url;
}

async function instance(name: string, DATABASE_URL: string, { polling = false } = {}): Promise<Instance> {
  const [webhookPort, healthPort] = [await freePort(), await freePort()];
  const bot = startBotProcess({
    DATABASE_URL,
    FEED_URL: feed.url,
    POLL_CRON: '* * * * * *',
    DIGEST_CRON: '0 0 1 1 *',
    TELEGRAM_BOT_TOKEN: STUB_TOKEN,
    TELEGRAM_API_ROOT: `${telegram.apiRoot}/${name}`,
    ...(polling ? {} : { TELEGRAM_WEBHOOK_URL: PUBLIC_URL, TELEGRAM_WEBHOOK_PORT: String(webhookPort) }),
    HEALTH_PORT: String(healthPort),
  });
  return { name, bot, health: `http://127.0.0.1:${healthPort}/healthz`, webhookPort };
}

async function healthOf(one: Instance): Promise<{ code: number; role?: string; instanceId?: string; lease?: { epoch: number } | null } | null> {
  try {
    const answer = await fetch(one.health, { signal: AbortSignal.timeout(2_000) });
    return { ...((await answer.json()) as object), code: answer.status };
  } catch {
    return null;
  }
}

async function leaderOf(instances: Instance[]): Promise<Instance | undefined> {
  for (const one of instances) if ((await healthOf(one))?.role === 'leader') return one;
  return undefined;
}

/** Every instance answers /healthz 200, and exactly one leads. */
async function running(instances: Instance[]): Promise<Instance> {
  await expect.poll(async () => (await Promise.all(instances.map(healthOf))).map((health) => health?.code), { timeout: 30_000, interval: 200 }).toEqual(instances.map(() => 200));
  await expect.poll(async () => (await Promise.all(instances.map(healthOf))).filter((health) => health?.role === 'leader').length, { timeout: 10_000, interval: 100 }).toBe(1);
  return (await leaderOf(instances))!;
}

/** Posts by chat: a post is a photo captioned with the digest. */
function postsByChat(calls = telegram.callsTo('sendPhoto')): Map<number, number> {
  const counts = new Map<number, number>();
  for (const call of calls) counts.set(Number(call.body.chat_id), (counts.get(Number(call.body.chat_id)) ?? 0) + 1);
  return counts;
}

/** Answers to members: messages to each chat in a range. */
function messagesTo(from: number, count: number): Map<number, StubCall[]> {
  const by = new Map<number, StubCall[]>();
  for (const call of telegram.callsTo('sendMessage')) {
    const chat = Number(call.body.chat_id);
    if (chat >= from && chat < from + count) by.set(chat, [...(by.get(chat) ?? []), call]);
  }
  return by;
}

let updateId = 900_000;
const command = (text: string, chatId: number) => ({ ...textUpdate(text, { chat: privateChat(chatId), from: user(chatId) }), update_id: updateId++ });

/** Chats subscribing through commands, spread over the instances by the proxy. */
async function subscribe(proxy: RoundRobin, from: number, count: number): Promise<void> {
  for (let batch = 0; batch < count; batch += 20) {
    await Promise.all(Array.from({ length: Math.min(20, count - batch) }, (_, index) => telegram.deliver(command('/subscribe education', from + batch + index), `${proxy.url}/telegram`)));
  }
  await expect.poll(() => messagesTo(from, count).size, { timeout: 30_000 }).toBe(count);
}

describe('several instances on one database', () => {
  it('three instances, the leader killed mid fan-out: a standby leads within 30 s, every chat gets its post once, 500 commands meanwhile are answered once', async () => {
    const url = await database();
    const instances = await Promise.all(['instance-1', 'instance-2', 'instance-3'].map((name) => instance(name, url)));
    const proxy = await startRoundRobin(instances.map((one) => one.webhookPort));
    cleanups.push(() => proxy.close());
    const leader = await running(instances);
    // The webhook is registered by the leader, with a secret every instance knows.
    await telegram.waitFor('setWebhook');
    expect(telegram.callsTo('setWebhook').map((call) => [call.via, call.body.url])).toEqual([[`/${leader.name}`, PUBLIC_URL]]);

    await subscribe(proxy, 10_000, 300);
    expect([...proxy.answered.values()].every((count) => count >= 50)).toBe(true);
    for (const [, answers] of messagesTo(10_000, 300)) expect(answers.map((call) => String(call.body.text))).toEqual([expect.stringContaining('Subscribed')]);

    feed.set({ kind: 'serve', body: snapshotText('ircc-rounds-en-2026-04-15.json') });
    await expect.poll(() => postsByChat().size, { timeout: 30_000, interval: 20 }).toBeGreaterThanOrEqual(60);
    leader.bot.child.kill('SIGKILL');
    const killedAt = Date.now();
    const survivors = instances.filter((one) => one !== leader);

    // Members keep asking meanwhile: 500 questions, a few at a time, through the proxy.
    const asking = (async () => {
      for (let batch = 0; batch < 500; batch += 10) {
        await Promise.all(Array.from({ length: 10 }, (_, index) => telegram.deliver(command('/latest', 20_000 + batch + index), `${proxy.url}/telegram`)));
        await new Promise((resolve) => setTimeout(resolve, 40));
      }
    })();
    await expect.poll(() => leaderOf(survivors), { timeout: 30_000, interval: 200 }).toBeDefined();
    const failover = Date.now() - killedAt;
    expect(failover).toBeLessThan(30_000);
    const next = (await leaderOf(survivors))!;
    expect(await healthOf(next)).toMatchObject({ role: 'leader', lease: { epoch: 2 } });

    await expect.poll(() => postsByChat().size, { timeout: 60_000, interval: 100 }).toBe(300);
    const counts = postsByChat();
    expect([...counts.keys()].every((chat) => chat >= 10_000 && chat < 10_300)).toBe(true);
    expect([...counts.values()].filter((count) => count > 1).length).toBeLessThanOrEqual(IN_FLIGHT);
    // Sent by the first leader until it died, then by the next alone.
    const photos = telegram.callsTo('sendPhoto');
    expect(new Set(photos.map((call) => call.via))).toEqual(new Set([`/${leader.name}`, `/${next.name}`]));
    expect(Math.max(...photos.filter((call) => call.via === `/${leader.name}`).map((call) => call.at))).toBeLessThan(Math.min(...photos.filter((call) => call.via === `/${next.name}`).map((call) => call.at)));

    await asking;
    await expect.poll(() => messagesTo(20_000, 500).size, { timeout: 60_000 }).toBe(500);
    const answers = messagesTo(20_000, 500);
    expect([...answers.values()].filter((calls) => calls.length !== 1).map((calls) => calls[0]!.body.chat_id)).toEqual([]);
    console.info(`failover: a standby led ${failover} ms after the leader was killed; ${[...counts.values()].filter((count) => count > 1).length} posts repeated`);
  }, 240_000);

  it('SIGTERM to the leader mid fan-out: the next leads within 5 s; nothing lost, nothing repeated', async () => {
    const url = await database();
    const instances = await Promise.all(['instance-1', 'instance-2'].map((name) => instance(name, url)));
    const proxy = await startRoundRobin(instances.map((one) => one.webhookPort));
    cleanups.push(() => proxy.close());
    const leader = await running(instances);
    await subscribe(proxy, 10_000, 200);

    feed.set({ kind: 'serve', body: snapshotText('ircc-rounds-en-2026-04-15.json') });
    await expect.poll(() => postsByChat().size, { timeout: 30_000, interval: 20 }).toBeGreaterThanOrEqual(40);
    leader.bot.child.kill('SIGTERM');
    const stoppedAt = Date.now();
    const other = instances.find((one) => one !== leader)!;
    await expect.poll(async () => (await healthOf(other))?.role, { timeout: 10_000, interval: 50 }).toBe('leader');
    const handover = Date.now() - stoppedAt;
    expect(handover).toBeLessThan(5_000);
    expect(await leader.bot.exited).toBe(0);

    await expect.poll(() => postsByChat().size, { timeout: 60_000, interval: 100 }).toBe(200);
    expect([...postsByChat().values()].every((count) => count === 1)).toBe(true);
    console.info(`graceful handover: the next instance led ${handover} ms after SIGTERM`);
  }, 180_000);

  it('the leader cut off from the database stops sending within its lease; the peer never sees two senders at once', async () => {
    const url = await database();
    const network = await startTcpProxy(new URL(url));
    cleanups.push(() => network.close());
    const cutOff = new URL(url);
    cutOff.port = String(network.port);
    const first = await instance('instance-1', cutOff.toString());
    const leader = await running([first]);
    const second = await instance('instance-2', url);
    await running([first, second]);
    expect((await healthOf(first))?.role).toBe('leader');
    const proxy = await startRoundRobin([first.webhookPort, second.webhookPort]);
    cleanups.push(() => proxy.close());
    await subscribe(proxy, 10_000, 300);

    feed.set({ kind: 'serve', body: snapshotText('ircc-rounds-en-2026-04-15.json') });
    await expect.poll(() => postsByChat().size, { timeout: 30_000, interval: 20 }).toBeGreaterThanOrEqual(60);
    network.cut();
    const cutAt = Date.now();
    await expect.poll(async () => (await healthOf(second))?.role, { timeout: 40_000, interval: 100 }).toBe('leader');
    await expect.poll(() => postsByChat().size, { timeout: 60_000, interval: 100 }).toBe(300);

    const photos = telegram.callsTo('sendPhoto');
    const lastOfFirst = Math.max(...photos.filter((call) => call.via === `/${leader.name}`).map((call) => call.at));
    const firstOfSecond = Math.min(...photos.filter((call) => call.via === `/${second.name}`).map((call) => call.at));
    expect(lastOfFirst - cutAt).toBeLessThan(15_000);
    expect(lastOfFirst).toBeLessThan(firstOfSecond);
    expect([...postsByChat().values()].filter((count) => count > 1).length).toBeLessThanOrEqual(IN_FLIGHT);
    // Still running, answering nothing it cannot: it stands by.
    expect((await healthOf(first))?.role).toBe('standby');
    console.info(`split brain: the cut leader's last post ${lastOfFirst - cutAt} ms after the cut; the next leader's first ${firstOfSecond - cutAt} ms after`);
  }, 180_000);

  it('long polling: only the leader polls (Telegram allows one receiver); the other stands by, then takes over; cli status lists both', async () => {
    const url = await database();
    const instances = await Promise.all(['instance-1', 'instance-2'].map((name) => instance(name, url, { polling: true })));
    const leader = await running(instances);
    const other = instances.find((one) => one !== leader)!;
    expect(await healthOf(other)).toMatchObject({ code: 200, role: 'standby', platforms: { telegram: { state: 'standby' } } });
    await telegram.waitFor('getUpdates');
    const update = command('/latest', 30_001);
    telegram.push(update);
    await expect.poll(() => messagesTo(30_001, 1).size, { timeout: 10_000 }).toBe(1);
    expect(new Set(telegram.callsTo('getUpdates').map((call) => call.via))).toEqual(new Set([`/${leader.name}`]));

    const status = await runCli(['status'], { DATABASE_URL: url });
    expect(status.code).toBe(0);
    expect(status.stdout).toMatch(/^instances: +2 running$/m);
    expect(status.stdout).toMatch(new RegExp(`^  \\S+ \\(\\S+, pid ${leader.bot.child.pid}\\) started \\S+, seen \\S+ — leader since \\S+$`, 'm'));
    expect(status.stdout).toMatch(new RegExp(`^  \\S+ \\(\\S+, pid ${other.bot.child.pid}\\) started \\S+, seen \\S+ — standby$`, 'm'));

    leader.bot.child.kill('SIGTERM');
    expect(await leader.bot.exited).toBe(0);
    await expect.poll(async () => (await healthOf(other))?.role, { timeout: 10_000, interval: 50 }).toBe('leader');
    await expect.poll(() => telegram.callsTo('getUpdates').some((call) => call.via === `/${other.name}`), { timeout: 10_000 }).toBe(true);
    telegram.push(command('/latest', 30_002));
    await expect.poll(() => messagesTo(30_002, 1).size, { timeout: 10_000 }).toBe(1);
    expect(messagesTo(30_001, 1).get(30_001)).toHaveLength(1);
  }, 120_000);
});
