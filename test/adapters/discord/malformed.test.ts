import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startBotProcess, type BotProcess } from '../../helpers/bot-process.ts';
import {
  APP_ID, componentPress, GUILD_ID, modalSubmit, slashCommand, snowflake, startDiscordPeer, TOKEN, type DiscordPeer, type InteractionRef, type Json,
} from '../../helpers/discord-peer.ts';

/**
 * Packets no Discord client sends, through the local gateway into `npm start` (issue 19): none may
 * end the process. One discord.js cannot build is logged once and dropped; one it builds but that
 * lacks what the bot reads gets an ephemeral "could not read this request".
 */

const EPHEMERAL = 64;

let peer: DiscordPeer;
beforeEach(async () => {
  peer = await startDiscordPeer();
});
afterEach(async () => {
  await peer.close();
});

async function runningBot(): Promise<BotProcess> {
  const bot = startBotProcess({ DISCORD_TOKEN: TOKEN, DISCORD_APPLICATION_ID: APP_ID, DISCORD_API_URL: peer.apiUrl });
  await expect.poll(() => bot.logs().some((line) => line.msg === 'bot running'), { timeout: 20_000 }).toBe(true);
  return bot;
}

const without = (packet: Record<string, unknown>, ...keys: string[]) => Object.fromEntries(Object.entries(packet).filter(([key]) => !keys.includes(key)));
const withData = (packet: Record<string, unknown>, data: Record<string, unknown>) => ({ ...packet, data: { ...(packet.data as object), ...data } });

/** The callback the bot made for an interaction, if any, within `ms`. */
async function callbackOf(ref: InteractionRef, ms = 1500): Promise<Json | null> {
  return peer.waitForRequest((request) => request.path === `/interactions/${ref.id}/${ref.token}/callback`, ms).then((request) => request.body as Json, () => null);
}

describe('malformed interaction packets', () => {
  it('none ends the process: unbuildable ones are logged once and dropped, the rest answered “could not read this request”', async () => {
    const bot = await runningBot();
    const messageId = snowflake();
    const press = componentPress(messageId, 'crs:x:y');
    const modal = modalSubmit(messageId, 'crs:x:y', { customId: 'answer', value: '9 9 9 9' });
    const command = slashCommand('latest');
    const unbuildable: [string, Record<string, unknown>][] = [
      ['a component press with no message', without(press, 'message')],
      ['a modal whose components is a string', withData(modal, { components: 'answer' })],
      ['a modal whose components hold null', withData(modal, { components: [null] })],
      ['a command with no data', without(command, 'data')],
      ['a command with no user or member', without(command, 'member', 'user')],
    ];
    for (const [what, packet] of unbuildable) {
      const ref = await peer.interact(packet);
      await expect.poll(() => bot.logs().filter((line) => line.interactionId === ref.id).length, { message: what }).toBe(1);
      expect(bot.logs().find((line) => line.interactionId === ref.id), what).toMatchObject({ msg: 'discord dropped a gateway packet it could not read', event: 'INTERACTION_CREATE' });
      expect(bot.child.exitCode, what).toBeNull();
      expect(await callbackOf(ref, 300), what).toBeNull();
    }

    const readable: [string, Record<string, unknown>][] = [
      ['a component press with no custom_id', withData(press, { custom_id: undefined })],
      ['a modal missing its field', withData(modal, { components: [{ type: 18, id: 1, component: { type: 4, id: 2, custom_id: 'other', value: '9' } }] })],
      ['a modal with no field at all', withData(modal, { components: [] })],
    ];
    for (const [what, packet] of readable) {
      const ref = await peer.interact(packet);
      const callback = await callbackOf(ref);
      expect(callback, what).toMatchObject({ type: 4, data: { content: 'Sorry, I could not read this request. Try the command again.', flags: EPHEMERAL } });
      expect(bot.child.exitCode, what).toBeNull();
    }
    const french = await peer.interact(withData({ ...press, locale: 'fr' }, { custom_id: undefined }));
    expect((await callbackOf(french))?.data.content).toBe('Désolé, je n’ai pas pu lire cette demande. Relancez la commande.');

    // Still answering.
    const latest = await peer.interact(slashCommand('latest'));
    expect((await callbackOf(latest, 5000))?.data.embeds[0].title).toBe('Latest round');
    bot.child.kill('SIGTERM');
    expect(await bot.exited).toBe(0);
  }, 60_000);

  it('a packet arriving before discord.js is ready (servers still loading) passes the same guard once it is', async () => {
    await peer.close();
    // The bot's server loads 3 s after READY: discord.js holds interactions until then.
    peer = await startDiscordPeer({ guilds: [GUILD_ID], guildCreateDelayMs: 3000 });
    const bot = startBotProcess({ DISCORD_TOKEN: TOKEN, DISCORD_APPLICATION_ID: APP_ID, DISCORD_API_URL: peer.apiUrl });
    // Right after READY, while the server's GUILD_CREATE is 3 s away.
    const broken = await peer.interact(without(componentPress(snowflake(), 'crs:x:y'), 'message'));
    const latest = await peer.interact(slashCommand('latest'));
    expect((await callbackOf(latest, 10_000))?.data.embeds[0].title).toBe('Latest round');
    await expect.poll(() => bot.logs().filter((line) => line.interactionId === broken.id).map((line) => line.msg)).toEqual(['discord dropped a gateway packet it could not read']);
    expect(bot.child.exitCode).toBeNull();
    bot.child.kill('SIGTERM');
    expect(await bot.exited).toBe(0);
  }, 60_000);
});
