import { createRequire } from 'node:module';
import type cron from 'node-cron';
import { z } from 'zod';
import { DEFAULT_FEED_URL } from './core/feed/fetch.ts';
import { DEFAULT_PROCESSING_TIMES_URL } from './core/processing-times/sync.ts';

/**
 * The environment, validated once at start. Every error names the variable and what it expects,
 * never the value (tokens are secrets). Empty values count as unset, as in a copied .env.example.
 */

const optional = <T extends z.ZodType>(schema: T) => z.preprocess((value) => (value === '' ? undefined : value), schema.optional());
const withDefault = <T extends z.ZodType>(schema: T, fallback: z.input<T>) => z.preprocess((value) => (value === '' || value === undefined ? fallback : value), schema);
const snowflake = (what: string) => z.string().trim().regex(/^\d{17,20}$/, `expected the ${what} (a number of 17 to 20 digits)`);
const httpUrl = z.url({ protocol: /^https?$/, error: 'expected an http(s) URL' });
/**
 * A cron setting: one expression, or several separated by ";" (node-cron takes one per job; the
 * scheduler runs one job per expression and never two runs of a setting at once). node-cron (a
 * tenth of a start) is loaded only to check a value that is not the default, so that a command
 * that schedules nothing (`cli ask`) never loads it; the defaults are checked by the tests.
 */
const cronSetting = (fallback: string) =>
  withDefault(
    z.string().trim().refine((value) => value === fallback || (cronExpressions(value).length > 0 && cronExpressions(value).every(isCronExpression)), 'expected a cron expression such as "*/2 * * * 1-5", or several separated by ";"'),
    fallback,
  );

export function cronExpressions(setting: string): string[] {
  return setting.split(';').map((part) => part.trim()).filter(Boolean);
}

function isCronExpression(value: string): boolean {
  return (createRequire(import.meta.url)('node-cron') as typeof cron).validate(value);
}

/**
 * Every minute from 06:00 to 23:59 on weekdays (in TZ), when IRCC usually publishes; every 15
 * minutes the rest of the time, nights and weekends: IRCC has published outside office hours
 * (one June 2026 round carries 04:06 UTC on a Monday, 00:06 in Toronto). An unchanged feed
 * answers a conditional request with 304, so the polls cost little.
 */
export const DEFAULT_POLL_CRON = '* 6-23 * * 1-5; */15 0-5 * * 1-5; */15 * * * 0,6';

/**
 * IRCC updates its processing times about monthly, on no fixed day (the 10th, then the 3rd): one
 * check a day, in the morning in Toronto, finds an update within a day and costs IRCC a 304.
 */
export const DEFAULT_PROCESSING_TIMES_CRON = '17 7 * * *';

