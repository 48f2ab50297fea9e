import { spawn } from 'node:child_process';
import { join } from 'node:path';
import type { benchFanout } from './fanout.ts';

/** The fan-out runs in a process of its own, so that its peak memory is the delivery's alone. */
export async function benchFanoutInItsOwnProcess(chats?: number): Promise<Awaited<ReturnType<typeof benchFanout>>> {
  const env = chats === undefined ? process.env : { ...process.env, FANOUT_CHATS: String(chats) };
  const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'fanout.ts')], { env, stdio: ['ignore', 'pipe', 'inherit'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  if (code !== 0) throw new Error(`the fan-out benchmark exited with ${code}`);
  return JSON.parse(output) as Awaited<ReturnType<typeof benchFanout>>;
}
