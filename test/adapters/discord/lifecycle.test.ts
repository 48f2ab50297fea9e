import { afterEach, describe, expect, it } from 'vitest';
import { createDiscordAdapter } from '../../../src/adapters/discord/index.ts';
import type { ChatAdapter } from '../../../src/chat/adapter.ts';
import { answering } from '../../helpers/answers.ts';
import { APP_ID, startDiscordPeer, TOKEN, type DiscordPeer } from '../../helpers/discord-peer.ts';
import { recordingLogger } from '../../helpers/log.ts';

/** A gateway that gives up on the bot makes it say so (issue 11): never deaf while looking alive. */

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function running(): Promise<{ peer: DiscordPeer; adapter: ChatAdapter }> {
  const peer = await startDiscordPeer();
  cleanups.push(() => peer.close());
  const adapter = createDiscordAdapter({ config: { DISCORD_TOKEN: TOKEN, DISCORD_APPLICATION_ID: APP_ID, DISCORD_GUILD_ID: undefined, DISCORD_API_URL: peer.apiUrl }, answering: answering(), log: recordingLogger() });
  cleanups.push(() => adapter.stop());
  await adapter.start();
  return { peer, adapter };
}

const settled = async <T>(promise: Promise<T>, ms: number): Promise<T | 'pending'> => Promise.race([promise, new Promise<'pending'>((resolve) => setTimeout(() => resolve('pending'), ms))]);

describe('the Discord gateway', () => {
  it('is up once started; a close it may recover from is not the end', async () => {
    const { peer, adapter } = await running();
    expect(adapter.health()).toEqual({ state: 'up', shards: [0] });
    peer.closeGateway(4000, 'unknown error');
    await expect.poll(() => peer.connections, { timeout: 10_000 }).toBe(2);
    await expect.poll(() => adapter.health().state, { timeout: 10_000 }).toBe('up');
    expect(await settled(adapter.lost, 100)).toBe('pending');
  });

  it('closing for good (4004, the token refused) loses the platform, saying why; health says down', async () => {
    const { peer, adapter } = await running();
    peer.closeGateway(4004, 'Authentication failed');
    const lost = await settled(adapter.lost, 5000);
    expect(lost).not.toBe('pending');
    expect((lost as Error).message).toBe('Discord: the Discord gateway closed shard 0 for good (close code 4004: DISCORD_TOKEN was refused, reset it in the Developer Portal)');
    expect(adapter.health()).toMatchObject({ state: 'down' });
  });
});
