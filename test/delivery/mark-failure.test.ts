import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { DeliveryError } from '../../src/chat/adapter.ts';
import { reply } from '../../src/chat/reply.ts';
import { DeliveryWorker } from '../../src/delivery/worker.ts';
import { recordingLogger } from '../helpers/log.ts';
import { smallDisk } from '../helpers/small-disk.ts';
import { openStore } from '../helpers/store.ts';
import { planFor } from '../helpers/outbox.ts';
import { subscription } from '../helpers/subscriptions.ts';

/** The delivery worker when the disk refuses the write that records a post's outcome. */

const disk = smallDisk(512);
afterAll(() => disk.dispose());
afterEach(() => disk.free());

async function setUp(name: string, chats: string[]) {
  const dir = join(disk.root, name);
  mkdirSync(dir);
  const store = await openStore(dir);
  await planFor(store, chats.map((chatId) => subscription(chatId)));
  // The disk fills up while the first post is on its way, and has room again 150 ms later.
  const fillDuringFirstPost = () => {
    disk.fill({ leavePages: 0, simulatedFile: join(dir, 'deliveries.json') });
    setTimeout(() => disk.free(), 150);
  };
  return { store, fillDuringFirstPost };
}

describe(`a full disk (${disk.mode}) while posts go out`, () => {
  it('a "sent" mark the disk refuses is written again once there is room: the post is never sent twice, nothing escapes', async () => {
    const { store, fillDuringFirstPost } = await setUp('data-sent', ['1', '2']);
    const accepted: string[] = [];
    const log = recordingLogger();
    const worker = new DeliveryWorker({
      store,
      adapters: [{ platform: 'telegram', post: async (chatId: string) => {
        if (!accepted.length) fillDuringFirstPost();
        accepted.push(chatId);
      } }],
      pacers: {},
      render: () => reply({ title: 'rounds', footer: '' }),
      log,
      backoffMs: 20,
    });
    worker.start();
    await worker.drained();
    await worker.stop();
    expect(accepted.sort()).toEqual(['1', '2']);
    expect(await store.outboxSummary()).toEqual({ pending: 0, retrying: 0, sent: 2, dropped: 0, oldestPending: null });
    expect(log.lines.some((line) => line.level === 'error' && /"sent" mark could not be written/.test(line.msg ?? ''))).toBe(true);
    await store.close();
  });

  it('a failed post whose retry cannot be recorded stays pending and goes out once the disk has room', async () => {
    const { store, fillDuringFirstPost } = await setUp('data-retry', ['1']);
    const attempts: string[] = [];
    const log = recordingLogger();
    const worker = new DeliveryWorker({
      store,
      adapters: [{ platform: 'telegram', post: async (chatId: string) => {
        attempts.push(chatId);
        if (attempts.length === 1) {
          fillDuringFirstPost();
          throw new DeliveryError({ kind: 'transient' });
        }
      } }],
      pacers: {},
      render: () => reply({ title: 'rounds', footer: '' }),
      log,
      backoffMs: 20,
    });
    worker.start();
    await worker.drained();
    await worker.stop();
    expect(attempts).toEqual(['1', '1']);
    expect(await store.outboxSummary()).toEqual({ pending: 0, retrying: 0, sent: 1, dropped: 0, oldestPending: null });
    expect(log.lines.some((line) => line.level === 'error' && /could not be written: it stays pending/.test(line.msg ?? ''))).toBe(true);
    await store.close();
  });
});
