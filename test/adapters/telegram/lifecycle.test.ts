import { request } from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ChatAdapter } from '../../../src/chat/adapter.ts';
import { createTelegramAdapter, type TelegramAdapterOptions } from '../../../src/adapters/telegram/index.ts';
import { answering, ask } from '../../helpers/answers.ts';
import { fail, ok, startBotApiStub, STUB_TOKEN, textUpdate, type BotApiStub } from '../../helpers/bot-api-stub.ts';
import { recordingLogger } from '../../helpers/log.ts';

/**
 * What keeps the Telegram side alive and honest (issue 11): a webhook that bad requests cannot
 * crash or flood, polling that never goes deaf while looking alive, requests that shutdown aborts.
 */

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

function bot(options: Partial<Omit<TelegramAdapterOptions, 'config'>> & { config?: Partial<TelegramAdapterOptions['config']> } = {}) {
  const log = recordingLogger();
  const adapter = createTelegramAdapter({
    answering: answering(),
    log,
    ...options,
    config: { TELEGRAM_BOT_TOKEN: STUB_TOKEN, TELEGRAM_API_ROOT: stub.apiRoot, TELEGRAM_WEBHOOK_PORT: 8443, ...options.config },
  });
  adapters.push(adapter);
  return { adapter, log };
}

const settled = async <T>(promise: Promise<T>, ms: number): Promise<T | 'pending'> => Promise.race([promise, new Promise<'pending'>((resolve) => setTimeout(() => resolve('pending'), ms))]);

