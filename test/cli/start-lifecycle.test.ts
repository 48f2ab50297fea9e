import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fail, startBotApiStub, STUB_TOKEN, textUpdate, type BotApiStub } from '../helpers/bot-api-stub.ts';
import { startBotProcess, type BotProcess } from '../helpers/bot-process.ts';
import { freePort } from '../helpers/ports.ts';

/**
 * `npm start` as a supervisor sees it (issue 11): a platform that refuses the bot for good ends the
 * process non-zero with one line; /healthz says what is down; shutdown is bounded however Telegram
 * hangs; debug switches print no secret.
 */

let stub: BotApiStub;
beforeEach(async () => {
  stub = await startBotApiStub();
});
afterEach(async () => {
  await stub.close();
});

const npmStart = (env: Record<string, string>) => startBotProcess({ TELEGRAM_API_ROOT: stub.apiRoot, TELEGRAM_BOT_TOKEN: STUB_TOKEN, ...env });

async function logged(bot: BotProcess, msg: string, timeoutMs = 15_000): Promise<Record<string, unknown>> {
  for (const start = Date.now(); Date.now() - start < timeoutMs; await new Promise((resolve) => setTimeout(resolve, 50))) {
    const line = bot.logs().find((candidate) => candidate.msg === msg);
    if (line) return line;
  }
  throw new Error(`never logged "${msg}"; stderr:\n${bot.output.stderr}`);
}

