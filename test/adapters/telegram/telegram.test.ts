import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { commands } from '../../../commands/index.ts';
import { StartupError, type ChatAdapter } from '../../../src/chat/adapter.ts';
import { createTelegramAdapter, type TelegramAdapterOptions } from '../../../src/adapters/telegram/index.ts';
import { defineCommand } from '../../../src/chat/command.ts';
import { DeliveryError } from '../../../src/chat/adapter.ts';
import { renderTable } from '../../../src/render/table.ts';
import { reply, type Reply } from '../../../src/chat/reply.ts';
import { answering, ask } from '../../helpers/answers.ts';
import {
  channelPostUpdate,
  fail,
  groupChat,
  ok,
  startBotApiStub,
  STUB_TOKEN,
  textUpdate,
  user,
  type BotApiStub,
  type StubCall,
} from '../../helpers/bot-api-stub.ts';
import { tempDir } from '../../helpers/fixtures.ts';
import { recordingLogger } from '../../helpers/log.ts';
import { openStore, SHIPPED_SEED } from '../../helpers/store.ts';
import { freePort } from '../../helpers/telegram-emulator.ts';
import { telegramText } from '../../helpers/telegram-html.ts';

/**
 * The adapter against a local Bot API stub, for what the emulator cannot show: the command menu,
 * photos, long answers, rate limits and refusals as Telegram words them, webhooks, start and stop.
 */