describe('the webhook door', () => {
  async function webhook() {
    const { adapter, log } = bot({ config: { TELEGRAM_WEBHOOK_URL: 'https://bot.example.org/hook', TELEGRAM_WEBHOOK_PORT: 0 }, webhookHost: '127.0.0.1' });
    await adapter.start();
    const secret = String(stub.callsTo('setWebhook')[0]!.body.secret_token);
    const { port } = log.lines.find((line) => line.msg === 'Telegram webhook listening')!.obj as { port: number };
    const post = (body: string | Uint8Array, headers: Record<string, string> = {}) =>
      fetch(`http://127.0.0.1:${port}/hook`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': secret, ...headers }, body });
    return { post, port, secret, adapter };
  }

  it('answers 400 to a body that is no update (null, an array, a number, no update_id, not JSON) and keeps serving', async () => {
    const { post } = await webhook();
    for (const body of ['null', '[]', '42', '"update"', '{"message":{}}', '{"update_id":"7"}', '{"update_id":', '']) {
      expect((await post(body)).status, body).toBe(400);
    }
    expect((await post(JSON.stringify(textUpdate('/latest')))).status).toBe(200);
    expect(String(stub.callsTo('sendMessage')[0]!.body.text)).toContain('Round #411');
  });

  it('answers 413 past 1 MB, without reading a declared 100 MB body, and keeps serving', async () => {
    const { post, port, secret } = await webhook();
    const big = new Uint8Array(1024 * 1024 + 1).fill(0x20);
    expect((await post(big)).status).toBe(413);
    const status = await new Promise<number>((resolve, reject) => {
      const sending = request({ host: '127.0.0.1', port, path: '/hook', method: 'POST', headers: { 'content-type': 'application/json', 'content-length': String(100 * 1024 * 1024), 'x-telegram-bot-api-secret-token': secret } }, (response) => resolve(response.statusCode ?? 0));
      sending.on('error', reject);
      sending.write('{"update_id":');
    });
    expect(status).toBe(413);
    expect((await post(JSON.stringify(textUpdate('/latest')))).status).toBe(200);
  });

  it('refuses a wrong secret, another path or method before reading anything', async () => {
    const { post, port } = await webhook();
    expect((await post('null', { 'x-telegram-bot-api-secret-token': 'guess' })).status).toBe(403);
    expect((await fetch(`http://127.0.0.1:${port}/hook`)).status).toBe(405);
    expect((await fetch(`http://127.0.0.1:${port}/other`, { method: 'POST', body: '{}' })).status).toBe(404);
  });
});

describe('a webhook that hears nothing while Telegram reports errors', () => {
  it('is reconnecting within a check, one warning; an update arriving brings it back, one info line', async () => {
    const { adapter, log } = bot({ config: { TELEGRAM_WEBHOOK_URL: 'https://bot.example.org/hook', TELEGRAM_WEBHOOK_PORT: 0 }, webhookHost: '127.0.0.1', linkTimings: { webhookCheckMs: 300 } });
    await adapter.start();
    expect(adapter.health()).toEqual({ state: 'up' });
    // Telegram posts nothing (the reverse proxy is down, say) and says why.
    const failing = () => ok({ url: 'https://bot.example.org/hook', has_custom_certificate: false, pending_update_count: 3, last_error_date: Math.floor(Date.now() / 1000) + 1, last_error_message: 'Connection refused' });
    stub.answerAlways('getWebhookInfo', failing);
    await expect.poll(() => adapter.health(), { timeout: 5000 }).toEqual({ state: 'reconnecting', detail: 'Telegram unreachable (Telegram cannot deliver updates to the webhook (Connection refused; 3 waiting))' });
    await stub.waitFor('getWebhookInfo', stub.callsTo('getWebhookInfo').length + 2);
    const warnings = () => log.lines.filter((line) => line.msg === 'Telegram unreachable: members are not heard until it answers again');
    expect(warnings()).toHaveLength(1);

    // The proxy is back: Telegram delivers what waited.
    const secret = String(stub.callsTo('setWebhook')[0]!.body.secret_token);
    const { port } = log.lines.find((line) => line.msg === 'Telegram webhook listening')!.obj as { port: number };
    stub.answerAlways('getWebhookInfo', () => ok({ url: 'https://bot.example.org/hook', has_custom_certificate: false, pending_update_count: 0, last_error_date: Math.floor(Date.now() / 1000) - 5, last_error_message: 'Connection refused' }));
    const delivered = await fetch(`http://127.0.0.1:${port}/hook`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': secret }, body: JSON.stringify(textUpdate('/latest')) });
    expect(delivered.status).toBe(200);
    expect(adapter.health()).toEqual({ state: 'up' });
    expect(log.lines.filter((line) => line.msg === 'Telegram answers again')).toHaveLength(1);
    await stub.waitFor('getWebhookInfo', stub.callsTo('getWebhookInfo').length + 2);
    expect(adapter.health()).toEqual({ state: 'up' });
    expect(warnings()).toHaveLength(1);
  });

  it('a Telegram that cannot be asked (502) is reconnecting too', async () => {
    const { adapter } = bot({ config: { TELEGRAM_WEBHOOK_URL: 'https://bot.example.org/hook', TELEGRAM_WEBHOOK_PORT: 0 }, webhookHost: '127.0.0.1', linkTimings: { webhookCheckMs: 300 } });
    await adapter.start();
    stub.answerAlways('getWebhookInfo', () => fail(502, 'Bad Gateway'));
    await expect.poll(() => adapter.health(), { timeout: 5000 }).toEqual({ state: 'reconnecting', detail: 'Telegram unreachable (502 Bad Gateway asking Telegram about the webhook)' });
    stub.answerAlways('getWebhookInfo', () => ok({ url: 'https://bot.example.org/hook', has_custom_certificate: false, pending_update_count: 0 }));
    await expect.poll(() => adapter.health(), { timeout: 5000 }).toEqual({ state: 'up' });
  });
});

describe('long polling is never deaf while looking alive', () => {
  it('a long poll Telegram never answers (a connection gone silent) is reconnecting past its time; an answer brings it back', async () => {
    const { adapter, log } = bot({ linkTimings: { pollOverdueMs: 500 } });
    await adapter.start();
    await stub.waitFor('getUpdates');
    // The stub holds polls until an update comes: past 500 ms here, as past 65 s with Telegram.
    await expect.poll(() => adapter.health(), { timeout: 5000 }).toEqual({ state: 'reconnecting', detail: 'Telegram unreachable (no answer to long polling for 1 s)' });
    const update = textUpdate('/latest');
    stub.push(update);
    await stub.handled(update);
    expect(log.lines.filter((line) => line.msg === 'Telegram answers again')).toHaveLength(1);
    expect(String(stub.callsTo('sendMessage')[0]!.body.text)).toContain('Round #411');
  });

  it('a 409 is tried again with backoff; answers resume when the other process stops', async () => {
    stub.answerNext('getUpdates', fail(409, 'Conflict: terminated by other getUpdates request; make sure that only one bot instance is running'));
    const { adapter, log } = bot({ conflictGraceMs: 60_000 });
    await adapter.start();
    await stub.waitFor('getUpdates', 2);
    expect(log.lines.some((line) => line.msg === 'Telegram long polling stopped: trying again' && String(line.obj.error).startsWith('409'))).toBe(true);
    const update = textUpdate('/latest');
    stub.push(update);
    await stub.handled(update);
    expect(String(stub.callsTo('sendMessage')[0]!.body.text)).toContain('Round #411');
    expect(adapter.health()).toEqual({ state: 'up' });
    expect(await settled(adapter.lost, 50)).toBe('pending');
  });

  it('a 409 that lasts past the grace loses the platform, saying why; health says down', async () => {
    stub.answerAlways('getUpdates', () => fail(409, 'Conflict: terminated by other getUpdates request; make sure that only one bot instance is running'));
    const { adapter } = bot({ conflictGraceMs: 1500 });
    await adapter.start();
    expect(await settled(adapter.lost, 300)).toBe('pending');
    expect(adapter.health().state).toBe('reconnecting');
    const lost = await settled(adapter.lost, 8000);
    expect(lost).not.toBe('pending');
    expect((lost as Error).message).toMatch(/^Telegram: another process has been receiving this bot's Telegram updates for \d+ s \(409 Conflict\)/);
    expect(adapter.health()).toMatchObject({ state: 'down' });
  });

  it('a token revoked while running (401) loses the platform at once', async () => {
    const { adapter } = bot();
    await adapter.start();
    await stub.waitFor('getUpdates');
    stub.answerAlways('getUpdates', () => fail(401, 'Unauthorized'));
    stub.push(textUpdate('/latest'));
    const lost = await settled(adapter.lost, 5000);
    expect((lost as Error).message).toBe('Telegram: Telegram no longer accepts TELEGRAM_BOT_TOKEN (401 Unauthorized): it was revoked or changed in @BotFather');
  });
});

describe('stop()', () => {
  it('aborts a post Telegram never answers: it fails as transient (the post stays pending), at once', async () => {
    stub.hang('sendMessage');
    const { adapter } = bot();
    await adapter.start();
    const post = adapter.post('7001', await ask('/latest'), 'en').then(() => null, (error: unknown) => error as { failure?: unknown });
    await stub.waitFor('sendMessage');
    const started = Date.now();
    await adapter.stop();
    const error = await post;
    expect(Date.now() - started).toBeLessThan(6000);
    expect(error?.failure).toEqual({ kind: 'transient' });
  });
});
