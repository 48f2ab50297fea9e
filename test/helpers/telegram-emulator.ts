import { EventEmitter, once } from 'node:events';
import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { TelegramServer } from 'telegram-test-api/lib/telegramServer.js';

/**
 * The telegram-test-api emulator on loopback, with Telegram's long polling in front of it: the
 * emulator answers getUpdates at once even when it has nothing, so a polling bot would spin. The
 * front holds an empty getUpdates until a user sends something (the emulator's own events) and
 * passes every other request through unchanged.
 */
export interface Emulator {
  /** The Bot API root the bot uses. */
  apiRoot: string;
  server: TelegramServer;
  /**
   * Resolves once the bot waits in getUpdates with nothing left to fetch: telegraf asks again only
   * after handling every update of its last batch, so all sent so far was answered or ignored.
   */
  idle(): Promise<void>;
  close(): Promise<void>;
}

export async function startEmulator(): Promise<Emulator> {
  // The emulator takes port 0 for "unset" (and then 9000): give it a free one.
  const server = new TelegramServer({ host: '127.0.0.1', port: await freePort() });
  await server.start();
  const { port } = new URL(server.config.apiURL);

  const polling = new EventEmitter();
  const front = createServer((request, response) => {
    const getUpdates = /^\/bot([^/]+)\/getUpdates$/.exec(request.url ?? '');
    if (!getUpdates) return passThrough(Number(port), request, response);
    void longPoll(server, getUpdates[1]!, request, response, polling);
  });
  front.listen(0, '127.0.0.1');
  await once(front, 'listening');

  return {
    apiRoot: `http://127.0.0.1:${(front.address() as AddressInfo).port}`,
    server,
    async idle() {
      if (!polling.listenerCount('wake')) await once(polling, 'waiting');
    },
    async close() {
      front.closeAllConnections();
      await new Promise<void>((resolve) => front.close(() => resolve()));
      await server.stop();
    },
  };
}

/** Holds an empty getUpdates until a user sends something; `polling` emits 'waiting' while it holds. */
async function longPoll(server: TelegramServer, token: string, request: IncomingMessage, response: ServerResponse, polling: EventEmitter): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const { timeout = 0 } = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as { timeout?: number };
  let closed = false;
  response.on('close', () => (closed = true));
  for (;;) {
    const result = server.getUpdates(token);
    if (result.length || !timeout || closed) {
      if (!closed) response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ ok: true, result }));
      return;
    }
    await new Promise<void>((resolve) => {
      const wake = () => {
        server.off('AddedUserCommand', wake).off('AddedUserMessage', wake).off('AddedUserCallbackQuery', wake);
        response.off('close', wake);
        polling.off('wake', wake);
        resolve();
      };
      server.on('AddedUserCommand', wake).on('AddedUserMessage', wake).on('AddedUserCallbackQuery', wake);
      response.on('close', wake);
      // Counted by listeners: idle() sees a poll held.
      polling.on('wake', wake).emit('waiting');
    });
  }
}

function passThrough(port: number, request: IncomingMessage, response: ServerResponse): void {
  const upstream = httpRequest({ host: '127.0.0.1', port, method: request.method, path: request.url, headers: request.headers }, (answer) => {
    response.writeHead(answer.statusCode ?? 502, answer.headers);
    answer.pipe(response);
  });
  upstream.on('error', () => response.destroy());
  request.pipe(upstream);
}

export async function freePort(): Promise<number> {
  const probe = createServer().listen(0, '127.0.0.1');
  await once(probe, 'listening');
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}
