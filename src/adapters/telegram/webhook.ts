import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import type { Update } from 'telegraf/types';

/** Telegram's updates weigh a few kilobytes; nothing real comes near this. */
export const MAX_UPDATE_BYTES = 1024 * 1024;

export interface WebhookDoor {
  /** The path Telegram posts to (from TELEGRAM_WEBHOOK_URL). */
  path: string;
  /** Telegram sends it back in X-Telegram-Bot-Api-Secret-Token with every update. */
  secretToken: string;
  maxBytes?: number;
  /** telegraf's webhookCallback: handles a request whose `body` is already the update. */
  handle: (request: IncomingMessage & { body?: Update }, response: ServerResponse) => Promise<void> | void;
}

/**
 * The webhook's door: a POST to the path, with the secret, of at most `maxBytes`, whose body is a
 * JSON object with a numeric update_id. Anything else is answered here (404, 405, 403, 413, 400)
 * and never reaches telegraf, which reads `update_id` of whatever it is given outside any handler:
 * a body of `null` used to end the process, and a 100 MB body was read whole.
 */
export function webhookDoor({ path, secretToken, maxBytes = MAX_UPDATE_BYTES, handle }: WebhookDoor): RequestListener {
  return (request, response) => {
    const refuse = (status: number, reason: string) => {
      if (!response.headersSent) response.writeHead(status, { 'content-type': 'text/plain', connection: 'close' }).end(`${reason}\n`);
    };
    const url = new URL(request.url ?? '/', 'http://webhook');
    if (url.pathname + url.search !== path) return refuse(404, 'not found');
    if (request.method !== 'POST') return refuse(405, 'POST only');
    if (request.headers['x-telegram-bot-api-secret-token'] !== secretToken) return refuse(403, 'forbidden');
    const declared = Number(request.headers['content-length'] ?? 0);
    if (declared > maxBytes) {
      refuse(413, 'update too large');
      request.destroy();
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        refuse(413, 'update too large');
        request.destroy();
      } else chunks.push(chunk);
    });
    request.on('error', () => refuse(400, 'unreadable request'));
    request.on('end', () => {
      if (size > maxBytes) return;
      const update = readUpdate(Buffer.concat(chunks).toString('utf8'));
      if (!update) return refuse(400, 'not a Telegram update');
      Object.assign(request, { body: update });
      void Promise.resolve(handle(request, response)).catch(() => refuse(500, 'update failed'));
    });
  };
}

/** The update, or null for anything that is not a JSON object with a whole update_id. */
function readUpdate(text: string): Update | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return null;
  const { update_id: id } = parsed as { update_id?: unknown };
  return Number.isSafeInteger(id) ? (parsed as Update) : null;
}
