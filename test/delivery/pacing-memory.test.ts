import { describe, expect, it } from 'vitest';
import { createPacer } from '../../src/delivery/pacing.ts';

describe('the pacer over a large fan-out', () => {
  it('forgets the buckets of chats gone quiet, and still spaces a chat that keeps posting', async () => {
    // Scaled 100×: 3,000 messages a second overall, 1 per 10 ms per chat.
    const pacer = createPacer({ overall: { messages: 30, perMs: 1000 }, perChat: { messages: 1, perMs: 1000 } }, { scale: 100 });
    const busy: number[] = [];
    let largest = 0;
    for (let index = 0; index < 6000; index++) {
      const chat = index % 5 === 0 ? 'busy' : `chat-${index}`;
      await pacer.acquire(chat, false);
      if (chat === 'busy') busy.push(performance.now());
      largest = Math.max(largest, pacer.tracked());
    }
    // 4,801 chats paced; the buckets held stay near a sweep's worth (1,000 acquisitions), not one per chat.
    expect(largest).toBeLessThanOrEqual(1100);
    expect(pacer.tracked()).toBeLessThan(1000);
    for (let index = 1; index < busy.length; index++) expect(busy[index]! - busy[index - 1]!).toBeGreaterThanOrEqual(9.5);
  });
});
