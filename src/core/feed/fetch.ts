import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { FeedError } from './normalize.ts';

/** What a previous fetch learned, sent back so an unchanged feed costs IRCC a 304. */
export interface FeedValidators {
  etag: string | null;
  lastModified: string | null;
}

export type FeedFetch =
  | { kind: 'not-modified' }
  | { kind: 'fetched'; text: string; validators: FeedValidators; contentHash: string };

export interface FetchOptions {
  validators?: FeedValidators | null;
  timeoutMs?: number;
  /** Gives up at once when aborted (shutdown). */
  signal?: AbortSignal;
  maxBytes?: number;
  userAgent?: string;
  /** What the messages call the source ("the feed" by default; IRCC's processing-times file reads this too). */
  what?: string;
}

export const DEFAULT_FEED_URL = 'https://www.canada.ca/content/dam/ircc/documents/json/ee_rounds_123_en.json';
const DEFAULT_TIMEOUT_MS = 20_000;
/** The real feed is under 1 MB; a much larger answer is not the feed. */
const DEFAULT_MAX_BYTES = 8 * 1024 * 1024;

export function isHttpSource(source: string): boolean {
  return /^https?:\/\//i.test(source);
}

/** Reads the feed from an http(s) URL or a file path (or file: URL). Throws FeedError with the reason. */
export async function fetchFeed(source: string, options: FetchOptions = {}): Promise<FeedFetch> {
  return isHttpSource(source) ? fetchHttp(source, options) : readLocal(source, options);
}

function hash(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

async function readLocal(source: string, { maxBytes = DEFAULT_MAX_BYTES, what = 'the feed' }: FetchOptions): Promise<FeedFetch> {
  const path = source.startsWith('file:') ? fileURLToPath(source) : source;
  try {
    const { size } = await stat(path);
    if (size > maxBytes) throw new FeedError(`${what} file ${path} is ${size} bytes, over the ${maxBytes}-byte cap`);
    const bytes = await readFile(path);
    return { kind: 'fetched', text: bytes.toString('utf8'), validators: { etag: null, lastModified: null }, contentHash: hash(bytes) };
  } catch (error) {
    if (error instanceof FeedError) throw error;
    throw new FeedError(`cannot read ${what} file ${path} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
}

async function fetchHttp(url: string, options: FetchOptions): Promise<FeedFetch> {
  const { validators, timeoutMs = DEFAULT_TIMEOUT_MS, maxBytes = DEFAULT_MAX_BYTES, what = 'the feed' } = options;
  const headers: Record<string, string> = { accept: 'application/json', 'user-agent': options.userAgent ?? 'express-entry-bot' };
  if (validators?.etag) headers['if-none-match'] = validators.etag;
  if (validators?.lastModified) headers['if-modified-since'] = validators.lastModified;
  const timeout = AbortSignal.timeout(timeoutMs);
  const signal = options.signal ? AbortSignal.any([timeout, options.signal]) : timeout;
  try {
    const response = await fetch(url, { headers, signal, redirect: 'follow' });
    if (response.status === 304) {
      await response.body?.cancel();
      return { kind: 'not-modified' };
    }
    if (!response.ok) {
      await response.body?.cancel();
      throw new FeedError(`${what} answered HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}`);
    }
    const declared = Number(response.headers.get('content-length'));
    if (declared > maxBytes) {
      await response.body?.cancel();
      throw new FeedError(`${what} is ${declared} bytes, over the ${maxBytes}-byte cap`);
    }
    const bytes = await readCapped(response, maxBytes, what);
    return {
      kind: 'fetched',
      text: new TextDecoder().decode(bytes),
      validators: { etag: response.headers.get('etag'), lastModified: response.headers.get('last-modified') },
      contentHash: hash(bytes),
    };
  } catch (error) {
    if (error instanceof FeedError) throw error;
    if (options.signal?.aborted) throw new FeedError(`the request for ${what} was stopped (shutting down)`);
    if (timeout.aborted) throw new FeedError(`${what} did not answer within ${timeoutMs / 1000} s`);
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    throw new FeedError(`cannot reach ${what} (${cause?.code ?? cause?.message ?? (error as Error).message})`);
  }
}

async function readCapped(response: Response, maxBytes: number, what: string): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let length = 0;
  for await (const chunk of response.body ?? []) {
    length += chunk.byteLength;
    if (length > maxBytes) throw new FeedError(`${what} is over the ${maxBytes}-byte cap`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks, length);
}
