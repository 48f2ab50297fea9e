import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ChatAdapter } from '../../../src/chat/adapter.ts';
import { createTelegramAdapter } from '../../../src/adapters/telegram/index.ts';
import { ownerToken } from '../../../src/chat/flow.ts';
import { answering } from '../../helpers/answers.ts';
import { groupChat, ok, privateChat, startBotApiStub, STUB_BOT, STUB_TOKEN, textUpdate, user, type BotApiStub, type StubCall } from '../../helpers/bot-api-stub.ts';
import { recordingLogger } from '../../helpers/log.ts';
import { telegramText } from '../../helpers/telegram-html.ts';
import { freshDatabase, openPostgres } from '../../helpers/postgres.ts';
import type { SharedState } from '../../../src/chat/shared.ts';
import type { PostgresStore } from '../../../src/store/postgres/store.ts';

/**
 * The guided /crs end to end on the Telegram side, over HTTP against the local Bot API stub:
 * inline keyboards, callback queries (each answered), the same message edited, ForceReply prompts
 * for test results, a restart half-way, stale and foreign presses.
 */

interface Button {
  text: string;
  callback_data?: string;
  url?: string;
}

let stub: BotApiStub;
let adapters: ChatAdapter[];
let updateId = 90_000;
let messageId = 5_000;
/** The id the stub gave each message the bot sent. */
let sentIds: Map<StubCall, number>;

beforeEach(async () => {
  stub = await startBotApiStub();
  adapters = [];
  sentIds = new Map();
  stub.answerAlways('sendMessage', (call) => {
    const id = ++messageId;
    sentIds.set(call, id);
    const chatId = Number(call.body.chat_id);
    return ok({ message_id: id, date: Math.floor(Date.now() / 1000), chat: { id: chatId, type: chatId < 0 ? 'supergroup' : 'private' }, text: call.body.text });
  });
});

afterEach(async () => {
  await Promise.all(adapters.map((adapter) => adapter.stop()));
  await stub.close();
  await Promise.all(stores.splice(0).map((store) => store.close()));
});

/** Stores opened on the tests' PostgreSQL server: one per instance. */
const stores: PostgresStore[] = [];
async function instancesOnOneDatabase(count: number): Promise<PostgresStore[]> {
  const url = await freshDatabase();
  const opened = await Promise.all(Array.from({ length: count }, () => openPostgres(url)));
  stores.push(...opened);
  return opened;
}

/** A bot on the stub; `shared`: what the instances of one bot share (default: this adapter's memory alone). */
async function startBot({ shared }: { shared?: SharedState } = {}): Promise<ChatAdapter> {
  const adapter = createTelegramAdapter({
    answering: answering(),
    log: recordingLogger(),
    config: { TELEGRAM_BOT_TOKEN: STUB_TOKEN, TELEGRAM_API_ROOT: stub.apiRoot, TELEGRAM_WEBHOOK_PORT: 8443 },
    shared,
  });
  adapters.push(adapter);
  await adapter.start();
  return adapter;
}

/** Pushes an update (ids always increasing, as Telegram's) and waits until the bot handled it. */
async function push(update: object): Promise<StubCall[]> {
  const numbered = { ...update, update_id: ++updateId };
  const before = stub.calls.length;
  stub.push(numbered);
  await stub.handled(numbered);
  return stub.calls.slice(before).filter((call) => call.method !== 'getUpdates');
}

const say = (text: string, { chat = privateChat() as object, from = user() as object, extra = {} } = {}) => push(textUpdate(text, { chat, from, extra }));

/** The flow as a member sees it: one message, its text and buttons, and the prompt waiting for typing. */
class FlowView {
  flowId = 0;
  text = '';
  buttons: Button[] = [];
  promptId: number | null = null;

  constructor(readonly chat: { id: number; type: string }, readonly from: { id: number; language_code: string; first_name: string }) {}

