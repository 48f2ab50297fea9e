import { describe, expect, it } from 'vitest';
import { keyboardOf } from '../../../src/adapters/telegram/choices.ts';
import { TYPED_MARK } from '../../../src/chat/flow.ts';

describe('a flow’s choices as a Telegram inline keyboard', () => {
  it('puts short answers side by side, long ones a row each, in order, then the typed-answer button, the private link and the controls', () => {
    const option = (label: string) => ({ label, action: `crs:5ep:${label.length}` });
    const keyboard = keyboardOf({
      style: 'select',
      options: ['17 or younger', '18', '19', '20–29', '30', '31', '32', '33', '34', '35', 'Master’s, or professional degree', 'PhD'].map(option),
      controls: [{ label: '◀ Back', action: 'crs:5ep:back' }, { label: '✖ Cancel', action: 'crs:5ep:x' }],
      input: { action: 'crs:5ep:typed', button: '✎ Type the results', prompt: 'Type them', example: '9 9 9 9' },
      privately: { label: 'Continue in private', start: 'crs' },
    }, 'ExpressEntryBot');
    expect(keyboard.inline_keyboard.map((row) => row.map((button) => button.text))).toEqual([
      ['17 or younger', '18', '19', '20–29'],
      ['30', '31', '32', '33', '34'],
      ['35'],
      ['Master’s, or professional degree'],
      ['PhD'],
      ['✎ Type the results'],
      ['Continue in private'],
      ['◀ Back', '✖ Cancel'],
    ]);
    expect(keyboard.inline_keyboard[5]![0]).toEqual({ text: '✎ Type the results', callback_data: `${TYPED_MARK}crs:5ep:typed` });
    expect(keyboard.inline_keyboard[6]![0]).toEqual({ text: 'Continue in private', url: 'https://t.me/ExpressEntryBot?start=crs' });
  });
});
