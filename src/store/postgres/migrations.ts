import type { PoolClient } from 'pg';
import { StoreSchemaError } from '../errors.ts';

/**
 * The database schema, as numbered migrations applied at start, in order, each in the same
 * transaction as the version it records (one start at a time: an advisory lock). A database whose
 * schema is newer than this code refuses to start. Add a migration; never edit one that shipped.
 */
export const MIGRATIONS: readonly { version: number; name: string; sql: string }[] = [
  {
    version: 1,
    name: 'rounds, meta, subscriptions, the outbox, instances',
    sql: `
      -- The round history: one row per round, the normalized round as IRCC published it.
      CREATE TABLE draws (
        number text PRIMARY KEY,
        data jsonb NOT NULL CHECK (data->>'number' = number)
      );

      -- The feed's validators, the last sync and poll, the periodic digest's clock: one row.
      -- revision grows with every change of the rounds or meta, so other processes know to read again.
      CREATE TABLE meta (
        id boolean PRIMARY KEY DEFAULT true CHECK (id),
        data jsonb NOT NULL,
        revision bigint NOT NULL DEFAULT 0
      );

      -- A change costs one row, whatever the audience.
      CREATE TABLE subscriptions (
        id text PRIMARY KEY,
        platform text NOT NULL CHECK (platform IN ('telegram', 'discord')),
        chat_id text NOT NULL,
        is_group boolean NOT NULL,
        locale text NOT NULL,
        categories text[],
        each_round boolean NOT NULL,
        periodic boolean NOT NULL,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        disabled_at timestamptz,
        disabled_reason text,
        CHECK (id = platform || ':' || chat_id),
        CHECK ((disabled_at IS NULL) = (disabled_reason IS NULL))
      );

      -- A broadcast as planned (never changed after: audience, round lists, each platform's part)
      -- and its progress in the same row, so neither can exist without the other. The audience is
      -- large and never rewritten by a mark: an update copies its pointer, not its bytes.
      CREATE TABLE broadcasts (
        id text PRIMARY KEY,
        seq bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
        kind text NOT NULL CHECK (kind IN ('rounds', 'periodic')),
        period_from date,
        period_to date,
        created_at timestamptz NOT NULL,
        size integer NOT NULL CHECK (size > 0),
        audience text[] NOT NULL,
        variants jsonb NOT NULL,
        variant_of integer[] NOT NULL,
        lanes jsonb NOT NULL,
        cursors jsonb NOT NULL DEFAULT '{}',
        sent integer NOT NULL DEFAULT 0,
        last_sent_at timestamptz,
        CHECK ((kind = 'periodic') = (period_from IS NOT NULL AND period_to IS NOT NULL)),
        CHECK (sent >= 0 AND sent <= size)
      );

      -- The deliveries not sent, one row each: taken and in flight, waiting for a retry, or dropped.
      -- Sent ones are counted in their broadcast, not kept. leased_by: the instance sending it now.
      CREATE TABLE deliveries (
        broadcast_id text NOT NULL REFERENCES broadcasts (id) ON DELETE CASCADE,
        position integer NOT NULL CHECK (position >= 0),
        platform text NOT NULL CHECK (platform IN ('telegram', 'discord')),
        status text NOT NULL CHECK (status IN ('pending', 'dropped')),
        attempts integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
        not_before timestamptz,
        error text,
        leased_by text,
        PRIMARY KEY (broadcast_id, position)
      );
      CREATE INDEX deliveries_pending ON deliveries (platform, not_before) WHERE status = 'pending';

      -- The processes working on this database, each renewing seen_at while it runs: a lease held
      -- by one no longer seen is free, and a copy refuses while one is.
      CREATE TABLE instances (
        id text PRIMARY KEY,
        host text NOT NULL,
        pid integer NOT NULL,
        started_at timestamptz NOT NULL,
        seen_at timestamptz NOT NULL
      );
    `,
  },
  {
    version: 2,
    name: 'processing times, and /subscribe ptime',
    sql: `
      -- Every snapshot of IRCC's processing times the bot kept (issue 20), never changed once kept
      -- but for a read of the same content again. raw is json, not jsonb: the file as IRCC published
      -- it, its keys in IRCC's order. seq orders snapshots read at the same instant.
      CREATE TABLE processing_time_snapshots (
        id text PRIMARY KEY,
        seq bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
        updated date NOT NULL,
        read_at timestamptz,
        source text NOT NULL,
        origin text NOT NULL CHECK (origin IN ('fetched', 'seed')),
        content_key text NOT NULL,
        raw json NOT NULL,
        CHECK ((origin = 'seed') = (read_at IS NULL))
      );

      -- The validators of the last read and the checks \`cli status\` reports: one row, locked by
      -- every write so that two processes keep snapshots one after the other.
      CREATE TABLE processing_times_state (
        id boolean PRIMARY KEY DEFAULT true CHECK (id),
        data jsonb NOT NULL DEFAULT '{}'
      );
      INSERT INTO processing_times_state DEFAULT VALUES;

      -- /subscribe ptime: off for every chat subscribed before.
      ALTER TABLE subscriptions ADD COLUMN processing_times boolean NOT NULL DEFAULT false;

      -- The 'ptime' broadcast: IRCC's new processing times, no rounds; its period runs from IRCC's
      -- previous update to this one. (The names are those PostgreSQL gave migration 1's checks.)
      ALTER TABLE broadcasts
        DROP CONSTRAINT broadcasts_kind_check,
        DROP CONSTRAINT broadcasts_check,
        ADD CONSTRAINT broadcasts_kind_check CHECK (kind IN ('rounds', 'periodic', 'ptime')),
        ADD CONSTRAINT broadcasts_period_check CHECK ((kind IN ('periodic', 'ptime')) = (period_from IS NOT NULL AND period_to IS NOT NULL));
    `,
  },
  {
    version: 3,
    name: 'several instances: the leader lease, Telegram updates seen, shared secrets, kept values',
    sql: `
      -- Exactly one instance leads (polls the feed, plans digests, delivers): the one holding this
      -- row's lease until expires_at. epoch grows with every new term (a fencing token).
      CREATE TABLE leader (
        id boolean PRIMARY KEY DEFAULT true CHECK (id),
        instance_id text NOT NULL,
        epoch bigint NOT NULL,
        since timestamptz NOT NULL,
        renewed_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL
      );

      -- Telegram updates claimed by an instance, and whether handled: one delivered twice is answered once.
      CREATE TABLE telegram_updates (
        update_id bigint PRIMARY KEY,
        instance_id text NOT NULL,
        seen_at timestamptz NOT NULL DEFAULT now(),
        handled_at timestamptz
      );
      CREATE INDEX telegram_updates_seen ON telegram_updates (seen_at);

      -- Secrets every instance must know (the Telegram webhook's), made once by the first to ask.
      CREATE TABLE secrets (
        name text PRIMARY KEY,
        value text NOT NULL
      );

      -- Values any instance may read until they expire (a prompt waiting for a typed answer).
      CREATE TABLE kept (
        key text PRIMARY KEY,
        value jsonb NOT NULL,
        expires_at timestamptz NOT NULL
      );
      CREATE INDEX kept_expiry ON kept (expires_at);
    `,
  },
];

export const SCHEMA_VERSION = MIGRATIONS.at(-1)!.version;

/** Any key: every process of this bot takes the same one while it migrates. */
const MIGRATION_LOCK = 0x65656231;

/** Brings the database's schema to this code's version; refuses one that is newer. Returns the migrations applied. */
export async function migrate(client: PoolClient, where: string): Promise<number[]> {
  await client.query('BEGIN');
  try {
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await client.query('CREATE TABLE IF NOT EXISTS schema_version (version integer NOT NULL, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())');
    const { rows } = await client.query<{ version: number | null }>('SELECT max(version) AS version FROM schema_version');
    const current = rows[0]?.version ?? 0;
    if (current > SCHEMA_VERSION) {
      throw new StoreSchemaError(`the database ${where} has schema ${current}, newer than this version of the bot reads (${SCHEMA_VERSION}): run the newer bot, or restore a backup made for this one`);
    }
    const applied: number[] = [];
    for (const migration of MIGRATIONS.filter((candidate) => candidate.version > current)) {
      await client.query(migration.sql);
      await client.query('INSERT INTO schema_version (version, name) VALUES ($1, $2)', [migration.version, migration.name]);
      applied.push(migration.version);
    }
    await client.query('COMMIT');
    return applied;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}
