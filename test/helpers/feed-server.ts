import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * IRCC's feed on a loopback HTTP server. It answers conditional requests as a CDN would (ETag and
 * Last-Modified, 304 when unchanged) and can be told to fail in the ways the real one might.
 */
export type FeedBehaviour =
  | { kind: 'serve'; body: string | Buffer; contentType?: string }
  | { kind: 'status'; status: number; body?: string }
  | { kind: 'hang' };

export interface FeedServer {
  url: string;
  requests: { ifNoneMatch: string | undefined; ifModifiedSince: string | undefined; userAgent: string | undefined; status: number }[];
  set(behaviour: FeedBehaviour): void;
  close(): Promise<void>;
}

export async function startFeedServer(initial: FeedBehaviour): Promise<FeedServer> {
  let behaviour = initial;
  let lastModified = new Date('2026-04-15T12:00:00Z');
  const requests: FeedServer['requests'] = [];
  const hanging = new Set<ServerResponse>();

  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const record = (status: number) =>
      requests.push({ ifNoneMatch: request.headers['if-none-match'], ifModifiedSince: request.headers['if-modified-since'], userAgent: request.headers['user-agent'], status });
    if (behaviour.kind === 'hang') {
      record(0);
      hanging.add(response);
      return;
    }
    if (behaviour.kind === 'status') {
      record(behaviour.status);
      response.writeHead(behaviour.status, { 'content-type': 'text/html' }).end(behaviour.body ?? `<html><body>Error ${behaviour.status}</body></html>`);
      return;
    }
    const etag = `"${createHash('sha1').update(behaviour.body).digest('hex')}"`;
    if (request.headers['if-none-match'] === etag) {
      record(304);
      response.writeHead(304, { etag }).end();
      return;
    }
    record(200);
    response.writeHead(200, { 'content-type': behaviour.contentType ?? 'application/json', etag, 'last-modified': lastModified.toUTCString() }).end(behaviour.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/content/dam/ircc/documents/json/ee_rounds_123_en.json`,
    requests,
    set(next) {
      behaviour = next;
      lastModified = new Date(lastModified.getTime() + 60_000);
    },
    async close() {
      for (const response of hanging) response.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
