import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local Telegram Bot API for what the telegram-test-api emulator lacks: photos, setMyCommands,
 * getChatMember, webhooks, inline queries (answerInlineQuery is recorded like every call), and
 * failures as Telegram reports them. It answers `/bot<token>/<method>`
 * with `{ ok, result }` or `{ ok: false, error_code, description, parameters }`, holds getUpdates
 * until an update arrives (long polling), and refuses any other token with 401 as Telegram does.
 */

export const STUB_TOKEN = '123456789:AAstub-token-for-tests-0123456789abcdef';
export const STUB_BOT = { id: 123456789, is_bot: true, first_name: 'Express Entry', username: 'ExpressEntryTestBot' };

export interface StubCall {
  method: string;
  /** JSON fields, or multipart fields with their JSON values parsed. */
  body: Record<string, unknown>;
  /** Uploaded files by field name (multipart). */
  files: Record<string, { name: string; type: string; bytes: Uint8Array }>;
  at: number;
  /** The path before /bot<token>/ (an API root with a path: "/instance-2"): which process called. */
  via: string;
}

export interface StubAnswer {
  status: number;
  body: object;
}

export const ok = (result: unknown): StubAnswer => ({ status: 200, body: { ok: true, result } });
export const fail = (code: number, description: string, parameters?: object): StubAnswer => ({
  status: code,
  body: { ok: false, error_code: code, description, ...(parameters ? { parameters } : {}) },
});

export interface BotApiStub {
  apiRoot: string;
  calls: StubCall[];
  callsTo(method: string): StubCall[];
  /** The next calls of `method` get these answers, in order; later ones the defaults. */
  answerNext(method: string, ...answers: StubAnswer[]): void;
  /** Answers every call of `method` from now on. */
  answerAlways(method: string, answer: (call: StubCall) => StubAnswer): void;
  /** Answers `method` as by default again (forgets answerNext and answerAlways). */
  answerNormally(method: string): void;
  /** Never answers this method again (a Telegram that hangs): the request stays open until the bot gives up. */
  hang(method: string): void;
  /** An update for the bot's next getUpdates. */
  push(update: object): void;
  /** Resolves once `count` calls of `method` have arrived. */
  waitFor(method: string, count?: number): Promise<StubCall[]>;
  /**
   * Resolves once the bot has handled the update: when it asks for updates past it (the offset of
   * getUpdates confirms what was handled, and telegraf asks only after handling its last batch).
   */
  handled(update: { update_id: number }): Promise<void>;
  /** Telegram out of reach: stops listening (connections refused) and drops every open request. */
  stop(): Promise<void>;
  /** Listens again, on the same port. */
  restart(): Promise<void>;
  /**
   * Posts an update to the webhook as Telegram does (with the secret the bot registered), to
   * `url` (where the registered public URL leads here: a local proxy); tries again after a failure
   * or a non-2xx answer, as Telegram does, until one is taken. Resolves with the attempts made.
   */
  deliver(update: { update_id: number }, url: string, options?: { retryMs?: number; attempts?: number }): Promise<number>;
  close(): Promise<void>;
}

