import { setTimeout as sleep } from 'node:timers/promises';
import { Client, Events, GatewayIntentBits, RESTEvents, Routes } from 'discord.js';
import type { Config } from '../../config.ts';
import type { Answering } from '../../chat/context.ts';
import type { Logger } from '../../core/log.ts';
import type { Reply } from '../../chat/reply.ts';
import { lostSignal, postWithTextFallback, type AdapterHealth, type ChatAdapter } from '../../chat/adapter.ts';
import { replyMessage } from './render.ts';
import { deliveryError, missingPermissions, startupError } from './errors.ts';
import { interactionHandler } from './input.ts';
import { commandData, registerCommands } from './menu.ts';
import { GuardedGateway } from './packets.ts';
import { GatewayShards } from './shards.ts';

export interface DiscordAdapterOptions {
  config: Pick<Config, 'DISCORD_TOKEN' | 'DISCORD_APPLICATION_ID' | 'DISCORD_GUILD_ID' | 'DISCORD_API_URL'> & Partial<Pick<Config, 'DISCORD_SHARDS' | 'DISCORD_SHARD_COUNT'>>;
  answering: Answering;
  log: Logger;
  /** How long an answer may take before the interaction is deferred (Discord allows 3 s in all). */
  deferAfterMs?: number;
}

/** How long stop() waits for a login in progress, and then for the gateway to close. */
const LOGIN_GRACE_MS = 5000;
const CLOSE_LIMIT_MS = 5000;

export function createDiscordAdapter(options: DiscordAdapterOptions): ChatAdapter {
  return new DiscordAdapter(options);
}

/**
 * The bot on Discord through discord.js: slash commands over the gateway, answers as embeds, posts
 * for digests over REST. stop() may come before, during or after start(): both are always safe.
 */
class DiscordAdapter implements ChatAdapter {
  readonly platform = 'discord';
  private readonly client: Client;
  private readonly token: string;
  private readonly applicationId: string;
  private readonly stopped = new AbortController();
  private readonly lostPlatform = lostSignal();
  readonly lost = this.lostPlatform.lost;
  private readonly shards = new GatewayShards();
  private started = false;
  private closed = false;
  private login: Promise<unknown> | null = null;
  private stopping: Promise<void> | null = null;

  constructor(private readonly options: DiscordAdapterOptions) {
    const { config, answering, log, deferAfterMs = 2000 } = options;
    if (!config.DISCORD_TOKEN || !config.DISCORD_APPLICATION_ID) throw new Error('the Discord adapter needs DISCORD_TOKEN and DISCORD_APPLICATION_ID');
    this.token = config.DISCORD_TOKEN;
    this.applicationId = config.DISCORD_APPLICATION_ID;
    const apiUrl = config.DISCORD_API_URL;
    const stopped = this.stopped.signal;
    // Guilds is the one intent slash commands need; nothing privileged (no message content, no members).
    // The REST base also leads discord.js to the gateway: its URL comes from GET /gateway/bot, and so
    // does the shard count with 'auto' (Discord refuses one connection past 2,500 servers): discord.js
    // then runs every shard in this process, each on its own connection, events from all on one client.
    // No gateway packet may end the process: one discord.js cannot read is logged once and dropped.
    const gateway = new GuardedGateway({
      ready: () => client.isReady(),
      dropped: ({ event, id, shardId, error }) =>
        log.warn({ event, ...(event === 'INTERACTION_CREATE' ? { interactionId: id } : { id }), shardId, error: error instanceof Error ? error.message : String(error) }, 'discord dropped a gateway packet it could not read'),
    });
    // Several instances split the gateway: each opens the shards it is given (DISCORD_SHARDS of
    // DISCORD_SHARD_COUNT) and answers their servers; posts go over REST, whichever instance leads.
    const shards = config.DISCORD_SHARD_COUNT === undefined ? 'auto' : (config.DISCORD_SHARDS ?? Array.from({ length: config.DISCORD_SHARD_COUNT }, (_, index) => index));
    const client: Client = new Client({ intents: [GatewayIntentBits.Guilds], shards, ...(config.DISCORD_SHARD_COUNT === undefined ? {} : { shardCount: config.DISCORD_SHARD_COUNT }), ws: { buildStrategy: gateway.strategy }, ...(apiUrl ? { rest: { api: apiUrl } } : {}) });
    client.on(Events.ClientReady, () => gateway.release());
    client.on(Events.InteractionCreate, interactionHandler({ answering, commands: answering.commands, log, deferAfterMs }));
    client.on(Events.Error, (error) => log.error({ err: error }, 'discord client error'));
    client.on(Events.Warn, (message) => log.warn({ platform: 'discord' }, message));
    // discord.js reconnects each shard by itself, and emits ShardDisconnect only when it gives up (a
    // close code such as 4004, the token refused): that shard's servers are then deaf for good, and
    // the bot says so. It never reshards while running: a 4011 asks for a restart, which fetches the
    // new recommended count.
    client.on(Events.ShardDisconnect, (event, shardId) => {
      if (stopped.aborted) return;
      const reason = `the Discord gateway closed shard ${shardId} for good (close code ${event.code}${closeAdvice(event.code)})`;
      log.error({ shardId, code: event.code }, 'discord gateway gave up');
      this.shards.lost(shardId, reason);
      this.lostPlatform.lose(`Discord: ${reason}`);
    });
    client.on(Events.ShardReconnecting, (shardId) => {
      if (stopped.aborted) return;
      log.info({ shardId }, 'discord gateway reconnecting');
      this.shards.reconnecting(shardId);
    });
    client.on(Events.ShardResume, (shardId) => this.shards.ready(shardId));
    client.on(Events.ShardReady, (shardId) => this.shards.ready(shardId));
    client.rest.on(RESTEvents.RateLimited, (info) => log.debug({ route: info.route, retryAfterMs: info.retryAfter, global: info.global }, 'discord rate limit'));
    // post() may run before the gateway is up (a digest queued at start-up): REST needs only the token.
    client.rest.setToken(this.token);
    this.client = client;
  }

