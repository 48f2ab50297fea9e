import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { cliEnv, outcome, ROOT, type CliResult } from '../helpers/cli.ts';
import { tempDir } from '../helpers/fixtures.ts';

const CLI = `${JSON.stringify(process.execPath)} --import tsx src/cli.ts`;

/** Runs a shell command line in the project folder; resolves with its output once it ends. */
function shell(line: string, env: Record<string, string>): Promise<CliResult> {
  return outcome(spawn('bash', ['-c', line], { cwd: ROOT, env: cliEnv(env) }));
}

// `draws` alone (32 KB) may fit in the pipe before head exits; `--json` (500 KB) always meets the closed pipe.
describe('a reader that closes the pipe early', () => {
  it.each([['draws'], ['draws --json']])('`cli %s | head -1` prints one line and the cli exits 0, quietly', async (command) => {
    const dir = tempDir();
    const result = await shell(`${CLI} ${command} 2>"$DATA_DIR/stderr" | head -1; echo "cli exit \${PIPESTATUS[0]}"; cat "$DATA_DIR/stderr" >&2`, { DATA_DIR: dir });
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(command === 'draws' ? /^#411 +2026-04-15 +french/ : /^\[$/);
    expect(lines[1]).toBe('cli exit 0');
    expect(result.stderr).toBe('');
  });

  it('a Node reader that destroys the stream after the first chunk: no EPIPE stack', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'draws', '--json'], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', LOG_LEVEL: 'warn', DATA_DIR: tempDir() },
    });
    let stderr = '';
    let firstChunk = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk));
    child.stdout.once('data', (chunk: Buffer) => {
      firstChunk = chunk.toString();
      child.stdout.destroy();
    });
    const code = await new Promise<number | null>((done) => child.on('close', done));
    expect(firstChunk).toMatch(/^\[\n \{\n {2}"number": "411"/);
    expect(stderr).toBe('');
    expect(code).toBe(0);
  });
});
