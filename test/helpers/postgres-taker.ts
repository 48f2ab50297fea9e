/**
 * A process that takes posts from a PostgreSQL store and dies without a word (kill -9), holding
 * them: what a crashed instance leaves. Usage: node --import tsx test/helpers/postgres-taker.ts URL COUNT
 * Prints the chat ids it took, as one JSON line, before it dies.
 */
import { PostgresStore } from '../../src/store/postgres/store.ts';

const [url, count = '1'] = process.argv.slice(2);
const store = await PostgresStore.open({ url: url!, seed: { file: 'none', draws: () => [] } });
const taken = await store.take('telegram', Number(count), Date.now());
process.stdout.write(`${JSON.stringify(taken.map((delivery) => delivery.subscription.chatId))}\n`, () => process.kill(process.pid, 'SIGKILL'));
