import { createRequire } from 'node:module';
import pino, { type DestinationStream, type Logger } from 'pino';
import type PinoPretty from 'pino-pretty';

export type { Logger } from 'pino';

const secrets = new Set<string>();

/** Values that must never reach a log line or an error message (tokens). */
export function registerSecret(value: string | undefined): void {
  if (value && value.length >= 8) secrets.add(value);
}

export function scrubSecrets(text: string): string {
  let out = text;
  for (const secret of secrets) out = out.split(secret).join('[secret]');
  return out;
}

let guarded = false;

/**
 * Scrubs registered secrets from everything written to stderr, which libraries' debug switches
 * (the `debug` module behind DEBUG=telegraf:*) write to directly, bypassing the logger.
 */
export function guardStderr(): void {
  if (guarded) return;
  guarded = true;
  const write = process.stderr.write.bind(process.stderr) as (chunk: string | Uint8Array, ...rest: unknown[]) => boolean;
  process.stderr.write = ((chunk: string | Uint8Array, ...rest: unknown[]) =>
    write(typeof chunk === 'string' ? scrubSecrets(chunk) : scrubSecrets(Buffer.from(chunk).toString('utf8')), ...rest)) as typeof process.stderr.write;
}

/**
 * Structured logs on stderr (stdout belongs to answers and --json output): JSON lines for
 * machines, pino-pretty when a person watches a terminal. Written synchronously so that the last
 * line before an exit is never lost.
 */
export function createLogger(level = 'info', { pretty: wantPretty = process.stderr.isTTY } = {}): Logger {
  const options = { level, base: undefined, hooks: { streamWrite: scrubSecrets } };
  if (wantPretty) return pino(options, lazyPretty({ destination: 2, sync: true, colorize: true, ignore: 'pid,hostname', translateTime: 'SYS:HH:MM:ss' }));
  return pino(options, pino.destination({ fd: 2, sync: true }));
}

/** pino-pretty costs a tenth of a start: loaded on the first line logged, which most `cli` calls never write. */
function lazyPretty(options: PinoPretty.PrettyOptions): DestinationStream {
  let stream: DestinationStream | undefined;
  return {
    write(line: string) {
      stream ??= (createRequire(import.meta.url)('pino-pretty') as typeof PinoPretty)(options);
      stream.write(line);
    },
  };
}
