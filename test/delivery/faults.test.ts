import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTelegramAdapter } from '../../src/adapters/telegram/index.ts';
import { commandContext } from '../../src/chat/context.ts';
import { silentLogger } from '../../src/core/log.ts';
import { createPacer, TELEGRAM_LIMITS } from '../../src/delivery/pacing.ts';
import { DeliveryWorker } from '../../src/delivery/worker.ts';
import { digestReply } from '../../src/delivery/digest.ts';
import type { LowdbStore } from '../../src/store/lowdb/store.ts';
import { answering } from '../helpers/answers.ts';
import { fail, ok, startBotApiStub, STUB_TOKEN, type BotApiStub } from '../helpers/bot-api-stub.ts';
import { tempDir } from '../helpers/fixtures.ts';
import { openStore, SHIPPED_SEED } from '../helpers/store.ts';
import { planFor } from '../helpers/outbox.ts';
import { subscription } from '../helpers/subscriptions.ts';

/** The delivery worker with the real Telegram adapter against the local Bot API stub, failing as told. */

let telegram: BotApiStub;
let store: LowdbStore;

beforeEach(async () => {
  telegram = await startBotApiStub();
  store = await openStore(tempDir(), SHIPPED_SEED);
});

afterEach(async () => {
  await store.close();
  await telegram.close();
});

async function deliver(chats: string[]) {
  await planFor(store, chats.map((chatId) => subscription(chatId)));
  const at = answering();
  const adapter = createTelegramAdapter({ config: { TELEGRAM_BOT_TOKEN: STUB_TOKEN, TELEGRAM_API_ROOT: telegram.apiRoot, TELEGRAM_WEBHOOK_URL: undefined, TELEGRAM_WEBHOOK_PORT: 8443 }, answering: at, log: silentLogger });
  const worker = new DeliveryWorker({
    store,
    adapters: [adapter],
    pacers: { telegram: createPacer(TELEGRAM_LIMITS, { scale: 10 }) },
    render: (post, sub) => digestReply(commandContext(at, { locale: sub.locale, chat: { platform: 'telegram', id: sub.chatId, kind: 'private' }, canAdminister: false }), post),
    log: silentLogger,
    backoffMs: 50,
  });
  worker.start();
  await worker.drained();
  await worker.stop();
  await adapter.stop();
}

const accepted = () => telegram.callsTo('sendMessage').filter((call, index, all) => all.indexOf(call) === index);

describe('delivery faults, over HTTP', () => {
  it('a 429 storm: every retry_after honoured, every post delivered once', async () => {
    let storm = 12;
    const refused: number[] = [];
    const delivered: { chat: string; at: number }[] = [];
    telegram.answerAlways('sendMessage', (call) => {
      if (storm-- > 0) {
        refused.push(call.at);
        return fail(429, 'Too Many Requests: retry after 1', { retry_after: 1 });
      }
      delivered.push({ chat: String(call.body.chat_id), at: call.at });
      return ok({ message_id: 1, date: 0, chat: { id: Number(call.body.chat_id), type: 'private' }, text: '' });
    });
    const chats = Array.from({ length: 20 }, (_, index) => String(5000 + index));
    await deliver(chats);
    expect(delivered.map((post) => post.chat).sort()).toEqual([...chats].sort());
    // Once a 429 is back, nothing new is sent until its second has passed (posts already on their
    // way when it was answered may still land in the first few milliseconds).
    for (const at of refused) expect(delivered.filter((post) => post.at > at + 100 && post.at < at + 1000)).toEqual([]);
    expect(refused).toHaveLength(12);
    expect(await store.outboxSummary()).toMatchObject({ pending: 0, sent: 20, dropped: 0 });
  }, 30_000);

  it('a chat that blocked the bot: its subscription is disabled with the reason, the rest delivered', async () => {
    telegram.answerAlways('sendMessage', (call) =>
      String(call.body.chat_id) === '6002' ? fail(403, 'Forbidden: bot was blocked by the user') : ok({ message_id: 1, date: 0, chat: { id: Number(call.body.chat_id), type: 'private' }, text: '' }));
    await deliver(['6001', '6002', '6003']);
    expect(accepted().map((call) => String(call.body.chat_id)).sort()).toEqual(['6001', '6002', '6003']);
    expect((await store.get('telegram:6002'))?.disabled).toMatchObject({ reason: expect.stringMatching(/bot was blocked by the user/) });
    expect(await store.outboxSummary()).toMatchObject({ pending: 0, sent: 2, dropped: 1 });
  });

  it('server errors are retried until Telegram takes the post', async () => {
    let failures = 3;
    telegram.answerAlways('sendMessage', (call) => (failures-- > 0 ? fail(502, 'Bad Gateway') : ok({ message_id: 1, date: 0, chat: { id: Number(call.body.chat_id), type: 'private' }, text: '' })));
    await deliver(['7001']);
    expect(telegram.callsTo('sendMessage')).toHaveLength(4);
    expect(await store.outboxSummary()).toMatchObject({ pending: 0, retrying: 0, sent: 1 });
  });
});
