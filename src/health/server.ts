import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AdapterHealth, ChatAdapter } from '../chat/adapter.ts';
import type { Logger } from '../core/log.ts';
import type { LeadershipStatus } from '../cluster/leadership.ts';
import type { PollRecord } from '../store/contract.ts';

/** What /healthz reads: the adapters, the last poll, the posts waiting, this instance's role. */
export interface HealthSources {
  adapters: readonly Pick<ChatAdapter, 'platform' | 'health'>[];
  store: { readonly meta: { lastPoll: PollRecord | null }; outboxSummary(): Promise<{ pending: number }> };
  leadership?: { status(): LeadershipStatus };
}

export interface HealthReport {
  status: 'ok' | 'down';
  /** What is down, one phrase each ("telegram: long polling stopped (409 …)"). */
  down: string[];
  platforms: Record<string, AdapterHealth>;
  lastPoll: PollRecord | null;
  /** Null when the store cannot be read. */
  postsPending: number | null;
  /** `leader` (polls the feed and sends the posts) or `standby` (answers commands). */
  role?: LeadershipStatus['role'];
  instanceId?: string;
  /** The leader's lease: its term, since when, and how long ago it was last renewed. */
  lease?: { epoch: number; since: string; ageMs: number } | null;
}

/**
 * Healthy means every platform answers members. A failing feed is reported but is no reason to
 * restart the process: the bot still answers from the stored rounds, and a restart fetches nothing
 * more. Starting counts as down, so that a probe waits for the platforms to connect.
 */
export async function healthReport({ adapters, store, leadership }: HealthSources): Promise<HealthReport> {
  const platforms = Object.fromEntries(adapters.map((adapter) => [adapter.platform, adapter.health()]));
  const down = Object.entries(platforms).flatMap(([platform, health]) => (health.state === 'up' || health.state === 'standby' ? [] : [`${platform}: ${health.detail ?? health.state}`]));
  // The store unreadable (a database gone) is down too, and says why; the rest is still reported.
  const postsPending = await store.outboxSummary().then(
    (summary) => summary.pending,
    (error: unknown) => (down.push(`store: ${error instanceof Error ? error.message : String(error)}`), null),
  );
  const role = leadership?.status();
  return {
    status: down.length ? 'down' : 'ok',
    down,
    platforms,
    lastPoll: store.meta.lastPoll,
    postsPending,
    ...(role ? { role: role.role, instanceId: role.instanceId, lease: role.epoch !== null ? { epoch: role.epoch, since: role.since!, ageMs: role.leaseAgeMs! } : null } : {}),
  };
}

/**
 * GET /healthz: 200 and the report while healthy, 503 and the report naming what is down. Opt in
 * with HEALTH_PORT; it listens on 127.0.0.1 unless HEALTH_HOST says otherwise (a container probe).
 */
export async function startHealthServer(sources: HealthSources, { port, host, log }: { port: number; host: string; log: Logger }): Promise<{ port: number; close(): Promise<void> }> {
  const server: Server = createServer(async (request, response) => {
    const path = new URL(request.url ?? '/', 'http://health').pathname;
    if (path !== '/healthz' || (request.method !== 'GET' && request.method !== 'HEAD')) {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('GET /healthz\n');
      return;
    }
    const report = await healthReport(sources);
    response.writeHead(report.status === 'ok' ? 200 : 503, { 'content-type': 'application/json', 'cache-control': 'no-store' }).end(`${JSON.stringify(report)}\n`);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const bound = (server.address() as AddressInfo).port;
  log.info({ host, port: bound }, 'health endpoint listening on /healthz');
  return {
    port: bound,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
