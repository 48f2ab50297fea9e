import { describe, expect, it } from 'vitest';
import { ask } from '../helpers/answers.ts';

describe('number options read plain decimal digits only', () => {
  it.each(['0x1F4', '1e3', '500.0', '0b111110100', '5_00'])('/score %s is refused, with what is accepted', async (typed) => {
    const reply = await ask(`/score ${typed}`);
    expect(reply.error).toBe(true);
    expect(reply.lines.join('\n')).toMatch(/0 (to|and) 1,200/);
  });

  it('/cutoffs 0x7E8 is refused; /cutoffs 2024 answers for 2024', async () => {
    const refused = await ask('/cutoffs 0x7E8');
    expect(refused.error).toBe(true);
    expect(refused.lines.join('\n')).toMatch(/whole number/i);
    const answered = await ask('/cutoffs 2024');
    expect(answered.error).toBeUndefined();
    expect(answered.title).toMatch(/2024/);
  });

  it('/score 500 answers for 500', async () => {
    const reply = await ask('/score 500');
    expect(reply.error).toBeUndefined();
    expect(JSON.stringify(reply)).toMatch(/\b500\b/);
  });
});
