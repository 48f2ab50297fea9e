import { createServer, request as forward, type IncomingMessage } from 'node:http';

/**
 * A reverse proxy on 127.0.0.1 spreading requests over several instances in turn, as nginx's
 * upstream does: an instance that refuses the connection is skipped for the next one; one that
 * fails after taking the request is a 502 to the caller (a POST is not sent twice).
 */
export interface RoundRobin {
  url: string;
  /** Requests each instance answered, by its port. */
  answered: Map<number, number>;
  close(): Promise<void>;
}

export async function startRoundRobin(ports: readonly number[]): Promise<RoundRobin> {
  let next = 0;
  const answered = new Map<number, number>();
  const server = createServer(async (incoming, outgoing) => {
    const body = await readAll(incoming);
    for (let tried = 0; tried < ports.length; tried++) {
      const port = ports[next++ % ports.length]!;
      const outcome = await new Promise<'refused' | 'done'>((resolve) => {
        const upstream = forward({ host: '127.0.0.1', port, method: incoming.method, path: incoming.url, headers: incoming.headers }, (response) => {
          outgoing.writeHead(response.statusCode ?? 502, response.headers);
          response.pipe(outgoing);
          response.on('end', () => answered.set(port, (answered.get(port) ?? 0) + 1));
          resolve('done');
        });
        upstream.on('error', (error: NodeJS.ErrnoException) => {
          if (error.code === 'ECONNREFUSED') return resolve('refused');
          if (!outgoing.headersSent) outgoing.writeHead(502).end();
          else outgoing.destroy();
          resolve('done');
        });
        upstream.end(body);
      });
      if (outcome === 'done') return;
    }
    outgoing.writeHead(502).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as { port: number }).port}`,
    answered,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function readAll(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
