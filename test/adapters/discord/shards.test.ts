import { once } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { StartupError, type AdapterHealth } from '../../../src/chat/adapter.ts';
import { createDiscordAdapter } from '../../../src/adapters/discord/index.ts';
import { GatewayShards } from '../../../src/adapters/discord/shards.ts';
import { reply } from '../../../src/chat/reply.ts';
import { answering } from '../../helpers/answers.ts';
import { APP_ID, guildOfShard, shardOf, slashCommand, startDiscordPeer, TOKEN, type DiscordPeer, type PeerOptions } from '../../helpers/discord-peer.ts';
import { recordingLogger } from '../../helpers/log.ts';

/** Past 2,500 servers Discord wants one gateway connection per shard (issue 12): one process runs them all. */

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** Two servers on each side of a 2-shard split. */
const SHARD_0_GUILD = guildOfShard(0, 2);
const SHARD_1_GUILD = guildOfShard(1, 2);

async function peer(options: PeerOptions): Promise<DiscordPeer> {
  const started = await startDiscordPeer({ guilds: [SHARD_0_GUILD, SHARD_1_GUILD], ...options });
  cleanups.push(() => started.close());
  return started;
}

function bot(on: DiscordPeer, share: { DISCORD_SHARDS?: number[]; DISCORD_SHARD_COUNT?: number } = {}) {
  const log = recordingLogger();
  const adapter = createDiscordAdapter({ config: { DISCORD_TOKEN: TOKEN, DISCORD_APPLICATION_ID: APP_ID, DISCORD_GUILD_ID: undefined, DISCORD_API_URL: on.apiUrl, ...share }, answering: answering(), log });
  cleanups.push(() => adapter.stop());
  return { adapter, log };
}

async function started(on: DiscordPeer) {
  const running = bot(on);
  await running.adapter.start();
  return running;
}

/** The bot's answer to a /latest typed in `guild`, sent only on the connection of the guild's shard. */
async function latestIn(on: DiscordPeer, guild: string): Promise<string> {
  const ref = await on.interact(slashCommand('latest', [], { guild }));
  expect(ref.shards).toEqual([shardOf(guild, on.readyShards[0]![1])]);
  const callback = await on.waitForRequest((request) => request.path === `/interactions/${ref.id}/${ref.token}/callback`);
  expect(callback.body.type).toBe(4);
  return callback.body.data.embeds[0].title;
}

const shardsOf = (on: DiscordPeer) => on.identifies.map((identify) => identify.shard).sort((a, b) => a[0] - b[0]);
const settled = async <T>(promise: Promise<T>, ms: number): Promise<T | 'pending'> => Promise.race([promise, new Promise<'pending'>((resolve) => setTimeout(() => resolve('pending'), ms))]);

