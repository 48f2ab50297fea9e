import { lanesOf, plannedIn, postOf, type Broadcast, type PlannedRounds } from '../../core/broadcasts.ts';
import type { Platform, Subscription } from '../../core/subscriptions.ts';
import type { Delivery, OutboxSummary, Progress } from '../contract.ts';
import type { Database, Queryable } from './database.ts';
import { BROADCAST_COLUMNS, broadcastOf, SUBSCRIPTION_COLUMNS, subscriptionOf, type BroadcastRow, type SubscriptionRow } from './rows.ts';

type Lanes = ReturnType<typeof lanesOf>;

/**
 * The outbox in PostgreSQL: a broadcast and its progress in one row (broadcasts), the deliveries
 * not sent one row each (deliveries). Taking is one transaction that locks what it takes (FOR
 * UPDATE SKIP LOCKED): no delivery can be taken twice, by this process or another. A delivery
 * taken is leased to its instance; one leased by an instance no longer seen is free again.
 */
export class PostgresOutbox {
  readonly #db: Database;
  readonly #instance: string;
  /** How long an instance not seen keeps its leases (seconds). */
  readonly #expirySeconds: number;
  /** Broadcasts as planned: never changed once stored, so read once per process. */
  readonly #definitions = new Map<string, { broadcast: Broadcast; lanes: Lanes }>();
  /** Deliveries this process holds (taken, not settled): never handed out again here. */
  readonly #leases = new Set<string>();
  /** "Sent" marks waiting for the next write, and the write under way (markSent). */
  readonly #marks: { delivery: Delivery; at: string; resolve: () => void; reject: (error: unknown) => void }[] = [];
  #writingMarks = false;

  constructor(db: Database, instance: string, expirySeconds: number) {
    this.#db = db;
    this.#instance = instance;
    this.#expirySeconds = expirySeconds;
  }

