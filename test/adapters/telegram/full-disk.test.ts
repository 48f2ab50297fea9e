import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createTelegramAdapter } from '../../../src/adapters/telegram/index.ts';
import type { ChatAdapter } from '../../../src/chat/adapter.ts';
import { answering } from '../../helpers/answers.ts';
import { privateChat, startBotApiStub, STUB_TOKEN, textUpdate, user, type BotApiStub } from '../../helpers/bot-api-stub.ts';
import { recordingLogger } from '../../helpers/log.ts';
import { smallDisk } from '../../helpers/small-disk.ts';
import { openStore } from '../../helpers/store.ts';
import { telegramText } from '../../helpers/telegram-html.ts';

/**
 * /subscribe when the data folder's disk is full (issue 19): the member is told the change was not
 * saved and to try again — not that "something went wrong" —, and nothing of it was kept.
 */

const disk = smallDisk(512);
afterAll(() => disk.dispose());
const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  disk.free();
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe(`/subscribe on a full disk (${disk.mode})`, () => {
  it('says it was not saved and to try again, keeps nothing, and subscribes once there is room', async () => {
    const dir = join(disk.root, 'subscribe');
    mkdirSync(dir);
    const store = await openStore(dir);
    const stub: BotApiStub = await startBotApiStub();
    const adapter: ChatAdapter = createTelegramAdapter({
      answering: { ...answering(), subscriptions: store },
      log: recordingLogger(),
      config: { TELEGRAM_BOT_TOKEN: STUB_TOKEN, TELEGRAM_API_ROOT: stub.apiRoot, TELEGRAM_WEBHOOK_PORT: 8443 },
    });
    cleanups.push(() => stub.close(), () => store.close(), () => adapter.stop());
    await adapter.start();
    const answer = async (text: string, locale = 'en') => {
      const update = textUpdate(text, { chat: privateChat(7001), from: user(7001, locale) });
      const before = stub.callsTo('sendMessage').length;
      stub.push(update);
      await stub.handled(update);
      return stub.callsTo('sendMessage').slice(before).map((call) => telegramText(String(call.body.text)));
    };

    disk.fill({ leavePages: 0, simulatedFile: join(dir, 'subscriptions.json') });
    const [refused] = await answer('/subscribe stem');
    expect(refused).toMatch(/^Not saved\n\nThis change was not saved: the bot could not write its data just now\. Nothing changed; please try again in a few minutes\.\n\nSource: IRCC/);
    expect(refused).not.toContain('Something went wrong');
    expect(await store.get('telegram:7001')).toBeUndefined();
    disk.fill({ leavePages: 0, simulatedFile: join(dir, 'subscriptions.json') });
    const [refusedFr] = await answer('/subscribe stem', 'fr');
    expect(refusedFr).toMatch(/^Non enregistré\n\nCe changement n’a pas été enregistré : le robot n’a pas pu écrire ses données pour le moment\. Rien n’a changé; réessayez dans quelques minutes\./);

    disk.free();
    const [saved] = await answer('/subscribe stem');
    expect(saved).toMatch(/^Posts to this chat\n\nSubscribed: /);
    expect(await store.get('telegram:7001')).toMatchObject({ categories: ['stem'] });
    expect(existsSync(join(dir, 'subscriptions.json')) && readFileSync(join(dir, 'subscriptions.json'), 'utf8')).toContain('telegram:7001');
  });
});
