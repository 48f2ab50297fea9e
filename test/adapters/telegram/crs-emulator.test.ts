import { once } from 'node:events';
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { InlineKeyboardButton } from 'telegraf/types';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ChatAdapter } from '../../../src/chat/adapter.ts';
import { createTelegramAdapter } from '../../../src/adapters/telegram/index.ts';
import { answering } from '../../helpers/answers.ts';
import { recordingLogger } from '../../helpers/log.ts';
import { startEmulator, type Emulator } from '../../helpers/telegram-emulator.ts';
import { telegramText } from '../../helpers/telegram-html.ts';

/**
 * The guided /crs end to end against the telegram-test-api emulator: a member presses the inline
 * buttons (callback queries the emulator delivers), types test results answering the ForceReply
 * prompts, or types every answer as a plain message; the emulator's stored bot message is edited
 * in place up to the result, and each prompt is deleted once answered. The emulator keeps no trace
 * of answerCallbackQuery, so a loopback relay in front of it records the bot's calls.
 */

const TOKEN = '987654321:AAemulator-token-for-tests-abcdefghij';
/** The emulator's getMe answers with this bot. */
const BOT_USER = { id: 666, is_bot: true, first_name: 'Test First name' };
const CHAT_ID = 7001;

interface BotCall {
  method: string;
  body: Record<string, unknown>;
}

let emulator: Emulator;
let relay: Server;
let adapter: ChatAdapter;
let calls: BotCall[];
/** Edits the emulator applied to a message it holds (it emits nothing for an unknown one). */
let applied: number;

beforeEach(async () => {
  emulator = await startEmulator();
  emulator.server.on('EditedMessageText', () => applied++);
  applied = 0;
  calls = [];
  relay = await recordingRelay(emulator.apiRoot, calls);
  adapter = createTelegramAdapter({
    config: { TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_API_ROOT: `http://127.0.0.1:${(relay.address() as AddressInfo).port}`, TELEGRAM_WEBHOOK_PORT: 8443 },
    answering: answering(),
    log: recordingLogger(),
  });
  await adapter.start();
});

afterEach(async () => {
  await adapter.stop();
  relay.closeAllConnections();
  await new Promise<void>((resolve) => relay.close(() => resolve()));
  await emulator.close();
});