  /** Takes in what the bot did: a flow message sent or edited, a prompt sent. */
  see(calls: StubCall[]): StubCall[] {
    for (const call of calls) {
      const markup = call.body.reply_markup as { inline_keyboard?: Button[][]; force_reply?: boolean } | undefined;
      if (call.method === 'sendMessage' && markup?.force_reply) this.promptId = sentIds.get(call)!;
      else if (call.method === 'sendMessage' && markup?.inline_keyboard) this.flowId = sentIds.get(call)!;
      if ((call.method === 'sendMessage' && markup?.inline_keyboard) || (call.method === 'editMessageText' && call.body.message_id === this.flowId)) {
        this.text = telegramText(String(call.body.text));
        this.buttons = markup?.inline_keyboard?.flat() ?? [];
      }
    }
    return calls;
  }

  button(label: string): Button {
    const found = this.buttons.find((button) => button.text === label);
    if (!found) throw new Error(`no button “${label}” among ${this.buttons.map((button) => button.text).join(' | ')}`);
    return found;
  }

  /** Presses a button as `by` (the starter unless said). */
  async press(label: string, by: object = this.from): Promise<StubCall[]> {
    return this.pressData(this.button(label).callback_data!, by);
  }

  async pressData(data: string, by: object = this.from): Promise<StubCall[]> {
    const message = { message_id: this.flowId, date: Math.floor(Date.now() / 1000), chat: this.chat, from: STUB_BOT, text: this.text };
    return this.see(await push({ callback_query: { id: `cbq-${updateId}`, from: by, chat_instance: '42', message, data } }));
  }

  /** Types an answer to the waiting prompt. */
  async type(text: string): Promise<StubCall[]> {
    const prompt = { message_id: this.promptId, date: Math.floor(Date.now() / 1000), chat: this.chat, from: STUB_BOT, text: 'Type your results' };
    return this.see(await say(text, { chat: this.chat, from: this.from, extra: { reply_to_message: prompt } }));
  }
}

const answeredCallbacks = (calls: StubCall[]) => calls.filter((call) => call.method === 'answerCallbackQuery');
const edits = (calls: StubCall[]) => calls.filter((call) => call.method === 'editMessageText');