export async function startBotApiStub(): Promise<BotApiStub> {
  const calls: StubCall[] = [];
  const queued = new Map<string, StubAnswer[]>();
  const always = new Map<string, (call: StubCall) => StubAnswer>();
  const hanging = new Set<string>();
  const updates: { update_id: number }[] = [];
  const polls = new Set<{ respond: () => void }>();
  const waiters = new Set<() => void>();
  let messageId = 1000;

  const pending = (offset: number) => updates.filter((update) => update.update_id >= offset);

  const defaults = (call: StubCall): StubAnswer => {
    const chat = { id: Number(call.body.chat_id), type: Number(call.body.chat_id) < 0 ? 'supergroup' : 'private' };
    const date = Math.floor(Date.now() / 1000);
    switch (call.method) {
      case 'getMe':
        // What BotFather's settings decide: /setjoingroups, /setprivacy, /setinline (on here).
        return ok({ ...STUB_BOT, can_join_groups: true, can_read_all_group_messages: false, supports_inline_queries: true });
      case 'sendMessage':
        return ok({ message_id: ++messageId, date, chat, text: call.body.text });
      case 'sendPhoto':
        return ok({ message_id: ++messageId, date, chat, photo: [{ file_id: 'photo', file_unique_id: 'photo', width: 800, height: 400 }], caption: call.body.caption });
      case 'getChatMember':
        return ok({ status: 'member', user: { id: call.body.user_id, is_bot: false, first_name: 'Member' } });
      default:
        return ok(true);
    }
  };

  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    void (async () => {
      const match = /^(\/[^/]*)?\/bot([^/]+)\/(\w+)$/.exec(new URL(request.url ?? '/', 'http://stub').pathname);
      const call: StubCall = { method: match?.[3] ?? '', ...(await readBody(request)), at: Date.now(), via: match?.[1] ?? '' };
      const send = ({ status, body }: StubAnswer) => response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      if (!match) return send(fail(404, 'Not Found'));
      if (match[2] !== STUB_TOKEN) return send(fail(401, 'Unauthorized'));
      calls.push(call);
      for (const wake of waiters) wake();
      if (hanging.has(call.method)) return;
      const tooLong = overLimit(call);
      if (tooLong) return send(fail(400, `Bad Request: ${tooLong} is too long`));
      const answer = queued.get(call.method)?.shift() ?? always.get(call.method)?.(call);
      if (answer) return send(answer);
      if (call.method !== 'getUpdates') return send(defaults(call));

      // Updates before the offset were handled: Telegram forgets them.
      const offset = Number(call.body.offset ?? 0);
      updates.splice(0, updates.length, ...pending(offset));
      const respond = () => send(ok(pending(offset)));
      if (updates.length || !Number(call.body.timeout)) return respond();
      // Long polling: answer when an update arrives, or never, until the bot gives up on it.
      const poll = { respond: () => (polls.delete(poll), respond()) };
      polls.add(poll);
      request.on('close', () => polls.delete(poll));
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const stop = async () => {
    if (!server.listening) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };

  function waitFor(method: string, count = 1): Promise<StubCall[]> {
    return new Promise((resolve) => {
      const check = () => {
        const found = calls.filter((call) => call.method === method);
        if (found.length < count) return;
        waiters.delete(check);
        resolve(found);
      };
      waiters.add(check);
      check();
    });
  }

  return {
    apiRoot: `http://127.0.0.1:${port}`,
    calls,
    callsTo: (method) => calls.filter((call) => call.method === method),
    answerNext(method, ...answers) {
      queued.set(method, [...(queued.get(method) ?? []), ...answers]);
    },
    hang(method) {
      hanging.add(method);
    },
    answerAlways(method, answer) {
      always.set(method, answer);
    },
    answerNormally(method) {
      always.delete(method);
      queued.delete(method);
    },
    push(update) {
      updates.push(update as { update_id: number });
      for (const poll of [...polls]) poll.respond();
    },
    waitFor,
    async handled({ update_id }) {
      for (let count = 1; ; count++) {
        const polls = await waitFor('getUpdates', count);
        if (Number(polls.at(-1)!.body.offset) > update_id) return;
      }
    },
    stop,
    async deliver(update, url, { retryMs = 500, attempts = 120 } = {}) {
      const secret = String(calls.filter((call) => call.method === 'setWebhook').at(-1)?.body.secret_token ?? '');
      for (let attempt = 1; ; attempt++) {
        const answer = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': secret }, body: JSON.stringify(update), signal: AbortSignal.timeout(30_000) }).catch(() => null);
        await answer?.arrayBuffer().catch(() => undefined);
        if (answer?.ok) return attempt;
        if (attempt >= attempts) throw new Error(`update ${update.update_id} was not taken after ${attempt} attempts`);
        await new Promise((resolve) => setTimeout(resolve, retryMs));
      }
    },
    async restart() {
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, '127.0.0.1', () => {
          server.off('error', reject);
          resolve();
        });
      });
    },
    close: stop,
  };
}

