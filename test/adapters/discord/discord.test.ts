import { setTimeout as sleep } from 'node:timers/promises';
import { GatewayIntentBits } from 'discord.js';
import { afterEach, describe, expect, it } from 'vitest';
import { commands as registry } from '../../../commands/index.ts';
import { StartupError } from '../../../src/chat/adapter.ts';
import { createDiscordAdapter, type DiscordAdapterOptions } from '../../../src/adapters/discord/index.ts';
import { defineCommand, type CommandDefinition } from '../../../src/chat/command.ts';
import type { Logger } from '../../../src/core/log.ts';
import { DeliveryError } from '../../../src/chat/adapter.ts';
import { reply, type Reply } from '../../../src/chat/reply.ts';
import { answering, ask } from '../../helpers/answers.ts';
import {
  APP_ID,
  autocomplete,
  CHANNEL_ID,
  GUILD_ID,
  MANAGER_PERMISSIONS,
  slashCommand,
  startDiscordPeer,
  TOKEN,
  type DiscordPeer,
  type Json,
  type PeerOptions,
  type RecordedRequest,
} from '../../helpers/discord-peer.ts';
import { startBotProcess } from '../../helpers/bot-process.ts';

const EPHEMERAL = 64;
/** The 8-byte PNG signature and an IHDR chunk: enough for Discord to call it a PNG. */
const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489', 'hex');

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function peer(options: PeerOptions = {}): Promise<DiscordPeer> {
  const started = await startDiscordPeer(options);
  cleanups.push(() => started.close());
  return started;
}

interface LogLine {
  level: string;
  obj: Record<string, unknown>;
  msg?: string;
}

