import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { commands } from '../../../commands/index.ts';
import type { ChatAdapter } from '../../../src/chat/adapter.ts';
import type { Answering } from '../../../src/chat/context.ts';
import { createTelegramAdapter } from '../../../src/adapters/telegram/index.ts';
import { INLINE_CACHE_SECONDS } from '../../../src/adapters/telegram/inline.ts';
import { answering } from '../../helpers/answers.ts';
import { fail, groupChat, inlineQueryUpdate, ok, privateChat, startBotApiStub, STUB_BOT, STUB_TOKEN, textUpdate, user, type BotApiStub, type StubCall } from '../../helpers/bot-api-stub.ts';
import { tempDir } from '../../helpers/fixtures.ts';
import { recordingLogger } from '../../helpers/log.ts';
import { openStore, SHIPPED_SEED, snapshotFolder } from '../../helpers/store.ts';
import { telegramText } from '../../helpers/telegram-html.ts';

/**
 * Inline mode end to end against the local Bot API stub: inline_query updates in, answerInlineQuery
 * recorded. Each result is held to what the same question gets in a chat, through the same adapter.
 */

interface Result {
  type: 'article' | 'photo';
  id: string;
  title: string;
  description: string;
  input_message_content?: { message_text: string; parse_mode: string };
  photo_file_id?: string;
  caption?: string;
  reply_markup?: { inline_keyboard: { text: string; url?: string; callback_data?: string }[][] };
}

interface Answer {
  inline_query_id: string;
  results: Result[];
  cache_time: number;
  is_personal: boolean;
  button?: { text: string; start_parameter: string };
}

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

async function startBot(at: Answering = answering()) {
  const log = recordingLogger();
  const adapter = createTelegramAdapter({ answering: at, log, config: { TELEGRAM_BOT_TOKEN: STUB_TOKEN, TELEGRAM_API_ROOT: stub.apiRoot, TELEGRAM_WEBHOOK_PORT: 8443 } });
  adapters.push(adapter);
  await adapter.start();
  return { adapter, log };
}

/** A member types "@Bot <query>"; resolves with the bot's answer and how long it took from the update's arrival. */
async function inline(query: string, languageCode = 'en'): Promise<Answer & { ms: number }> {
  const update = inlineQueryUpdate(query, { from: user(7001, languageCode) });
  const before = stub.callsTo('answerInlineQuery').length;
  const pushed = Date.now();
  stub.push(update);
  const [call] = (await stub.waitFor('answerInlineQuery', before + 1)).slice(before);
  await stub.handled(update);
  const answer = call!.body as unknown as Answer;
  expect(answer.inline_query_id).toBe(update.inline_query.id);
  return { ...answer, ms: call!.at - pushed };
}

/** The same question in a chat (private unless said): the text of every message the bot sent, as the member reads it. */
async function inChat(question: string, languageCode = 'en', chat: object = privateChat(7001)): Promise<{ text: string; calls: StubCall[] }> {
  const update = textUpdate(question, { chat, from: user(7001, languageCode) });
  const before = stub.calls.length;
  stub.push(update);
  await stub.handled(update);
  const calls = stub.calls.slice(before).filter((call) => call.method === 'sendMessage' || call.method === 'sendPhoto');
  return { text: calls.map((call) => telegramText(String(call.body.text ?? call.body.caption))).join('\n\n'), calls };
}

/** Everything Telegram checks of an answer: counts, ids, lengths, valid HTML. */
function withinLimits(answer: Answer): void {
  expect(answer.results.length).toBeGreaterThan(0);
  expect(answer.results.length).toBeLessThanOrEqual(50);
  expect(new Set(answer.results.map((result) => result.id)).size).toBe(answer.results.length);
  for (const result of answer.results) {
    expect(Buffer.byteLength(result.id)).toBeLessThanOrEqual(64);
    expect(result.title.length).toBeGreaterThan(0);
    if (result.type === 'article') {
      expect(result.input_message_content!.parse_mode).toBe('HTML');
      expect(result.input_message_content!.message_text.length).toBeLessThanOrEqual(4096);
      telegramText(result.input_message_content!.message_text);
    } else {
      expect(result.caption!.length).toBeLessThanOrEqual(1024);
      telegramText(result.caption!);
    }
  }
}

const articleText = (result: Result | undefined) => telegramText(result!.input_message_content!.message_text);

/**
 * One question per command, as members type them inline. A command added later (such as /ptime)
 * is asked by its name alone until it is given one here (an error answer must match the chat's too).
 */
