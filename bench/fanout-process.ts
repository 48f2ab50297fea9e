import { spawn } from 'node:child_process';
import { join } from 'node:path';
import type { benchFanout } from './fanout.ts';
import { benchPlace, type StoreKind } from './stores.ts';

/**
 * V8 told to favour memory over speed (smaller young generation, tighter heap growth): the
 * delivery waits on the network and the pacer, so the extra collections cost no rate, and the
 * peak RSS is the live data's rather than garbage not yet collected. FANOUT_NODE_FLAGS="" runs
 * without them. glibc's malloc keeps one arena per thread that allocates (the libuv pool, the
 * tsx loader, the picture drawing): MALLOC_ARENA_MAX=2, as commonly set for Node in containers,
 * stops freed native memory being held in a dozen of them (MALLOC_ARENA_MAX= in the environment
 * overrides it).
 */
export const FANOUT_NODE_FLAGS = (process.env.FANOUT_NODE_FLAGS ?? '--optimize-for-size --max-semi-space-size=1').split(' ').filter(Boolean);

/** The fan-out runs in a process of its own, so that its peak memory is the delivery's alone. */
export async function benchFanoutInItsOwnProcess(chats?: number, store: StoreKind = 'lowdb'): Promise<Awaited<ReturnType<typeof benchFanout>> & { nodeFlags: string; mallocArenaMax: string }> {
  // The database server (PostgreSQL) runs apart, started here: the child's memory is the bot's alone.
  const place = store === 'postgres' ? await benchPlace('postgres') : null;
  const env = { MALLOC_ARENA_MAX: '2', ...process.env, ...(chats === undefined ? {} : { FANOUT_CHATS: String(chats) }), ...(place ? { FANOUT_PLACE: place.place } : {}) };
  const child = spawn(process.execPath, [...FANOUT_NODE_FLAGS, '--import', 'tsx', join(import.meta.dirname, 'fanout.ts')], { env, stdio: ['ignore', 'pipe', 'inherit'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  if (code !== 0) throw new Error(`the fan-out benchmark exited with ${code}`);
  return { ...(JSON.parse(output) as Awaited<ReturnType<typeof benchFanout>>), nodeFlags: FANOUT_NODE_FLAGS.join(' '), mallocArenaMax: env.MALLOC_ARENA_MAX || 'default' };
}
