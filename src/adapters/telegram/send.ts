import { createHash } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Input, TelegramError, type Telegram } from 'telegraf';
import type { InlineKeyboardMarkup, Telegram as Methods, Opts } from 'telegraf/types';
import type { Logger } from '../../core/log.ts';
import { deliveryFailure, reasonOf } from './errors.ts';
import type { TelegramMessage } from './render.ts';

/** telegraf waits up to 500 s for an answer; a send that takes this long has failed (transient). */
const REQUEST_TIMEOUT_MS = 30_000;

type Signal = NonNullable<Parameters<Telegram['callApi']>[2]>['signal'];

/** One Bot API call, given up after REQUEST_TIMEOUT_MS, or at once when `stop` aborts (shutdown). */
export function call<M extends keyof Methods>(telegram: Telegram, method: M, payload: Opts<M>, stop?: AbortSignal): Promise<ReturnType<Methods[M]>> {
  const timeout = AbortSignal.timeout(REQUEST_TIMEOUT_MS);
  // telegraf types the signal as the abort-controller polyfill's; node-fetch takes Node's own.
  const signal = (stop ? AbortSignal.any([timeout, stop]) : timeout) as unknown as Signal;
  return telegram.callApi(method, payload, { signal });
}

/**
 * Telegram keeps every photo it receives: sent once, a picture is sent again by its file_id, not
 * uploaded again. A round's digest picture goes to thousands of chats; it is uploaded once.
 */
export class PhotoIds {
  readonly #ids = new Map<string, string>();
  /** First uploads under way: the other chats of a fan-out wait for their file_id (one upload, not one per post in flight). */
  readonly #uploading = new Map<string, Promise<string | undefined>>();
  /** Hashes of the pictures seen: a fan-out sends the same bytes thousands of times. */
  static readonly #keys = new WeakMap<Uint8Array, string>();

  static key(png: Uint8Array): string {
    let key = PhotoIds.#keys.get(png);
    if (!key) PhotoIds.#keys.set(png, (key = createHash('sha256').update(png).digest('base64url')));
    return key;
  }

  get(png: Uint8Array): string | undefined {
    return this.#ids.get(PhotoIds.key(png));
  }

  forget(png: Uint8Array): void {
    this.#ids.delete(PhotoIds.key(png));
  }

  remember(png: Uint8Array, fileId: string): void {
    // A handful of pictures a day: keep the latest few dozen.
    if (this.#ids.size >= 64) this.#ids.delete(this.#ids.keys().next().value!);
    this.#ids.set(PhotoIds.key(png), fileId);
  }

  /** The first upload of this picture, if one is under way. */
  uploading(png: Uint8Array): Promise<string | undefined> | undefined {
    return this.#uploading.get(PhotoIds.key(png));
  }

  track(png: Uint8Array, upload: Promise<string | undefined>): void {
    const key = PhotoIds.key(png);
    this.#uploading.set(key, upload);
    const done = () => {
      if (this.#uploading.get(key) === upload) this.#uploading.delete(key);
    };
    upload.then(done, done);
  }
}

export interface SendOptions {
  /** Pictures Telegram already holds, to send by file_id. */
  photos?: PhotoIds;
  /** Answer this message (groups: the answer is threaded to the question). */
  replyTo?: number;
  /** The forum topic the question came from. */
  threadId?: number;
  /** No notification sound (answers meant for the caller alone). */
  silent?: boolean;
  /** Aborts the requests in flight (shutdown): the post stays pending, the reply is given up. */
  signal?: AbortSignal;
  /** Wraps each call: replies honour 429s there; post() leaves retries to the delivery worker. */
  attempt?: <T>(send: () => Promise<T>) => Promise<T>;
  /** Buttons under the last message (a flow's choices). */
  keyboard?: InlineKeyboardMarkup;
}

/** Sends the messages in order; resolves once Telegram accepted every one, with the last one's id. */
export async function sendMessages(telegram: Telegram, chatId: number | string, messages: TelegramMessage[], options: SendOptions = {}): Promise<number | undefined> {
  const attempt = options.attempt ?? ((send) => send());
  let lastId: number | undefined;
  for (const [index, message] of messages.entries()) {
    const common = {
      chat_id: chatId,
      parse_mode: 'HTML' as const,
      message_thread_id: options.threadId,
      disable_notification: options.silent || undefined,
      reply_parameters: index === 0 && options.replyTo !== undefined ? { message_id: options.replyTo, allow_sending_without_reply: true } : undefined,
      reply_markup: index === messages.length - 1 ? options.keyboard : undefined,
    };
    if (message.kind === 'text') {
      lastId = (await attempt(() => call(telegram, 'sendMessage', { ...common, text: message.html, link_preview_options: { is_disabled: true } }, options.signal))).message_id;
    } else {
      const send = (photo: string | ReturnType<typeof Input.fromBuffer>) => attempt(() => call(telegram, 'sendPhoto', { ...common, photo, caption: message.caption }, options.signal));
      const upload = async () => {
        const uploading = send(Input.fromBuffer(Buffer.from(message.png), message.filename)).then((sent) => {
          lastId = sent.message_id;
          const largest = sent.photo?.at(-1)?.file_id;
          if (largest) options.photos?.remember(message.png, largest);
          return largest;
        });
        options.photos?.track(message.png, uploading);
        await uploading;
      };
      let known = options.photos?.get(message.png);
      // Another chat's post is uploading this picture: wait for its file_id (if it fails, upload here).
      // Looked up and started with no await between, or every post in flight would start its own.
      const uploading = known ? undefined : options.photos?.uploading(message.png);
      if (uploading) known = await uploading.catch(() => undefined);
      if (!known) await upload();
      else {
        // A file_id Telegram no longer knows: upload the picture again.
        await send(known).then((sent) => (lastId = sent.message_id), (error: unknown) => {
          if (!(error instanceof TelegramError && error.code === 400 && /file/i.test(error.description))) throw error;
          options.photos?.forget(message.png);
          return upload();
        });
      }
    }
  }
  return lastId;
}

/**
 * Longer waits than this are a flood ban: give up on the reply rather than hold the update (and,
 * polling, the updates after it); two waits stay within telegraf's 90 s for handling an update.
 */
const MAX_WAIT_MS = 30_000;
const MAX_ATTEMPTS = 3;

/** Sends again after a 429, once Telegram's retry_after has passed; the signal cancels the wait. */
export function honouringRetryAfter(log: Logger, signal: AbortSignal) {
  return async <T>(send: () => Promise<T>): Promise<T> => {
    for (let attempt = 1; ; attempt++) {
      try {
        return await send();
      } catch (error) {
        const failure = deliveryFailure(error);
        if (failure.kind !== 'rate-limited' || attempt >= MAX_ATTEMPTS || failure.retryAfterMs > MAX_WAIT_MS) throw error;
        log.warn({ retryAfterMs: failure.retryAfterMs, attempt, error: reasonOf(error) }, 'Telegram rate limit: sending again after retry_after');
        await sleep(failure.retryAfterMs, undefined, { signal });
      }
    }
  };
}
