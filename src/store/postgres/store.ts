import { hostname } from 'node:os';
import pg from 'pg';
import type { Broadcast, PlannedRounds } from '../../core/broadcasts.ts';
import { compareDrawsNewestFirst, type CategoryRef, type Draw } from '../../core/draw.ts';
import { jsonEqual } from '../../core/json-equal.ts';
import { silentLogger, type Logger } from '../../core/log.ts';
import type { ProcessingTimesRecord, StoredSnapshot } from '../../core/processing-times/store.ts';
import type { Platform, Subscription } from '../../core/subscriptions.ts';
import type { FeedState, SyncChange } from '../../core/sync.ts';
import type { BotStore, Delivery, MetaData, OutboxSummary, PollRecord, Progress } from '../contract.ts';
import type { StoreSeed } from '../seeds.ts';
import type { LiveInstance, StoreTransfer } from '../transfer.ts';
import { connectError, createPool, databaseError, describeDatabase } from './connect.ts';
import { PostgresCoordination } from './coordination.ts';
import { Database, type Queryable } from './database.ts';
import { migrate } from './migrations.ts';
import { PostgresOutbox } from './outbox.ts';
import { PostgresProcessingTimes } from './processing-times.ts';
import { SUBSCRIPTION_COLUMNS, subscriptionColumns, subscriptionOf, UPSERT_SUBSCRIPTIONS, type SubscriptionRow } from './rows.ts';

export interface PostgresOpenOptions {
  url: string;
  /** Draw history for a first start, from the shipped snapshot. */
  seed: StoreSeed;
  /** Readers (`ask`, `draws`, `status`) never write, and are no instance. */
  readOnly?: boolean;
  log?: Logger;
  statementTimeoutMs?: number;
  /** An instance not seen for this long no longer holds what it took (seconds). */
  instanceExpirySeconds?: number;
  now?: () => Date;
}

const EMPTY_META: MetaData = { feed: null, lastSync: null, seededFrom: null, lastPoll: null, lastNewRounds: null, lastPeriodicAt: null };
/** Other processes hear of changes to the rounds and meta on this channel (LISTEN/NOTIFY). */
const CHANNEL = 'express_entry_bot_changes';
const HEARTBEAT_MS = 5_000;
/** Any key: the first start of several at once seeds the history once. */
const SEED_LOCK = 0x65656232;

/**
 * The BotStore contract on PostgreSQL (DATABASE_URL): the same semantics as the lowdb files, for
 * large bots and several processes. Every change that must be atomic is one transaction; the round
 * history and meta are held in memory (every answer reads them) and read again when another
 * process changes them; a subscription costs one row; delivery leases are rows (outbox.ts).
 */
export class PostgresStore implements BotStore, StoreTransfer {
  readonly #db: Database;
  readonly #where: string;
  readonly #log: Logger;
  readonly #readOnly: boolean;
  readonly #now: () => Date;
  readonly #instance: string;
  readonly #outbox: PostgresOutbox;
  /** The lease, updates seen, shared secrets and kept values of several instances (../coordination.ts). */
  readonly coordination: PostgresCoordination;
  /** IRCC's processing times (issue 20): their own tables; a new update is kept with its broadcast in one transaction. */
  readonly processingTimes: PostgresProcessingTimes;
  #draws: Draw[] = [];
  #meta: MetaData = EMPTY_META;
  #revision = -1;
  #heartbeat: NodeJS.Timeout | null = null;
  #listener: pg.Client | null = null;
  #closed = false;
  readonly #url: string;

