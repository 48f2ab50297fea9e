import { setTimeout as sleep } from 'node:timers/promises';
import { createDiscordAdapter } from '../../../src/adapters/discord/index.ts';
import type { ChatAdapter } from '../../../src/chat/adapter.ts';
import { silentLogger } from '../../../src/core/log.ts';
import { answering } from '../../helpers/answers.ts';
import { APP_ID, CHANNEL_ID, slashCommand, startDiscordPeer, TOKEN, type DiscordPeer, type Json, type PeerResponse, type RecordedRequest } from '../../helpers/discord-peer.ts';
import type { AdapterHarness, DeliveredPost, FailureKind } from './harness.ts';

const CHANNEL_MESSAGES = /^\/channels\/\d+\/messages$/;

/** A 429 as Discord sends it, with the headers discord.js's REST queue reads to wait it out. */
const RATE_LIMITED: PeerResponse = {
  status: 429,
  body: { message: 'You are being rate limited.', retry_after: 0.2, global: false },
  headers: { 'retry-after': '0.2', 'x-ratelimit-limit': '5', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset-after': '0.2', 'x-ratelimit-scope': 'user' },
};

/** Each failure the contract names, as Discord answers it, and how many attempts it refuses. */
const FAILURES: Record<FailureKind, { response: PeerResponse; times: number; words: string }> = {
  gone: { response: { status: 403, body: { message: 'Missing Access', code: 50001 } }, times: 1, words: 'Missing Access' },
  rejected: { response: { status: 400, body: { message: 'Invalid Form Body', code: 50035 } }, times: 1, words: 'Invalid Form Body' },
  // discord.js's REST tries a 5xx four times in all before giving up.
  transient: { response: { status: 500, body: { message: 'Internal Server Error', code: 0 } }, times: 4, words: 'Internal Server Error' },
  'rate-limited': { response: RATE_LIMITED, times: 1, words: 'You are being rate limited.' },
  // Allowed to post, not to attach files.
  'pictures-refused': { response: { status: 403, body: { message: 'Missing Permissions', code: 50013 } }, times: 1, words: 'Missing Permissions' },
};

const isPost = (request: RecordedRequest) => request.method === 'POST' && CHANNEL_MESSAGES.test(request.path);

/** An embed as a member reads it: title, description, each field, footer. */
function shown(embed: Json): string {
  const fields: string[] = (embed.fields ?? []).map((field: Json) => `${field.name}: ${field.value}`);
  return [embed.title, embed.description, ...fields, embed.footer?.text].filter(Boolean).join('\n');
}

/** The Discord adapter over the local gateway and REST peer. */
export function discordHarness(): AdapterHarness {
  let peer: DiscordPeer;
  let adapters: ChatAdapter[] = [];
  /** The peer records refused attempts too: these are ranks among the posts to channels. */
  let refused = new Set<number>();

  return {
    name: 'Discord',
    chatId: CHANNEL_ID,
    // discord.js's REST queue waits the 429 out and sends the post again by itself.
    rateLimitOutcome: { delivered: true },
    async open() {
      peer = await startDiscordPeer();
      adapters = [];
      refused = new Set();
    },
    async close() {
      await Promise.all(adapters.map((adapter) => adapter.stop()));
      await peer.close();
    },
    adapter() {
      const adapter = createDiscordAdapter({
        config: { DISCORD_TOKEN: TOKEN, DISCORD_APPLICATION_ID: APP_ID, DISCORD_GUILD_ID: undefined, DISCORD_API_URL: peer.apiUrl },
        answering: answering(),
        log: silentLogger,
      });
      adapters.push(adapter);
      return adapter;
    },
    async ask(command) {
      const { id, token } = await peer.interact(slashCommand(command));
      const callback = await peer.waitForRequest((request) => request.path === `/interactions/${id}/${token}/callback`);
      // An answer slower than the defer window (a loaded machine) comes as an edit of the placeholder.
      const message = callback.body.type === 5 ? (await peer.waitForRequest((request) => request.method === 'PATCH' && request.path === `/webhooks/${APP_ID}/${token}/messages/@original`)).body : callback.body.data;
      return message.embeds.map(shown).join('\n');
    },
    posted() {
      const delivered: DeliveredPost[] = [];
      peer.requests.filter(isPost).forEach((request, rank) => {
        if (request.path !== `/channels/${CHANNEL_ID}/messages` || refused.has(rank)) return;
        delivered.push({ text: request.body.embeds.map(shown).join('\n'), hasPicture: request.files.length > 0 });
      });
      return delivered;
    },
    failNextPost(kind) {
      const { response, times, words } = FAILURES[kind];
      const next = peer.requests.filter(isPost).length;
      for (let rank = next; rank < next + times; rank++) refused.add(rank);
      peer.override('POST', CHANNEL_MESSAGES, response, times);
      return words;
    },
    async quiet() {
      const before = peer.requests.length;
      await sleep(300);
      // No gateway left open: no interaction can reach the bot.
      return peer.connections === peer.closed && peer.requests.length === before;
    },
  };
}
