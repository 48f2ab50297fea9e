/**
 * A Telegram Bot API stand-in that enforces Telegram's sending limits, scaled in time by SCALE, as
 * token buckets on arrival: 30 messages a second overall (a second's worth may be spent at once)
 * and 1 a second per chat. Over a limit it answers 429 with retry_after, as Telegram does. Runs as
 * its own process so that the benchmark's memory is the bot's alone. GET /stats reports.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

const SCALE = Number(process.env.SCALE ?? 1);
/** Every BLOCKED_EVERY-th chat id (0: none) has blocked the bot: 403, as Telegram answers. */
const BLOCKED_EVERY = Number(process.env.BLOCKED_EVERY ?? 0);
const blocked = new Set<string>();
const WINDOW_MS = 1000 / SCALE;
const OVERALL = 30;
/** Tokens of the overall bucket, and when each chat may next be sent to. */
let budget = OVERALL;
let lastDrip = performance.now();
const nextByChat = new Map<string, number>();
const accepted = new Map<string, number>();
let refused = 0;
let uploads = 0;
let first = 0;
let last = 0;
/** By API root path ("/a" in http://stub/a/bot…): when each sender's first and last accepted message came. */
const senders = new Map<string, { first: number; last: number; messages: number }>();

const server = createServer((request, response) => {
  const chunks: Buffer[] = [];
  request.on('data', (chunk: Buffer) => chunks.push(chunk));
  request.on('end', () => {
    const send = (status: number, body: object) => response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    if (request.url === '/stats') return send(200, { accepted: accepted.size, blocked: blocked.size, messages: [...accepted.values()].reduce((sum, count) => sum + count, 0), duplicates: [...accepted.values()].filter((count) => count > 1).length, refused, uploads, first, last, scale: SCALE, senders: Object.fromEntries(senders) });
    const method = /\/bot[^/]+\/(\w+)$/.exec(request.url ?? '')?.[1];
    if (method !== 'sendMessage' && method !== 'sendPhoto') return send(200, { ok: true, result: true });
    const raw = Buffer.concat(chunks).toString('utf8');
    // JSON, or a photo's first upload as multipart: the chat id is all this stub needs.
    const chat = (request.headers['content-type'] ?? '').startsWith('multipart/')
      ? (/name="chat_id"\r\n\r\n([^\r]+)/.exec(raw)?.[1] ?? '')
      : String((JSON.parse(raw || '{}') as { chat_id: string | number }).chat_id);
    if (BLOCKED_EVERY && Number(chat) % BLOCKED_EVERY === 0) {
      blocked.add(chat);
      return send(403, { ok: false, error_code: 403, description: 'Forbidden: bot was blocked by the user' });
    }
    const now = performance.now();
    budget = Math.min(OVERALL, budget + ((now - lastDrip) * OVERALL) / WINDOW_MS);
    lastDrip = now;
    const tooFast = budget < 1 || now < (nextByChat.get(chat) ?? 0);
    if (tooFast) {
      refused++;
      return send(429, { ok: false, error_code: 429, description: 'Too Many Requests: retry after 1', parameters: { retry_after: 1 } });
    }
    budget -= 1;
    nextByChat.set(chat, now + WINDOW_MS);
    accepted.set(chat, (accepted.get(chat) ?? 0) + 1);
    first ||= Date.now();
    last = Date.now();
    const via = /^(\/[^/]*)?\/bot/.exec(request.url ?? '')?.[1] ?? '';
    const sender = senders.get(via) ?? { first: last, last, messages: 0 };
    senders.set(via, { ...sender, last, messages: sender.messages + 1 });
    const message = { message_id: accepted.size, date: Math.floor(Date.now() / 1000), chat: { id: Number(chat), type: 'private' } };
    if (method === 'sendPhoto') uploads += (request.headers['content-type'] ?? '').startsWith('multipart/') ? 1 : 0;
    send(200, { ok: true, result: method === 'sendPhoto' ? { ...message, photo: [{ file_id: 'digest-picture', file_unique_id: 'digest-picture', width: 1200, height: 675 }] } : { ...message, text: '' } });
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`${JSON.stringify({ port: (server.address() as AddressInfo).port })}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
