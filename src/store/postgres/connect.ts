import pg from 'pg';
import { StoreConnectError, StoreDatabaseError } from '../errors.ts';

/** Where a DATABASE_URL points, for messages: host, port, database and user; never the password. */
export function describeDatabase(url: string): string {
  try {
    const parsed = new URL(url);
    const database = decodeURIComponent(parsed.pathname.replace(/^\//, '')) || '(default)';
    const host = parsed.hostname || parsed.searchParams.get('host') || 'localhost';
    return `"${database}" on ${host}:${parsed.port || '5432'}${parsed.username ? ` as ${decodeURIComponent(parsed.username)}` : ''}`;
  } catch {
    return '(a DATABASE_URL that is not a URL)';
  }
}

export interface PoolOptions {
  /** A statement running longer is cancelled and reported (PostgreSQL's statement_timeout). */
  statementTimeoutMs?: number;
  /** Connections at most (the delivery worker, commands, the listener). */
  max?: number;
  /** Called with errors of idle connections (a server restart): logged, never thrown. */
  onIdleError?: (error: Error) => void;
}

export function createPool(url: string, { statementTimeoutMs = 15_000, max = 8, onIdleError }: PoolOptions = {}): pg.Pool {
  const pool = new pg.Pool({
    connectionString: url,
    max,
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 30_000,
    statement_timeout: statementTimeoutMs,
    // Holding a transaction open while a chat platform answers is a bug: end it rather than block others.
    idle_in_transaction_session_timeout: 60_000,
    application_name: 'express-entry-bot',
    keepAlive: true,
  });
  // An idle connection dropped by the server (restart, network) must not end the process.
  pool.on('error', (error) => onIdleError?.(error));
  return pool;
}

/** Errors of the first connection, said once in a line naming the server and database. */
export function connectError(url: string, error: unknown): StoreConnectError {
  const where = describeDatabase(url);
  const { code, message } = error as { code?: string; message?: string };
  const reason = (() => {
    switch (code) {
      case 'ECONNREFUSED':
        return 'the server refused the connection (is PostgreSQL running, and listening there?)';
      case 'ENOTFOUND':
      case 'EAI_AGAIN':
        return 'the host name does not resolve';
      case 'ETIMEDOUT':
        return 'the server did not answer in time';
      case '28P01':
      case '28000':
        return 'the server refused the login (user or password wrong, or not allowed from here)';
      case '3D000':
        return 'that database does not exist (create it, or fix the name in DATABASE_URL)';
      case '42501':
        return 'the user may not create the tables it needs (grant CREATE on the database)';
      default:
        return message?.includes('timeout') ? 'the server did not answer in time' : (message ?? String(error));
    }
  })();
  return new StoreConnectError(`cannot use PostgreSQL database ${where}: ${reason}`);
}

/** A failed statement, named by what it was doing; a statement timeout says so plainly. */
export function databaseError(doing: string, error: unknown): StoreDatabaseError {
  if (error instanceof StoreDatabaseError) return error;
  const { code, message } = error as { code?: string; message?: string };
  const reason = code === '57014' ? `a statement took longer than the statement timeout and was cancelled (${message})` : (message ?? String(error));
  return new StoreDatabaseError(`PostgreSQL: ${doing} failed: ${reason}; nothing of it was saved`, { cause: error });
}