describe('the guided /crs on Telegram', () => {
  it('runs to the result in a private chat: every press answered, one message edited, scores typed in a ForceReply', async () => {
    await startBot();
    const view = new FlowView(privateChat(), user());
    view.see(await say('/crs'));
    expect(view.text).toMatch(/^CRS calculator — question 1 of 13\n\nHow old are you\?/);
    expect(view.buttons.map((button) => button.text)).toContain('29');
    // No figures yet, so no source footer under the question.
    expect(view.text).not.toContain('Source: IRCC');
    const flowId = view.flowId;

    const steps: [string, RegExp][] = [
      ['29', /✓ Age: 29\nWhat is your highest level of education\?/],
      ['Bachelor’s, or 3+ year program', /Your first official language: which test did you take\?/],
      ['CELPIP-General', /Your CELPIP-General results\?/],
    ];
    for (const [label, next] of steps) {
      const calls = await view.press(label);
      expect(answeredCallbacks(calls)).toHaveLength(1);
      expect(answeredCallbacks(calls)[0]!.body.text).toBeUndefined();
      expect(edits(calls)).toHaveLength(1);
      expect(edits(calls)[0]!.body).toMatchObject({ chat_id: privateChat().id, message_id: flowId, parse_mode: 'HTML' });
      expect(view.text).toMatch(next);
    }
    // Test results cannot be buttons: a ForceReply prompt asks for them.
    const prompt = stub.callsTo('sendMessage').at(-1)!;
    expect(prompt.body.reply_markup).toEqual({ force_reply: true, selective: true, input_field_placeholder: '9 9 9 9' });
    expect(prompt.body.text).toBe('Type your four CELPIP-General results in the order listening, reading, writing, speaking, e.g. 9 9 9 9.');
    const typed = await view.type('9 9 9 9');
    expect(edits(typed)[0]!.body.message_id).toBe(flowId);
    expect(view.text).toMatch(/A test in your other official language\?/);

    for (const label of ['None', 'None', '3 years or more', 'No', 'No', 'No', 'No', 'None', 'Skip']) expect(answeredCallbacks(await view.press(label))).toHaveLength(1);
    expect(view.text).toMatch(/^CRS 429\n/);
    expect(view.text).toContain('Skill transferability: 75 of 100 at most (education 25, foreign work 50, certificate of qualification 0)');
    expect(view.text).toContain('In the pool: Between 116,879 and 129,852 profiles scored');
    expect(view.text).toContain('Not legal advice; IRCC’s own tool is the reference.');
    // After the result, a button per answer changes it; the prompt answered is gone.
    expect(view.buttons.map((button) => button.text).slice(0, 2)).toEqual(['Age: 29', 'Education: Bachelor’s, or 3+ year program']);
    expect(stub.callsTo('deleteMessage').map((call) => call.body.message_id)).toEqual([prompt && sentIds.get(prompt)]);
    await view.press('Age: 29');
    await view.press('40');
    // Age 40: 50 points instead of 110.
    expect(view.text).toMatch(/^CRS 369\n/);
    // One message for the whole flow: the command's answer, then edits, and the one prompt.
    expect(stub.callsTo('sendMessage').filter((call) => !(call.body.reply_markup as { force_reply?: boolean } | undefined)?.force_reply)).toHaveLength(1);
  });

  it('asks in French, with a spouse, and says what is wrong with typed results', async () => {
    await startBot();
    const view = new FlowView(privateChat(7101), { ...user(7101, 'fr') });
    view.see(await say('/crs', { chat: privateChat(7101), from: user(7101, 'fr') }));
    expect(view.text).toMatch(/^Calculateur SCG — question 1 sur 13\n\nQuel âge avez-vous\u00a0\?/);
    for (const label of ['31', 'Maîtrise, ou diplôme professionnel', 'IELTS General Training']) await view.press(label);
    // Bad input at the typed step: named, with what is accepted, and asked again.
    const refused = await view.type('9,5 7 6,5 7');
    expect(view.text).toContain('IELTS General Training (compréhension orale) : 9.5 est hors limites. Accepté : de 0 à 9 par pas de 0.5.');
    expect(refused.filter((call) => call.method === 'sendMessage' && (call.body.reply_markup as { force_reply?: boolean }).force_reply)).toHaveLength(1);
    await view.type('7,5 7 6,5 7');
    for (const label of ['Aucun', '2 ans', 'Aucune', 'Non', 'Oui, m’accompagne, pas canadien', 'Baccalauréat, ou programme de 3 ans et plus', 'CELPIP-General']) await view.press(label);
    await view.type('7 7 7 7');
    for (const label of ['Aucune', 'Non', 'Non', 'Aucune', 'Passer']) await view.press(label);
    expect(view.text).toMatch(/^SCG 434\n/);
    expect(view.text).toContain('Époux ou conjoint\u00a0: 20 (études 8, première langue officielle 12, expérience au Canada 0)');
    expect(view.text).toContain('Ceci n’est pas un avis juridique; l’outil d’IRCC fait foi.');
  });

  it('goes back and cancels', async () => {
    await startBot();
    const view = new FlowView(privateChat(), user());
    view.see(await say('/crs'));
    await view.press('30');
    await view.press('◀ Back');
    expect(view.text).toMatch(/How old are you\?/);
    await view.press('✖ Cancel');
    expect(view.text).toMatch(/Cancelled\. Nothing was kept\./);
    expect(view.buttons).toEqual([]);
  });

  it('resumes after a restart: a new adapter takes the old buttons where they were', async () => {
    const first = await startBot();
    const view = new FlowView(privateChat(), user());
    view.see(await say('/crs'));
    await view.press('29');
    await view.press('Bachelor’s, or 3+ year program');
    await first.stop();

    await startBot();
    const calls = await view.press('CELPIP-General');
    expect(answeredCallbacks(calls)).toHaveLength(1);
    expect(edits(calls)[0]!.body.message_id).toBe(view.flowId);
    expect(view.text).toMatch(/Your CELPIP-General results\?/);
  });

  it('a typed answer to a prompt sent before a restart is told to press the button again, which prompts anew', async () => {
    const first = await startBot();
    const view = new FlowView(privateChat(), user());
    view.see(await say('/crs'));
    for (const label of ['29', 'Bachelor’s, or 3+ year program', 'CELPIP-General']) await view.press(label);
    await first.stop();
    await startBot();
    const lost = await view.type('9 9 9 9');
    expect(lost.filter((call) => call.method === 'sendMessage').map((call) => call.body.text)).toEqual(['That question has expired: press the button on the calculator again to answer it.']);
    const again = await view.press('✎ Type the results');
    expect(answeredCallbacks(again)).toHaveLength(1);
    expect(edits(again)).toHaveLength(0);
    await view.type('9 9 9 9');
    expect(view.text).toMatch(/A test in your other official language\?/);
  });

  it('answers a stale button briefly, changing nothing', async () => {
    await startBot();
    const view = new FlowView(privateChat(), user());
    view.see(await say('/crs'));
    // Its own owner, but a state no version of the flow wrote.
    const calls = await view.pressData(`crs:${ownerToken('7001')}:zzzzzzzzz`);
    expect(answeredCallbacks(calls).map((call) => call.body.text)).toEqual(['This button has expired. Start again with the command.']);
    expect(edits(calls)).toEqual([]);
  });

  it('in a group: offers a private chat, and only the starter may press', async () => {
    await startBot();
    const starter = user(7001);
    const other = user(7002);
    const view = new FlowView(groupChat(), starter);
    view.see(await say('/crs', { chat: groupChat(), from: starter }));
    expect(view.text).toMatch(/A CRS profile is personal/);
    expect(view.button('Continue in private').url).toBe(`https://t.me/${STUB_BOT.username}?start=crs`);

    const foreign = await view.press('Here, in this group', other);
    expect(answeredCallbacks(foreign).map((call) => call.body.text)).toEqual(['These buttons belong to whoever started them. Type /crs to start your own.']);
    expect(edits(foreign)).toEqual([]);

    await view.press('Here, in this group');
    expect(view.text).toMatch(/How old are you\?/);
    const later = await view.press('30', other);
    expect(answeredCallbacks(later)[0]!.body.text).toMatch(/^These buttons belong to whoever started them/);
    await view.press('30');
    await view.press('Secondary diploma');
    await view.press('PTE Core');
    // The prompt names the starter so that only their Telegram shows the reply field.
    const prompt = stub.callsTo('sendMessage').at(-1)!;
    expect(prompt.body.text).toMatch(/^<a href="tg:\/\/user\?id=7001">Priya<\/a>, type your four PTE Core results/);
    await view.type('82 78 88 84');
    expect(view.text).toMatch(/A test in your other official language\?/);
  });

  it('in a group: a wrong entry asks again, a reply to the earlier prompt still answers, and old prompts are removed (issue 22, item 4)', async () => {
    await startBot();
    const starter = user(7001);
    const view = new FlowView(groupChat(), starter);
    view.see(await say('/crs', { chat: groupChat(), from: starter }));
    await view.press('Here, in this group');
    // In a group, a reply to the calculator's message answers it: privacy mode delivers replies to the bot.
    const flowMessage = { message_id: view.flowId, date: Math.floor(Date.now() / 1000), chat: view.chat, from: STUB_BOT, text: view.text };
    view.see(await say('29', { chat: groupChat(), from: starter, extra: { reply_to_message: flowMessage } }));
    expect(view.text).toMatch(/✓ Age: 29/);
    for (const label of ['Master’s, or professional degree', 'IELTS General Training']) await view.press(label);
    const firstPrompt = view.promptId!;
    // A wrong entry: the question again, with the hint, and a new prompt in place of the first.
    const wrong = await view.type('eight seven');
    expect(view.text).toContain('IELTS General Training: “eight seven” is not accepted.');
    expect(wrong.filter((call) => call.method === 'deleteMessage').map((call) => call.body.message_id)).toEqual([firstPrompt]);
    expect(view.promptId).not.toBe(firstPrompt);
    // The member replies to the first prompt anyway (it was on their screen): answered, not ignored.
    view.promptId = firstPrompt;
    const late = await view.type('8 7 7 7');
    expect(edits(late)).toHaveLength(1);
    expect(view.text).toMatch(/✓ First official language: IELTS General Training 8 7 7 7\nA test in your other official language\?/);
    // The prompt left on screen is removed once answered: none pile up.
    expect(late.filter((call) => call.method === 'deleteMessage')).toHaveLength(1);
    // Another member's reply to the calculator is conversation: left alone.
    const other = await say('nice', { chat: groupChat(), from: user(7002), extra: { reply_to_message: flowMessage } });
    expect(other.filter((call) => call.method === 'sendMessage' || call.method === 'editMessageText')).toEqual([]);
  });

  it('in a French group, the prompt speaks to the member in lower case after their name (issue 22, item 4)', async () => {
    await startBot();
    const starter = user(7005, 'fr');
    const view = new FlowView(groupChat(), starter);
    view.see(await say('/crs', { chat: groupChat(), from: starter }));
    for (const label of ['Ici, dans ce groupe', '30', 'Maîtrise, ou diplôme professionnel', 'TEF Canada']) await view.press(label);
    const prompt = stub.callsTo('sendMessage').at(-1)!;
    expect(prompt.body.text).toMatch(/^<a href="tg:\/\/user\?id=7005">Priya<\/a>, tapez vos quatre résultats au TEF Canada/);
    await view.type('quatre cents');
    expect(view.text).toContain('TEF Canada : « quatre cents » n’est pas accepté.');
    await view.type('546 546 558 556');
    expect(view.text).toMatch(/✓ Première langue officielle : TEF Canada 546 546 558 556/);
  });

  it('in a group, 4,095 characters typed as the answer cost at most 2 sends, quoting a short excerpt', async () => {
    await startBot();
    const starter = user(7001);
    const view = new FlowView(groupChat(), starter);
    view.see(await say('/crs', { chat: groupChat(), from: starter }));
    for (const label of ['Here, in this group', '30', 'Secondary diploma', 'CELPIP-General']) await view.press(label);
    // Escaped, each "<" is four characters of HTML ("&lt;") but one on the member's screen.
    const junk = '<'.repeat(4095);
    const calls = await view.type(junk);
    const sends = calls.filter((call) => ['sendMessage', 'editMessageText', 'sendPhoto'].includes(call.method));
    expect(sends.map((call) => call.method)).toEqual(['editMessageText', 'sendMessage']);
    // Asked again, naming what was wrong with a short excerpt of what was typed.
    expect(view.text).toMatch(/Your CELPIP-General results\?/);
    expect(view.text).toMatch(/“<{20,40}…”/);
    expect(view.text.length).toBeLessThan(1000);
    expect(String(sends[1]!.body.text)).toMatch(/Priya<\/a>, type your four CELPIP-General results/);
  });

  it('a 400-digit result typed is refused plainly, never echoed as “Infinity”', async () => {
    await startBot();
    const view = new FlowView(privateChat(), user());
    view.see(await say('/crs'));
    for (const label of ['29', 'Bachelor’s, or 3+ year program', 'CELPIP-General']) await view.press(label);
    await view.type(`${'9'.repeat(400)} 9 9 9`);
    expect(view.text).toMatch(/Your CELPIP-General results\?/);
    expect(view.text).not.toContain('Infinity');
    expect(view.text).toContain(`CELPIP-General (listening): ${'9'.repeat(29)}… is out of range. Accepted: 0 to 12.`);
  });

  it('in a private chat, answers typed without replying answer the question: “29”, “master”, “no” (issue 22, item 1)', async () => {
    await startBot();
    const view = new FlowView(privateChat(), user());
    view.see(await say('/crs'));
    view.see(await say('29'));
    expect(view.text).toMatch(/✓ Age: 29\nWhat is your highest level of education\?/);
    // A word that is no answer: the question again, with a hint; the flow goes on.
    const wrong = view.see(await say('4'));
    expect(wrong.filter((call) => call.method === 'sendMessage')).toEqual([]);
    expect(view.text).toMatch(/“4” is not an answer to this question\./);
    view.see(await say('bachelor'));
    view.see(await say('celpip'));
    view.see(await say('9 9 9 9'));
    expect(view.text).toMatch(/A test in your other official language\?/);
    for (const answer of ['none', '0', '3', 'no', 'no', 'no', 'no', 'none', 'skip']) view.see(await say(answer));
    expect(view.text).toMatch(/^CRS 429\n/);
    // Once the result is given, other text is no answer: the usual help.
    const after = await say('9 9 9 9');
    expect(after.filter((call) => call.method === 'sendMessage').map((call) => telegramText(String(call.body.text)))).toEqual([expect.stringMatching(/Commands start with “\/”/)]);
  });

  it('/start crs in a private chat (the deep link) starts the flow', async () => {
    await startBot();
    const view = new FlowView(privateChat(), user());
    view.see(await say('/start crs'));
    expect(view.text).toMatch(/^CRS calculator — question 1 of 13/);
  });

  describe('on several instances, the prompt kept in the database (issue 18)', () => {
    it('in a private chat, a typed answer to one instance’s prompt is answered by another, the first one gone', async () => {
      const [first, second] = await instancesOnOneDatabase(2);
      const one = await startBot({ shared: first!.coordination });
      const view = new FlowView(privateChat(), user());
      view.see(await say('/crs'));
      for (const label of ['29', 'Bachelor’s, or 3+ year program', 'CELPIP-General']) await view.press(label);
      const prompt = view.promptId;
      await one.stop();

      await startBot({ shared: second!.coordination });
      // Typed without replying: in a private chat the next message answers the flow's question.
      const typed = view.see(await say('9 9 9 9'));
      expect(edits(typed).map((call) => call.body.message_id)).toEqual([view.flowId]);
      expect(view.text).toMatch(/✓ First official language: CELPIP-General 9 9 9 9\nA test in your other official language\?/);
      // The other instance's prompt is removed by the one that took the answer.
      expect(typed.filter((call) => call.method === 'deleteMessage').map((call) => call.body.message_id)).toEqual([prompt]);
      expect(typed.filter((call) => call.method === 'sendMessage')).toEqual([]);
    });

    it('in a group, a reply to an earlier prompt of another instance still answers, and only the starter’s', async () => {
      const [first, second] = await instancesOnOneDatabase(2);
      const one = await startBot({ shared: first!.coordination });
      const starter = user(7001);
      const view = new FlowView(groupChat(), starter);
      view.see(await say('/crs', { chat: groupChat(), from: starter }));
      for (const label of ['Here, in this group', '29', 'Master’s, or professional degree', 'IELTS General Training']) await view.press(label);
      const firstPrompt = view.promptId!;
      await view.type('eight seven');
      const secondPrompt = view.promptId!;
      expect(secondPrompt).not.toBe(firstPrompt);
      await one.stop();

      await startBot({ shared: second!.coordination });
      // Another member's reply to the prompt: not theirs to answer, said so; the flow does not move.
      view.promptId = firstPrompt;
      const foreign = await say('9 9 9 9', { chat: groupChat(), from: user(7002), extra: { reply_to_message: { message_id: firstPrompt, date: 0, chat: view.chat, from: STUB_BOT, text: 'Type' } } });
      expect(edits(foreign)).toEqual([]);
      expect(foreign.filter((call) => call.method === 'sendMessage')).toHaveLength(1);
      const late = await view.type('8 7 7 7');
      expect(edits(late).map((call) => call.body.message_id)).toEqual([view.flowId]);
      expect(view.text).toMatch(/✓ First official language: IELTS General Training 8 7 7 7\nA test in your other official language\?/);
      expect(late.filter((call) => call.method === 'deleteMessage').map((call) => call.body.message_id)).toEqual([secondPrompt]);
    });
  });
});
