import { DiscordAPIError, DiscordjsErrorCodes, HTTPError, RateLimitError, RESTJSONErrorCodes } from 'discord.js';
import { DeliveryError, StartupError } from '../../chat/adapter.ts';

/** Discord's answers that mean "stop posting to this channel": the bot lost it, or never had it. */
const GONE = new Set<number>([
  RESTJSONErrorCodes.MissingAccess,
  RESTJSONErrorCodes.MissingPermissions,
  RESTJSONErrorCodes.UnknownChannel,
  RESTJSONErrorCodes.CannotSendMessagesToThisUser,
]);

/** Discord refused for want of a permission (e.g. Attach Files): a plainer message may still go. */
export function missingPermissions(error: unknown): boolean {
  return error instanceof DiscordAPIError && error.code === RESTJSONErrorCodes.MissingPermissions;
}

/** A failed post, as the delivery worker needs it: wait, retry, give up on the message, or on the chat. */
export function deliveryError(error: unknown): DeliveryError {
  // discord.js's REST queue waits out 429s itself; one only surfaces when it was told not to wait.
  if (error instanceof RateLimitError) return new DeliveryError({ kind: 'rate-limited', retryAfterMs: error.retryAfter });
  if (error instanceof DiscordAPIError) {
    const reason = `${error.message} (${error.status}, code ${error.code})`;
    if (error.status === 429) return new DeliveryError({ kind: 'rate-limited', retryAfterMs: retryAfterMs(error.rawError) });
    if (typeof error.code === 'number' && GONE.has(error.code)) return new DeliveryError({ kind: 'gone', reason });
    if (error.status >= 500) return new DeliveryError({ kind: 'transient' }, reason);
    return new DeliveryError({ kind: 'rejected', reason });
  }
  // HTTPError: a 5xx after discord.js's own retries. Anything else: network, timeout.
  if (error instanceof HTTPError && error.status < 500) return new DeliveryError({ kind: 'rejected', reason: `${error.status} ${error.message}` });
  return new DeliveryError({ kind: 'transient' }, error instanceof Error ? error.message : String(error));
}

function retryAfterMs(body: unknown): number {
  const seconds = typeof body === 'object' && body !== null && 'retry_after' in body ? Number(body.retry_after) : NaN;
  return Number.isFinite(seconds) ? Math.ceil(seconds * 1000) : 1000;
}

const RESET_TOKEN = 'reset it in the Developer Portal → your application → Bot → Reset Token, and set the new one';

/** Start-up failures an operator can fix, said in words that name the setting — never its value. */
export function startupError(error: unknown, { step, guildId, apiUrl }: { step: 'login' | 'register'; guildId?: string; apiUrl?: string }): unknown {
  if (isTokenRejected(error)) return new StartupError(`Discord rejected DISCORD_TOKEN (401): ${RESET_TOKEN}`);
  if (step === 'register' && error instanceof DiscordAPIError) {
    // Read-only commands are declared for user installs too (menu.ts), which the application must allow.
    if (/integration_types/.test(error.message)) {
      return new StartupError(`Discord refused to register the slash commands (${error.status} ${error.message}): turn on User Install in the Developer Portal (your application → Installation → Installation Contexts), then start again`);
    }
    const where = guildId ? ' and that the bot was invited to DISCORD_GUILD_ID with the applications.commands scope' : '';
    return new StartupError(`Discord refused to register the slash commands (${error.status} ${error.message}): check that DISCORD_APPLICATION_ID is this bot's application id (Developer Portal → General Information)${where}`);
  }
  // @discordjs/ws rejects the login with this when the gateway closes an IDENTIFY with 4011.
  if (step === 'login' && error instanceof Error && error.message === 'Sharding is required') {
    return new StartupError('Discord refused the gateway connection (4011 Sharding required) with the shard count it had just recommended: start again, the count is fetched anew at each start');
  }
  const code = networkCode(error);
  if (code) return new StartupError(`could not reach Discord (${code}): check the network${apiUrl ? ' and DISCORD_API_URL' : ''}`);
  return error;
}

function isTokenRejected(error: unknown): boolean {
  if (error instanceof DiscordAPIError) return error.status === 401;
  if (!(error instanceof Error)) return false;
  // discord.js turns a 401 on GET /gateway/bot into TokenInvalid; the gateway closes with 4004 "Authentication failed".
  return ('code' in error && error.code === DiscordjsErrorCodes.TokenInvalid) || error.message === 'Authentication failed';
}

function networkCode(error: unknown): string | null {
  for (let cause = error; cause instanceof Error; cause = cause.cause) {
    if ('code' in cause && typeof cause.code === 'string' && /^(E[A-Z]+|UND_ERR_\w+)$/.test(cause.code)) return cause.code;
  }
  return null;
}