/** A 1×1 PNG. */
const PNG = Uint8Array.from(Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64'));

/** 400 rows with characters HTML must escape, so cuts fall among entities; narrow enough for a phone, so a <pre> table. */
const BIG_TABLE = {
  columns: [{ label: '#' }, { label: 'Occupation <NOC>' }, { label: 'ITAs', align: 'right' as const }],
  rows: Array.from({ length: 400 }, (_, index) => [String(index + 1), `R&D <${index}> “eng” & co`, (index * 37).toLocaleString('en-CA')]),
};

const bulletin = () => reply({ title: 'Every occupation', lines: ['All of them.'], table: BIG_TABLE, notes: ['Numbers as published.'], footer: 'Source: IRCC' });

const testCommands = {
  chart: defineCommand({
    name: 'chart', localNames: { fr: 'chart' },
    description: { en: 'A chart', fr: 'Un graphique' },
    options: {},
    run: () => reply({ title: 'Cut-offs <2026>', lines: ['French & STEM'], image: { png: PNG, alt: 'A line chart', filename: 'cutoffs.png' }, footer: 'Source: IRCC' }),
  }),
  longChart: defineCommand({
    name: 'longchart', localNames: { fr: 'longchart' },
    description: { en: 'A chart with a long explanation', fr: 'Un graphique longuement expliqué' },
    options: {},
    run: () =>
      reply({
        title: 'Cut-offs',
        lines: Array.from({ length: 40 }, (_, index) => `Note ${index + 1}: the cut-off moved by ${index} points in that round & the one before.`),
        image: { png: PNG, alt: 'A line chart', filename: 'cutoffs.png' },
        footer: 'Source: IRCC',
      }),
  }),
  bulletin: defineCommand({ name: 'bulletin', localNames: { fr: 'bulletin' }, description: { en: 'A long table', fr: 'Un long tableau' }, options: {}, run: () => bulletin() }),
  boom: defineCommand({
    name: 'boom', localNames: { fr: 'boom' },
    description: { en: 'Fails', fr: 'Échoue' },
    options: {},
    run: () => {
      throw new Error('the store is on fire');
    },
  }),
  settings: defineCommand({
    name: 'settings', localNames: { fr: 'settings' },
    description: { en: 'Change this chat’s settings', fr: 'Modifier les réglages de la discussion' },
    options: {},
    admin: true,
    run: (ctx) => reply({ title: `Settings of chat ${ctx.chat.id} changed`, footer: 'Source: IRCC' }),
  }),
};
const withTestCommands = [...commands, ...Object.values(testCommands)];

let stub: BotApiStub;
let adapters: ChatAdapter[];

beforeEach(async () => {
  stub = await startBotApiStub();
  adapters = [];
});

afterEach(async () => {
  await Promise.all(adapters.map((adapter) => adapter.stop()));
  await stub.close();
});

function telegramBot(options: Partial<Omit<TelegramAdapterOptions, 'config'>> & { config?: Partial<TelegramAdapterOptions['config']> } = {}) {
  const log = recordingLogger();
  const adapter = createTelegramAdapter({
    answering: { ...answering(), commands: withTestCommands },
    log,
    ...options,
    config: { TELEGRAM_BOT_TOKEN: STUB_TOKEN, TELEGRAM_API_ROOT: stub.apiRoot, TELEGRAM_WEBHOOK_PORT: 8443, ...options.config },
  });
  adapters.push(adapter);
  return { adapter, log };
}

async function started(options: Parameters<typeof telegramBot>[0] = {}) {
  const bot = telegramBot(options);
  await bot.adapter.start();
  return bot;
}

/** Sends an update; returns what the bot sent once it handled it. */
async function answersTo(update: { update_id: number }): Promise<StubCall[]> {
  const before = stub.calls.length;
  stub.push(update);
  await stub.handled(update);
  return stub.calls.slice(before).filter((call) => call.method.startsWith('send'));
}

describe('the command menu', () => {
  it('is published at start from the command definitions, in English and in French', async () => {
    await started({ answering: answering() });
    const menus = stub.callsTo('setMyCommands').map((call) => call.body);
    // Every command goes by its French name in the French menu (/derniere, /delais).
    const listed = (locale: 'en' | 'fr', list = commands) => list.map((command) => ({ command: locale === 'en' ? command.name : command.localNames.fr, description: command.description[locale] }));
    const everyone = commands.filter((command) => !command.admin);
    expect(menus).toEqual([
      { scope: { type: 'default' }, commands: listed('en', everyone) },
      { scope: { type: 'default' }, language_code: 'fr', commands: listed('fr', everyone) },
      { scope: { type: 'all_private_chats' }, commands: listed('en') },
      { scope: { type: 'all_private_chats' }, language_code: 'fr', commands: listed('fr') },
      { scope: { type: 'all_chat_administrators' }, commands: listed('en') },
      { scope: { type: 'all_chat_administrators' }, language_code: 'fr', commands: listed('fr') },
    ]);
    expect(everyone.map((command) => command.name)).not.toContain('subscribe');
    expect(menus[1]!.commands).toContainEqual({ command: 'derniere', description: 'La ronde d’invitations la plus récente, toutes rondes ou d’un type' });
    expect((menus[3] as { commands: { command: string }[] }).commands.map((command) => command.command)).toEqual([
      'derniere', 'notes', 'admissible', 'historique', 'bassin', 'tendance', 'pointage', 'prochaine', 'scg', 'nclc', 'delais', 'abonner', 'desabonner', 'abonnements', 'aide', 'apropos',
    ]);
    // Telegram's rule for a command: 1 to 32 of a–z, 0–9 and "_", and no two alike in a menu.
    for (const menu of menus as { commands: { command: string }[] }[]) {
      for (const { command } of menu.commands) expect(command).toMatch(/^[a-z0-9_]{1,32}$/);
      expect(new Set(menu.commands.map((command) => command.command)).size).toBe(menu.commands.length);
    }
  });

  it('lists admin commands only in private chats and to group administrators', async () => {
    await started();
    const menus = stub.callsTo('setMyCommands').map((call) => call.body as { scope: { type: string }; language_code?: string; commands: { command: string }[] });
    const listing = menus.map((menu) => [menu.scope.type, menu.language_code ?? 'en', menu.commands.some((command) => command.command === 'settings')]);
    expect(listing).toEqual([
      ['default', 'en', false],
      ['default', 'fr', false],
      ['all_private_chats', 'en', true],
      ['all_private_chats', 'fr', true],
      ['all_chat_administrators', 'en', true],
      ['all_chat_administrators', 'fr', true],
    ]);
  });

  it('is not needed to start: a refused menu is logged and the bot runs', async () => {
    stub.answerAlways('setMyCommands', () => fail(400, 'Bad Request: BOT_COMMAND_INVALID'));
    const { log } = await started();
    expect(log.lines.find((line) => line.level === 'warn')?.obj).toMatchObject({ error: '400 Bad Request: BOT_COMMAND_INVALID' });
    const [answer] = await answersTo(textUpdate('/latest'));
    expect(answer!.body.text).toContain('Round #411');
  });
});

describe('answers', () => {
  it('a Reply with an image is a photo whose caption is the answer', async () => {
    await started();
    const [photo, ...more] = await answersTo(textUpdate('/chart'));
    expect(more).toEqual([]);
    expect(photo!.method).toBe('sendPhoto');
    expect(photo!.files.photo).toMatchObject({ name: 'cutoffs.png' });
    expect(photo!.files.photo!.bytes).toEqual(PNG);
    // Multipart fields are text.
    expect(photo!.body).toMatchObject({ chat_id: '7001', parse_mode: 'HTML', caption: '<b>Cut-offs &lt;2026&gt;</b>\n\nFrench &amp; STEM\n\n<i>Source: IRCC</i>' });
  });

  it('a caption over 1,024 characters continues in a message after the photo', async () => {
    await started();
    const [photo, ...rest] = await answersTo(textUpdate('/longchart'));
    expect(photo!.method).toBe('sendPhoto');
    const caption = String(photo!.body.caption);
    expect(telegramText(caption).length).toBeLessThanOrEqual(1024);
    expect(rest.map((call) => call.method)).toEqual(['sendMessage']);
    const shown = [caption, ...rest.map((call) => String(call.body.text))].map(telegramText).join('\n');
    for (let index = 1; index <= 40; index++) expect(shown).toContain(`Note ${index}: the cut-off moved by ${index - 1} points in that round & the one before.`);
  });

  it('a long answer is split between table rows, every part showing at most 4,096 characters and valid HTML', async () => {
    await started();
    const parts = (await answersTo(textUpdate('/bulletin'))).map((call) => String(call.body.text));
    expect(parts.length).toBeGreaterThan(3);
    const rows = renderTable(BIG_TABLE).split('\n');
    const shownRows: string[] = [];
    for (const part of parts) {
      expect(telegramText(part).length).toBeLessThanOrEqual(4096);
      for (const [, table] of part.matchAll(/<pre>([\s\S]*?)<\/pre>/g)) shownRows.push(...telegramText(table!).split('\n'));
    }
    // Every row whole, in order, once.
    expect(shownRows).toEqual(rows);
    expect(telegramText(parts[0]!)).toMatch(/^Every occupation\n\nAll of them\.\n\n# +Occupation <NOC> +ITAs\n1 +R&D <0> “eng” & co +0$/m);
    expect(telegramText(parts.at(-1)!)).toMatch(/Numbers as published\.\n\nSource: IRCC$/);
  });

  it('waits for retry_after when Telegram answers 429, then sends the answer again', async () => {
    stub.answerNext('sendMessage', fail(429, 'Too Many Requests: retry after 1', { retry_after: 1 }));
    const { log } = await started();
    stub.push(textUpdate('/latest'));
    const [refused, accepted] = await stub.waitFor('sendMessage', 2);
    expect(accepted!.at - refused!.at).toBeGreaterThanOrEqual(990);
    expect(accepted!.body).toEqual(refused!.body);
    expect(accepted!.body.text).toContain('Round #411');
    expect(log.lines.find((line) => line.level === 'warn')?.obj).toMatchObject({ retryAfterMs: 1000 });
  });

  it('a failing command answers “something went wrong” and is logged with the update id', async () => {
    const { log } = await started();
    const update = textUpdate('/boom');
    const [answer] = await answersTo(update);
    expect(telegramText(String(answer!.body.text))).toMatch(/^Something went wrong\n\nThis question could not be answered just now/);
    const logged = log.lines.find((line) => line.msg === 'command failed');
    expect(logged?.level).toBe('error');
    expect(logged?.obj).toMatchObject({ updateId: update.update_id, command: 'boom', platform: 'telegram' });
    expect((logged?.obj.err as Error).message).toBe('the store is on fire');
  });

  it('a failure to send is logged with the update id and the bot keeps answering', async () => {
    stub.answerNext('sendMessage', fail(400, 'Bad Request: message text is empty'));
    const { log } = await started();
    const update = textUpdate('/latest');
    await answersTo(update);
    const [answer] = await answersTo(textUpdate('/latest stem'));
    expect(answer!.body.text).toMatch(/^<b>Latest STEM round<\/b>/);
    expect(log.lines.find((line) => line.msg === 'Telegram update failed')?.obj).toMatchObject({ updateId: update.update_id });
  });
});

describe('groups and channels', () => {
  const inGroup = (text: string, from = user(7002)) => textUpdate(text, { chat: groupChat(), from });

  it('answers a group by replying to the question; an error for the caller alone is a silent reply', async () => {
    await started();
    const question = inGroup('/latest@ExpressEntryTestBot');
    const [answer] = await answersTo(question);
    expect(answer!.body).toMatchObject({ chat_id: groupChat().id, reply_parameters: { message_id: question.message.message_id, allow_sending_without_reply: true } });
    expect(answer!.body.disable_notification).toBeUndefined();
    const wrong = inGroup('/latest@expressentrytestbot stm');
    const [error] = await answersTo(wrong);
    expect(error!.body).toMatchObject({ disable_notification: true, reply_parameters: { message_id: wrong.message.message_id } });
    expect(telegramText(String(error!.body.text))).toContain('“stm” is not a round type I know');
  });

  it('answers in the forum topic the question came from', async () => {
    await started();
    const [answer] = await answersTo(textUpdate('/pool', { chat: { ...groupChat(), is_forum: true }, from: user(7002), extra: { is_topic_message: true, message_thread_id: 77 } }));
    // /pool answers with a photo: multipart fields arrive as text.
    expect(Number(answer!.body.message_thread_id)).toBe(77);
  });

  it('lets only group administrators run an admin command', async () => {
    await started();
    stub.answerAlways('getChatMember', (call) => ok({ status: call.body.user_id === 7003 ? 'administrator' : 'member', user: { id: call.body.user_id, is_bot: false, first_name: 'x' } }));
    const [refused] = await answersTo(inGroup('/settings', user(7002)));
    expect(telegramText(String(refused!.body.text))).toContain('In this group, only its administrators can change what it receives.');
    const [allowed] = await answersTo(inGroup('/settings', user(7003)));
    expect(allowed!.body.text).toMatch(/^<b>Settings of chat -1001234567890 changed<\/b>/);
    expect(stub.callsTo('getChatMember').map((call) => [call.body.chat_id, call.body.user_id])).toEqual([[groupChat().id, 7002], [groupChat().id, 7003]]);
    // Asked only for admin commands; in a private chat the member administers it.
    await answersTo(inGroup('/latest'));
    const [own] = await answersTo(textUpdate('/settings'));
    expect(own!.body.text).toMatch(/^<b>Settings of chat 7001 changed<\/b>/);
    expect(stub.callsTo('getChatMember')).toHaveLength(2);
  });

  it('a member’s /subscribe in a group: who can, and a button to subscribe privately, which works (issue 22, item 12)', async () => {
    const store = await openStore(tempDir(), SHIPPED_SEED);
    try {
      await started({ answering: { ...answering(), commands: withTestCommands, subscriptions: store } });
      stub.answerAlways('getChatMember', (call) => ok({ status: 'member', user: { id: call.body.user_id, is_bot: false, first_name: 'x' } }));
      const [refused] = await answersTo(inGroup('/subscribe', user(7002)));
      const text = telegramText(String(refused!.body.text));
      expect(text).toMatch(/^For this chat’s administrators\n\nIn this group, only its administrators can change what it receives\.\nTo get new rounds yourself, subscribe in a private chat with me/);
      expect(text).not.toContain('Not understood');
      const keyboard = (refused!.body.reply_markup as { inline_keyboard: { text: string; url?: string }[][] }).inline_keyboard;
      expect(keyboard).toEqual([[{ text: 'Subscribe in a private chat', url: 'https://t.me/ExpressEntryTestBot?start=subscribe' }]]);
      expect(await store.listSubscriptions()).toEqual([]);
      // The button opens the private chat with "/start subscribe": the member is subscribed there.
      const [subscribed] = await answersTo(textUpdate('/start subscribe', { from: user(7002), chat: { id: 7002, type: 'private', first_name: 'x' } }));
      expect(telegramText(String(subscribed!.body.text))).toContain('Subscribed: this chat will receive every new round.');
      expect((await store.listSubscriptions()).map((entry) => entry.id)).toEqual(['telegram:7002']);
    } finally {
      await store.close();
    }
  });

  it('answers a command posted in a channel, in the channel', async () => {
    await started();
    const [answer] = await answersTo(channelPostUpdate('/latest'));
    expect(answer!.body).toMatchObject({ chat_id: -1009876543210 });
    expect(answer!.body.reply_parameters).toBeUndefined();
    expect(answer!.body.text).toContain('Round #411');
  });
});

describe('post(), for the digest worker', () => {
  const digest = (): Promise<Reply> => ask('/latest');

  it('resolves once Telegram accepted every part, without replying to anything', async () => {
    const { adapter } = telegramBot();
    await adapter.post('-1001234567890', await digest(), 'fr');
    const [sent] = stub.callsTo('sendMessage');
    expect(sent!.body).toMatchObject({ chat_id: '-1001234567890', parse_mode: 'HTML', link_preview_options: { is_disabled: true } });
    expect(sent!.body.reply_parameters).toBeUndefined();
    await adapter.post('7001', bulletin(), 'en');
    expect(stub.callsTo('sendMessage').length).toBeGreaterThan(4);
  });

  it('uploads a picture once, then sends it again by the file_id Telegram gave it', async () => {
    const { adapter } = telegramBot();
    const post = { ...(await digest()), image: { png: PNG, alt: 'trend', filename: 'trend.png' } };
    await adapter.post('7001', post, 'en');
    await adapter.post('7002', post, 'en');
    const [first, second] = stub.callsTo('sendPhoto');
    expect(first!.files.photo?.bytes).toEqual(PNG);
    expect(second!.files.photo).toBeUndefined();
    expect(second!.body.photo).toBe('photo');
  });

  it('sends the text alone to a chat that refuses pictures from the bot', async () => {
    const { adapter } = telegramBot();
    stub.answerNext('sendPhoto', fail(400, 'Bad Request: not enough rights to send photos to the chat'));
    await adapter.post('-1001234567890', { ...(await digest()), image: { png: PNG, alt: 'trend', filename: 'trend.png' } }, 'en');
    const [text] = stub.callsTo('sendMessage');
    expect(String(text!.body.text)).toMatch(/^<b>Latest round<\/b>/);
  });

  it.each([
    [fail(429, 'Too Many Requests: retry after 7', { retry_after: 7 }), { kind: 'rate-limited', retryAfterMs: 7000 }],
    [fail(403, 'Forbidden: bot was blocked by the user'), { kind: 'gone', reason: 'Forbidden: bot was blocked by the user' }],
    [fail(403, 'Forbidden: bot was kicked from the supergroup chat'), { kind: 'gone', reason: 'Forbidden: bot was kicked from the supergroup chat' }],
    [fail(403, 'Forbidden: user is deactivated'), { kind: 'gone', reason: 'Forbidden: user is deactivated' }],
    [fail(400, 'Bad Request: chat not found'), { kind: 'gone', reason: 'Bad Request: chat not found' }],
    [fail(400, 'Bad Request: have no rights to send a message'), { kind: 'gone', reason: 'Bad Request: have no rights to send a message' }],
    [fail(400, 'Bad Request: group chat was upgraded to a supergroup chat', { migrate_to_chat_id: -1001999 }), { kind: 'gone', reason: 'Bad Request: group chat was upgraded to a supergroup chat (now chat -1001999)' }],
    [fail(400, "Bad Request: can't parse entities: unexpected end tag"), { kind: 'rejected', reason: "Bad Request: can't parse entities: unexpected end tag" }],
    [fail(502, 'Bad Gateway'), { kind: 'transient' }],
    [fail(401, 'Unauthorized'), { kind: 'transient' }],
  ])('maps %j to a DeliveryError, and does not retry', async (answer, failure) => {
    const { adapter } = telegramBot();
    // A 401 from the stub needs the call to reach it: answer it like any other failure.
    stub.answerNext('sendMessage', answer);
    const error = await adapter.post('7001', await digest(), 'en').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DeliveryError);
    expect((error as DeliveryError).failure).toEqual(failure);
    expect(stub.callsTo('sendMessage')).toHaveLength(1);
  });

  it('a Bot API out of reach is transient', async () => {
    const { adapter } = telegramBot({ config: { TELEGRAM_API_ROOT: `http://127.0.0.1:${await freePort()}` } });
    const error = await adapter.post('7001', await digest(), 'en').catch((caught: unknown) => caught);
    expect((error as DeliveryError).failure).toEqual({ kind: 'transient' });
    expect((error as Error).message).toBe('Telegram: ECONNREFUSED');
  });
});

describe('start and stop', () => {
  it('a wrong token stops start-up with a StartupError that does not print the token', async () => {
    const token = '111111111:AAwrong-token-wrong-token-wrong-token';
    const { adapter } = telegramBot({ config: { TELEGRAM_BOT_TOKEN: token } });
    const error = await adapter.start().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(StartupError);
    expect((error as Error).message).toBe('Telegram rejected TELEGRAM_BOT_TOKEN (401 Unauthorized): copy the token from @BotFather again');
    expect(String((error as Error).stack)).not.toContain('AAwrong-token');
    await expect(adapter.stop()).resolves.toBeUndefined();
    expect(stub.calls).toEqual([]);
  });

  it('a Bot API out of reach stops start-up and names the API root', async () => {
    const root = `http://127.0.0.1:${await freePort()}`;
    const { adapter } = telegramBot({ config: { TELEGRAM_API_ROOT: root } });
    await expect(adapter.start()).rejects.toThrow(new StartupError(`could not reach the Telegram Bot API at ${root} (ECONNREFUSED): check the network, or TELEGRAM_API_ROOT`));
  });

  it('long polls, and stop() ends polling: twice is safe, and nothing is asked afterwards', async () => {
    const { adapter, log } = await started();
    await stub.waitFor('getUpdates');
    expect(stub.callsTo('deleteWebhook')).toHaveLength(1);
    expect(stub.callsTo('getUpdates')[0]!.body).toMatchObject({ timeout: 50, allowed_updates: ['message', 'channel_post', 'callback_query', 'inline_query'] });
    expect(log.lines.find((line) => line.msg === 'Telegram bot running')?.obj).toEqual({ bot: 'ExpressEntryTestBot', mode: 'long polling' });
    await Promise.all([adapter.stop(), adapter.stop()]);
    await expect(adapter.stop()).resolves.toBeUndefined();
    const asked = stub.calls.length;
    await sleep(200);
    expect(stub.calls.length).toBe(asked);
  });

  it('stop() right after start() resolved, before polling is up, still stops it', async () => {
    const { adapter } = telegramBot();
    await adapter.start();
    await adapter.stop();
    const asked = stub.calls.length;
    stub.push(textUpdate('/latest'));
    await sleep(200);
    expect(stub.calls.length).toBe(asked);
    expect(stub.callsTo('sendMessage')).toEqual([]);
  });

  it('stop() while starting, or before start(), launches nothing', async () => {
    const { adapter } = telegramBot();
    await Promise.all([adapter.start(), adapter.stop()]);
    await sleep(100);
    expect(stub.callsTo('getUpdates')).toEqual([]);
    expect(stub.callsTo('deleteWebhook')).toEqual([]);
    const never = telegramBot().adapter;
    await never.stop();
    const asked = stub.calls.length;
    await never.start();
    expect(stub.calls.length).toBe(asked);
  });
});

describe('webhook mode', () => {
  it('listens for updates Telegram posts with the secret token, and answers them', async () => {
    const { log } = await started({ config: { TELEGRAM_WEBHOOK_URL: 'https://bot.example.org/telegram/updates', TELEGRAM_WEBHOOK_PORT: 0 }, webhookHost: '127.0.0.1' });
    const [setWebhook] = stub.callsTo('setWebhook');
    expect(setWebhook!.body).toMatchObject({ url: 'https://bot.example.org/telegram/updates', allowed_updates: ['message', 'channel_post', 'callback_query', 'inline_query'] });
    const secret = String(setWebhook!.body.secret_token);
    expect(secret).toMatch(/^[A-Za-z0-9_-]{32,256}$/);
    const { port } = log.lines.find((line) => line.msg === 'Telegram webhook listening')!.obj as { port: number };
    const endpoint = `http://127.0.0.1:${port}/telegram/updates`;
    const post = (headers: Record<string, string>) =>
      fetch(endpoint, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(textUpdate('/eligible 21231')) });

    expect((await post({ 'x-telegram-bot-api-secret-token': 'guess' })).status).toBe(403);
    expect((await post({ 'x-telegram-bot-api-secret-token': secret })).status).toBe(200);
    const [answer] = stub.callsTo('sendMessage');
    expect(answer!.body.text).toMatch(/^<b>21231 — Software engineers and designers<\/b>/);
    expect(stub.callsTo('getUpdates')).toEqual([]);
    expect(stub.callsTo('deleteWebhook')).toEqual([]);
  });

  it('a port in use stops start-up with a StartupError naming the variable', async () => {
    const port = await freePort();
    const { createServer } = await import('node:http');
    const taken = createServer().listen(port, '127.0.0.1');
    try {
      const { adapter } = telegramBot({ config: { TELEGRAM_WEBHOOK_URL: 'https://bot.example.org/hook', TELEGRAM_WEBHOOK_PORT: port }, webhookHost: '127.0.0.1' });
      await expect(adapter.start()).rejects.toThrow(new StartupError(`cannot listen for Telegram webhooks on TELEGRAM_WEBHOOK_PORT ${port} (EADDRINUSE)`));
      expect(stub.callsTo('setWebhook')).toEqual([]);
    } finally {
      taken.close();
    }
  });
});