function recordingLog(): { log: Logger; lines: LogLine[] } {
  const lines: LogLine[] = [];
  const at = (level: string) => (obj: object, msg?: string) => void lines.push({ level, obj: obj as Record<string, unknown>, msg });
  return { log: { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') }, lines };
}

function bot(on: DiscordPeer, { token = TOKEN, applicationId = APP_ID, guildId, commands, ...rest }: Partial<Omit<DiscordAdapterOptions, 'config'>> & { token?: string; applicationId?: string; guildId?: string; commands?: readonly CommandDefinition[] } = {}) {
  const adapter = createDiscordAdapter({
    config: { DISCORD_TOKEN: token, DISCORD_APPLICATION_ID: applicationId, DISCORD_GUILD_ID: guildId, DISCORD_API_URL: on.apiUrl },
    answering: { ...answering(), ...(commands ? { commands } : {}) },
    log: recordingLog().log,
    ...rest,
  });
  cleanups.push(() => adapter.stop());
  return adapter;
}

async function started(on: DiscordPeer, options: Parameters<typeof bot>[1] = {}) {
  const adapter = bot(on, options);
  await adapter.start();
  return adapter;
}

/** Pushes an interaction and returns the bot's callback to it. */
async function interact(on: DiscordPeer, data: Record<string, unknown>): Promise<{ callback: RecordedRequest; id: string; token: string }> {
  const ref = await on.interact(data);
  const callback = await on.waitForRequest((request) => request.path === `/interactions/${ref.id}/${ref.token}/callback`);
  return { callback, ...ref };
}

async function embedOf(on: DiscordPeer, data: Record<string, unknown>): Promise<{ embed: Json; flags: number | undefined }> {
  const { callback } = await interact(on, data);
  expect(callback.body.type).toBe(4);
  return { embed: callback.body.data.embeds[0], flags: callback.body.data.flags };
}

function field(embed: Json, name: string | RegExp): string | undefined {
  return embed.fields?.find((candidate: Json) => (typeof name === 'string' ? candidate.name === name : name.test(candidate.name)))?.value;
}

const string = (name: string, value: string) => ({ name, type: 3, value });
const integer = (name: string, value: number) => ({ name, type: 4, value });

const adminCommand = defineCommand({
  name: 'testadmin', localNames: { fr: 'testadmin' },
  description: { en: 'Post new rounds in this channel', fr: 'Publier les nouvelles rondes dans ce salon' },
  options: {},
  admin: true,
  run: (ctx) => reply({ title: 'Subscribed', lines: [`chat ${ctx.chat.id} (${ctx.chat.kind})`], footer: 'test' }),
});

/** A command that takes its time; `finished` says when it returned. */
function slow(name: string, ms: number, answer: Reply): CommandDefinition & { finished: number[] } {
  const finished: number[] = [];
  const command = defineCommand({
    name,
    localNames: { fr: name },
    description: { en: 'A slow test answer', fr: 'Une réponse lente' },
    options: {},
    run: async () => {
      await sleep(ms);
      finished.push(Date.now());
      return answer;
    },
  });
  return Object.assign(command, { finished });
}

describe('the Discord adapter, end to end over a local gateway and REST', () => {
  it('logs in with the Guilds intent only and registers every command: options, choices, autocomplete, French', async () => {
    const discord = await peer();
    await started(discord);
    expect(discord.identifies).toHaveLength(1);
    expect(discord.identifies[0].intents).toBe(GatewayIntentBits.Guilds);

    const registered = discord.commands.get('global')!;
    expect(registered.map((command) => command.name)).toEqual(registry.map((command) => command.name));
    for (const command of registered) {
      const definition = registry.find((candidate) => candidate.name === command.name)!;
      expect(command.description).toBe(definition.description.en);
      expect(command.description_localizations).toEqual({ fr: definition.description.fr });
      expect(command.default_member_permissions ?? null).toBe(definition.admin ? '16' : null);
      // Field by field in user-install.test.ts: servers and DMs everywhere, group DMs for what only reads.
      expect(command.contexts).toEqual(definition.chatSettings === 'write' ? [0, 1] : [0, 1, 2]);
      for (const option of command.options ?? []) expect(option.description_localizations.fr).toBe((definition.options[option.name]!.meta.description.fr));
    }
    const byName = (name: string) => registered.find((command) => command.name === name);

    const category = byName('latest').options[0];
    expect(category).toMatchObject({ name: 'category', type: 3, required: false });
    expect(category.choices).toHaveLength(16);
    expect(category.choices).toContainEqual({ name: 'STEM', name_localizations: { fr: 'STIM (sciences, technologies, génie et mathématiques)' }, value: 'stem' });
    expect(category.choices).toContainEqual({ name: 'French-language proficiency', name_localizations: { fr: 'Compétence linguistique en français' }, value: 'french' });
    expect(category.choices.map((choice: Json) => choice.value)).not.toContain('other');

    expect(byName('eligible').options).toEqual([expect.objectContaining({ name: 'occupation', type: 3, required: true, autocomplete: true })]);
    expect(byName('eligible').options[0].choices).toBeUndefined();
    expect(byName('cutoffs').options[0]).toMatchObject({ name: 'year', type: 4, min_value: 2015, max_value: 2100 });
    expect(byName('history').options.map((option: Json) => [option.name, option.required])).toEqual([['category', false], ['count', false]]);
    expect(byName('history').options[1]).toMatchObject({ min_value: 1, max_value: 50 });
    // French names, as Telegram's French menu shows them (issue 22, item 11).
    expect(byName('latest').name_localizations).toEqual({ fr: 'derniere' });
    expect(byName('history').options[1].name_localizations).toEqual({ fr: 'nombre' });
  });

  it('registers only what changed: a restart sends no PUT; a new admin command does, with Manage Channels', async () => {
    const discord = await peer();
    const puts = () => discord.requests.filter((request) => request.method === 'PUT');
    await (await started(discord)).stop();
    await (await started(discord)).stop();
    expect(puts()).toHaveLength(1);
    const lookups = discord.requests.filter((request) => request.method === 'GET' && request.path === `/applications/${APP_ID}/commands`);
    expect(lookups).toHaveLength(2);
    for (const lookup of lookups) expect(lookup.query.get('with_localizations')).toBe('true');

    await (await started(discord, { commands: [...registry, adminCommand] })).stop();
    expect(puts()).toHaveLength(2);
    const admin = discord.commands.get('global')!.find((command) => command.name === 'testadmin');
    expect(admin.default_member_permissions).toBe('16');
    expect(discord.commands.get('global')!.find((command) => command.name === 'latest').default_member_permissions).toBeNull();
  });

  it('registers on one server when DISCORD_GUILD_ID is set', async () => {
    const discord = await peer();
    await started(discord, { guildId: GUILD_ID });
    expect(discord.requests.filter((request) => request.method === 'PUT').map((request) => request.path)).toEqual([`/applications/${APP_ID}/guilds/${GUILD_ID}/commands`]);
    expect(discord.commands.get(GUILD_ID)!.map((command) => command.name)).toContain('eligible');
    expect(discord.commands.has('global')).toBe(false);
  });

  it('/latest: the newest round as an embed — round #411, cut-off 419, the Ministerial Instruction, data freshness', async () => {
    const discord = await peer();
    await started(discord);
    const { embed, flags } = await embedOf(discord, slashCommand('latest'));
    expect(flags ?? 0).toBe(0);
    expect(embed.title).toBe('Latest round');
    expect(embed.description).toBe('Round #411 (April 15, 2026): French-Language proficiency 2026-Version 2');
    expect(field(embed, 'CRS cut-off')).toBe('419');
    expect(field(embed, 'Invitations')).toBe('4,000');
    expect(field(embed, 'Ministerial Instruction for round #411')).toMatch(/^https:\/\/www\.canada\.ca\/.*invitations\.html\?q=411$/);
    expect(embed.footer.text).toMatch(/^Source: IRCC, Express Entry rounds of invitations · newest round #411 \(April 15, 2026\)/);
    // The same answer the console gives, field for field.
    const text = await ask('/latest');
    expect(embed.fields.map((candidate: Json) => [candidate.name, candidate.value])).toEqual([...text.fields.map((candidate) => [candidate.label, candidate.value]), [text.link!.label, text.link!.url]]);

    const stem = await embedOf(discord, slashCommand('latest', [string('category', 'stem')]));
    expect(stem.embed.title).toBe('Latest STEM round');
  });

  it('/eligible 21231 answers with the occupation, and autocomplete offers it for "software" in the member’s language', async () => {
    const discord = await peer();
    await started(discord);
    const { embed, flags } = await embedOf(discord, slashCommand('eligible', [string('occupation', '21231')]));
    expect(flags ?? 0).toBe(0);
    expect(embed.title).toBe('21231 — Software engineers and designers');
    expect(field(embed, 'Federal Skilled Worker (FSW)')).toMatch(/^yes — TEER 1/);
    expect(field(embed, 'Earlier lists')).toMatch(/STEM/);

    const { callback } = await interact(discord, autocomplete('eligible', 'occupation', 'software'));
    expect(callback.body.type).toBe(8);
    expect(callback.body.data.choices[0]).toEqual({ name: '21231 — Software engineers and designers', value: '21231' });
    expect(callback.body.data.choices.map((choice: Json) => choice.value)).toContain('21232');

    const french = await interact(discord, autocomplete('eligible', 'occupation', '2123', { locale: 'fr' }));
    const title = answering().core.noc.get('21231')!.fr;
    expect(french.callback.body.data.choices).toContainEqual({ name: `21231 — ${title}`, value: '21231' });
  });

  it('/cutoffs: the year by round type, its table in a code block', async () => {
    const discord = await peer();
    await started(discord);
    const { embed } = await embedOf(discord, slashCommand('cutoffs'));
    expect(embed.title).toBe('Rounds of 2026 by type');
    expect(embed.description).toMatch(/^65,154 invitations in 23 rounds/);
    const table = /```\n([\s\S]*?)\n```/.exec(embed.description)?.[1];
    expect(table?.split('\n')[0]).toMatch(/^Type +Rounds +ITAs +Share +Last cut-off +Date$/);
    expect(table).toMatch(/^French +4 +22,000 +33\.8% +419 {2}Apr 15, 2026$/m);

    const year2024 = await embedOf(discord, slashCommand('cutoffs', [integer('year', 2024)]));
    expect(year2024.embed.title).toBe('Rounds of 2024 by type');
  });

  it('answers in French when the member’s Discord is in French', async () => {
    const discord = await peer();
    await started(discord);
    const { embed } = await embedOf(discord, slashCommand('latest', [], { locale: 'fr' }));
    const french = await ask('/latest', { locale: 'fr' });
    expect(embed.title).toBe('Dernière ronde');
    expect(embed.footer.text).toBe(french.footer);
    expect(field(embed, 'Note de passage (SCG)')).toBe('419');
    const eligible = await embedOf(discord, slashCommand('eligible', [string('occupation', '21231')], { locale: 'fr' }));
    expect(eligible.embed.title).toBe(`21231 — ${answering().core.noc.get('21231')!.fr}`);
  });

  it('errors are ephemeral: an unknown code, and a failing command (logged with the interaction id)', async () => {
    const discord = await peer();
    const { log, lines } = recordingLog();
    const broken = defineCommand({ name: 'broken', localNames: { fr: 'broken' }, description: { en: 'Fails', fr: 'Échoue' }, options: {}, run: () => { throw new Error('boom'); } });
    await started(discord, { log, commands: [...registry, broken] });

    const unknown = await embedOf(discord, slashCommand('eligible', [string('occupation', '99999')]));
    expect(unknown.flags).toBe(EPHEMERAL);
    expect(unknown.embed.title).toBe('Not understood');
    expect(unknown.embed.description).toMatch(/99999/);

    const { callback, id } = await interact(discord, slashCommand('broken'));
    expect(callback.body.data.flags).toBe(EPHEMERAL);
    expect(callback.body.data.embeds[0].title).toBe('Something went wrong');
    expect(JSON.stringify(callback.body)).not.toContain('boom');
    expect(lines).toContainEqual(expect.objectContaining({ level: 'error', msg: 'command failed', obj: expect.objectContaining({ interactionId: id, command: 'broken' }) }));

    const stale = await embedOf(discord, slashCommand('retired'));
    expect(stale.flags).toBe(EPHEMERAL);
    expect(stale.embed.description).toBe('There is no /retired command. /help lists them all.');
  });

  it('a slow answer is deferred within the window, then the original is edited with its image attached', async () => {
    const discord = await peer();
    const chart = reply({ title: 'Cut-offs chart', lines: ['STEM cut-offs'], footer: 'test footer', image: { png: PNG, alt: 'Line chart of STEM cut-offs', filename: 'stem-cutoffs.png' } });
    const command = slow('chart', 400, chart);
    await started(discord, { commands: [...registry, command], deferAfterMs: 100 });

    const { callback, token } = await interact(discord, slashCommand('chart'));
    expect(callback.body).toEqual({ type: 5, data: { flags: 0 } });
    const edit = await discord.waitForRequest((request) => request.method === 'PATCH' && request.path === `/webhooks/${APP_ID}/${token}/messages/@original`);
    // Acknowledged while the command was still working; edited once it was done.
    expect(callback.at).toBeLessThan(command.finished[0]!);
    expect(edit.at).toBeGreaterThanOrEqual(command.finished[0]!);
    expect(edit.files).toHaveLength(1);
    expect(edit.files[0]!.filename).toBe('stem-cutoffs.png');
    expect(edit.files[0]!.bytes.equals(PNG)).toBe(true);
    expect(edit.body.embeds[0]).toMatchObject({ title: 'Cut-offs chart', description: 'STEM cut-offs', image: { url: 'attachment://stem-cutoffs.png' }, footer: { text: 'test footer' } });
    // The alt text travels as the attachment's description, which screen readers announce.
    expect(edit.body.attachments).toEqual([expect.objectContaining({ id: '0', description: 'Line chart of STEM cut-offs' })]);
    expect(edit.files[0]!.field).toBe('files[0]');

    // A quick answer is not deferred.
    expect((await interact(discord, slashCommand('help'))).callback.body.type).toBe(4);
  });

  it('a slow answer only the caller may see replaces the public placeholder with an ephemeral follow-up', async () => {
    const discord = await peer();
    const refusal = reply({ title: 'Not allowed', lines: ['Only you see this'], footer: 'test', visibility: 'caller' });
    await started(discord, { commands: [...registry, slow('settings', 300, refusal)], deferAfterMs: 50 });
    const { callback, token } = await interact(discord, slashCommand('settings'));
    expect(callback.body.type).toBe(5);
    const followUp = await discord.waitForRequest((request) => request.method === 'POST' && request.path === `/webhooks/${APP_ID}/${token}`);
    expect(followUp.body.flags).toBe(EPHEMERAL);
    expect(followUp.body.embeds[0].title).toBe('Not allowed');
    expect(discord.requests.some((request) => request.method === 'DELETE' && request.path === `/webhooks/${APP_ID}/${token}/messages/@original`)).toBe(true);
  });

  it('admin commands: members who manage channels or the server, anyone in a DM', async () => {
    const discord = await peer();
    await started(discord, { commands: [...registry, adminCommand] });
    const member = await embedOf(discord, slashCommand('testadmin'));
    expect(member.flags).toBe(EPHEMERAL);
    expect(member.embed.title).toBe('For this chat’s administrators');
    expect(member.embed.description).toBe('On this server, only members with the Manage Channels or Manage Server permission can change what a channel receives.');

    const manager = await embedOf(discord, slashCommand('testadmin', [], { permissions: MANAGER_PERMISSIONS }));
    expect(manager.flags ?? 0).toBe(0);
    expect(manager.embed).toMatchObject({ title: 'Subscribed', description: `chat ${CHANNEL_ID} (group)` });
    const serverManager = await embedOf(discord, slashCommand('testadmin', [], { permissions: String(1024 | 32) }));
    expect(serverManager.embed.title).toBe('Subscribed');
    const dm = await embedOf(discord, slashCommand('testadmin', [], { dm: true }));
    expect(dm.embed).toMatchObject({ title: 'Subscribed', description: `chat ${CHANNEL_ID} (private)` });
  });

  it('post() sends the embed and image to a channel, and says how each failure should be handled', async () => {
    const discord = await peer();
    const adapter = await started(discord);
    const digest = reply({ title: 'New round #412', lines: ['STEM'], footer: 'test', image: { png: PNG, alt: 'chart', filename: 'round.png' } });
    await adapter.post(CHANNEL_ID, digest, 'en');
    const sent = discord.requests.find((request) => request.method === 'POST' && request.path === `/channels/${CHANNEL_ID}/messages`)!;
    expect(sent.authorization).toBe(`Bot ${TOKEN}`);
    expect(sent.body.embeds[0]).toMatchObject({ title: 'New round #412', image: { url: 'attachment://round.png' } });
    expect(sent.files.map((file) => file.filename)).toEqual(['round.png']);

    const failure = async (status: number, body: unknown) => {
      const restore = discord.override('POST', /^\/channels\/\d+\/messages$/, { status, body });
      try {
        const error = await adapter.post(CHANNEL_ID, digest, 'en').then(() => null, (caught: unknown) => caught);
        expect(error).toBeInstanceOf(DeliveryError);
        return (error as DeliveryError).failure;
      } finally {
        restore();
      }
    };
    expect(await failure(403, { message: 'Missing Access', code: 50001 })).toEqual({ kind: 'gone', reason: expect.stringMatching(/Missing Access.*50001/) });
    expect(await failure(403, { message: 'Missing Permissions', code: 50013 })).toMatchObject({ kind: 'gone' });
    expect(await failure(404, { message: 'Unknown Channel', code: 10003 })).toEqual({ kind: 'gone', reason: expect.stringMatching(/Unknown Channel/) });
    expect(await failure(403, { message: 'Cannot send messages to this user', code: 50007 })).toMatchObject({ kind: 'gone' });
    expect(await failure(400, { message: 'Invalid Form Body', code: 50035 })).toEqual({ kind: 'rejected', reason: expect.stringMatching(/Invalid Form Body/) });
    const before = discord.requests.length;
    expect(await failure(500, { message: 'Internal Server Error', code: 0 })).toEqual({ kind: 'transient' });
    // discord.js retried the 5xx itself before giving up.
    expect(discord.requests.length - before).toBe(4);

    // A channel that lets the bot post but not attach files gets the post without its picture.
    discord.override('POST', /^\/channels\/\d+\/messages$/, { status: 403, body: { message: 'Missing Permissions', code: 50013 } }, 1);
    const tries = discord.requests.length;
    await adapter.post(CHANNEL_ID, digest, 'en');
    const [refused, plain] = discord.requests.slice(tries).filter((request) => request.path === `/channels/${CHANNEL_ID}/messages`);
    expect(refused!.files).toHaveLength(1);
    expect(plain!.files).toEqual([]);
    expect(plain!.body.embeds[0]).toMatchObject({ title: 'New round #412' });
    expect(plain!.body.embeds[0].image).toBeUndefined();

    // A 429 is waited out by discord.js's REST queue: the post goes through on its own.
    const limited = { 'retry-after': '0.2', 'x-ratelimit-limit': '5', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset-after': '0.2', 'x-ratelimit-scope': 'user' };
    discord.override('POST', /^\/channels\/\d+\/messages$/, { status: 429, body: { message: 'You are being rate limited.', retry_after: 0.2, global: false }, headers: limited }, 1);
    const attempts = discord.requests.length;
    await adapter.post(CHANNEL_ID, digest, 'en');
    const [first, second] = discord.requests.slice(attempts);
    expect(discord.requests.length - attempts).toBe(2);
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(150);
  });

  it('a wrong token stops start-up with a StartupError naming the setting, never the token', async () => {
    const discord = await peer();
    const wrong = `MTAwMDAwMDAwMDAwMDAwMDk5.GwrongT.${'w'.repeat(38)}`;
    const error = await bot(discord, { token: wrong }).start().then(() => null, (caught: unknown) => caught);
    expect(error).toBeInstanceOf(StartupError);
    expect((error as Error).message).toMatch(/^Discord rejected DISCORD_TOKEN \(401\): reset it in the Developer Portal/);
    expect(JSON.stringify(error) + String(error)).not.toContain(wrong);
    expect(discord.connections).toBe(0);

    const otherApp = await bot(discord, { applicationId: '100000000000000099' }).start().then(() => null, (caught: unknown) => caught);
    expect(otherApp).toBeInstanceOf(StartupError);
    expect((otherApp as Error).message).toMatch(/refused to register the slash commands \(403 Missing Access\): check that DISCORD_APPLICATION_ID/);
  });

  it('stop() is safe twice, before start, and while start is still waiting for the gateway', async () => {
    const discord = await peer();
    const early = bot(discord);
    await early.stop();
    await early.stop();
    await early.start();
    expect(discord.connections).toBe(0);

    const running = await started(discord);
    await Promise.all([running.stop(), running.stop()]);
    await running.stop();
    await expect.poll(() => discord.closed).toBe(1);

    // SIGTERM while the gateway is still saying hello: start() ends, the bot never answers, the socket closes.
    const slow = await peer({ helloDelayMs: 300 });
    const waiting = bot(slow);
    const starting = waiting.start();
    await expect.poll(() => slow.connections).toBe(1);
    await waiting.stop();
    await expect(starting).resolves.toBeUndefined();
    await expect.poll(() => slow.closed).toBe(1);
    expect(slow.requests.some((request) => request.method === 'PUT')).toBe(false);
    await sleep(700);
    expect(slow.connections).toBe(1);
  });

  it('keeps the gateway alive: heartbeats are acknowledged, no reconnection', async () => {
    const discord = await peer({ heartbeatIntervalMs: 40 });
    await started(discord);
    await expect.poll(() => discord.heartbeats, { timeout: 3000 }).toBeGreaterThanOrEqual(4);
    expect(discord.connections).toBe(1);
    expect(discord.closed).toBe(0);
  });

  it('a failure talking to Discord is logged, never thrown; the next interaction is answered', async () => {
    const discord = await peer();
    const { log, lines } = recordingLog();
    await started(discord, { log });
    const restore = discord.override('POST', /\/callback$/, { status: 404, body: { message: 'Unknown interaction', code: 10062 } });
    const { id } = await interact(discord, slashCommand('help'));
    await expect.poll(() => lines.find((line) => line.msg === 'discord interaction failed')).toMatchObject({ level: 'error', obj: { interactionId: id } });
    restore();
    expect((await embedOf(discord, slashCommand('about'))).embed.title).toMatch(/About/);
  });
});

describe('npm start with DISCORD_TOKEN', () => {
  const startCli = startBotProcess;

  it('runs the bot on Discord beside the core, and SIGTERM closes the gateway and exits', async () => {
    const discord = await peer();
    const { child, output, exited } = startCli({ DISCORD_TOKEN: TOKEN, DISCORD_APPLICATION_ID: APP_ID, DISCORD_API_URL: discord.apiUrl });
    await expect.poll(() => output.stderr, { timeout: 15_000 }).toMatch(/bot running/);
    const { embed } = await embedOf(discord, slashCommand('latest', [string('category', 'stem')]));
    expect(embed.title).toBe('Latest STEM round');
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    await expect.poll(() => discord.closed).toBe(1);
    expect(output.stderr).toMatch(/shutting down/);
    expect(output.stderr + output.stdout).not.toContain(TOKEN);
  });

  it('stops with one clear line when Discord rejects the token', async () => {
    const discord = await peer({ token: `MTAwMDAwMDAwMDAwMDAwMDk5.GotherT.${'o'.repeat(38)}` });
    const { output, exited } = startCli({ DISCORD_TOKEN: TOKEN, DISCORD_APPLICATION_ID: APP_ID, DISCORD_API_URL: discord.apiUrl });
    expect(await exited).toBe(1);
    expect(output.stderr).toMatch(/start failed: Discord rejected DISCORD_TOKEN \(401\): reset it in the Developer Portal/);
    expect(output.stderr + output.stdout).not.toContain(TOKEN);
  });
});