  async start(): Promise<void> {
    const { config, answering, log } = this.options;
    const apiUrl = config.DISCORD_API_URL;
    const guildId = config.DISCORD_GUILD_ID;
    if (this.stopped.signal.aborted) return;
    try {
      this.login = this.client.login(this.token);
      await untilStopped(this.login, this.stopped.signal);
    } catch (error) {
      throw startupError(error, { step: 'login', apiUrl });
    }
    if (this.stopped.signal.aborted) return;
    this.shards.expect(this.client.ws.shards.keys());
    const share = config.DISCORD_SHARD_COUNT === undefined ? 'as Discord recommends' : `of ${config.DISCORD_SHARD_COUNT} (DISCORD_SHARD_COUNT): ${this.shards.ids.join(', ')}`;
    log.info({ shards: this.shards.count }, `discord gateway: ${this.shards.count} ${this.shards.count === 1 ? 'shard' : 'shards'}, ${share}`);
    try {
      await registerCommands(this.client.rest, { applicationId: this.applicationId, guildId }, commandData(answering.commands, answering.core), log);
    } catch (error) {
      throw startupError(error, { step: 'register', guildId, apiUrl });
    }
    log.info({ user: this.client.user?.tag, guildId: guildId ?? null, shards: this.shards.count }, 'discord bot ready');
    this.started = true;
  }

  health(): AdapterHealth {
    if (this.closed) return { state: 'stopped' };
    const gateway = this.shards.health();
    // Until the commands are registered the bot is starting, unless a shard already failed.
    if (!this.started && gateway.state !== 'down' && gateway.state !== 'reconnecting') return { state: 'starting' };
    return gateway;
  }

  stop(): Promise<void> {
    const { log } = this.options;
    this.stopping ??= (async () => {
      this.stopped.abort();
      // discord.js destroyed mid-handshake reconnects instead of closing: let the login settle first.
      if (this.login) await Promise.race([this.login.catch(() => undefined), sleep(LOGIN_GRACE_MS, undefined, { ref: false })]);
      const closed = await Promise.race([this.client.destroy().then(() => true), sleep(CLOSE_LIMIT_MS, false, { ref: false })]);
      if (!closed) log.warn({ afterMs: CLOSE_LIMIT_MS }, 'discord client did not close in time');
      this.closed = true;
    })().catch((error: unknown) => log.warn({ err: error }, 'discord client did not close cleanly'));
    return this.stopping;
  }

  async post(channelId: string, reply: Reply, _locale?: unknown, { signal }: { signal?: AbortSignal } = {}): Promise<void> {
    const send = (message: Reply) => {
      const { embed, image } = replyMessage(message);
      return this.client.rest.post(Routes.channelMessages(channelId), {
        body: { embeds: [embed.toJSON()], ...(image ? { attachments: [{ id: '0', filename: image.name, description: image.description }] } : {}) },
        files: image ? [{ name: image.name, data: image.data, contentType: 'image/png' }] : [],
        signal,
      });
    };
    // A channel may let the bot post but not attach files (missing permissions).
    await postWithTextFallback(reply, send, { classify: deliveryError, picturesRefused: missingPermissions });
  }
}

/** What an operator can do about a close code that ended a shard. */
function closeAdvice(code: number): string {
  if (code === 4004) return ': DISCORD_TOKEN was refused, reset it in the Developer Portal';
  if (code === 4011) return ': Discord now requires more shards than at start, restart the bot to open the recommended count';
  return '';
}

/** Login can hang while the gateway is unreachable; stop() must still end start(). */
function untilStopped<T>(work: Promise<T>, signal: AbortSignal): Promise<T | void> {
  if (signal.aborted) return Promise.resolve();
  return Promise.race([work, new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }))]);
}