describe('the Discord gateway, sharded', () => {
  it('the test servers fall on each side of the split, as Discord computes it', () => {
    expect([shardOf(SHARD_0_GUILD, 2), shardOf(SHARD_1_GUILD, 2)]).toEqual([0, 1]);
    // 41771983423143937 >> 22 = 9959216934, and 9959216934 % 16 = 6.
    expect(shardOf('41771983423143937', 16)).toBe(6);
  });

  it('opens as many connections as GET /gateway/bot recommends, [0, 2] and [1, 2], and says so', async () => {
    const discord = await peer({ shards: 2, maxConcurrency: 2 });
    const { adapter, log } = await started(discord);
    expect(discord.requests.filter((request) => request.path === '/gateway/bot').length).toBeGreaterThan(0);
    expect(shardsOf(discord)).toEqual([[0, 2], [1, 2]]);
    expect(discord.connections).toBe(2);
    expect(log.lines).toContainEqual(expect.objectContaining({ level: 'info', obj: { shards: 2 }, msg: 'discord gateway: 2 shards, as Discord recommends' }));
    await expect.poll(() => adapter.health(), { timeout: 5000 }).toEqual({ state: 'up', shards: [0, 1] });
  });

  it('several instances split the gateway (DISCORD_SHARDS of DISCORD_SHARD_COUNT): each opens its own, answers its servers, names them in its health; a post goes over REST from either', async () => {
    const discord = await peer({ shards: 2, maxConcurrency: 2 });
    const first = bot(discord, { DISCORD_SHARDS: [0], DISCORD_SHARD_COUNT: 2 });
    const second = bot(discord, { DISCORD_SHARDS: [1], DISCORD_SHARD_COUNT: 2 });
    await Promise.all([first.adapter.start(), second.adapter.start()]);
    expect(shardsOf(discord)).toEqual([[0, 2], [1, 2]]);
    expect(first.log.lines).toContainEqual(expect.objectContaining({ msg: 'discord gateway: 1 shard, of 2 (DISCORD_SHARD_COUNT): 0' }));
    await expect.poll(() => [first.adapter.health(), second.adapter.health()], { timeout: 5000 }).toEqual([{ state: 'up', shards: [0] }, { state: 'up', shards: [1] }]);
    expect(await latestIn(discord, SHARD_0_GUILD)).toBe('Latest round');
    expect(await latestIn(discord, SHARD_1_GUILD)).toBe('Latest round');
    // The leader posts to a channel of the other instance's server: REST needs no gateway shard.
    await first.adapter.post('400000000000000001', reply({ title: 'New round', footer: 'test' }), 'en');
    expect(discord.requests.filter((request) => request.method === 'POST' && request.path === '/channels/400000000000000001/messages')).toHaveLength(1);
  });

  it('answers a slash command in a server of each shard, each over that shard’s connection, and DMs over shard 0', async () => {
    const discord = await peer({ shards: 2, maxConcurrency: 2 });
    await started(discord);
    expect(await latestIn(discord, SHARD_0_GUILD)).toBe('Latest round');
    expect(await latestIn(discord, SHARD_1_GUILD)).toBe('Latest round');
    const dm = await discord.interact(slashCommand('latest', [], { dm: true }));
    expect(dm.shards).toEqual([0]);
    const callback = await discord.waitForRequest((request) => request.path === `/interactions/${dm.id}/${dm.token}/callback`);
    expect(callback.body.data.embeds[0].title).toBe('Latest round');
  });

  it('post() reaches channels of any server over REST, whichever shard holds it', async () => {
    const discord = await peer({ shards: 2, maxConcurrency: 2 });
    const { adapter } = await started(discord);
    const channels = ['400000000000000011', '400000000000000012'];
    for (const channel of channels) await adapter.post(channel, reply({ title: 'New round #412', lines: ['STEM'], footer: 'test' }), 'en');
    const sent = discord.requests.filter((request) => request.method === 'POST' && /^\/channels\/\d+\/messages$/.test(request.path));
    expect(sent.map((request) => request.path)).toEqual(channels.map((channel) => `/channels/${channel}/messages`));
    expect(sent.every((request) => request.body.embeds[0].title === 'New round #412')).toBe(true);
  });

  it('is not up while one shard of two is connected: with max_concurrency 1 the second waits its 5 s turn to IDENTIFY', async () => {
    const discord = await peer({ shards: 2, maxConcurrency: 1 });
    const { adapter } = bot(discord);
    const starting = adapter.start();
    await expect.poll(() => discord.readyShards.length, { timeout: 5000 }).toBe(1);
    const firstAt = Date.now();
    expect(adapter.health().state).toBe('starting');
    await starting;
    // discord.js spaces IDENTIFYs of one concurrency bucket 5 s apart (plus up to 1.5 s of jitter).
    expect(Date.now() - firstAt).toBeGreaterThanOrEqual(4500);
    expect(discord.readyShards.sort((a, b) => a[0] - b[0])).toEqual([[0, 2], [1, 2]]);
    await expect.poll(() => adapter.health(), { timeout: 5000 }).toEqual({ state: 'up', shards: [0, 1] });
  }, 20_000);

  it('stop() while shards 1 and 2 wait their turn to IDENTIFY (past its 5 s grace) ends start() and closes every connection for good', async () => {
    const discord = await peer({ shards: 3, maxConcurrency: 1 });
    const { adapter } = bot(discord);
    const starting = adapter.start();
    await expect.poll(() => discord.readyShards.length, { timeout: 5000 }).toBe(1);
    const stoppedAt = Date.now();
    await adapter.stop();
    await starting;
    // The login in progress is given 5 s to settle (see stop()), the close as long again.
    expect(Date.now() - stoppedAt).toBeLessThan(11_000);
    expect(adapter.health()).toEqual({ state: 'stopped' });
    await expect.poll(() => discord.closed, { timeout: 5000 }).toBe(discord.connections);
    const connections = discord.connections;
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(discord.connections).toBe(connections);
  }, 20_000);

  it('one shard closed with a recoverable code reconnects while the other keeps answering', async () => {
    // A gateway slow to say HELLO keeps the reconnecting shard visible for a moment.
    const discord = await peer({ shards: 2, maxConcurrency: 2, helloDelayMs: 400 });
    const { adapter } = await started(discord);
    await expect.poll(() => adapter.health(), { timeout: 5000 }).toEqual({ state: 'up', shards: [0, 1] });
    discord.closeGateway(4000, 'unknown error', 1);
    await expect.poll(() => adapter.health(), { timeout: 5000 }).toEqual({ state: 'reconnecting', detail: 'gateway shard 1 reconnecting', shards: [0, 1] });
    expect(discord.readyShards).toEqual([[0, 2]]);
    expect(await latestIn(discord, SHARD_0_GUILD)).toBe('Latest round');
    await expect.poll(() => adapter.health(), { timeout: 5000 }).toEqual({ state: 'up', shards: [0, 1] });
    expect(discord.connections).toBe(3);
    // It resumed its session: no second IDENTIFY.
    expect(discord.identifies).toHaveLength(2);
    expect(await latestIn(discord, SHARD_1_GUILD)).toBe('Latest round');
    expect(await settled(adapter.lost, 50)).toBe('pending');
  });

  it('one shard closed for good loses the platform, naming the shard; health says down', async () => {
    const discord = await peer({ shards: 2, maxConcurrency: 2 });
    const { adapter } = await started(discord);
    discord.closeGateway(4004, 'Authentication failed', 1);
    const lost = await settled(adapter.lost, 5000);
    expect(lost).not.toBe('pending');
    expect((lost as Error).message).toBe('Discord: the Discord gateway closed shard 1 for good (close code 4004: DISCORD_TOKEN was refused, reset it in the Developer Portal)');
    expect(adapter.health()).toMatchObject({ state: 'down', detail: expect.stringContaining('shard 1') });
  });

  it('Discord demanding more shards while running (4011) loses the platform; a restart opens the new recommended count', async () => {
    // max_concurrency 2 lets the restart IDENTIFY both shards at once; the re-IDENTIFY still waits its 5 s.
    const discord = await peer({ maxConcurrency: 2 });
    const first = await started(discord);
    expect(shardsOf(discord)).toEqual([[0, 1]]);
    // The bot joined more servers: Discord now recommends 2 and refuses the next 1-shard IDENTIFY.
    discord.recommendShards(2);
    discord.invalidateSessions();
    const lost = await settled(first.adapter.lost, 15_000);
    expect(lost).not.toBe('pending');
    expect((lost as Error).message).toBe('Discord: the Discord gateway closed shard 0 for good (close code 4011: Discord now requires more shards than at start, restart the bot to open the recommended count)');
    expect(first.adapter.health().state).toBe('down');
    await first.adapter.stop();

    // What the supervisor does on the non-zero exit.
    const identifiesBefore = discord.identifies.length;
    const second = await started(discord);
    expect(discord.identifies.slice(identifiesBefore).map((identify) => identify.shard).sort((a, b) => a[0] - b[0])).toEqual([[0, 2], [1, 2]]);
    expect(await latestIn(discord, SHARD_1_GUILD)).toBe('Latest round');
    await expect.poll(() => second.adapter.health(), { timeout: 5000 }).toEqual({ state: 'up', shards: [0, 1] });
  }, 30_000);

  it('a gateway refusing the count it just recommended stops the start with a clear line', async () => {
    const discord = await peer({ shards: 2, maxConcurrency: 2 });
    discord.override('GET', /^\/gateway\/bot$/, { status: 200, body: { url: discord.gatewayUrl, shards: 1, session_start_limit: { total: 1000, remaining: 999, reset_after: 0, max_concurrency: 1 } } });
    const { adapter } = bot(discord);
    const error = await adapter.start().then(() => null, (caught: unknown) => caught);
    expect(error).toBeInstanceOf(StartupError);
    expect((error as Error).message).toBe('Discord refused the gateway connection (4011 Sharding required) with the shard count it had just recommended: start again, the count is fetched anew at each start');
  });
});

