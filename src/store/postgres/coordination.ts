import type { Coordination, LeaseHolder, LeaseTerm } from '../coordination.ts';
import type { Database } from './database.ts';

/** Telegram retries an update for a day at most; a day of update ids is a few thousand rows. */
const UPDATES_KEPT = "interval '1 day'";

/**
 * Several instances on one database (../coordination.ts): the leader's lease is one row, taken
 * only once expired or released; taking it frees the deliveries any other instance still held
 * (that instance stopped sending before its lease ran out). Releasing it is announced, so that a
 * standby takes over at once.
 */
export class PostgresCoordination implements Coordination {
  readonly #db: Database;
  readonly instanceId: string;
  readonly #notify: (payload: string) => Promise<void>;
  readonly #released: (() => void)[] = [];

  /** How long an instance not seen still holds what it claimed (seconds). */
  readonly #expirySeconds: number;

  constructor(db: Database, instanceId: string, expirySeconds: number, notify: (payload: string) => Promise<void>) {
    this.#db = db;
    this.instanceId = instanceId;
    this.#expirySeconds = expirySeconds;
    this.#notify = notify;
  }

  async acquireLease(ttlMs: number): Promise<LeaseTerm | null> {
    return this.#db.transaction('taking the leader lease', async (client) => {
      const { rows } = await client.query<{ epoch: string; since: Date }>(
        `INSERT INTO leader (id, instance_id, epoch, since, renewed_at, expires_at) VALUES (true, $1, 1, now(), now(), now() + make_interval(secs => $2 / 1000.0))
         ON CONFLICT (id) DO UPDATE SET instance_id = EXCLUDED.instance_id, epoch = leader.epoch + 1, since = now(), renewed_at = now(), expires_at = EXCLUDED.expires_at
           WHERE leader.expires_at < now()
         RETURNING epoch, since`,
        [this.instanceId, ttlMs],
      );
      if (!rows[0]) return null;
      // The previous leader stopped sending before its lease expired: what it held is free.
      await client.query('UPDATE deliveries SET leased_by = NULL WHERE leased_by IS NOT NULL AND leased_by <> $1', [this.instanceId]);
      return { epoch: Number(rows[0].epoch), since: rows[0].since.toISOString() };
    });
  }

  async renewLease(epoch: number, ttlMs: number): Promise<boolean> {
    const { rowCount } = await this.#db.query(
      'renewing the leader lease',
      { name: 'renew-lease', text: 'UPDATE leader SET renewed_at = now(), expires_at = now() + make_interval(secs => $3 / 1000.0) WHERE instance_id = $1 AND epoch = $2 AND expires_at > now()', values: [this.instanceId, epoch, ttlMs] },
    );
    return rowCount === 1;
  }

  async releaseLease(epoch: number): Promise<void> {
    const { rowCount } = await this.#db.query('giving up the leader lease', "UPDATE leader SET expires_at = now() - interval '1 millisecond' WHERE instance_id = $1 AND epoch = $2", [this.instanceId, epoch]);
    if (rowCount) await this.#notify('lease-released');
  }

  async leaseHolder(): Promise<LeaseHolder | null> {
    const { rows } = await this.#db.query<{ instance_id: string; epoch: string; since: Date; renewed_at: Date; expires_at: Date }>('reading the leader lease', 'SELECT instance_id, epoch, since, renewed_at, expires_at FROM leader WHERE expires_at > now()');
    const row = rows[0];
    return row ? { instanceId: row.instance_id, epoch: Number(row.epoch), since: row.since.toISOString(), renewedAt: row.renewed_at.toISOString(), expiresAt: row.expires_at.toISOString() } : null;
  }

  onLeaseReleased(listener: () => void): void {
    this.#released.push(listener);
  }

  /** The store's listener heard another instance release the lease. */
  leaseReleased(): void {
    for (const listener of this.#released) listener();
  }

  /**
   * The first instance to claim an update handles it. A claim whose instance is no longer seen
   * (it died while answering; Telegram delivers the update again) is taken over, so no update is
   * lost to a crash — unless its answer had gone out already, the one case answered twice.
   */
  async claimUpdate(updateId: number): Promise<boolean> {
    const { rowCount } = await this.#db.query('recording a Telegram update', {
      name: 'claim-update',
      text: `INSERT INTO telegram_updates (update_id, instance_id) VALUES ($1, $2)
             ON CONFLICT (update_id) DO UPDATE SET instance_id = EXCLUDED.instance_id, seen_at = now()
               WHERE telegram_updates.handled_at IS NULL AND telegram_updates.instance_id <> EXCLUDED.instance_id
                 AND NOT EXISTS (SELECT 1 FROM instances i WHERE i.id = telegram_updates.instance_id AND i.seen_at > now() - make_interval(secs => $3))`,
      values: [updateId, this.instanceId, this.#expirySeconds],
    });
    return rowCount === 1;
  }

  async updateHandled(updateId: number): Promise<void> {
    await this.#db.query('recording a Telegram update as handled', { name: 'update-handled', text: 'UPDATE telegram_updates SET handled_at = now() WHERE update_id = $1', values: [updateId] });
  }

  async sharedSecret(name: string, make: () => string): Promise<string> {
    await this.#db.query('storing a shared secret', 'INSERT INTO secrets (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING', [name, make()]);
    const { rows } = await this.#db.query<{ value: string }>('reading a shared secret', 'SELECT value FROM secrets WHERE name = $1', [name]);
    return rows[0]!.value;
  }

  async remember(key: string, value: unknown, ttlMs: number): Promise<void> {
    await this.#db.query('keeping a value', 'INSERT INTO kept (key, value, expires_at) VALUES ($1, $2, now() + make_interval(secs => $3 / 1000.0)) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, expires_at = EXCLUDED.expires_at', [key, JSON.stringify(value), ttlMs]);
  }

  async recall<T>(key: string): Promise<T | undefined> {
    const { rows } = await this.#db.query<{ value: T }>('reading a kept value', 'SELECT value FROM kept WHERE key = $1 AND expires_at > now()', [key]);
    return rows[0]?.value;
  }

  async forget(key: string): Promise<void> {
    await this.#db.query('forgetting a kept value', 'DELETE FROM kept WHERE key = $1', [key]);
  }

  /** Forgets updates and values past their time (the leader, now and then). */
  async prune(): Promise<void> {
    await this.#db.query('forgetting old updates', `DELETE FROM telegram_updates WHERE seen_at < now() - ${UPDATES_KEPT}`);
    await this.#db.query('forgetting expired values', 'DELETE FROM kept WHERE expires_at < now()');
  }
}
