import { setTimeout as sleep } from 'node:timers/promises';
import { createTelegramAdapter } from '../../../src/adapters/telegram/index.ts';
import type { ChatAdapter } from '../../../src/chat/adapter.ts';
import { silentLogger } from '../../../src/core/log.ts';
import { answering } from '../../helpers/answers.ts';
import { fail, groupChat, startBotApiStub, STUB_TOKEN, textUpdate, type BotApiStub, type StubCall } from '../../helpers/bot-api-stub.ts';
import { telegramText } from '../../helpers/telegram-html.ts';
import type { AdapterHarness, DeliveredPost, FailureKind } from './harness.ts';

/** Each failure the contract names, as the Bot API answers it; a text-only post is a sendMessage. */
const FAILURES: Record<FailureKind, { method: 'sendMessage' | 'sendPhoto'; code: number; description: string; parameters?: object }> = {
  gone: { method: 'sendMessage', code: 403, description: 'Forbidden: bot was blocked by the user' },
  rejected: { method: 'sendMessage', code: 400, description: "Bad Request: can't parse entities: unexpected end tag" },
  transient: { method: 'sendMessage', code: 502, description: 'Bad Gateway' },
  'rate-limited': { method: 'sendMessage', code: 429, description: 'Too Many Requests: retry after 7', parameters: { retry_after: 7 } },
  'pictures-refused': { method: 'sendPhoto', code: 400, description: 'Bad Request: not enough rights to send photos to the chat' },
};
const CHAT_ID = String(groupChat().id);

const isSend = (call: StubCall) => call.method === 'sendMessage' || call.method === 'sendPhoto';
const shown = (call: StubCall) => telegramText(String(call.body.text ?? call.body.caption));

/** The Telegram adapter over the local Bot API stub. */
export function telegramHarness(): AdapterHarness {
  let stub: BotApiStub;
  let adapters: ChatAdapter[] = [];
  /** The stub records refused calls too: these are "<method> <rank among that method's calls>". */
  let refused = new Set<string>();

  return {
    name: 'Telegram',
    chatId: CHAT_ID,
    // The worker waits retry_after, then posts again.
    rateLimitOutcome: { delivered: false, failure: { kind: 'rate-limited', retryAfterMs: 7000 } },
    async open() {
      stub = await startBotApiStub();
      adapters = [];
      refused = new Set();
    },
    async close() {
      await Promise.all(adapters.map((adapter) => adapter.stop()));
      await stub.close();
    },
    adapter() {
      const adapter = createTelegramAdapter({
        answering: answering(),
        log: silentLogger,
        config: { TELEGRAM_BOT_TOKEN: STUB_TOKEN, TELEGRAM_API_ROOT: stub.apiRoot, TELEGRAM_WEBHOOK_PORT: 8443 },
      });
      adapters.push(adapter);
      return adapter;
    },
    async ask(command) {
      const update = textUpdate(`/${command}`);
      const before = stub.calls.length;
      stub.push(update);
      await stub.handled(update);
      return stub.calls.slice(before).filter(isSend).map(shown).join('\n');
    },
    posted() {
      const ranks = new Map<string, number>();
      const delivered: DeliveredPost[] = [];
      for (const call of stub.calls) {
        const rank = ranks.get(call.method) ?? 0;
        ranks.set(call.method, rank + 1);
        if (!isSend(call) || String(call.body.chat_id) !== CHAT_ID || refused.has(`${call.method} ${rank}`)) continue;
        delivered.push({ text: shown(call), hasPicture: call.method === 'sendPhoto' });
      }
      return delivered;
    },
    failNextPost(kind) {
      const { method, code, description, parameters } = FAILURES[kind];
      refused.add(`${method} ${stub.callsTo(method).length}`);
      stub.answerNext(method, fail(code, description, parameters));
      return description;
    },
    async quiet() {
      const before = stub.calls.length;
      stub.push(textUpdate('/latest'));
      await sleep(300);
      return stub.calls.length === before;
    },
  };
}