const QUESTIONS: Record<string, string> = {
  latest: 'latest cec',
  cutoffs: 'cutoffs 2024',
  eligible: 'eligible 21231',
  history: 'history stem 3',
  pool: 'pool',
  trend: 'trend cec',
  score: 'score 480 stem',
  crs: 'crs age=29 edu=master lang=ielts:8,8,8,8 cdn-work=1',
  clb: 'clb ielts 7.5 7 6.5 7',
  help: 'help',
  about: 'about',
  subscribe: 'subscribe stem',
  unsubscribe: 'unsubscribe',
  subscriptions: 'subscriptions',
};

describe('Telegram inline queries: "@Bot latest cec" in any chat', () => {
  for (const locale of ['en', 'fr'] as const) {
    it(`answers each read-only command with its chat answer, in ${locale === 'en' ? 'English' : 'French'}`, async () => {
      await startBot();
      for (const command of commands.filter((candidate) => !candidate.chatSettings)) {
        const question = QUESTIONS[command.name] ?? command.name;
        const answer = await inline(question, locale);
        withinLimits(answer);
        const article = answer.results.find((result) => result.type === 'article')!;
        // A member who does not administer the group: what an inline answer can be sent to anywhere.
        const chat = await inChat(`/${question}`, locale, groupChat());
        // The chat then reads exactly what the same question gets there.
        expect(articleText(article), question).toBe(chat.text);
        expect(article.title, question).toBe(chat.text.split('\n')[0]);
        expect(article.description.length, question).toBeGreaterThan(0);
        expect(answer.cache_time).toBe(INLINE_CACHE_SECONDS);
        expect(answer.is_personal).toBe(true);
      }
    });
  }

  it('in English and French: titles, descriptions and text in the member’s language', async () => {
    await startBot();
    const english = await inline('latest cec');
    expect(english.results).toHaveLength(1);
    expect(english.results[0]).toMatchObject({ type: 'article', id: 'latest', title: 'Latest Canadian Experience Class round' });
    expect(english.results[0]!.description).toMatch(/^Round #\d+ \(.+\): .+ · Invitations: [\d,]+ · CRS cut-off: \d+$/);
    expect(articleText(english.results[0])).toMatch(/Source: IRCC/);
    const french = await inline('latest cec', 'fr-CA');
    expect(french.results[0]!.title).toBe('Dernière ronde : Catégorie de l’expérience canadienne');
    expect(french.results[0]!.description).toMatch(/^Ronde no \d+ \(.+\) : .+ · Invitations\u00a0: [\d\u00a0]+ · Note de passage \(SCG\)\u00a0: \d+$/);
    expect(articleText(french.results[0])).toMatch(/Source : IRCC/);
  });

  it('takes the French names and the aliases members type, as the chat does (issue 22, item 11)', async () => {
    await startBot();
    const french = await inline('latest cec', 'fr-CA');
    const chat = await inChat('/derniere cec', 'fr-CA', groupChat());
    expect(articleText(french.results[0])).toBe(chat.text);
    for (const question of ['derniere cec', 'dernière cec', '/derniere cec', 'Dernière CEC']) {
      const answer = await inline(question, 'fr-CA');
      withinLimits(answer);
      expect(answer.results.map((result) => [result.id, result.title]), question).toEqual([['latest', 'Dernière ronde : Catégorie de l’expérience canadienne']]);
      expect(articleText(answer.results[0]), question).toBe(chat.text);
    }
    // An alias in English, and a French name asked from an English Telegram: answered in the member's language.
    expect(articleText((await inline('last cec')).results[0])).toBe(articleText((await inline('latest cec')).results[0]));
    expect((await inline('admissible 21231')).results[0]!.title).toBe((await inline('eligible 21231')).results[0]!.title);
    // A chat's settings, named in French, are still sent in the chat: the answer names the command as the member does.
    const subscribe = await inline('abonner stem', 'fr');
    expect(subscribe.results.map((result) => [result.id, result.title])).toEqual([['subscribe', '/abonner se fait dans sa discussion']]);
    expect(articleText(subscribe.results[0])).toContain('/abonner porte sur la discussion où on l’envoie');
    // How to ask, in French: French examples and the commands by their French names.
    const how = articleText((await inline('n’importe quoi', 'fr')).results[0]);
    expect(how).toContain(`@${STUB_BOT.username} derniere cec`);
    expect(how).toMatch(/^derniere\b/m);
    expect(how).toMatch(/^admissible\b/m);
    expect(how).not.toMatch(/^latest\b/m);
  });

  it('an empty query offers the latest round, then the latest of each other type held in the last year', async () => {
    await startBot();
    const answer = await inline('');
    withinLimits(answer);
    const titles = answer.results.map((result) => result.title);
    expect(titles[0]).toBe('Latest round');
    expect(titles.at(-1)).toBe('Ask me from any chat');
    const types = titles.slice(1, -1);
    expect(types.length).toBeGreaterThan(1);
    for (const title of types) expect(title).toMatch(/^Latest .+ round$/);
    // The newest round is shown once, not again as the latest of its type.
    expect(new Set(answer.results.map((result) => articleText(result))).size).toBe(answer.results.length);
    expect(answer.results.map((result) => result.id)).toEqual(['latest-0', ...types.map((_, index) => `latest-${index + 1}`), 'how']);
    // Each is the chat's answer.
    expect(articleText(answer.results[0])).toBe((await inChat('/latest')).text);

    const french = await inline('', 'fr');
    expect(french.results.map((result) => result.title).at(-1)).toBe('Me poser une question de n’importe quelle discussion');
    expect(french.results).toHaveLength(answer.results.length);
  });

  it('a query that is not understood gets one result saying how to ask, listing every command that can be asked', async () => {
    await startBot();
    for (const junk of ['what was the cut-off?', 'lates cec', '!!!', '12345']) {
      const answer = await inline(junk);
      withinLimits(answer);
      expect(answer.results.map((result) => [result.id, result.title, result.description]), junk).toEqual([['how', 'Ask me from any chat', 'latest cec · eligible 21231 · cutoffs 2024 · crs age=31 edu=master …']]);
      const text = articleText(answer.results[0]);
      expect(text).toContain(`type @${STUB_BOT.username} and a question without its “/”`);
      expect(text).toContain(`@${STUB_BOT.username} latest cec`);
      for (const command of commands) {
        if (command.chatSettings || command.admin) expect(text).not.toMatch(new RegExp(`^${command.name}\\b`, 'm'));
        else expect(text).toMatch(new RegExp(`^${command.name}\\b.*: ${command.description.en.slice(0, 20).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`, 'm'));
      }
    }
    const french = await inline('n’importe quoi', 'fr');
    expect(articleText(french.results[0])).toContain('Dans n’importe quelle discussion, tapez @ExpressEntryTestBot');
  });

  it('a query of 256 characters, the most Telegram sends, is answered within every limit', async () => {
    await startBot();
    const title = `eligible ${'software engineer and designer of systems '.repeat(7)}`.slice(0, 256);
    expect(title).toHaveLength(256);
    const long = await inline(title);
    withinLimits(long);
    expect(long.results).toHaveLength(1);
    expect(articleText(long.results[0])).toBe((await inChat(`/${title}`)).text);

    const noise = await inline('x'.repeat(256));
    withinLimits(noise);
    expect(noise.results.map((result) => result.id)).toEqual(['how']);

    const profile = await inline(`crs age=29 edu=master lang=ielts:8,8,8,8 ${'cdn-work=1 '.repeat(20)}`.slice(0, 256));
    withinLimits(profile);
    expect(profile.results).toHaveLength(1);
  });

  it('a chart answer offers the picture Telegram already holds, with the answer as its caption, and the text', async () => {
    await startBot();
    // Never uploaded yet: the text alone (an inline result cannot upload a picture).
    const before = await inline('trend cec');
    expect(before.results.map((result) => result.type)).toEqual(['article']);
    expect(articleText(before.results[0])).toMatch(/^CRS cut-offs/);

    // Asked in a chat, the picture is uploaded once; Telegram's file id is then offered inline.
    const chat = await inChat('/trend cec');
    expect(chat.calls[0]!.method).toBe('sendPhoto');
    expect(chat.calls[0]!.files.photo).toBeDefined();
    const after = await inline('trend cec');
    withinLimits(after);
    expect(after.results.map((result) => [result.type, result.id])).toEqual([['photo', 'trend-picture'], ['article', 'trend']]);
    const [picture, text] = after.results;
    expect(picture).toMatchObject({ photo_file_id: 'photo', title: `${text!.title} — picture`, description: 'The chart, with its source' });
    expect(telegramText(picture!.caption!)).toMatch(/^CRS cut-offs[\s\S]*Source: IRCC/);
    expect(articleText(text)).toBe(chat.text);

    // The same picture asked again in a chat goes by file id, not uploaded again.
    const again = await inChat('/trend cec');
    expect(again.calls[0]!.files.photo).toBeUndefined();
    expect(again.calls[0]!.body.photo).toBe('photo');
  });

  it('a file id Telegram no longer knows is dropped: the answer goes again with the text alone', async () => {
    await startBot();
    await inChat('/pool');
    stub.answerNext('answerInlineQuery', fail(400, 'Bad Request: wrong file identifier/HTTP URL specified'));
    const before = stub.callsTo('answerInlineQuery').length;
    const update = inlineQueryUpdate('pool');
    stub.push(update);
    const calls = (await stub.waitFor('answerInlineQuery', before + 2)).slice(before);
    expect(calls.map((call) => (call.body.results as Result[]).map((result) => result.type))).toEqual([['photo', 'article'], ['article']]);
    // Forgotten: the next question does not offer it either.
    expect((await inline('pool')).results.map((result) => result.type)).toEqual(['article']);
  });

  it('never writes: /subscribe and /unsubscribe inline say where to send them, and the data folder is unchanged', async () => {
    const dir = tempDir();
    const store = await openStore(dir, SHIPPED_SEED);
    try {
      await startBot({ ...answering(), subscriptions: store });
      const files = snapshotFolder(dir);
      for (const name of ['subscribe', 'unsubscribe', 'subscriptions']) {
        for (const question of [name, QUESTIONS[name]!]) {
          const answer = await inline(question);
          withinLimits(answer);
          expect(answer.results.map((result) => [result.id, result.title])).toEqual([[name, `/${name} works in its chat`]]);
          expect(articleText(answer.results[0])).toContain(`/${name} is about the chat it is sent in: send it there`);
        }
      }
      expect(stub.callsTo('getChatMember')).toEqual([]);
      expect(await store.get('telegram:7001')).toBeUndefined();
      expect(snapshotFolder(dir)).toEqual(files);

      // The same bot writes when asked in the chat itself: the book was there all along.
      await inChat('/subscribe stem');
      expect(await store.get('telegram:7001')).toMatchObject({ categories: ['stem'] });
    } finally {
      await Promise.all(adapters.splice(0).map((adapter) => adapter.stop()));
      await store.close();
    }
  });

  it('/crs without a profile answers with a button to the calculator in a private chat; with one, the score', async () => {
    await startBot();
    const guided = await inline('crs');
    withinLimits(guided);
    expect(guided.button).toEqual({ text: 'Open the CRS calculator', start_parameter: 'crs' });
    expect(guided.results).toHaveLength(1);
    expect(guided.results[0]!.title).toBe('CRS calculator');
    expect(articleText(guided.results[0])).toMatch(/A CRS profile is personal: I ask its questions one at a time in a private chat with me\. Or give it in one line: crs age=31/);
    // Sent into a group, the message carries the same way in for every member, and no button that needs the bot there.
    expect(guided.results[0]!.reply_markup).toEqual({ inline_keyboard: [[{ text: 'Open the CRS calculator', url: `https://t.me/${STUB_BOT.username}?start=crs` }]] });

    // The button's start parameter opens the calculator in the private chat.
    const start = await inChat('/start crs');
    expect(start.text).toMatch(/CRS calculator — question 1 of \d+\n\nHow old are you\?/);

    const french = await inline('crs', 'fr');
    expect(french.button).toEqual({ text: 'Ouvrir le calculateur SCG', start_parameter: 'crs' });

    const scored = await inline(QUESTIONS.crs!);
    expect(scored.button).toBeUndefined();
    expect(scored.is_personal).toBe(true);
    expect(scored.results[0]!.title).toBe('CRS 468');
    expect(articleText(scored.results[0])).toMatch(/^CRS 468\n\nGrid 2025-03-25/);
  });

  it('answers within moments of the update: time from update to answerInlineQuery, measured at the peer', async () => {
    await startBot();
    const times: number[] = [];
    for (let index = 0; index < 20; index++) times.push((await inline(index % 2 ? 'latest cec' : 'eligible 21231', index % 4 < 2 ? 'en' : 'fr')).ms);
    times.sort((a, b) => a - b);
    console.info(`inline query → answerInlineQuery over loopback: median ${times[10]} ms, max ${times.at(-1)} ms (20 queries)`);
    // Telegram gives an inline query seconds; over loopback an answer takes milliseconds (generous bound for a loaded machine).
    expect(times[10]).toBeLessThan(250);
    expect(times.at(-1)).toBeLessThan(2000);
  });

  it('says once at start when inline mode is off for the bot, as getMe reports it', async () => {
    stub.answerNext('getMe', ok({ ...STUB_BOT, supports_inline_queries: false }));
    const off = await startBot();
    const said = (lines: typeof off.log.lines) => lines.filter((line) => /inline mode is off/.test(line.msg ?? ''));
    expect(said(off.log.lines)).toHaveLength(1);
    expect(said(off.log.lines)[0]!.msg).toContain('/setinline');
    await off.adapter.stop();
    const on = await startBot();
    expect(said(on.log.lines)).toEqual([]);
    expect(stub.callsTo('getUpdates').find((call) => call.body.allowed_updates)!.body.allowed_updates).toContain('inline_query');
  });
});
