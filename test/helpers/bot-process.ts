import { spawn, type ChildProcess } from 'node:child_process';
import { onTestFinished } from 'vitest';
import { LOCAL_PROCESSING_TIMES, ROOT } from './cli.ts';
import { snapshotPath, tempDir } from './fixtures.ts';

export interface BotProcess {
  child: ChildProcess;
  output: { stdout: string; stderr: string };
  exited: Promise<number | null>;
  /** The JSON log lines written so far. */
  logs(): { level: number; msg: string; [key: string]: unknown }[];
}

/**
 * `npm start` as an operator runs it (tsx, the real composition root), with only the environment
 * given. The feed and the processing times default to local files, so a bot's polls reach nothing but this machine. The
 * process is killed when the test finishes, if it still runs.
 */
export function startBotProcess(env: Record<string, string>): BotProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'start'], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      LOG_LEVEL: 'info',
      DATA_DIR: tempDir(),
      FEED_URL: snapshotPath('ircc-rounds-en-2026-04-15.json'),
      PROCESSING_TIMES_URL: LOCAL_PROCESSING_TIMES,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output = { stdout: '', stderr: '' };
  child.stdout!.on('data', (chunk: Buffer) => (output.stdout += chunk));
  child.stderr!.on('data', (chunk: Buffer) => (output.stderr += chunk));
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  onTestFinished(async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await exited;
  });
  const logs = () =>
    output.stderr
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as { level: number; msg: string });
  return { child, output, exited, logs };
}
