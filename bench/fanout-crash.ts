/**
 * kill -9 in the middle of a fan-out, then a restart, at any size (by hand; npm test runs it at
 * 2,000 chats in test/store/fanout-crash.test.ts):
 *   FANOUT_CHATS=100000 node --import tsx bench/fanout-crash.ts [--store lowdb|postgres]
 * The delivery runs in a child process (bench/fanout-child.ts) killed with SIGKILL once about half
 * the chats have their post; a second one finishes. Prints one JSON object: chats that got their
 * post, repeats (chats posted twice: at most the posts in flight), and whether the files were valid.
 */
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_CONCURRENCY } from '../src/delivery/worker.ts';
import { prepareFanout, startLimitsStub } from './fanout-parts.ts';
import { benchPlace, isDatabase, openBenchStore, stopBenchServer } from './stores.ts';

const CHATS = Number(process.env.FANOUT_CHATS ?? 100_000);
const SCALE = Number(process.env.FANOUT_SCALE ?? 10);
const KILL_AT = Number(process.env.FANOUT_KILL_AT ?? 0.5);

function runChild(dataDir: string, apiRoot: string) {
  const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'fanout-child.ts'), dataDir, apiRoot, String(SCALE)], { stdio: ['ignore', 'pipe', 'inherit'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('close', (code, signal) => resolve({ code, signal })));
  return { child, exited, output: () => output };
}

/** Every data file parses, and a reader opens the store on them. */
async function validData(place: string): Promise<{ files: string[]; pending: number }> {
  const files = isDatabase(place) ? [] : readdirSync(place).filter((name) => name.endsWith('.json') && !name.startsWith('.'));
  for (const name of files) JSON.parse(readFileSync(join(place, name), 'utf8'));
  const reader = await openBenchStore(place, { file: 'none', draws: () => [] }, { readOnly: true });
  const { pending } = await reader.outboxSummary();
  await reader.close();
  return { files, pending };
}

const stub = await startLimitsStub(SCALE);
const store = process.argv.includes('--store') ? process.argv[process.argv.indexOf('--store') + 1] : 'lowdb';
const { place: dataDir, dispose } = await benchPlace(store === 'postgres' ? 'postgres' : 'lowdb');
try {
  const prepared = await prepareFanout(dataDir, CHATS);
  await prepared.close();
  const first = runChild(dataDir, stub.apiRoot);
  while ((await stub.stats()).accepted < CHATS * KILL_AT) await new Promise((resolve) => setTimeout(resolve, 100));
  first.child.kill('SIGKILL');
  await first.exited;
  const atKill = await stub.stats();
  const afterKill = await validData(dataDir);
  const second = runChild(dataDir, stub.apiRoot);
  const { code } = await second.exited;
  const final = await stub.stats();
  const finalData = await validData(dataDir);
  console.log(JSON.stringify({
    chats: CHATS,
    store,
    killedAfter: atKill.accepted,
    pendingAfterKill: afterKill.pending,
    restartExit: code,
    received: final.accepted,
    lost: CHATS - final.accepted,
    repeats: final.duplicates,
    inFlightLimit: DEFAULT_CONCURRENCY,
    pendingAtEnd: finalData.pending,
    filesValid: finalData.files,
    met: final.accepted === CHATS && final.duplicates <= DEFAULT_CONCURRENCY && finalData.pending === 0 && code === 0,
  }));
} finally {
  stub.process.kill('SIGTERM');
  await dispose();
  await stopBenchServer();
}