export const envSchema = z.object({
  DISCORD_TOKEN: optional(z.string().trim().regex(/^[\w-]{20,}\.[\w-]{4,}\.[\w-]{20,}$/, 'does not look like a Discord bot token (three dot-separated parts: Developer Portal → Bot → Reset Token)')),
  DISCORD_APPLICATION_ID: optional(snowflake('application id (Developer Portal → General Information)')),
  DISCORD_GUILD_ID: optional(snowflake('server (guild) id')),
  DISCORD_API_URL: optional(httpUrl),
  // This instance's share of the gateway when several run (e.g. "0,1" of DISCORD_SHARD_COUNT 4); unset: every shard Discord recommends, here.
  DISCORD_SHARDS: optional(z.string().trim().regex(/^\d+(\s*,\s*\d+)*$/, 'expected shard numbers separated by commas, such as 0,1').transform((value) => [...new Set(value.split(',').map(Number))].sort((a, b) => a - b))),
  DISCORD_SHARD_COUNT: optional(z.coerce.number().int().min(1).max(10_000)),
  TELEGRAM_BOT_TOKEN: optional(z.string().trim().regex(/^\d{5,}:[\w-]{30,}$/, 'does not look like a Telegram bot token ("123456789:AA…" from @BotFather)')),
  TELEGRAM_API_ROOT: optional(httpUrl),
  TELEGRAM_WEBHOOK_URL: optional(z.url({ protocol: /^https$/, error: 'expected the public https URL Telegram should post updates to' })),
  TELEGRAM_WEBHOOK_PORT: withDefault(z.coerce.number().int().min(1).max(65535), 8443),
  // The webhook's secret, the same on every instance behind one URL (else one is made and kept in the database, or made anew each start on a data folder).
  TELEGRAM_WEBHOOK_SECRET: optional(z.string().trim().regex(/^[A-Za-z0-9_-]{16,256}$/, 'expected 16 to 256 letters, digits, "_" or "-" (what Telegram accepts as a secret token)')),
  FEED_URL: withDefault(z.string().trim().min(1), DEFAULT_FEED_URL),
  PROCESSING_TIMES_URL: withDefault(z.string().trim().min(1), DEFAULT_PROCESSING_TIMES_URL),
  PROCESSING_TIMES_CRON: cronSetting(DEFAULT_PROCESSING_TIMES_CRON),
  DATA_DIR: withDefault(z.string().trim().min(1), './data'),
  // Set: the PostgreSQL store (several processes, large audiences) instead of lowdb files in DATA_DIR.
  DATABASE_URL: optional(z.string().trim().regex(/^postgres(ql)?:\/\/\S+$/, 'expected a postgres:// URL such as postgres://bot:password@localhost:5432/express_entry_bot')),
  POLL_CRON: cronSetting(DEFAULT_POLL_CRON),
  DIGEST_CRON: cronSetting('0 9 * * 1'),
  // The console chat and `cli ask` check the feed at start when the data is over an hour old.
  CHECK_ON_START: withDefault(z.stringbool({ error: 'expected true or false' }), 'true'),
  TZ: withDefault(z.string().trim().refine(isTimeZone, 'expected an IANA time zone such as America/Toronto'), 'America/Toronto'),
  // Opt-in GET /healthz for a supervisor or an orchestrator's probe (0: any free port, logged).
  HEALTH_PORT: optional(z.coerce.number().int().min(0).max(65535)),
  HEALTH_HOST: withDefault(z.string().trim().min(1), '127.0.0.1'),
  LOG_LEVEL: withDefault(z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']), 'info'),
}).superRefine((env, ctx) => {
  if (env.DISCORD_SHARDS && env.DISCORD_SHARD_COUNT === undefined) {
    ctx.addIssue({ code: 'custom', path: ['DISCORD_SHARD_COUNT'], message: 'is required with DISCORD_SHARDS (how many shards all instances run together)' });
  }
  // Checked only once both parsed (a malformed one has its own message).
  const beyond = Array.isArray(env.DISCORD_SHARDS) && typeof env.DISCORD_SHARD_COUNT === 'number' ? env.DISCORD_SHARDS.filter((shard) => shard >= env.DISCORD_SHARD_COUNT!) : [];
  if (beyond.length) ctx.addIssue({ code: 'custom', path: ['DISCORD_SHARDS'], message: `names shard ${beyond.join(', ')}, but shards are numbered from 0 to DISCORD_SHARD_COUNT − 1` });
  if (env.DISCORD_TOKEN && !env.DISCORD_APPLICATION_ID) {
    ctx.addIssue({ code: 'custom', path: ['DISCORD_APPLICATION_ID'], message: 'is required with DISCORD_TOKEN (Developer Portal → General Information → Application ID)' });
  }
});

export type Config = z.infer<typeof envSchema>;

/** The password in a DATABASE_URL, to be kept out of every log line and error. */
export function databasePassword(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    return decodeURIComponent(new URL(url).password) || undefined;
  } catch {
    return undefined;
  }
}

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const result = envSchema.safeParse(env);
  if (result.success) return result.data;
  const lines = result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
  throw new ConfigError(`invalid configuration:\n  ${lines.join('\n  ')}`);
}
