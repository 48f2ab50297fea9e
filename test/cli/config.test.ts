import { describe, expect, it } from 'vitest';
import { ConfigError, databasePassword, loadConfig } from '../../src/config.ts';

/** The variables of several instances, checked once at start: a wrong value names the variable, never the value. */

const message = (env: Record<string, string>) => {
  try {
    loadConfig(env);
    return null;
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
};

describe('configuration of several instances', () => {
  it('DISCORD_SHARDS is this instance’s share of DISCORD_SHARD_COUNT', () => {
    expect(loadConfig({ DISCORD_SHARDS: '1, 0,1', DISCORD_SHARD_COUNT: '4' })).toMatchObject({ DISCORD_SHARDS: [0, 1], DISCORD_SHARD_COUNT: 4 });
    expect(message({ DISCORD_SHARDS: '0,1' })).toBe('invalid configuration:\n  DISCORD_SHARD_COUNT: is required with DISCORD_SHARDS (how many shards all instances run together)');
    expect(message({ DISCORD_SHARDS: '2,5', DISCORD_SHARD_COUNT: '4' })).toBe('invalid configuration:\n  DISCORD_SHARDS: names shard 5, but shards are numbered from 0 to DISCORD_SHARD_COUNT − 1');
    expect(message({ DISCORD_SHARDS: 'first', DISCORD_SHARD_COUNT: '4' })).toBe('invalid configuration:\n  DISCORD_SHARDS: expected shard numbers separated by commas, such as 0,1');
  });

  it('TELEGRAM_WEBHOOK_SECRET is what Telegram accepts; DATABASE_URL a postgres URL whose password stays out of messages', () => {
    expect(message({ TELEGRAM_WEBHOOK_SECRET: 'short' })).toBe('invalid configuration:\n  TELEGRAM_WEBHOOK_SECRET: expected 16 to 256 letters, digits, "_" or "-" (what Telegram accepts as a secret token)');
    expect(loadConfig({ TELEGRAM_WEBHOOK_SECRET: 'a-secret_of-enough-length' }).TELEGRAM_WEBHOOK_SECRET).toBe('a-secret_of-enough-length');
    const wrong = message({ DATABASE_URL: 'mysql://bot:hunter2hunter2@db/x' });
    expect(wrong).toMatch(/^invalid configuration:\n {2}DATABASE_URL: expected a postgres:\/\/ URL such as postgres:\/\/bot:password@localhost:5432\/express_entry_bot$/);
    expect(wrong).not.toContain('hunter2');
    expect(databasePassword('postgres://bot:p%40ss@db:5432/eeb')).toBe('p@ss');
    expect(databasePassword(undefined)).toBeUndefined();
  });
});