describe('npm start, supervised', () => {
  it('a token revoked while running ends the process with exit 1 and one line saying why', async () => {
    const bot = npmStart({});
    await stub.waitFor('getUpdates');
    stub.answerAlways('getUpdates', () => fail(401, 'Unauthorized'));
    stub.push(textUpdate('/latest'));
    expect(await bot.exited).toBe(1);
    expect(bot.output.stderr.trim().split('\n').at(-1)).toBe('start failed: Telegram: Telegram no longer accepts TELEGRAM_BOT_TOKEN (401 Unauthorized): it was revoked or changed in @BotFather');
    expect(bot.output.stderr).not.toContain(STUB_TOKEN.split(':')[1]);
  });

  it('GET /healthz: 200 with each platform, the last poll and the posts pending; 503 naming what is down', async () => {
    const bot = npmStart({ HEALTH_PORT: '0' });
    const { port } = (await logged(bot, 'health endpoint listening on /healthz')) as { port: number };
    await logged(bot, 'bot running');
    const healthy = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(healthy.status).toBe(200);
    const report = (await healthy.json()) as Record<string, unknown>;
    expect(report).toMatchObject({ status: 'ok', down: [], platforms: { telegram: { state: 'up' } }, postsPending: 0 });
    expect(report).toHaveProperty('lastPoll');

    stub.answerAlways('getUpdates', () => fail(409, 'Conflict: terminated by other getUpdates request; make sure that only one bot instance is running'));
    stub.push(textUpdate('/latest'));
    await logged(bot, 'Telegram long polling stopped: trying again');
    const down = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(down.status).toBe(503);
    expect(((await down.json()) as { down: string[] }).down).toEqual([expect.stringMatching(/^telegram: long polling stopped \(409 Conflict/)]);
    expect((await fetch(`http://127.0.0.1:${port}/other`)).status).toBe(404);
    bot.child.kill('SIGTERM');
    expect(await bot.exited).toBe(0);
  });

  describe('a Telegram outage telegraf retries by itself shows in /healthz within 30 s, one warning; back with one info line', () => {
    const health = async (port: number) => {
      const response = await fetch(`http://127.0.0.1:${port}/healthz`);
      return { status: response.status, down: ((await response.json()) as { down: string[] }).down };
    };
    const lines = (bot: BotProcess, msg: string) => bot.logs().filter((line) => line.msg === msg);
    const UNREACHABLE = 'Telegram unreachable: members are not heard until it answers again';
    const BACK = 'Telegram answers again';

    async function pollingBot(): Promise<{ bot: BotProcess; port: number }> {
      const bot = npmStart({ HEALTH_PORT: '0' });
      const { port } = (await logged(bot, 'health endpoint listening on /healthz')) as { port: number };
      await logged(bot, 'bot running');
      await stub.waitFor('getUpdates');
      expect(await health(port)).toEqual({ status: 200, down: [] });
      return { bot, port };
    }

    it('the Bot API unreachable (stopped): 503 naming it, while telegraf keeps retrying; 200 once it listens again', async () => {
      const { bot, port } = await pollingBot();
      const stoppedAt = Date.now();
      await stub.stop();
      await expect.poll(() => health(port).then(({ status }) => status), { timeout: 30_000, interval: 250 }).toBe(503);
      expect(Date.now() - stoppedAt).toBeLessThan(30_000);
      expect((await health(port)).down).toEqual([expect.stringMatching(/^telegram: Telegram unreachable \((ECONNREFUSED|ECONNRESET); long polling retries by itself\)$/)]);
      // telegraf tries again every 5 s: still down, still one warning.
      await new Promise((resolve) => setTimeout(resolve, 6_000));
      expect((await health(port)).status).toBe(503);
      expect(lines(bot, UNREACHABLE)).toHaveLength(1);
      expect(lines(bot, UNREACHABLE)[0]!.level).toBe(40);

      await stub.restart();
      await expect.poll(() => health(port).then(({ status }) => status), { timeout: 30_000, interval: 250 }).toBe(200);
      expect(lines(bot, BACK)).toHaveLength(1);
      expect(lines(bot, BACK)[0]!.level).toBe(30);
      // Members are heard again.
      const update = textUpdate('/latest');
      stub.push(update);
      await stub.handled(update);
      expect(String(stub.callsTo('sendMessage').at(-1)!.body.text)).toContain('Round #411');
      bot.child.kill('SIGTERM');
      expect(await bot.exited).toBe(0);
    }, 90_000);

    it('getUpdates answered 502: 503 naming it within 30 s; 200 when Telegram answers again', async () => {
      const { bot, port } = await pollingBot();
      stub.answerAlways('getUpdates', () => fail(502, 'Bad Gateway'));
      const failedAt = Date.now();
      // The poll in flight ends with an update; the next ones get 502.
      const update = textUpdate('/latest');
      stub.push(update);
      await expect.poll(() => health(port).then(({ status }) => status), { timeout: 30_000, interval: 250 }).toBe(503);
      expect(Date.now() - failedAt).toBeLessThan(30_000);
      expect((await health(port)).down).toEqual(['telegram: Telegram unreachable (502 Bad Gateway; long polling retries by itself)']);
      const refused = stub.callsTo('getUpdates').length;
      await stub.waitFor('getUpdates', refused + 1);
      expect(lines(bot, UNREACHABLE)).toHaveLength(1);

      stub.answerNormally('getUpdates');
      await expect.poll(() => health(port).then(({ status }) => status), { timeout: 30_000, interval: 250 }).toBe(200);
      expect(lines(bot, BACK)).toHaveLength(1);
      expect(lines(bot, UNREACHABLE)).toHaveLength(1);
      bot.child.kill('SIGTERM');
      expect(await bot.exited).toBe(0);
    }, 90_000);
  });

  it('stops within 25 s of SIGTERM while Telegram hangs on an answer', async () => {
    stub.hang('sendMessage');
    const bot = npmStart({});
    await stub.waitFor('getUpdates');
    stub.push(textUpdate('/latest'));
    await stub.waitFor('sendMessage');
    const signalled = Date.now();
    bot.child.kill('SIGTERM');
    expect(await bot.exited).toBe(0);
    expect(Date.now() - signalled).toBeLessThan(25_000);
  }, 40_000);

  it('DEBUG=telegraf:* prints neither the webhook secret nor the token', async () => {
    const port = await freePort();
    const bot = npmStart({ DEBUG: 'telegraf:*', TELEGRAM_WEBHOOK_URL: 'https://bot.example.org/hook', TELEGRAM_WEBHOOK_PORT: String(port) });
    await logged(bot, 'Telegram webhook listening');
    // The leader registers the webhook once it leads (at once, with a data folder).
    await stub.waitFor('setWebhook');
    const secret = String(stub.callsTo('setWebhook')[0]!.body.secret_token);
    const answered = await fetch(`http://127.0.0.1:${port}/hook`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': secret }, body: JSON.stringify(textUpdate('/latest')) });
    expect(answered.status).toBe(200);
    await stub.waitFor('sendMessage');
    bot.child.kill('SIGTERM');
    await bot.exited;
    expect(bot.output.stderr).toMatch(/telegraf:/);
    expect(bot.output.stderr).not.toContain(secret);
    expect(bot.output.stderr).not.toContain(STUB_TOKEN.split(':')[1]);
  });
});
