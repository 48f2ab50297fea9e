/**
 * Why a post did not go through, as the delivery worker needs to know it:
 * - rate-limited: wait retryAfterMs (the platform's 429 retry_after), then send again;
 * - transient: 5xx, timeouts, network — retry with backoff;
 * - gone: the bot was blocked or kicked, the chat is not found, access is missing — stop posting
 *   to this chat and keep the reason;
 * - rejected: the platform refused this message itself (400) — give up on the message, keep the chat.
 */
export type DeliveryFailure =
  | { kind: 'rate-limited'; retryAfterMs: number }
  | { kind: 'transient' }
  | { kind: 'gone'; reason: string }
  | { kind: 'rejected'; reason: string };

export class DeliveryError extends Error {
  override name = 'DeliveryError';
  constructor(readonly failure: DeliveryFailure, message?: string) {
    super(message ?? ('reason' in failure ? failure.reason : failure.kind));
  }
}
