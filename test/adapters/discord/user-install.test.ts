import { afterEach, describe, expect, it } from 'vitest';
import { commands as registry } from '../../../commands/index.ts';
import { createDiscordAdapter } from '../../../src/adapters/discord/index.ts';
import { silentLogger } from '../../../src/core/log.ts';
import { answering } from '../../helpers/answers.ts';
import {
  APP_ID, CHANNEL_ID, GUILD_ID, MEMBER_USER, OTHER_GUILD_ID, slashCommand, startDiscordPeer, TOKEN, type DiscordPeer, type Install, type Json, type RecordedRequest,
} from '../../helpers/discord-peer.ts';

/**
 * Issue 21 on Discord: a member installs the app to their own account and asks it anywhere —
 * servers the bot was never invited to, DMs, group DMs — without a server admin. Checked against
 * the local Discord peer: the registration payload, and interactions as Discord sends them from
 * a user install (authorizing_integration_owners with only the user key "1", app_permissions
 * without Attach Files in a server the bot is not in).
 */

const GUILD_INSTALL = 0;
const USER_INSTALL = 1;
const IN_SERVER = 0;
const IN_BOT_DM = 1;
const IN_GROUP_DM = 2;
const EPHEMERAL = 64;

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function startedBot(options: { guildId?: string } = {}): Promise<DiscordPeer> {
  const peer = await startDiscordPeer();
  cleanups.push(() => peer.close());
  const adapter = createDiscordAdapter({
    config: { DISCORD_TOKEN: TOKEN, DISCORD_APPLICATION_ID: APP_ID, DISCORD_GUILD_ID: options.guildId, DISCORD_API_URL: peer.apiUrl },
    answering: answering(),
    log: silentLogger,
  });
  cleanups.push(() => adapter.stop());
  await adapter.start();
  return peer;
}

/** Pushes an interaction; resolves with the bot's callback and every request made with the interaction's token. */
async function ask(peer: DiscordPeer, data: Record<string, unknown>): Promise<{ callback: RecordedRequest; embed: Json; byToken: () => RecordedRequest[] }> {
  const ref = await peer.interact(data);
  const callback = await peer.waitForRequest((request) => request.path === `/interactions/${ref.id}/${ref.token}/callback`);
  return { callback, embed: callback.body.data?.embeds?.[0], byToken: () => peer.requests.filter((request) => request.path.includes(ref.token)) };
}

const string = (name: string, value: string) => ({ name, type: 3, value });

describe('registration for server and user installs', () => {
  it('declares, command by command, where it is installed (integration_types) and used (contexts)', async () => {
    const peer = await startedBot();
    const registered: Json[] = peer.commands.get('global')!;
    const [put] = peer.requests.filter((request) => request.method === 'PUT');
    expect(registered.map((command) => command.name)).toEqual(registry.map((command) => command.name));
    for (const definition of registry) {
      const sent = (put!.body as Json[]).find((command) => command.name === definition.name);
      const writes = definition.chatSettings === 'write';
      // What the bot sent, field by field, then what Discord keeps.
      expect(sent.integration_types, definition.name).toEqual(writes ? [GUILD_INSTALL] : [GUILD_INSTALL, USER_INSTALL]);
      expect(sent.contexts, definition.name).toEqual(writes ? [IN_SERVER, IN_BOT_DM] : [IN_SERVER, IN_BOT_DM, IN_GROUP_DM]);
      expect(sent.default_member_permissions ?? null, definition.name).toBe(definition.admin ? '16' : null);
      const kept = registered.find((command) => command.name === definition.name);
      expect([kept.integration_types, kept.contexts]).toEqual([sent.integration_types, sent.contexts]);
    }
    // Spelled out for the two that change a channel, and one that only reads.
    const byName = (name: string) => (put!.body as Json[]).find((command) => command.name === name);
    expect(byName('subscribe')).toMatchObject({ integration_types: [0], contexts: [0, 1] });
    expect(byName('unsubscribe')).toMatchObject({ integration_types: [0], contexts: [0, 1] });
    expect(byName('subscriptions')).toMatchObject({ integration_types: [0, 1], contexts: [0, 1, 2] });
    expect(byName('latest')).toMatchObject({ integration_types: [0, 1], contexts: [0, 1, 2] });
    expect(byName('crs')).toMatchObject({ integration_types: [0, 1], contexts: [0, 1, 2] });
  });

  it('reads as unchanged on the next start: no second PUT (on one server here; globally in discord.test.ts)', async () => {
    const peer = await startedBot({ guildId: GUILD_ID });
    expect(peer.commands.get(GUILD_ID)!.find((command: Json) => command.name === 'trend').integration_types).toEqual([0, 1]);
    const adapter = createDiscordAdapter({ config: { DISCORD_TOKEN: TOKEN, DISCORD_APPLICATION_ID: APP_ID, DISCORD_GUILD_ID: GUILD_ID, DISCORD_API_URL: peer.apiUrl }, answering: answering(), log: silentLogger });
    cleanups.push(() => adapter.stop());
    await adapter.start();
    expect(peer.requests.filter((request) => request.method === 'PUT')).toHaveLength(1);
  });
});

