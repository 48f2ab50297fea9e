import { spawn, type ChildProcess, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '../..');
/** The processing-times file `sync` and a running bot read unless a test points them elsewhere (the shipped snapshot's copy). */
export const LOCAL_PROCESSING_TIMES = resolve(ROOT, 'test/fixtures/processing-times/flpt-en-2026-09-03.json');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs the bin as `npm run cli` does (tsx), in the project folder, with only the given environment.
 * The check of the feed at start is off unless a test turns it on, and IRCC's processing times are
 * read from a local copy unless a test says otherwise: no test may reach canada.ca.
 */
export function runCli(args: string[], env: Record<string, string>, input?: string): Promise<CliResult> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], { cwd: ROOT, env: cliEnv(env), stdio: ['pipe', 'pipe', 'pipe'] });
  child.stdin.end(input);
  return outcome(child);
}

/** Only the given environment, on top of what any run needs. */
export function cliEnv(env: Record<string, string>): Record<string, string> {
  return { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', LOG_LEVEL: 'warn', CHECK_ON_START: 'false', PROCESSING_TIMES_URL: LOCAL_PROCESSING_TIMES, ...env };
}

/** What a child process wrote and how it ended. */
export function outcome(child: ChildProcessWithoutNullStreams | ChildProcess): Promise<CliResult> {
  return new Promise((done, fail) => {
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk));
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk));
    child.on('error', fail);
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}
