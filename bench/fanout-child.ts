/**
 * One delivery process over a place prepared by prepareFanout (a lowdb folder or a postgres://
 * database): what the kill -9 runs interrupt (test/store/fanout-crash.test.ts, bench/fanout-crash.ts). Usage:
 *   node --import tsx bench/fanout-child.ts PLACE API_ROOT [SCALE]
 * Prints the outbox summary as one JSON line once everything owed was sent.
 */
import { fanoutDelivery, openBenchStore } from './fanout-parts.ts';

const [dataDir, apiRoot, scale = '10'] = process.argv.slice(2);
if (!dataDir || !apiRoot) {
  console.error('usage: fanout-child.ts DATA_DIR API_ROOT [SCALE]');
  process.exit(2);
}
const store = await openBenchStore(dataDir);
const { adapter, worker } = fanoutDelivery(store, apiRoot, Number(scale));
worker.start();
await worker.drained();
await worker.stop();
await adapter.stop();
const summary = (await store.outboxSummary());
await store.close();
console.log(JSON.stringify(summary));