describe('asked from a member’s own install', () => {
  it('in a server the bot is not in: answered as the interaction’s own reply, the same answer as from a server install', async () => {
    const peer = await startedBot();
    const asked = slashCommand('latest', [string('category', 'stem')], { install: 'user' });
    expect(asked).toMatchObject({ guild_id: OTHER_GUILD_ID, context: 0, authorizing_integration_owners: { 1: MEMBER_USER.id } });
    expect(asked.authorizing_integration_owners).not.toHaveProperty('0');
    const user = await ask(peer, asked);
    expect(user.callback.body.type).toBe(4);
    expect(user.callback.body.data.flags ?? 0).toBe(0);
    expect(user.embed.title).toBe('Latest STEM round');
    const server = await ask(peer, slashCommand('latest', [string('category', 'stem')]));
    expect(user.embed).toEqual(server.embed);
    // Nothing went to the channel itself, where the bot may not post.
    expect(peer.requests.filter((request) => request.path.startsWith(`/channels/${CHANNEL_ID}`))).toEqual([]);
  });

  it('a chart answer falls back to text where the app may not attach files; with a server install, or in a group DM, the picture comes', async () => {
    const peer = await startedBot();
    const chart = (install: Install, dm = false) => ask(peer, slashCommand('trend', [string('category', 'cec')], { install, dm }));

    const user = await chart('user');
    expect(user.callback.body.type).toBe(4);
    expect(user.callback.files).toEqual([]);
    expect(user.callback.body.data.attachments ?? []).toEqual([]);
    expect(user.embed.image).toBeUndefined();
    expect(user.embed.title).toMatch(/^CRS cut-offs/);
    // The text of the answer is all there: the summary and the table of the type.
    expect(user.embed.description).toMatch(/rounds?, [\d,]+ invitations/);
    expect(user.embed.description).toMatch(/```[\s\S]*CEC[\s\S]*```/);

    const server = await chart('guild');
    expect(server.callback.files.map((file) => file.filename)).toEqual([expect.stringMatching(/\.png$/)]);
    expect(server.embed.image.url).toMatch(/^attachment:\/\/.+\.png$/);
    expect({ ...user.embed, image: undefined }).toEqual({ ...server.embed, image: undefined });

    const groupDm = slashCommand('trend', [string('category', 'cec')], { install: 'user', dm: true });
    expect(groupDm).toMatchObject({ context: 2, channel: { type: 3 }, authorizing_integration_owners: { 1: MEMBER_USER.id } });
    const inGroupDm = await chart('user', true);
    expect(inGroupDm.callback.files).toHaveLength(1);
  });

  it('in a DM with the bot and in a group DM, read-only commands answer; an error stays the caller’s', async () => {
    const peer = await startedBot();
    const dm = await ask(peer, slashCommand('eligible', [string('occupation', '21231')], { dm: true }));
    expect(dm.embed.title).toBe('21231 — Software engineers and designers');
    const group = await ask(peer, slashCommand('eligible', [string('occupation', '21231')], { install: 'user', dm: true }));
    expect(group.embed).toEqual(dm.embed);
    const unknown = await ask(peer, slashCommand('eligible', [string('occupation', '99999')], { install: 'user' }));
    expect(unknown.callback.body.data.flags).toBe(EPHEMERAL);
  });
});