  /** SQL true when a delivery's lease no longer holds (none, or its instance not seen lately). */
  #free(alias: string, instanceParam: string, expiryParam: string): string {
    return `(${alias}.leased_by IS NULL OR ${alias}.leased_by = ${instanceParam} OR NOT EXISTS (SELECT 1 FROM instances i WHERE i.id = ${alias}.leased_by AND i.seen_at > now() - make_interval(secs => ${expiryParam})))`;
  }

  async #definition(client: Queryable, id: string): Promise<{ broadcast: Broadcast; lanes: Lanes }> {
    let held = this.#definitions.get(id);
    if (!held) {
      const { rows } = await client.query<BroadcastRow>(`SELECT ${BROADCAST_COLUMNS} FROM broadcasts WHERE id = $1`, [id]);
      if (!rows[0]) throw new Error(`broadcast "${id}" is not stored`);
      const broadcast = broadcastOf(rows[0]);
      held = { broadcast, lanes: lanesOf(broadcast) };
      this.#definitions.set(id, held);
    }
    return held;
  }

  /** Plans a broadcast (and its progress, for a copy): one whose id is stored is left as it is. Returns whether it was added. */
  async add(client: Queryable, broadcast: Broadcast, progress?: Progress): Promise<boolean> {
    const lanes = lanesOf(broadcast);
    const { rowCount } = await client.query(
      `INSERT INTO broadcasts (id, kind, period_from, period_to, created_at, size, audience, variants, variant_of, lanes, cursors, sent, last_sent_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) ON CONFLICT (id) DO NOTHING`,
      [broadcast.id, broadcast.kind, broadcast.period?.from ?? null, broadcast.period?.to ?? null, broadcast.createdAt, broadcast.audience.length, broadcast.audience, JSON.stringify(broadcast.variants), broadcast.variantOf, JSON.stringify(lanes), JSON.stringify(progress?.cursors ?? {}), progress?.sent ?? 0, progress?.lastSentAt ?? null],
    );
    if (!rowCount) return false;
    const deliveries = Object.entries(progress?.deliveries ?? {});
    if (deliveries.length) {
      await client.query(
        `INSERT INTO deliveries (broadcast_id, position, platform, status, attempts, not_before, error)
         SELECT $1, position, platform, status, attempts, not_before, error FROM unnest($2::int[], $3::text[], $4::text[], $5::int[], $6::timestamptz[], $7::text[]) AS given (position, platform, status, attempts, not_before, error)`,
        [broadcast.id, deliveries.map(([index]) => Number(index)), deliveries.map(([index]) => broadcast.audience[Number(index)]!.split(':')[0]), deliveries.map(([, state]) => state.status), deliveries.map(([, state]) => state.attempts), deliveries.map(([, state]) => state.notBefore), deliveries.map(([, state]) => state.error)],
      );
    }
    return true;
  }

  async plannedRounds(rounds: readonly string[]): Promise<PlannedRounds> {
    const { rows } = await this.#db.query<{ id: string }>('reading the rounds planned', `SELECT id FROM broadcasts WHERE kind = 'rounds' AND EXISTS (SELECT 1 FROM jsonb_array_elements(variants) AS variant WHERE variant ?| $1::text[]) ORDER BY seq`, [rounds]);
    const broadcasts = await Promise.all(rows.map(async ({ id }) => (await this.#definition(this.#db.pool, id)).broadcast));
    return plannedIn(broadcasts, rounds);
  }

  async take(platform: Platform, max: number, now: number): Promise<Delivery[]> {
    return this.#db.transaction('taking posts to send', async (client) => {
      const taken: { broadcastId: string; index: number; attempts: number }[] = [];
      // Deliveries due again: retries whose time came, and those an instance took and no longer holds.
      const again = await client.query<{ broadcast_id: string; position: number; attempts: number }>(
        `SELECT d.broadcast_id, d.position, d.attempts FROM deliveries d JOIN broadcasts b ON b.id = d.broadcast_id
         WHERE d.platform = $1 AND d.status = 'pending' AND (d.not_before IS NULL OR d.not_before <= $2) AND ${this.#free('d', '$3', '$4')}
         ORDER BY b.seq, d.position LIMIT $5 FOR UPDATE OF d SKIP LOCKED`,
        [platform, new Date(now), this.#instance, this.#expirySeconds, max + this.#leases.size],
      );
      for (const row of again.rows) {
        if (taken.length >= max) break;
        if (!this.#leases.has(leaseOf(row.broadcast_id, row.position))) taken.push({ broadcastId: row.broadcast_id, index: row.position, attempts: row.attempts });
      }
      if (taken.length) await client.query(`UPDATE deliveries SET leased_by = $1 FROM unnest($2::text[], $3::int[]) AS t (broadcast_id, position) WHERE deliveries.broadcast_id = t.broadcast_id AND deliveries.position = t.position`, [this.#instance, taken.map((each) => each.broadcastId), taken.map((each) => each.index)]);

      // Then the next chats of the oldest broadcasts: each broadcast's row locked while its cursor moves.
      if (taken.length < max) {
        const open = await client.query<{ id: string; lanes: Lanes; cursors: Progress['cursors'] }>(
          // Waiting for another taker's row rather than skipping it: it moves the cursor, then this one goes on from there.
          `SELECT id, lanes, cursors FROM broadcasts WHERE lanes ? $1 AND coalesce((cursors->>$1)::int, (lanes->$1->>0)::int) < (lanes->$1->>1)::int ORDER BY seq FOR UPDATE`,
          [platform],
        );
        for (const row of open.rows) {
          if (taken.length >= max) break;
          const [start, end] = row.lanes[platform]!;
          let cursor = row.cursors[platform] ?? start;
          // Chats dropped before their turn (unsubscribed meanwhile) already have a row: passed over.
          const settled = new Set((await client.query<{ position: number }>('SELECT position FROM deliveries WHERE broadcast_id = $1 AND position >= $2', [row.id, cursor])).rows.map((each) => each.position));
          const fresh: number[] = [];
          for (; cursor < end && taken.length + fresh.length < max; cursor++) if (!settled.has(cursor)) fresh.push(cursor);
          if (fresh.length) await client.query(`INSERT INTO deliveries (broadcast_id, position, platform, status, leased_by) SELECT $1, position, $2, 'pending', $3 FROM unnest($4::int[]) AS position`, [row.id, platform, this.#instance, fresh]);
          await client.query(`UPDATE broadcasts SET cursors = jsonb_set(cursors, ARRAY[$2::text], to_jsonb($3::int)) WHERE id = $1`, [row.id, platform, cursor]);
          taken.push(...fresh.map((index) => ({ broadcastId: row.id, index, attempts: 0 })));
        }
      }
      if (!taken.length) return [];

      // The chats as they are now: one unsubscribed or disabled meanwhile is dropped, not taken.
      const posts: ((typeof taken)[number] & { broadcast: Broadcast })[] = [];
      for (const each of taken) posts.push({ ...each, broadcast: (await this.#definition(client, each.broadcastId)).broadcast });
      const ids = [...new Set(posts.map((each) => each.broadcast.audience[each.index]!))];
      const { rows } = await client.query<SubscriptionRow>(`SELECT ${SUBSCRIPTION_COLUMNS} FROM subscriptions WHERE id = ANY($1::text[])`, [ids]);
      const subscriptions = new Map(rows.map((row) => [row.id, subscriptionOf(row)]));
      const deliveries: Delivery[] = [];
      for (const { broadcastId, index, attempts, broadcast } of posts) {
        const subscription = subscriptions.get(broadcast.audience[index]!);
        if (!subscription || subscription.disabled) {
          await client.query(`UPDATE deliveries SET status = 'dropped', leased_by = NULL, not_before = NULL, error = $3 WHERE broadcast_id = $1 AND position = $2`, [broadcastId, index, dropReason(subscription)]);
          continue;
        }
        deliveries.push({ broadcastId, index, variant: broadcast.variantOf[index]!, post: postOf(broadcast, index), subscription, attempts });
      }
      return deliveries;
    }).then((deliveries) => {
      for (const delivery of deliveries) this.#leases.add(leaseOf(delivery.broadcastId, delivery.index));
      return deliveries;
    });
  }

  async waiting(platform: Platform, now: number): Promise<{ due: boolean; nextRetryAt: number | null }> {
    const { rows } = await this.#db.query<{ untaken: boolean; next: Date | null; held_ms: number | null }>(
      'reading what is owed',
      `SELECT EXISTS (SELECT 1 FROM broadcasts WHERE lanes ? $1 AND coalesce((cursors->>$1)::int, (lanes->$1->>0)::int) < (lanes->$1->>1)::int) AS untaken,
              (SELECT min(coalesce(d.not_before, 'epoch')) FROM deliveries d WHERE d.platform = $1 AND d.status = 'pending' AND ${this.#free('d', '$2', '$3')}
                 AND NOT ((d.broadcast_id || '#' || d.position) = ANY($4::text[]))) AS next,
              -- Another instance's posts in hand: free when its lease runs out, unless it renews it.
              (SELECT ceil(extract(epoch FROM min(i.seen_at) + make_interval(secs => $3) - now()) * 1000)::int FROM deliveries d JOIN instances i ON i.id = d.leased_by
                 WHERE d.platform = $1 AND d.status = 'pending' AND d.leased_by <> $2 AND i.seen_at > now() - make_interval(secs => $3)) AS held_ms`,
      [platform, this.#instance, this.#expirySeconds, [...this.#leases]],
    );
    const { untaken, next, held_ms: heldMs } = rows[0]!;
    if (untaken || (next !== null && next.getTime() <= now)) return { due: true, nextRetryAt: null };
    const candidates = [next?.getTime(), heldMs === null ? undefined : now + Math.max(1, heldMs)].filter((at): at is number => at !== undefined);
    return { due: false, nextRetryAt: candidates.length ? Math.min(...candidates) : null };
  }

  /**
   * A "sent" mark, resolved once it is committed. Marks that come while one write is under way go
   * together in the next (a group commit): every commit waits for the disk, and each counts on the
   * broadcast's one row, so one write per mark would cap the fan-out at the disk's syncs per second.
   */
  markSent(delivery: Delivery, at: string): Promise<void> {
    return new Promise((resolve, reject) => {
      this.#marks.push({ delivery, at, resolve, reject });
      if (this.#writingMarks) return;
      this.#writingMarks = true;
      void this.#writeMarks();
    });
  }

  async #writeMarks(): Promise<void> {
    while (this.#marks.length) {
      const marks = this.#marks.splice(0);
      try {
        // One statement: the deliveries go and their broadcasts count them, or none (a second mark counts nothing).
        await this.#db.query('writing "sent" marks', {
          name: 'mark-sent',
          text: `WITH marked AS (SELECT * FROM unnest($1::text[], $2::int[], $3::timestamptz[]) AS m (broadcast_id, position, at)),
                 gone AS (DELETE FROM deliveries d USING marked m WHERE d.broadcast_id = m.broadcast_id AND d.position = m.position RETURNING d.broadcast_id, m.at),
                 counted AS (SELECT broadcast_id, count(*) AS n, max(at) AS at FROM gone GROUP BY broadcast_id)
                 UPDATE broadcasts b SET sent = b.sent + counted.n, last_sent_at = greatest(b.last_sent_at, counted.at) FROM counted WHERE b.id = counted.broadcast_id`,
          values: [marks.map(({ delivery }) => delivery.broadcastId), marks.map(({ delivery }) => delivery.index), marks.map(({ at }) => at)],
        });
        for (const { delivery, resolve } of marks) {
          this.#leases.delete(leaseOf(delivery.broadcastId, delivery.index));
          resolve();
        }
      } catch (error) {
        for (const { reject } of marks) reject(error);
      }
    }
    this.#writingMarks = false;
  }

  async settle(delivery: Delivery, state: { status: 'pending' | 'dropped'; attempts: number; notBefore: string | null; error: string }): Promise<void> {
    try {
      await this.#db.query(
        'writing a post’s outcome',
        `UPDATE deliveries SET status = $3, attempts = $4, not_before = $5, error = $6, leased_by = NULL WHERE broadcast_id = $1 AND position = $2`,
        [delivery.broadcastId, delivery.index, state.status, state.attempts, state.notBefore, state.error],
      );
    } finally {
      this.#leases.delete(leaseOf(delivery.broadcastId, delivery.index));
    }
  }

  async release(delivery: Delivery): Promise<void> {
    this.#leases.delete(leaseOf(delivery.broadcastId, delivery.index));
    await this.#db.query('giving a post back', 'UPDATE deliveries SET leased_by = NULL WHERE broadcast_id = $1 AND position = $2 AND leased_by = $3', [delivery.broadcastId, delivery.index, this.#instance]);
  }

  /** Everything this process holds, given back (a graceful stop: the next instance takes them at once). */
  async releaseAll(): Promise<void> {
    this.#leases.clear();
    await this.#db.query('giving posts back', 'UPDATE deliveries SET leased_by = NULL WHERE leased_by = $1', [this.#instance]);
  }

  /** Drops what a subscription is still owed (unsubscribed, or the platform refused the chat), inside the caller's transaction. */
  async dropPending(client: Queryable, subscription: Pick<Subscription, 'id' | 'platform'>, reason: string): Promise<void> {
    const { platform } = subscription;
    const { rows } = await client.query<{ id: string }>('SELECT id FROM broadcasts WHERE lanes ? $1 ORDER BY seq', [platform]);
    for (const row of rows) {
      const { broadcast, lanes } = await this.#definition(client, row.id);
      const [start, end] = lanes[platform]!;
      const index = broadcast.audience.indexOf(subscription.id, start);
      if (index < 0 || index >= end) continue;
      // Deliveries, then the broadcast: the order every writer locks them in (a take, a mark), so none waits on another in a cycle.
      // Taken: dropped if not sent yet (its row still pending).
      const drop = () => client.query(`UPDATE deliveries SET status = 'dropped', error = $3, not_before = NULL, leased_by = NULL WHERE broadcast_id = $1 AND position = $2 AND status = 'pending'`, [row.id, index, reason]);
      const dropped = await drop();
      // Not taken yet: a dropped row it will be passed over for, written while no take moves the cursor.
      const { rows: [held] } = await client.query<{ cursors: Progress['cursors'] }>('SELECT cursors FROM broadcasts WHERE id = $1 FOR UPDATE', [row.id]);
      if (!held) continue;
      if (index >= (held.cursors[platform] ?? start)) {
        await client.query(`INSERT INTO deliveries (broadcast_id, position, platform, status, error) VALUES ($1, $2, $3, 'dropped', $4) ON CONFLICT (broadcast_id, position) DO NOTHING`, [row.id, index, platform, reason]);
      } else if (!dropped.rowCount) {
        // Taken by a take that moved the cursor between the two: its row is there now.
        await drop();
      }
    }
  }

  async summary(): Promise<OutboxSummary> {
    const { rows } = await this.#db.query<{ created_at: Date; size: number; sent: number; dropped: string; retrying: string }>(
      'reading the outbox',
      `SELECT b.created_at, b.size, b.sent,
              count(*) FILTER (WHERE d.status = 'dropped') AS dropped,
              count(*) FILTER (WHERE d.status = 'pending' AND d.attempts > 0) AS retrying
       FROM broadcasts b LEFT JOIN deliveries d ON d.broadcast_id = b.id GROUP BY b.id ORDER BY b.seq`,
    );
    const summary: OutboxSummary = { pending: 0, oldestPending: null, retrying: 0, sent: 0, dropped: 0 };
    for (const row of rows) {
      const pending = row.size - row.sent - Number(row.dropped);
      summary.pending += pending;
      summary.sent += row.sent;
      summary.dropped += Number(row.dropped);
      summary.retrying += Number(row.retrying);
      if (pending > 0) summary.oldestPending ??= row.created_at.toISOString();
    }
    return summary;
  }

  /** Broadcasts with posts pending, with their progress (`store copy`). */
  async unfinished(): Promise<{ broadcast: Broadcast; progress: Progress }[]> {
    const { rows } = await this.#db.query<{ id: string; cursors: Progress['cursors']; sent: number; last_sent_at: Date | null }>(
      'reading the outbox',
      `SELECT b.id, b.cursors, b.sent, b.last_sent_at FROM broadcasts b
       WHERE b.size - b.sent > (SELECT count(*) FROM deliveries d WHERE d.broadcast_id = b.id AND d.status = 'dropped') ORDER BY b.seq`,
    );
    const result: { broadcast: Broadcast; progress: Progress }[] = [];
    for (const row of rows) {
      const { broadcast } = await this.#definition(this.#db.pool, row.id);
      const states = await this.#db.query<{ position: number; status: 'pending' | 'dropped'; attempts: number; not_before: Date | null; error: string | null }>('reading the outbox', 'SELECT position, status, attempts, not_before, error FROM deliveries WHERE broadcast_id = $1', [row.id]);
      const deliveries = Object.fromEntries(states.rows.map((state) => [state.position, { status: state.status, attempts: state.attempts, notBefore: state.not_before?.toISOString() ?? null, error: state.error }]));
      result.push({ broadcast, progress: { cursors: row.cursors, deliveries, sent: row.sent, lastSentAt: row.last_sent_at?.toISOString() ?? null } });
    }
    return result;
  }

  /** Forgets broadcasts planned before `before` with nothing pending (their deliveries go with them). */
  async prune(before: string): Promise<number> {
    const { rows } = await this.#db.query<{ id: string; size: number }>(
      'forgetting finished broadcasts',
      `DELETE FROM broadcasts b WHERE b.created_at < $1
         AND b.size - b.sent = (SELECT count(*) FROM deliveries d WHERE d.broadcast_id = b.id AND d.status = 'dropped')
       RETURNING b.id, b.size`,
      [before],
    );
    for (const row of rows) this.#definitions.delete(row.id);
    return rows.reduce((sum, row) => sum + row.size, 0);
  }
}

function leaseOf(broadcastId: string, index: number): string {
  return `${broadcastId}#${index}`;
}

function dropReason(subscription: Subscription | undefined): string {
  return subscription?.disabled ? `subscription disabled: ${subscription.disabled.reason}` : 'unsubscribed';
}
