import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { commands } from '../../../commands/index.ts';
import type { ChatAdapter } from '../../../src/chat/adapter.ts';
import { createTelegramAdapter } from '../../../src/adapters/telegram/index.ts';
import { PHONE_WIDTH } from '../../../src/adapters/telegram/render.ts';
import { fitTable } from '../../../src/render/table.ts';
import type { Reply } from '../../../src/chat/reply.ts';
import { answering, ask } from '../../helpers/answers.ts';
import { recordingLogger } from '../../helpers/log.ts';
import { startEmulator, type Emulator } from '../../helpers/telegram-emulator.ts';
import { telegramText } from '../../helpers/telegram-html.ts';

/**
 * End to end over real HTTP: telegraf, long polling, against the telegram-test-api emulator. A
 * member types a command in a private chat or a group; the bot's message must carry the answer the
 * core gives (the same Reply the console shows), as valid Telegram HTML.
 */

const TOKEN = '987654321:AAemulator-token-for-tests-abcdefghij';
/** The emulator's getMe answers with this username. */
const BOT = 'TestNameBot';

type Client = ReturnType<Emulator['server']['getClient']>;

let emulator: Emulator;
let adapter: ChatAdapter;

beforeEach(async () => {
  emulator = await startEmulator();
  adapter = createTelegramAdapter({
    config: { TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_API_ROOT: emulator.apiRoot, TELEGRAM_WEBHOOK_PORT: 8443 },
    answering: answering(),
    log: recordingLogger(),
  });
  await adapter.start();
});

afterEach(async () => {
  await adapter.stop();
  await emulator.close();
});

const privateChat = () => emulator.server.getClient(TOKEN, { chatId: 7001, userId: 7001, type: 'private', timeout: 5_000 });
const group = () => emulator.server.getClient(TOKEN, { chatId: -4_000_123, userId: 7002, type: 'group', chatTitle: 'Express Entry 2026', timeout: 5_000 });

interface BotMessage {
  chat_id: number | string;
  text: string;
  parse_mode?: string;
  reply_parameters?: { message_id: number };
}

/** Sends a command as the member, and returns what the bot sent back to that chat. */
async function say(client: Client, text: string, language_code = 'en'): Promise<BotMessage[]> {
  await client.sendCommand(client.makeCommand(text, { from: { id: 7001, is_bot: false, first_name: 'Priya', language_code } }));
  const { result } = await client.getUpdates();
  return result.map((update) => update.message as unknown as BotMessage);
}

/** A table's lines as a phone gets them: the table within 40 characters, or a line per row. */
function shownTable(table: NonNullable<Reply['table']>, colon: string): string[] {
  const fitted = fitTable(table, PHONE_WIDTH);
  if (fitted.kind === 'table') return fitted.text.split('\n');
  const cell = ({ label, value }: { label: string; value: string }) => (/\p{L}/u.test(label) ? `${label}${colon}${value}` : value);
  return fitted.items.map((item) => `${item.head}${item.cells.length ? ` — ${item.cells.map(cell).join(' · ')}` : ''}`);
}

/** Every part of the Reply is in the message a member sees: title, lines, fields, table, footer. */
function expectShows(html: string, reply: Reply, colon = ': '): void {
  const text = telegramText(html);
  const expected = [
    reply.title,
    ...reply.lines,
    ...reply.fields.map((field) => `${field.label}${colon}${field.value}`),
    ...(reply.table ? shownTable(reply.table, colon) : []),
    ...(reply.notes ?? []),
    ...(reply.link ? [reply.link.label] : []),
    reply.footer,
  ];
  for (const part of expected) expect(text).toContain(part);
}