  private constructor(url: string, db: Database, { readOnly, log, now, instanceExpirySeconds, seed }: { readOnly: boolean; log: Logger; now: () => Date; instanceExpirySeconds: number; seed: StoreSeed }) {
    this.#url = url;
    this.#db = db;
    this.#where = describeDatabase(url);
    this.#readOnly = readOnly;
    this.#log = log;
    this.#now = now;
    this.#instance = `${hostname()}:${process.pid}:${Math.random().toString(36).slice(2, 8)}`;
    this.#outbox = new PostgresOutbox(db, this.#instance, instanceExpirySeconds);
    this.coordination = new PostgresCoordination(db, this.#instance, instanceExpirySeconds, async (payload) => void (await db.query('telling the other instances', 'SELECT pg_notify($1, $2)', [CHANNEL, payload])));
    this.processingTimes = new PostgresProcessingTimes(db, this.#outbox, { seed: seed.processingTimes ?? null, readOnly });
  }

  static async open({ url, seed, readOnly = false, log = silentLogger, statementTimeoutMs, instanceExpirySeconds = 20, now = () => new Date() }: PostgresOpenOptions): Promise<PostgresStore> {
    const pool = createPool(url, { statementTimeoutMs, onIdleError: (error) => log.warn({ err: error.message }, 'PostgreSQL closed an idle connection (a restart?): it is opened again when needed') });
    let client: pg.PoolClient;
    try {
      client = await pool.connect();
    } catch (error) {
      await pool.end().catch(() => undefined);
      throw connectError(url, error);
    }
    const store = new PostgresStore(url, new Database(pool), { readOnly, log, now, instanceExpirySeconds, seed });
    try {
      const applied = await migrate(client, store.#where);
      if (applied.length) log.info({ database: store.#where, migrations: applied }, 'database schema brought up to date');
    } catch (error) {
      client.release(true);
      await pool.end().catch(() => undefined);
      throw (error as Error).name === 'StoreSchemaError' ? error : connectError(url, error);
    }
    client.release();
    try {
      await store.#load();
      if (!store.#draws.length && !store.#meta.seededFrom) await store.#seed(seed);
      if (!readOnly) {
        await store.#register();
        await store.#listen();
      }
      return store;
    } catch (error) {
      await store.close().catch(() => undefined);
      throw error;
    }
  }

  // Rounds and meta: held in memory --------------------------------------------------------------

  async #load(client: Queryable = this.#db.pool): Promise<void> {
    try {
      const meta = await client.query<{ data: Partial<MetaData>; revision: string }>('SELECT data, revision FROM meta');
      const draws = await client.query<{ data: Draw }>('SELECT data FROM draws');
      this.#meta = { ...EMPTY_META, ...meta.rows[0]?.data };
      this.#revision = Number(meta.rows[0]?.revision ?? 0);
      this.#draws = draws.rows.map((row) => row.data).sort(compareDrawsNewestFirst);
    } catch (error) {
      throw databaseError('reading the rounds', error);
    }
  }

  /** The shipped history on an empty database, once, whichever process gets there first. */
  async #seed(seed: StoreSeed): Promise<void> {
    const draws = seed.draws();
    const seededFrom = { file: seed.file, newestRound: draws[0]?.number ?? null, at: this.#now().toISOString() };
    if (this.#readOnly) {
      this.#draws = draws;
      this.#meta = { ...this.#meta, seededFrom };
      return;
    }
    await this.#db.transaction('seeding the round history', async (client) => {
      await client.query('SELECT pg_advisory_xact_lock($1)', [SEED_LOCK]);
      const { rows } = await client.query<{ n: string }>('SELECT count(*) AS n FROM draws');
      if (Number(rows[0]!.n) === 0) {
        await this.#upsertDraws(client, draws);
        await this.#patchMeta(client, { seededFrom });
      }
      await this.#load(client);
    });
  }

  async #upsertDraws(client: Queryable, draws: readonly Draw[]): Promise<void> {
    if (!draws.length) return;
    await client.query('INSERT INTO draws (number, data) SELECT number, data FROM unnest($1::text[], $2::jsonb[]) AS given (number, data) ON CONFLICT (number) DO UPDATE SET data = EXCLUDED.data', [draws.map((draw) => draw.number), draws.map((draw) => JSON.stringify(draw))]);
  }

  /** Changes meta's fields given (others' writes to other fields kept), tells the other processes, returns meta as stored. */
  async #patchMeta(client: Queryable, patch: Partial<MetaData>): Promise<void> {
    const { rows } = await client.query<{ data: Partial<MetaData>; revision: string }>(
      `INSERT INTO meta (id, data, revision) VALUES (true, $1, 1)
       ON CONFLICT (id) DO UPDATE SET data = meta.data || EXCLUDED.data, revision = meta.revision + 1 RETURNING data, revision`,
      [JSON.stringify(patch)],
    );
    await client.query('SELECT pg_notify($1, $2)', [CHANNEL, rows[0]!.revision]);
    this.#pending = { meta: { ...EMPTY_META, ...rows[0]!.data }, revision: Number(rows[0]!.revision) };
  }

  /** Meta as a transaction wrote it: held once the transaction committed. */
  #pending: { meta: MetaData; revision: number } | null = null;

  /** A change to the rounds or meta, in one transaction; memory follows once it committed. */
  async #change(doing: string, work: (client: pg.PoolClient) => Promise<void>, draws?: Draw[]): Promise<void> {
    this.#assertWritable();
    this.#pending = null;
    await this.#db.transaction(doing, work);
    if (this.#pending) {
      ({ meta: this.#meta, revision: this.#revision } = this.#pending);
      this.#pending = null;
    }
    if (draws) this.#draws = draws;
  }

  get draws(): readonly Draw[] {
    return this.#draws;
  }

  get meta(): Readonly<MetaData> {
    return this.#meta;
  }

  get feedState(): FeedState | null {
    return this.#meta.feed;
  }

  /** Reads the rounds and meta again if another process changed them since. */
  async refresh(): Promise<void> {
    const { rows } = await this.#db.query<{ revision: string }>('checking for changes', 'SELECT revision FROM meta');
    if (Number(rows[0]?.revision ?? 0) !== this.#revision) await this.#load();
  }

  async placeRounds(place: (draw: Draw) => CategoryRef): Promise<number> {
    const moved: Draw[] = [];
    const draws = this.#draws.map((draw) => {
      const category = place(draw);
      if (jsonEqual(category, draw.category)) return draw;
      const placed = { ...draw, category };
      moved.push(placed);
      return placed;
    });
    if (!moved.length) return 0;
    if (this.#readOnly) this.#draws = draws;
    else await this.#change('placing the rounds again', async (client) => {
      await this.#upsertDraws(client, moved);
      await this.#patchMeta(client, {});
    }, draws);
    return moved.length;
  }

