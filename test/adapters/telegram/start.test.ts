import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startBotApiStub, STUB_TOKEN, textUpdate, type BotApiStub } from '../../helpers/bot-api-stub.ts';
import { startBotProcess } from '../../helpers/bot-process.ts';

/** `npm start` with TELEGRAM_BOT_TOKEN set, as an operator runs it, against the local Bot API stub. */

let stub: BotApiStub;

beforeEach(async () => {
  stub = await startBotApiStub();
});

afterEach(async () => {
  await stub.close();
});

const npmStart = (env: Record<string, string>) => startBotProcess({ TELEGRAM_API_ROOT: stub.apiRoot, ...env });

describe('npm start with a Telegram token', () => {
  it('answers on Telegram, and stops polling cleanly on SIGTERM', async () => {
    const bot = npmStart({ TELEGRAM_BOT_TOKEN: STUB_TOKEN });
    await stub.waitFor('getUpdates');
    const update = textUpdate('/latest');
    stub.push(update);
    await stub.handled(update);
    expect(stub.callsTo('sendMessage')[0]!.body.text).toContain('Round #411 (April 15, 2026)');

    bot.child.kill('SIGTERM');
    expect(await bot.exited).toBe(0);
    const lines = bot.output.stderr.trim().split('\n').map((line) => JSON.parse(line) as { msg: string });
    expect(lines.map((line) => line.msg)).toEqual(expect.arrayContaining(['Telegram bot running', 'bot running', 'shutting down']));
    expect(bot.output.stderr).not.toContain(STUB_TOKEN.split(':')[1]);
    // Polling ended by confirming the update it handled.
    expect(stub.callsTo('getUpdates').at(-1)!.body).toMatchObject({ offset: update.update_id + 1, limit: 1 });
  });

  it('a wrong token stops start-up with one clear line, never the token', async () => {
    const token = '222222222:AAanother-wrong-token-that-is-long-enough';
    const bot = npmStart({ TELEGRAM_BOT_TOKEN: token });
    expect(await bot.exited).toBe(1);
    expect(bot.output.stderr.trim()).toBe('start failed: Telegram rejected TELEGRAM_BOT_TOKEN (401 Unauthorized): copy the token from @BotFather again');
    expect(bot.output.stdout).toBe('');
  });
});
