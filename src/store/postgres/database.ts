import type pg from 'pg';
import { databaseError } from './connect.ts';

export type Queryable = Pick<pg.PoolClient, 'query'>;

/**
 * The pool with one way to run a transaction: BEGIN, the work, COMMIT; anything failing rolls back
 * and is reported as what was being done (a lost connection, a statement timeout), never swallowed.
 * A connection that failed is not given back to the pool.
 */
export class Database {
  readonly pool: pg.Pool;

  constructor(pool: pg.Pool) {
    this.pool = pool;
  }

  /** One statement (atomic by itself); a named one is prepared once per connection. */
  async query<R extends pg.QueryResultRow>(doing: string, statement: string | pg.QueryConfig, values?: unknown[]): Promise<pg.QueryResult<R>> {
    try {
      return await this.pool.query<R>(typeof statement === 'string' ? { text: statement, values } : statement);
    } catch (error) {
      throw databaseError(doing, error);
    }
  }

  async transaction<T>(doing: string, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    let client: pg.PoolClient;
    try {
      client = await this.pool.connect();
    } catch (error) {
      throw databaseError(doing, error);
    }
    let failed = false;
    // A connection lost while checked out is reported through the statement under way; the pool
    // listens only to idle ones, and an 'error' nobody hears would end the process.
    const lost = () => (failed = true);
    client.on('error', lost);
    try {
      await client.query('BEGIN');
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      failed = true;
      await client.query('ROLLBACK').catch(() => undefined);
      throw databaseError(doing, error);
    } finally {
      client.removeListener('error', lost);
      client.release(failed);
    }
  }
}
