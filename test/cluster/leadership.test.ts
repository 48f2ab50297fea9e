import { afterEach, describe, expect, it } from 'vitest';
import { Leadership } from '../../src/cluster/leadership.ts';
import { silentLogger } from '../../src/core/log.ts';
import type { PostgresStore } from '../../src/store/postgres/store.ts';
import { freshDatabase, openPostgres, sql } from '../helpers/postgres.ts';
import { startTcpProxy } from '../helpers/tcp-proxy.ts';

/** The leader lease on a real PostgreSQL, with times shortened: a 1.5 s lease renewed every 0.3 s. */

const TIMES = { ttlMs: 1_500, renewEveryMs: 300, campaignEveryMs: 200, marginMs: 400 };
const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
});

interface Candidate {
  store: PostgresStore;
  leadership: Leadership;
  events: { at: number; what: 'elected' | 'deposed'; epoch?: number }[];
}

async function candidate(url: string): Promise<Candidate> {
  const store = await openPostgres(url);
  const leadership = new Leadership({ coordination: store.coordination, log: silentLogger, ...TIMES });
  const events: Candidate['events'] = [];
  leadership.onElected((term) => events.push({ at: performance.now(), what: 'elected', epoch: term.epoch }));
  leadership.onDeposed(() => events.push({ at: performance.now(), what: 'deposed' }));
  cleanups.push(() => leadership.stop(), () => store.close());
  leadership.start();
  return { store, leadership, events };
}

const leaders = (candidates: Candidate[]) => candidates.filter((each) => each.leadership.isLeader);

describe('the leader lease', () => {
  it('exactly one of three leads; it keeps the lease while it renews; its term has a growing epoch', async () => {
    const url = await freshDatabase();
    const all = await Promise.all([candidate(url), candidate(url), candidate(url)]);
    await expect.poll(() => leaders(all).length, { timeout: 5_000 }).toBe(1);
    const [leader] = leaders(all);
    await new Promise((resolve) => setTimeout(resolve, 3 * TIMES.ttlMs));
    expect(leaders(all)).toEqual([leader]);
    expect(leader!.events).toEqual([{ at: expect.any(Number), what: 'elected', epoch: 1 }]);
    expect(leader!.leadership.status()).toMatchObject({ role: 'leader', epoch: 1, leaseAgeMs: expect.any(Number) });
    expect(leader!.leadership.status().leaseAgeMs).toBeLessThan(TIMES.ttlMs);
    const holder = await leader!.store.coordination.leaseHolder();
    expect(holder).toMatchObject({ instanceId: leader!.store.instanceId, epoch: 1 });
  });

  it('a leader that stops hands over at once: another leads well within a second', async () => {
    const url = await freshDatabase();
    const all = await Promise.all([candidate(url), candidate(url)]);
    await expect.poll(() => leaders(all).length, { timeout: 5_000 }).toBe(1);
    const [leader] = leaders(all);
    const other = all.find((each) => each !== leader)!;
    const stopped = performance.now();
    await leader!.leadership.stop();
    await expect.poll(() => other.leadership.isLeader, { timeout: 2_000, interval: 10 }).toBe(true);
    expect(other.events.at(-1)!.at - stopped).toBeLessThan(1_000);
    expect(other.events.at(-1)).toMatchObject({ what: 'elected', epoch: 2 });
  });

  it('a leader cut off from the database stands down before its lease expires; the next one is elected only after', async () => {
    const url = await freshDatabase();
    // The first candidate reaches the database through a proxy the test can cut, as a network would.
    const proxy = await startTcpProxy(new URL(url));
    cleanups.push(() => proxy.close());
    const throughProxy = new URL(url);
    throughProxy.port = String(proxy.port);
    const cut = await candidate(throughProxy.toString());
    await expect.poll(() => cut.leadership.isLeader, { timeout: 5_000 }).toBe(true);
    const other = await candidate(url);
    await new Promise((resolve) => setTimeout(resolve, TIMES.ttlMs));
    expect(other.leadership.isLeader).toBe(false);
    proxy.cut();
    await expect.poll(() => other.leadership.isLeader, { timeout: 10_000, interval: 20 }).toBe(true);
    const deposed = cut.events.find((event) => event.what === 'deposed')!;
    const elected = other.events.find((event) => event.what === 'elected')!;
    expect(deposed).toBeDefined();
    // Never two at once: the cut leader stood down before the next was elected.
    expect(deposed.at).toBeLessThan(elected.at);
    expect(elected.epoch).toBe(2);
    expect(await sql(url, 'SELECT epoch::int FROM leader')).toEqual([{ epoch: 2 }]);
  });
});