/** Passes every request on to `target` unchanged, keeping each Bot API call but getUpdates. */
async function recordingRelay(target: string, into: BotCall[]): Promise<Server> {
  const port = Number(new URL(target).port);
  const server = createServer(async (request, response) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const method = /\/bot[^/]+\/(\w+)$/.exec(request.url ?? '')?.[1];
    const json = request.headers['content-type']?.includes('json') && body.length > 0;
    if (method && method !== 'getUpdates') into.push({ method, body: json ? (JSON.parse(body.toString('utf8')) as Record<string, unknown>) : {} });
    const upstream = httpRequest({ host: '127.0.0.1', port, method: request.method, path: request.url, headers: request.headers }, (answer) => {
      response.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(response);
    });
    upstream.on('error', () => response.destroy());
    upstream.end(body);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return server;
}

/** A button pressed, a reply to the prompt, or a plain message typed in the chat. */
type Step = string | { typed: string } | { say: string };

/** Runs /crs as a member in a private chat, pressing or typing each step, and checks every one. */
async function runFlow(language_code: string, steps: Step[]): Promise<string> {
  const client = emulator.server.getClient(TOKEN, { chatId: CHAT_ID, userId: CHAT_ID, type: 'private', firstName: 'Priya' });
  const from = { id: CHAT_ID, is_bot: false, first_name: 'Priya', language_code };
  const chat = { id: CHAT_ID, type: 'private' as const, first_name: 'Priya' };
  const botMessages = () => emulator.server.storage.botMessages.filter((update) => Number(update.message.chat_id) === CHAT_ID);
  await client.sendCommand(client.makeCommand('/crs', { from }));
  await emulator.idle();
  const [flow, ...others] = botMessages();
  expect(others).toEqual([]);
  const flowId = flow!.messageId;
  const buttons = (): InlineKeyboardButton[] => {
    const markup = flow!.message.reply_markup;
    return markup && 'inline_keyboard' in markup ? markup.inline_keyboard.flat() : [];
  };

  let presses = 0;
  const promptIds = new Set<number>();
  for (const step of steps) {
    const before = calls.length;
    const appliedBefore = applied;
    if (typeof step === 'string') {
      const button = buttons().find((candidate) => candidate.text === step);
      if (!button || !('callback_data' in button)) throw new Error(`no button “${step}” among ${buttons().map((candidate) => candidate.text).join(' | ')}`);
      // Built whole: makeCallbackQuery shares one object between `from` and `message.from`.
      const message = { message_id: flowId, from: BOT_USER, chat, date: 0, text: flow!.message.text };
      await client.sendCallback({ botToken: TOKEN, date: Math.floor(Date.now() / 1000), from, message, data: button.callback_data });
      presses++;
    } else if ('typed' in step) {
      const prompt = botMessages().at(-1)!;
      expect(prompt.message.reply_markup).toMatchObject({ force_reply: true });
      const replyTo = { message_id: prompt.messageId, from: BOT_USER, chat, date: 0, text: prompt.message.text };
      await client.sendMessage(client.makeMessage(step.typed, { from, reply_to_message: replyTo }));
    } else {
      await client.sendMessage(client.makeMessage(step.say, { from }));
    }
    await emulator.idle();
    const made = calls.slice(before);
    // Each press answered once, without a refusal; each step one edit of the flow's own message.
    expect(made.filter((call) => call.method === 'answerCallbackQuery').map((call) => call.body)).toEqual(typeof step === 'string' ? [{ callback_query_id: String(presses) }] : []);
    expect(made.filter((call) => call.method === 'editMessageText').map((call) => call.body.message_id)).toEqual([flowId]);
    expect(applied).toBe(appliedBefore + 1);
    for (const update of botMessages()) if ((update.message.reply_markup as { force_reply?: boolean } | undefined)?.force_reply) promptIds.add(update.messageId);
  }
  // One message for the whole flow (the same id, edited), and each ForceReply prompt deleted once answered.
  // (The emulator may still hold a deleted prompt: its deleteMessage takes the first update stored under
  // that number, and it numbers callback queries and bot messages from one counter.)
  expect(botMessages()[0]!.messageId).toBe(flowId);
  expect(calls.filter((call) => call.method === 'deleteMessage').map((call) => call.body.message_id)).toEqual([...promptIds]);
  // The result carries a button per answer, to change it.
  const result = calls.filter((call) => call.method === 'editMessageText').at(-1)!.body.reply_markup as { inline_keyboard: { text: string }[][] };
  expect(result.inline_keyboard.flat()[0]!.text).toMatch(/^(Age|Âge)/);
  return telegramText(flow!.message.text);
}

describe('the guided /crs on the Telegram emulator', () => {
  it('in English: single, 30, master’s, IELTS CLB 9, NCLC 7 French, 1 year in Canada → CRS 596', async () => {
    const text = await runFlow('en', [
      '30', 'Master’s, or professional degree', 'IELTS General Training', { typed: '8 7 7 7' }, 'NCLC levels (French)', { typed: '7 7 7 7' },
      '1 year', '3 years or more', 'No', 'No', 'No', 'Yes', 'A 1- or 2-year credential', 'Skip',
    ]);
    // By hand (IRCC's grid, without spouse): core 105 age + 135 master's + 4×31 CLB 9 + 4×3 NCLC 7
    // + 40 one Canadian year = 416; transferability 50 education + 50 foreign work = 100;
    // additional 15 sibling + 15 Canadian credential + 50 French (NCLC 7, CLB 5+) = 80.
    expect(text).toMatch(/^CRS 596\n/);
    expect(text).toContain('Additional: 80 (provincial nomination 0, sibling in Canada 15, education in Canada 15, French 50)');
  });

  it('in French: 33 with a spouse, bachelor’s, CELPIP 10, 2 years in Canada → SCG 468', async () => {
    const text = await runFlow('fr', [
      '33', 'Baccalauréat, ou programme de 3 ans et plus', 'CELPIP-General', { typed: '10 10 10 10' }, 'Aucun', '2 ans', 'Aucune', 'Non',
      'Oui, m’accompagne, pas canadien', 'Maîtrise, ou diplôme professionnel', 'IELTS General Training', { typed: '6 6 6 6' }, 'Aucune',
      'Non', 'Non', '3 ans et plus, maîtrise ou doctorat', 'Passer',
    ]);
    // By hand (with spouse): core 80 age + 112 bachelor's + 4×32 CLB 10 + 46 two Canadian years = 366;
    // spouse 10 master's + 4×3 CLB 7 = 22; transferability 25 + 25 education = 50; additional 30.
    expect(text).toMatch(/^SCG 468\n/);
    expect(text).toContain('Époux ou conjoint\u00a0: 22 (études 10, première langue officielle 12, expérience au Canada 0)');
  });

  it('typed answers only, no button and no option number (issue 22, item 1): the same 596 as the buttons give', async () => {
    const text = await runFlow('en', [
      { say: '30' }, { say: 'masters' }, { say: 'ielts' }, { say: '8/7/7/7' }, { say: 'nclc' }, { say: '7, 7, 7, 7' },
      { say: '1' }, { say: '3' }, { say: 'no' }, { say: 'no' }, { say: 'no' }, { say: 'yes' }, { say: '1-2' }, { say: 'skip' },
    ]);
    expect(text).toMatch(/^CRS 596\n/);
    expect(text).toContain('The same in one line: /crs age=30 edu=master lang=ielts:8,7,7,7 lang2=nclc:7,7,7,7 cdn-work=1 foreign-work=3 sibling=yes cdn-edu=1-2');
  });

  it('typed answers only, in French (“oui”, “non”, “maîtrise”), a wrong one asked again: SCG 468', async () => {
    const text = await runFlow('fr', [
      { say: '33' }, { say: 'baccalauréat' }, { say: 'celpip' }, { say: '10 10 10 10' }, { say: 'aucun' }, { say: '2 ans' }, { say: 'aucune' }, { say: 'non' },
      { say: 'oui' }, { say: 'Oui, m’accompagne, pas canadien' }, { say: 'maîtrise' }, { say: 'ielts' }, { say: '6 6 6 6' }, { say: '0' },
      { say: 'non' }, { say: 'non' }, { say: '3 ans et plus' }, { say: 'passer' },
    ]);
    expect(text).toMatch(/^SCG 468\n/);
  });
});