describe('the peer refuses IDENTIFYs as Discord does', () => {
  async function closeCodeFor(on: DiscordPeer, shard: unknown): Promise<number> {
    const socket = new WebSocket(on.gatewayUrl);
    cleanups.push(async () => socket.terminate());
    await once(socket, 'message');
    socket.send(JSON.stringify({ op: 2, d: { token: TOKEN, intents: 1, properties: {}, ...(shard === undefined ? {} : { shard }) } }));
    const [code] = (await once(socket, 'close')) as [number];
    return code;
  }

  it('4011 without a shard or with too few, 4010 for a shard that cannot exist', async () => {
    const discord = await peer({ shards: 2 });
    expect(await closeCodeFor(discord, undefined)).toBe(4011);
    expect(await closeCodeFor(discord, [0, 1])).toBe(4011);
    expect(await closeCodeFor(discord, [2, 2])).toBe(4010);
    expect(await closeCodeFor(discord, [-1, 2])).toBe(4010);
    expect(await closeCodeFor(discord, 'all')).toBe(4010);
  });
});

describe('GatewayShards', () => {
  const states = (build: (shards: GatewayShards) => void): AdapterHealth => {
    const shards = new GatewayShards();
    build(shards);
    return shards.health();
  };

  it('is up only when every expected shard is ready', () => {
    expect(states(() => {})).toEqual({ state: 'starting', detail: 'connecting to the gateway', shards: [] });
    expect(states((shards) => (shards.expect([0, 1, 2]), shards.ready(0)))).toEqual({ state: 'starting', detail: 'waiting for gateway shards 1, 2', shards: [0, 1, 2] });
    expect(states((shards) => (shards.expect([0, 1]), shards.ready(1), shards.ready(0)))).toEqual({ state: 'up', shards: [0, 1] });
  });

  it('names the shards reconnecting; a lost shard outweighs them and stays lost', () => {
    expect(states((shards) => (shards.expect([0, 1, 2]), [0, 1, 2].forEach((id) => shards.ready(id)), shards.reconnecting(2)))).toEqual({ state: 'reconnecting', detail: 'gateway shard 2 reconnecting', shards: [0, 1, 2] });
    expect(states((shards) => (shards.expect([0, 1]), shards.reconnecting(1), shards.reconnecting(0)))).toEqual({ state: 'reconnecting', detail: 'gateway shards 0, 1 reconnecting', shards: [0, 1] });
    expect(states((shards) => (shards.expect([0, 1]), shards.reconnecting(0), shards.lost(1, 'closed for good'), shards.ready(1)))).toEqual({ state: 'down', detail: 'closed for good', shards: [0, 1] });
  });
});