/**
 * Telegram's limits, counted as Telegram does: the text after parsing ("1-4096 characters after
 * entities parsing"), 1,024 for a caption. What a part over them is called in Telegram's refusal.
 */
function overLimit({ method, body }: StubCall): string | null {
  const shown = (text: unknown) => (body.parse_mode === 'HTML' ? String(text).replace(/<[^>]*>/g, '').replace(/&(lt|gt|amp|quot);/g, '_') : String(text)).length;
  if ((method === 'sendMessage' || method === 'editMessageText') && shown(body.text) > 4096) return 'message';
  if (method === 'sendPhoto' && body.caption !== undefined && shown(body.caption) > 1024) return 'message caption';
  return null;
}

async function readBody(request: IncomingMessage): Promise<Pick<StubCall, 'body' | 'files'>> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const raw = Buffer.concat(chunks);
  const type = request.headers['content-type'] ?? '';
  if (type.startsWith('multipart/form-data')) {
    const form = await new Response(raw, { headers: { 'content-type': type } }).formData();
    const body: Record<string, unknown> = {};
    const files: StubCall['files'] = {};
    for (const [name, value] of form) {
      if (typeof value === 'string') body[name] = parseField(value);
      else files[name] = { name: value.name, type: value.type, bytes: new Uint8Array(await value.arrayBuffer()) };
    }
    return { body, files };
  }
  return { body: raw.length && type.includes('json') ? (JSON.parse(raw.toString('utf8')) as Record<string, unknown>) : {}, files: {} };
}

/** telegraf sends multipart fields as text, objects as JSON. */
function parseField(value: string): unknown {
  try {
    const parsed: unknown = JSON.parse(value);
    return typeof parsed === 'object' ? parsed : value;
  } catch {
    return value;
  }
}

let nextUpdateId = 500;
let nextMessageId = 1;

export const privateChat = (id = 7001) => ({ id, type: 'private' as const, first_name: 'Priya' });
export const groupChat = (id = -1001234567890) => ({ id, type: 'supergroup' as const, title: 'Express Entry 2026' });
export const user = (id = 7001, language_code = 'en') => ({ id, is_bot: false, first_name: 'Priya', language_code });

/** A text message update as Telegram sends it, with the bot_command entity Telegram adds. */
export function textUpdate(text: string, { chat = privateChat() as object, from = user() as object | undefined, extra = {} as object } = {}) {
  const command = /^\/\S+/.exec(text);
  const message = {
    message_id: nextMessageId++,
    date: Math.floor(Date.now() / 1000),
    chat,
    ...(from ? { from } : {}),
    text,
    ...(command ? { entities: [{ type: 'bot_command', offset: 0, length: command[0].length }] } : {}),
    ...extra,
  };
  return { update_id: nextUpdateId++, message };
}

/** A post in a channel: no sender, the channel as the chat. */
export function channelPostUpdate(text: string, chatId = -1009876543210) {
  const { update_id, message } = textUpdate(text, { chat: { id: chatId, type: 'channel', title: 'EE news' }, from: undefined, extra: { sender_chat: { id: chatId, type: 'channel', title: 'EE news' } } });
  return { update_id, channel_post: message };
}

let nextInlineQueryId = 9_000_000;

/**
 * An inline query as Telegram sends it while a member types "@Bot <query>" in some chat: who asks
 * (their language_code decides the answer's language), the text after the bot's name (Telegram
 * sends at most 256 characters) and the kind of chat they type in.
 */
export function inlineQueryUpdate(query: string, { from = user() as object, chatType = 'supergroup' as string | undefined } = {}) {
  if ([...query].length > 256) throw new Error('Telegram sends inline queries of 256 characters at most');
  return { update_id: nextUpdateId++, inline_query: { id: String(nextInlineQueryId++), from, query, offset: '', ...(chatType ? { chat_type: chatType } : {}) } };
}
