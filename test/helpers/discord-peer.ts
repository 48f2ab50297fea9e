import { EventEmitter, once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

/**
 * Discord on loopback, as much of it as discord.js uses: the REST routes it calls (gateway lookup,
 * command registration, interaction callbacks, webhook edits, channel messages) and a gateway
 * WebSocket (HELLO, IDENTIFY → READY, heartbeats, dispatches). Every request is recorded, with
 * multipart bodies parsed, so tests can say what the bot sent.
 *
 * Sharded as Discord is: GET /gateway/bot recommends `shards`; each connection IDENTIFYs with
 * `shard: [id, count]`, gets the guilds whose `(guild_id >> 22) % count` is its id, and only their
 * interactions (DMs go to shard 0). An IDENTIFY that would hold too many guilds is closed with
 * 4011, an impossible shard with 4010.
 */

/** Discord's JSON as tests read it: deep, loosely shaped, checked by the assertions themselves. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

export const APP_ID = '100000000000000001';
export const GUILD_ID = '300000000000000001';
export const CHANNEL_ID = '400000000000000001';
export const BOT_USER = { id: '100000000000000002', username: 'express-entry-bot', discriminator: '0', global_name: null, avatar: null, bot: true, flags: 0 };
export const MEMBER_USER = { id: '200000000000000001', username: 'member', discriminator: '0', global_name: 'Member', avatar: null };
export const TOKEN = `MTAwMDAwMDAwMDAwMDAwMDAy.GpeerT.${'s'.repeat(38)}`;

/** View Channels + Send Messages: a member who may not administer. */
export const MEMBER_PERMISSIONS = String(1024 | 2048);
/** … and Manage Channels. */
export const MANAGER_PERMISSIONS = String(1024 | 2048 | 16);
/** The app's own permissions (app_permissions) where the README's invite put the bot: View Channels, Send Messages, Embed Links, Attach Files. */
export const INVITED_APP_PERMISSIONS = String(1024 | 2048 | 16384 | 32768);
/** In a DM or a group DM Discord gives an app Attach Files, Embed Links, Mention Everyone and Use External Emojis. */
export const DM_APP_PERMISSIONS = String(32768 | 16384 | 131072 | 262144);
/** A server where only the member installed the app (the bot is not in it): no Attach Files. */
export const USER_INSTALL_APP_PERMISSIONS = String(1024 | 2048 | 16384);
/** A server the bot was never invited to. */
export const OTHER_GUILD_ID = '300000000000000099';

export interface RecordedFile {
  field: string;
  filename: string;
  contentType: string;
  bytes: Buffer;
}

export interface RecordedRequest {
  method: string;
  /** After /api/v10, without the query: "/channels/4000…/messages". */
  path: string;
  query: URLSearchParams;
  authorization: string | undefined;
  /** The JSON body, or a multipart request's payload_json. */
  body: Json;
  files: RecordedFile[];
  /** When it arrived (Date.now()). */
  at: number;
}

export interface PeerResponse {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface InteractionRef {
  id: string;
  token: string;
  /** The shards whose connections it was dispatched on. */
  shards: number[];
}

export interface DiscordPeer {
  /** What DISCORD_API_URL is set to. */
  apiUrl: string;
  requests: RecordedRequest[];
  /** Registered commands by scope: "global" or a guild id. */
  commands: Map<string, Json[]>;
  identifies: Json[];
  heartbeats: number;
  /** Gateway connections opened so far, and closed so far (by either side). */
  connections: number;
  closed: number;
  /** Answers matching requests this way (`times` times, or until the returned function is called). */
  override(method: string, path: RegExp, response: PeerResponse, times?: number): () => void;
  /** Pushes an INTERACTION_CREATE to the connected bot. */
  interact(data: Record<string, unknown>): Promise<InteractionRef>;
  /** Closes every ready gateway connection, or only shard `shardId`'s, with this close code (4004: the token was refused). */
  closeGateway(code: number, reason?: string, shardId?: number): void;
  /** The `shard` of every ready connection, as it IDENTIFYed: [id, count]. */
  readonly readyShards: [number, number][];
  /** Discord's recommended shard count from now on, as when the bot joins more servers. */
  recommendShards(count: number): void;
  /** Ends every session (op 9, not resumable): the bot must IDENTIFY again. */
  invalidateSessions(): void;
  /** The gateway's own URL, as GET /gateway/bot gives it. */
  gatewayUrl: string;
  waitForRequest(match: (request: RecordedRequest) => boolean, timeoutMs?: number): Promise<RecordedRequest>;
  close(): Promise<void>;
}

export interface PeerOptions {
  token?: string;
  heartbeatIntervalMs?: number;
  /** A gateway slow to say HELLO: login waits that long. */
  helloDelayMs?: number;
  /** The shard count GET /gateway/bot recommends, and the least the gateway accepts above 1. */
  shards?: number;
  /** The servers the bot is in: each READY lists its shard's, each followed by its GUILD_CREATE. */
  guilds?: string[];
  /** session_start_limit.max_concurrency: how many shards may IDENTIFY per 5 s. */
  maxConcurrency?: number;
  /** Servers slow to load: each GUILD_CREATE comes that long after READY (discord.js is not ready meanwhile). */
  guildCreateDelayMs?: number;
}

/** Which shard of `count` receives a guild's events, as Discord computes it. */
export function shardOf(guildId: string, count: number): number {
  return Number((BigInt(guildId) >> 22n) % BigInt(count));
}

/** A guild id (a plausible snowflake) that shard `shardId` of `count` owns. */
export function guildOfShard(shardId: number, count: number, nth = 0): string {
  const timestamp = (BigInt(GUILD_ID) >> 22n) + BigInt(nth * count);
  const aligned = timestamp - (timestamp % BigInt(count)) + BigInt(shardId);
  return String((aligned << 22n) | 1n);
}

/** The shard a connection IDENTIFYed as, and what it dispatches through. */
interface Session {
  id: string;
  shard: [number, number];
  dispatch(t: string, d: unknown): void;
}

let nextSnowflake = 500_000_000_000_000_000n;
export function snowflake(): string {
  return String(nextSnowflake++);
}

export async function startDiscordPeer({ token = TOKEN, heartbeatIntervalMs = 41_250, helloDelayMs = 0, shards = 1, guilds = [], maxConcurrency = 1, guildCreateDelayMs = 0 }: PeerOptions = {}): Promise<DiscordPeer> {
  const events = new EventEmitter();
  const requests: RecordedRequest[] = [];
  const commands = new Map<string, Json[]>();
  const overrides: { method: string; path: RegExp; response: PeerResponse; left: number }[] = [];
  const interactions = new Map<string, Record<string, unknown>>();
  const ready = new Map<WebSocket, Session>();
  /** Sessions by id, for RESUME: a resumed connection keeps its shard. */
  const sessions = new Map<string, Session>();
  const state = { heartbeats: 0, connections: 0, closed: 0, identifies: [] as Json[], shards };

  const server = createServer((request, response) => {
    void handle(request, response).catch((error: unknown) => {
      response.writeHead(500, { 'content-type': 'application/json' }).end(JSON.stringify({ message: String(error), code: 0 }));
    });
  });
  const gateway = new WebSocketServer({ server });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  const gatewayUrl = `ws://127.0.0.1:${port}`;

  async function handle(request: IncomingMessage, response: ServerResponse) {
    const url = new URL(request.url ?? '/', origin);
    const path = decodeURIComponent(url.pathname).replace(/^\/api\/v\d+/, '');
    const { body, files } = await readBody(request);
    const recorded: RecordedRequest = { method: request.method ?? 'GET', path, query: url.searchParams, authorization: request.headers.authorization, body, files, at: Date.now() };
    requests.push(recorded);
    events.emit('request', recorded);
    const send = ({ status, body: payload, headers = {} }: PeerResponse) => {
      if (payload === undefined) response.writeHead(status, headers).end();
      else response.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(payload));
    };
    const special = overrides.find((candidate) => candidate.left > 0 && candidate.method === recorded.method && candidate.path.test(path));
    if (special) {
      special.left--;
      return send(special.response);
    }
    send(route(recorded));
  }

  function route({ method, path, query, authorization, body, files }: RecordedRequest): PeerResponse {
    const unauthorized = { status: 401, body: { message: '401: Unauthorized', code: 0 } };
    let match: RegExpExecArray | null;
    // Interaction callbacks and webhooks authenticate with the interaction token in the path.
    if ((match = /^\/interactions\/(\d+)\/([^/]+)\/callback$/.exec(path)) && method === 'POST') {
      return interactions.has(match[2]!) ? { status: 204 } : { status: 404, body: { message: 'Unknown interaction', code: 10062 } };
    }
    if ((match = /^\/webhooks\/(\d+)\/([^/]+)(?:\/messages\/(@original|\d+))?$/.exec(path))) {
      const interaction = interactions.get(match[2]!);
      if (match[1] !== APP_ID || !interaction) return { status: 404, body: { message: 'Unknown Webhook', code: 10015 } };
      const channelId = String((interaction.channel as { id: string }).id);
      if (method === 'PATCH' && match[3]) return { status: 200, body: message(channelId, body, files) };
      if (method === 'DELETE' && match[3]) return { status: 204 };
      if (method === 'POST' && !match[3]) return { status: 200, body: message(channelId, body, files) };
    }
    if (authorization !== `Bot ${token}`) return unauthorized;
    if (method === 'GET' && path === '/gateway/bot') {
      return { status: 200, body: { url: gatewayUrl, shards: state.shards, session_start_limit: { total: 1000, remaining: 999, reset_after: 0, max_concurrency: maxConcurrency } } };
    }
    if ((match = /^\/applications\/(\d+)(?:\/guilds\/(\d+))?\/commands$/.exec(path))) {
      if (match[1] !== APP_ID) return { status: 403, body: { message: 'Missing Access', code: 50001 } };
      const scope = match[2] ?? 'global';
      if (method === 'GET') return { status: 200, body: (commands.get(scope) ?? []).map((command) => (query.get('with_localizations') === 'true' ? command : withoutLocalizations(command))) };
      if (method === 'PUT') {
        commands.set(scope, (body as Json[]).map((command) => stored(command, match![2])));
        return { status: 200, body: commands.get(scope) };
      }
    }
    if ((match = /^\/channels\/(\d+)\/messages$/.exec(path)) && method === 'POST') return { status: 200, body: message(match[1]!, body, files) };
    return { status: 404, body: { message: '404: Not Found', code: 0 } };
  }

  gateway.on('connection', (socket) => {
    state.connections++;
    let sequence = 0;
    const sendDispatch = (t: string, d: unknown) => socket.send(JSON.stringify({ op: 0, t, s: ++sequence, d }));
    socket.on('message', (raw) => {
      const payload = JSON.parse(String(raw)) as { op: number; d: Json };
      if (payload.op === 1) {
        state.heartbeats++;
        socket.send(JSON.stringify({ op: 11 }));
      } else if (payload.op === 2) {
        state.identifies.push(payload.d);
        if (payload.d.token !== token) return socket.close(4004, 'Authentication failed');
        const shard = identifiedShard(payload.d.shard);
        if (shard === 'invalid') return socket.close(4010, 'Invalid shard');
        if (shard === 'too few') return socket.close(4011, 'Sharding required');
        const session: Session = { id: `session-${state.connections}`, shard, dispatch: sendDispatch };
        sessions.set(session.id, session);
        const owned = guilds.filter((guildId) => shardOf(guildId, shard[1]) === shard[0]);
        // As Discord does: READY lists the shard's guilds as unavailable, then a GUILD_CREATE for each.
        sendDispatch('READY', { v: 10, user: BOT_USER, guilds: owned.map((id) => ({ id, unavailable: true })), session_id: session.id, resume_gateway_url: gatewayUrl, shard, application: { id: APP_ID, flags: 0 } });
        const createGuilds = () => {
          for (const guildId of owned) if (socket.readyState === socket.OPEN) sendDispatch('GUILD_CREATE', guildCreate(guildId));
        };
        if (guildCreateDelayMs) setTimeout(createGuilds, guildCreateDelayMs);
        else createGuilds();
        ready.set(socket, session);
        events.emit('ready');
      } else if (payload.op === 6) {
        // RESUME after a dropped connection: nothing was missed here.
        if (payload.d.token !== token) return socket.close(4004, 'Authentication failed');
        const resumed = sessions.get(payload.d.session_id);
        if (!resumed) return socket.send(JSON.stringify({ op: 9, d: false }));
        resumed.dispatch = sendDispatch;
        sendDispatch('RESUMED', {});
        ready.set(socket, resumed);
        events.emit('ready');
      }
    });
    socket.on('close', () => {
      state.closed++;
      ready.delete(socket);
    });
    const hello = () => socket.readyState === socket.OPEN && socket.send(JSON.stringify({ op: 10, d: { heartbeat_interval: heartbeatIntervalMs } }));
    if (helloDelayMs) setTimeout(hello, helloDelayMs);
    else hello();
  });

  /** The IDENTIFY's shard, or why Discord would refuse it. */
  function identifiedShard(shard: unknown): [number, number] | 'invalid' | 'too few' {
    // Unsharded is fine while one connection may hold every guild.
    if (shard === undefined) return state.shards > 1 ? 'too few' : [0, 1];
    if (!Array.isArray(shard) || shard.length !== 2 || !shard.every((n) => Number.isInteger(n))) return 'invalid';
    const [id, count] = shard as [number, number];
    if (count < 1 || id < 0 || id >= count) return 'invalid';
    // More shards than recommended is allowed; fewer would put too many guilds on one.
    return count < state.shards ? 'too few' : [id, count];
  }

  /** The ready sessions that receive a guild's events (a DM's: shard 0's). */
  function receivers(guildId: unknown): Session[] {
    const sessionsNow = [...ready.values()];
    if (typeof guildId !== 'string') return sessionsNow.filter(({ shard }) => shard[0] === 0);
    return sessionsNow.filter(({ shard }) => shardOf(guildId, shard[1]) === shard[0]);
  }

  return {
    apiUrl: `${origin}/api`,
    gatewayUrl,
    requests,
    commands,
    identifies: state.identifies,
    get heartbeats() {
      return state.heartbeats;
    },
    get connections() {
      return state.connections;
    },
    get closed() {
      return state.closed;
    },
    override(method, path, response, times = Infinity) {
      const entry = { method, path, response, left: times };
      overrides.unshift(entry);
      return () => void overrides.splice(overrides.indexOf(entry), 1);
    },
    async interact(data) {
      while (!receivers(data.guild_id).length) await once(events, 'ready');
      const interaction = { id: snowflake(), token: `interaction-token-${snowflake()}`, application_id: APP_ID, version: 1, entitlements: [], ...data };
      interactions.set(interaction.token, interaction);
      const sessionsNow = receivers(data.guild_id);
      for (const session of sessionsNow) session.dispatch('INTERACTION_CREATE', interaction);
      return { id: interaction.id, token: interaction.token, shards: sessionsNow.map(({ shard }) => shard[0]) };
    },
    closeGateway(code, reason = 'closed by the peer', shardId) {
      for (const [socket, session] of ready) if (shardId === undefined || session.shard[0] === shardId) socket.close(code, reason);
    },
    get readyShards() {
      return [...ready.values()].map(({ shard }) => shard);
    },
    recommendShards(count) {
      state.shards = count;
    },
    invalidateSessions() {
      for (const [socket, session] of ready) {
        sessions.delete(session.id);
        ready.delete(socket);
        socket.send(JSON.stringify({ op: 9, d: false }));
      }
    },
    waitForRequest(match, timeoutMs = 5000) {
      const seen = requests.find(match);
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          events.off('request', listener);
          reject(new Error('the bot made no such request'));
        }, timeoutMs);
        const listener = (request: RecordedRequest) => {
          if (!match(request)) return;
          clearTimeout(timer);
          events.off('request', listener);
          resolve(request);
        };
        events.on('request', listener);
      });
    },
    async close() {
      for (const client of gateway.clients) client.terminate();
      await new Promise<void>((resolve) => gateway.close(() => resolve()));
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/**
 * How the app came to be there: installed with the server (the bot is a member), or by the member
 * alone ('user': in a server the bot is not in, or in a group DM with `dm`).
 */
export type Install = 'guild' | 'user';

/**
 * A slash command as Discord sends it from a server channel (or a DM with `dm: true`), in GUILD_ID unless `guild` says;
 * with `install: 'user'`, from a member's own install, in OTHER_GUILD_ID (or a group DM).
 */
export function slashCommand(
  name: string,
  options: { name: string; type: number; value: string | number }[] = [],
  { locale = 'en-US', permissions = MEMBER_PERMISSIONS, dm = false, install = 'guild', guild = install === 'user' ? OTHER_GUILD_ID : GUILD_ID }: { locale?: string; permissions?: string; dm?: boolean; install?: Install; guild?: string } = {},
): Record<string, unknown> {
  return { type: 2, data: { id: snowflake(), name, type: 1, options }, locale, ...where({ permissions, dm, guild, install }) };
}

/** An autocomplete request while the member types into one option. */
export function autocomplete(name: string, option: string, typed: string, { locale = 'en-US' } = {}): Record<string, unknown> {
  return { type: 4, data: { id: snowflake(), name, type: 1, options: [{ name: option, type: 3, value: typed, focused: true }] }, locale, ...where({ permissions: MEMBER_PERMISSIONS, dm: false, guild: GUILD_ID }) };
}

/** Another member of the server, to press what someone else started. */
export const OTHER_USER = { id: '200000000000000002', username: 'other', discriminator: '0', global_name: 'Other', avatar: null };

/**
 * A press on a component of the bot's (ephemeral) message `messageId` — type 3, MESSAGE_COMPONENT:
 * a button by its custom_id, or a string select with the values chosen.
 */
export function componentPress(
  messageId: string,
  customId: string,
  { values, locale = 'en-US', user = MEMBER_USER, install = 'guild' }: { values?: string[]; locale?: string; user?: typeof MEMBER_USER; install?: Install } = {},
): Record<string, unknown> {
  const data = { custom_id: customId, component_type: values ? 3 : 2, ...(values ? { values } : {}) };
  const guild = install === 'user' ? OTHER_GUILD_ID : GUILD_ID;
  return { type: 3, data, message: { ...message(CHANNEL_ID, { flags: 64 }, []), id: messageId }, locale, ...where({ permissions: MEMBER_PERMISSIONS, dm: false, user, guild, install }) };
}

/** A modal submitted from a component of message `messageId` — type 5, MODAL_SUBMIT — with one text field. */
export function modalSubmit(
  messageId: string,
  customId: string,
  field: { customId: string; value: string },
  { locale = 'en-US', user = MEMBER_USER, install = 'guild' }: { locale?: string; user?: typeof MEMBER_USER; install?: Install } = {},
): Record<string, unknown> {
  const data = { custom_id: customId, components: [{ type: 18, id: 1, component: { type: 4, id: 2, custom_id: field.customId, value: field.value } }] };
  const guild = install === 'user' ? OTHER_GUILD_ID : GUILD_ID;
  return { type: 5, data, message: { ...message(CHANNEL_ID, { flags: 64 }, []), id: messageId }, locale, ...where({ permissions: MEMBER_PERMISSIONS, dm: false, user, guild, install }) };
}

/**
 * Where an interaction comes from, as Discord describes it: the channel, the member, the app's own
 * permissions there, the context (0 server, 1 DM with the bot, 2 group DM) and which installs
 * authorized it (key "0": the server's, with its id, or "0" in a DM with the bot; key "1": the member's own, with their id).
 */
function where({ permissions, dm, guild = GUILD_ID, user = MEMBER_USER, install = 'guild' }: { permissions: string; dm: boolean; guild?: string; user?: typeof MEMBER_USER; install?: Install }) {
  if (dm && install === 'user') {
    return { channel: { id: CHANNEL_ID, type: 3, recipients: [user] }, channel_id: CHANNEL_ID, user, context: 2, authorizing_integration_owners: { 1: user.id }, app_permissions: DM_APP_PERMISSIONS };
  }
  if (dm) return { channel: { id: CHANNEL_ID, type: 1 }, channel_id: CHANNEL_ID, user, context: 1, authorizing_integration_owners: { 0: '0' }, app_permissions: DM_APP_PERMISSIONS };
  return {
    guild_id: guild,
    guild_locale: 'en-US',
    ...(install === 'user' ? { guild: { id: guild, locale: 'en-US', features: [] } } : {}),
    channel: { id: CHANNEL_ID, type: 0, guild_id: guild, name: 'general' },
    channel_id: CHANNEL_ID,
    member: { user, roles: [], permissions, joined_at: '2024-01-01T00:00:00.000Z', deaf: false, mute: false, flags: 0, pending: false, nick: null, avatar: null, premium_since: null },
    app_permissions: install === 'user' ? USER_INSTALL_APP_PERMISSIONS : INVITED_APP_PERMISSIONS,
    context: 0,
    authorizing_integration_owners: install === 'user' ? { 1: user.id } : { 0: guild },
  };
}

/** A guild as GUILD_CREATE brings it after READY: the fields discord.js reads, nothing cached beyond. */
function guildCreate(id: string) {
  const everyone = { id, name: '@everyone', permissions: MEMBER_PERMISSIONS, position: 0, color: 0, hoist: false, managed: false, mentionable: false, flags: 0 };
  return {
    id,
    name: `server ${id}`,
    icon: null,
    owner_id: MEMBER_USER.id,
    afk_timeout: 300,
    verification_level: 0,
    default_message_notifications: 0,
    explicit_content_filter: 0,
    mfa_level: 0,
    nsfw_level: 0,
    premium_tier: 0,
    system_channel_flags: 0,
    preferred_locale: 'en-US',
    features: [],
    roles: [everyone],
    emojis: [],
    stickers: [],
    joined_at: '2024-01-01T00:00:00.000Z',
    large: false,
    unavailable: false,
    member_count: 2,
    members: [],
    channels: [],
    threads: [],
    presences: [],
    voice_states: [],
    stage_instances: [],
    guild_scheduled_events: [],
  };
}

/** As Discord stores a registered command: with ids and its own defaults. */
function stored(command: Json, guildId: string | undefined) {
  return { id: snowflake(), application_id: APP_ID, version: snowflake(), default_member_permissions: null, type: 1, nsfw: false, ...(guildId ? { guild_id: guildId } : {}), ...command };
}

function withoutLocalizations(value: Json): Json {
  if (Array.isArray(value)) return value.map(withoutLocalizations);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(Object.entries(value).filter(([key]) => !key.endsWith('_localizations')).map(([key, inner]) => [key, withoutLocalizations(inner)]));
}

function message(channelId: string, body: Json, files: RecordedFile[]) {
  return {
    id: snowflake(),
    channel_id: channelId,
    author: BOT_USER,
    content: body?.content ?? '',
    timestamp: new Date().toISOString(),
    edited_timestamp: null,
    tts: false,
    mention_everyone: false,
    mentions: [],
    mention_roles: [],
    attachments: files.map((file) => ({ id: snowflake(), filename: file.filename, size: file.bytes.length, url: `http://127.0.0.1/${file.filename}`, proxy_url: `http://127.0.0.1/${file.filename}`, content_type: file.contentType })),
    embeds: body?.embeds ?? [],
    pinned: false,
    type: 0,
    flags: body?.flags ?? 0,
    components: [],
  };
}

async function readBody(request: IncomingMessage): Promise<{ body: Json; files: RecordedFile[] }> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const raw = Buffer.concat(chunks);
  const type = request.headers['content-type'] ?? '';
  if (!raw.length) return { body: undefined, files: [] };
  if (type.startsWith('multipart/form-data')) {
    // undici (Node's fetch) parses multipart bodies: no parser of our own.
    const form = await new Response(raw, { headers: { 'content-type': type } }).formData();
    const files: RecordedFile[] = [];
    let body: Json;
    for (const [field, value] of form.entries()) {
      if (typeof value === 'string') {
        if (field === 'payload_json') body = JSON.parse(value);
      } else {
        files.push({ field, filename: value.name, contentType: value.type, bytes: Buffer.from(await value.arrayBuffer()) });
      }
    }
    return { body, files };
  }
  return { body: type.includes('json') ? JSON.parse(raw.toString('utf8')) : raw.toString('utf8'), files: [] };
}