  /**
   * A sync's result in one transaction: the broadcast the new rounds owe, the rounds, the feed state.
   * Another process that stored these rounds first (a `cli sync` beside the bot) planned their
   * broadcast: this one is then left out, so no chat gets them twice.
   */
  async saveSync({ draws, added, edited, broadcast, feed, at }: SyncChange): Promise<void> {
    await this.#change('saving new rounds', async (client) => {
      await client.query('SELECT pg_advisory_xact_lock($1)', [SEED_LOCK]);
      const { rows } = await client.query<{ number: string }>('SELECT number FROM draws WHERE number = ANY($1::text[])', [added.map((draw) => draw.number)]);
      if (broadcast && !rows.length) await this.#outbox.add(client, broadcast);
      await this.#upsertDraws(client, [...added, ...edited.map((edit) => edit.after)]);
      await this.#patchMeta(client, { feed, lastSync: { at, source: feed.source, added: added.length, edited: edited.length } });
    }, draws);
  }

  async recordPoll(poll: PollRecord, newRounds: string[] = []): Promise<void> {
    const patch: Partial<MetaData> = { lastPoll: poll };
    if (newRounds.length) patch.lastNewRounds = { at: poll.at, rounds: newRounds };
    // A failed poll reached nothing: the last one that did stays, for the footer's "checked with IRCC".
    if (poll.outcome !== 'failed') patch.lastReachedAt = poll.at;
    await this.#change('recording a poll', (client) => this.#patchMeta(client, patch));
  }

  async recordPeriodic(at: string, broadcast: Broadcast | null): Promise<void> {
    await this.#change('planning the periodic digest', async (client) => {
      if (broadcast) await this.#outbox.add(client, broadcast);
      await this.#patchMeta(client, { lastPeriodicAt: at });
    });
  }

  // Subscriptions: one row each ----------------------------------------------------------------

  async get(id: string): Promise<Subscription | undefined> {
    const { rows } = await this.#db.query<SubscriptionRow>('reading a subscription', { name: 'get-subscription', text: `SELECT ${SUBSCRIPTION_COLUMNS} FROM subscriptions WHERE id = $1`, values: [id] });
    return rows[0] && subscriptionOf(rows[0]);
  }

  async listSubscriptions(): Promise<Subscription[]> {
    const { rows } = await this.#db.query<SubscriptionRow>('reading the subscriptions', `SELECT ${SUBSCRIPTION_COLUMNS} FROM subscriptions ORDER BY created_at, id`);
    return rows.map(subscriptionOf);
  }

  async save(subscription: Subscription): Promise<void> {
    await this.saveMany([subscription]);
  }

  async saveMany(subscriptions: readonly Subscription[]): Promise<void> {
    this.#assertWritable();
    // One statement is atomic by itself: a /subscribe is one round trip, whatever the audience.
    if (subscriptions.length <= 1000) {
      await this.#db.query('saving subscriptions', { name: 'upsert-subscriptions', text: UPSERT_SUBSCRIPTIONS, values: subscriptionColumns(subscriptions) });
      return;
    }
    // A thousand a statement: a copy of 100,000 is a hundred statements, in one transaction.
    await this.#db.transaction('saving subscriptions', async (client) => {
      for (let from = 0; from < subscriptions.length; from += 1000) await client.query({ name: 'upsert-subscriptions', text: UPSERT_SUBSCRIPTIONS, values: subscriptionColumns(subscriptions.slice(from, from + 1000)) });
    });
  }

  async remove(id: string): Promise<void> {
    this.#assertWritable();
    await this.#db.transaction('removing a subscription', async (client) => {
      const { rows } = await client.query<{ platform: Platform }>('DELETE FROM subscriptions WHERE id = $1 RETURNING platform', [id]);
      if (rows[0]) await this.#outbox.dropPending(client, { id, platform: rows[0].platform }, 'unsubscribed');
    });
  }

  async disable(id: string, reason: string): Promise<void> {
    this.#assertWritable();
    await this.#db.transaction('disabling a subscription', async (client) => {
      const { rows } = await client.query<{ platform: Platform }>('UPDATE subscriptions SET disabled_at = $2, disabled_reason = $3 WHERE id = $1 RETURNING platform', [id, this.#now(), reason]);
      if (rows[0]) await this.#outbox.dropPending(client, { id, platform: rows[0].platform }, `subscription disabled: ${reason}`);
    });
  }

  // Outbox -------------------------------------------------------------------------------------

  async addBroadcast(broadcast: Broadcast): Promise<void> {
    this.#assertWritable();
    await this.#db.transaction('planning a broadcast', (client) => this.#outbox.add(client, broadcast));
  }

  plannedRounds(rounds: readonly string[]): Promise<PlannedRounds> {
    return this.#outbox.plannedRounds(rounds);
  }

  take(platform: Platform, max: number, now: number): Promise<Delivery[]> {
    this.#assertWritable();
    return this.#outbox.take(platform, max, now);
  }

  waiting(platform: Platform, now: number): Promise<{ due: boolean; nextRetryAt: number | null }> {
    return this.#outbox.waiting(platform, now);
  }

  markSent(delivery: Delivery, at: string): Promise<void> {
    return this.#outbox.markSent(delivery, at);
  }

  markRetry(delivery: Delivery, { attempts, notBefore, error }: { attempts: number; notBefore: string; error: string }): Promise<void> {
    return this.#outbox.settle(delivery, { status: 'pending', attempts, notBefore, error });
  }

  markDropped(delivery: Delivery, { attempts, error }: { attempts: number; error: string }): Promise<void> {
    return this.#outbox.settle(delivery, { status: 'dropped', attempts, notBefore: null, error });
  }

  release(delivery: Delivery): Promise<void> {
    return this.#outbox.release(delivery);
  }

  outboxSummary(): Promise<OutboxSummary> {
    return this.#outbox.summary();
  }

  pruneOutbox(before: string): Promise<number> {
    this.#assertWritable();
    return this.#outbox.prune(before);
  }

  // Moving a bot between stores (transfer.ts) --------------------------------------------------

  unfinishedBroadcasts(): Promise<{ broadcast: Broadcast; progress: Progress }[]> {
    return this.#outbox.unfinished();
  }

  async importBroadcast(broadcast: Broadcast, progress: Progress): Promise<boolean> {
    this.#assertWritable();
    return this.#db.transaction('copying a broadcast', (client) => this.#outbox.add(client, broadcast, progress));
  }

  async importHistory(draws: readonly Draw[], meta: MetaData): Promise<void> {
    await this.#change('copying the rounds and meta', async (client) => {
      await this.#upsertDraws(client, draws);
      await this.#patchMeta(client, meta);
    });
    await this.#load();
  }

  importProcessingTimes(snapshots: readonly StoredSnapshot[], record: ProcessingTimesRecord): Promise<number> {
    return this.processingTimes.importSnapshots(snapshots, record);
  }

  async liveInstances(): Promise<LiveInstance[]> {
    const { rows } = await this.#db.query<{ id: string; host: string; pid: number; started_at: Date; seen_at: Date }>(
      'reading the instances',
      'SELECT id, host, pid, started_at, seen_at FROM instances WHERE id <> $1 AND seen_at > now() - make_interval(secs => $2) ORDER BY started_at',
      [this.#instance, 20],
    );
    return rows.map((row) => ({ id: row.id, host: row.host, pid: row.pid, startedAt: row.started_at.toISOString(), seenAt: row.seen_at.toISOString() }));
  }

  // This process as an instance -----------------------------------------------------------------

  /** Seen while it runs: what it takes stays its own; a day unseen and its row goes. */
  async #register(): Promise<void> {
    await this.#db.query('registering this process', `DELETE FROM instances WHERE seen_at < now() - interval '1 day'`);
    await this.#db.query('registering this process', 'INSERT INTO instances (id, host, pid, started_at, seen_at) VALUES ($1, $2, $3, now(), now())', [this.#instance, hostname(), process.pid]);
    this.#heartbeat = setInterval(() => {
      this.#db.query('renewing this process’s lease', 'UPDATE instances SET seen_at = now() WHERE id = $1', [this.#instance]).catch((error: Error) => this.#log.warn({ err: error.message }, 'could not renew this process’s lease in PostgreSQL: trying again'));
    }, HEARTBEAT_MS).unref();
  }

  /** Hears when another process changes the rounds or meta; reconnects after a drop, reading again what it missed. */
  async #listen(): Promise<void> {
    const listener = new pg.Client({ connectionString: this.#url, application_name: 'express-entry-bot (listening)' });
    listener.on('notification', (message) => {
      if (message.payload === 'lease-released') return this.coordination.leaseReleased();
      if (Number(message.payload) !== this.#revision) this.refresh().catch((error: Error) => this.#log.warn({ err: error.message }, 'could not read the rounds again after a change'));
    });
    listener.on('error', (error) => {
      this.#log.warn({ err: error.message }, 'the PostgreSQL change listener was cut: listening again');
      this.#listener = null;
      void listener.end().catch(() => undefined);
      setTimeout(() => void this.#relisten(), 1000).unref();
    });
    await listener.connect();
    await listener.query(`LISTEN ${CHANNEL}`);
    this.#listener = listener;
  }

  async #relisten(): Promise<void> {
    if (this.#closed) return;
    try {
      await this.#listen();
      await this.refresh();
    } catch (error) {
      this.#log.warn({ err: (error as Error).message }, 'could not listen for changes in PostgreSQL yet: trying again');
      setTimeout(() => void this.#relisten(), 5000).unref();
    }
  }

  get instanceId(): string {
    return this.#instance;
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    if (this.#heartbeat) clearInterval(this.#heartbeat);
    try {
      if (!this.#readOnly) {
        // What it took goes back at once, for the next process; it is no longer an instance.
        await this.#outbox.releaseAll();
        await this.#db.query('leaving', 'DELETE FROM instances WHERE id = $1', [this.#instance]);
      }
    } catch (error) {
      this.#log.warn({ err: (error as Error).message }, 'could not give back this process’s posts on close: they are free once its lease runs out');
    } finally {
      await this.#listener?.end().catch(() => undefined);
      await this.#db.pool.end().catch(() => undefined);
    }
  }

  #assertWritable(): void {
    if (this.#readOnly) throw new Error('this store was opened read-only');
  }
}