describe('in a private chat', () => {
  it('/latest answers with the newest round', async () => {
    const [answer, ...more] = await say(privateChat(), '/latest');
    expect(more).toEqual([]);
    expect(answer!.parse_mode).toBe('HTML');
    expect(answer!.text).toMatch(/^<b>Latest round<\/b>\n\nRound #411 \(April 15, 2026\): French-Language proficiency 2026-Version 2/);
    expect(answer!.text).toContain('<b>Invitations</b>: 4,000\n<b>CRS cut-off</b>: 419');
    expect(answer!.text).toContain('<a href="https://www.canada.ca/en/immigration-refugees-citizenship/');
    expect(answer!.reply_parameters).toBeUndefined();
    expectShows(answer!.text, await ask('/latest'));
  });

  it('/eligible 21231 names the occupation and what it qualifies for', async () => {
    const [answer] = await say(privateChat(), '/eligible 21231');
    expect(answer!.text).toMatch(/^<b>21231 — Software engineers and designers<\/b>/);
    expect(telegramText(answer!.text)).toMatch(/Federal Skilled Worker \(FSW\): yes — TEER 1/);
    expectShows(answer!.text, await ask('/eligible 21231'));
  });

  it('/cutoffs shows this year’s rounds by type, a line each on a phone', async () => {
    const [answer] = await say(privateChat(), '/cutoffs');
    expect(answer!.text).toMatch(/^<b>Rounds of 2026 by type<\/b>/);
    expect(telegramText(answer!.text)).toContain('\nFrench — Rounds: 4 · ITAs: 22,000 · Share: 33.8% · Last cut-off: 419 · Date: Apr 15, 2026\n');
    expectShows(answer!.text, await ask('/cutoffs'));
  });

  it('answers in French when the member’s Telegram is in French', async () => {
    const [latest] = await say(privateChat(), '/latest', 'fr');
    expect(latest!.text).toMatch(/^<b>Dernière ronde<\/b>/);
    expect(latest!.text).toContain('no 411 (15 avril 2026)');
    expectShows(latest!.text, await ask('/latest', { locale: 'fr' }), '\u00a0: ');
    const [eligible] = await say(privateChat(), '/eligible 21231', 'fr-CA');
    expect(eligible!.text).toMatch(/^<b>21231 — Ingénieurs\/ingénieures et concepteurs\/conceptrices en logiciel<\/b>/);
  });

  it('takes the words members use, and French names typed with their accents (issue 22, item 11)', async () => {
    const [draws] = await say(privateChat(), '/draws');
    expect(telegramText(draws!.text)).toMatch(/^Last 10 rounds\n/);
    const [draw] = await say(privateChat(), 'draw');
    expect(telegramText(draw!.text)).toMatch(/^Latest round\n\nRound #411 /);
    const [derniere] = await say(privateChat(), '/dernière', 'fr');
    expect(telegramText(derniere!.text)).toMatch(/^Dernière ronde\n\nRonde no 411 /);
    const [aide] = await say(privateChat(), '/aide', 'fr');
    expect(telegramText(aide!.text)).toContain('/derniere [type] — La ronde d’invitations la plus récente');
    const [typo] = await say(privateChat(), '/eligble 21231');
    expect(telegramText(typo!.text)).toContain('Did you mean /eligible 21231?');
  });

  it('/start greets with what the bot can do', async () => {
    const [greeting] = await say(privateChat(), '/start');
    const text = telegramText(greeting!.text);
    expect(text).toMatch(/^Express Entry bot — welcome!\n\nI answer questions about Canada’s Express Entry rounds/);
    expect(text).toContain(`/latest@${BOT}`);
    // A few commands and where the rest are, not all of them (issue 22, item 15).
    const help = (await ask('/help')).lines;
    for (const line of help.filter((entry) => /^\/(latest|eligible|cutoffs|crs) /.test(entry))) expect(text).toContain(line);
    for (const line of help.filter((entry) => /^\/(pool|trend|score|clb|about|subscriptions) /.test(entry))) expect(text).not.toContain(line);
    expect(text).toContain(`/help lists all ${commands.length} commands.`);
    expect(text.split('\n').filter((line) => line.startsWith('/'))).toHaveLength(5);
    const [accueil] = await say(privateChat(), '/start', 'fr');
    expect(telegramText(accueil!.text)).toMatch(/^Robot Entrée express — bienvenue!/);
    expect(telegramText(accueil!.text)).toContain('/derniere [type] — La ronde d’invitations la plus récente');
    expect(telegramText(accueil!.text)).toContain(`/aide énumère les ${commands.length} commandes.`);
  });

  it('says what went wrong with an argument, and with text that is no command', async () => {
    const [bad] = await say(privateChat(), '/latest stm');
    expect(telegramText(bad!.text)).toContain('“stm” is not a round type I know');
    const [unknown] = await say(privateChat(), '/lates');
    expect(telegramText(unknown!.text)).toContain('There is no /lates command. Did you mean /latest? /help lists them all.');
    const client = privateChat();
    await client.sendMessage(client.makeMessage('hello'));
    const { result } = await client.getUpdates();
    expect(telegramText(String(result[0]!.message.text))).toContain('Commands start with “/”');
  });
});

describe('in a group', () => {
  it('answers /latest@Bot, /eligible@Bot and /cutoffs@Bot, replying to each question', async () => {
    const chat = group();
    const [latest] = await say(chat, `/latest@${BOT}`);
    expect(latest!.chat_id).toBe(-4_000_123);
    expect(latest!.text).toContain('Round #411 (April 15, 2026)');
    expect(latest!.reply_parameters?.message_id).toEqual(expect.any(Number));
    expectShows(latest!.text, await ask('/latest'));
    const [eligible] = await say(chat, `/eligible@${BOT} 21231`);
    expect(eligible!.text).toMatch(/^<b>21231 — Software engineers and designers<\/b>/);
    const [cutoffs] = await say(chat, `/cutoffs@${BOT.toLowerCase()} 2024`);
    expectShows(cutoffs!.text, await ask('/cutoffs 2024'));
  });

  it('answers a command without @ too, and ignores one for another bot', async () => {
    const chat = group();
    const [plain] = await say(chat, '/latest stem');
    expect(plain!.text).toMatch(/^<b>Latest STEM round<\/b>/);

    await chat.sendCommand(chat.makeCommand('/latest@SomeOtherBot'));
    await chat.sendCommand(chat.makeCommand('/lates'));
    const [about] = await say(chat, `/about@${BOT}`);
    expect(about!.text).toMatch(/^<b>About this bot<\/b>/);
    await emulator.idle();
    // Only /about was answered: nothing for the other bot's command, nor for an unknown command
    // without "@" (it may be another bot's).
    const sent = emulator.server.storage.botMessages.filter((update) => Number(update.message.chat_id) === -4_000_123);
    expect(sent.map((update) => telegramText(String(update.message.text)).split('\n')[0])).toEqual(['Latest STEM round', 'About this bot']);
  });
});
