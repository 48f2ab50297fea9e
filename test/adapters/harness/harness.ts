import type { ChatAdapter, DeliveryFailure } from '../../../src/chat/adapter.ts';

/** What test/adapters/contract.test.ts needs of each platform's adapter and local peer. */

export type FailureKind = DeliveryFailure['kind'] | 'pictures-refused';

/** A message the chat received: what a member reads, and whether a picture came with it. */
export interface DeliveredPost {
  text: string;
  hasPicture: boolean;
}

/** What a 429 on a post comes to. Never a lost post: either sent once the wait is over, or refused with the wait. */
export type RateLimitOutcome = { delivered: true } | { delivered: false; failure: DeliveryFailure };

/** One platform's adapter and its local peer, as the contract drives them. */
export interface AdapterHarness {
  readonly name: string;
  /** A chat (Telegram group, Discord channel) the bot may post to. */
  readonly chatId: string;
  readonly rateLimitOutcome: RateLimitOutcome;
  /** Starts the peer; close() stops every adapter made since, then the peer. */
  open(): Promise<void>;
  close(): Promise<void>;
  /** A new adapter talking to the peer, not started. */
  adapter(): ChatAdapter;
  /** A member runs the command (without options); resolves with the text of the answer. */
  ask(command: string): Promise<string>;
  /** The messages the platform accepted for `chatId` so far, in order (refused attempts left out). */
  posted(): DeliveredPost[];
  /** The peer refuses the bot's next post as the platform words `kind`; returns those words. */
  failNextPost(kind: FailureKind): string;
  /** A member's command now goes unheard: nothing from the bot reaches the peer any more. */
  quiet(): Promise<boolean>;
}
