/**
 * One instance of several on one database, as `npm start` runs the leader's delivery: it campaigns
 * for the lease and, while it leads, delivers (bench/fanout-instances.ts starts two and kills one).
 *   node --import tsx bench/fanout-instance.ts DATABASE_URL API_ROOT SCALE
 * Prints a JSON line when it leads ({"elected": epoch}) and when everything owed was sent ({"drained": true}).
 */
import { Leadership } from '../src/cluster/leadership.ts';
import { silentLogger } from '../src/core/log.ts';
import type { PostgresStore } from '../src/store/postgres/store.ts';
import { fanoutDelivery, openBenchStore } from './fanout-parts.ts';

const [url, apiRoot, scale = '10'] = process.argv.slice(2);
if (!url || !apiRoot) {
  console.error('usage: fanout-instance.ts DATABASE_URL API_ROOT [SCALE]');
  process.exit(2);
}
const store = (await openBenchStore(url)) as PostgresStore;
const leadership = new Leadership({ coordination: store.coordination, log: silentLogger });
leadership.onElected(async (term) => {
  process.stdout.write(`${JSON.stringify({ elected: term.epoch, at: Date.now() })}\n`);
  const { worker } = fanoutDelivery(store, apiRoot, Number(scale), term.signal);
  worker.start();
  await worker.drained();
  if (!term.signal.aborted) process.stdout.write(`${JSON.stringify({ drained: true, at: Date.now(), summary: await store.outboxSummary() })}\n`);
});
leadership.start();
process.on('SIGTERM', () => void leadership.stop().then(() => store.close()).then(() => process.exit(0)));
