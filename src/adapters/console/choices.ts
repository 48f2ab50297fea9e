import { commandContext, type Answering } from '../../chat/context.ts';
import { errorReply } from '../../chat/phrases.ts';
import { runChoice } from '../../chat/flow.ts';
import type { Reply, ReplyChoice, ReplyChoices } from '../../chat/reply.ts';
import type { Logger } from '../../core/log.ts';
import type { Locale } from '../../i18n/locales.ts';
import { askConsole, CONSOLE_CHAT, CONSOLE_USER } from './input.ts';

/**
 * Flows in the console (src/chat/flow.ts): a Reply's choices are numbered, and the person types a
 * number back; where the step wants a typed answer (a test score), the next line that is not a
 * command answers it. The console has one person, so only the last Reply's choices count.
 */

/** The choices as they are numbered: the answers, then back and cancel. */
export function numbered(choices: ReplyChoices): ReplyChoice[] {
  return [...choices.options, ...choices.controls];
}

/** "1. 20–29" lines, then how to answer a typed step. */
export function choiceLines(choices: ReplyChoices): string[] {
  const lines = numbered(choices).map((choice, index) => `${index + 1}. ${choice.label}`);
  return choices.input ? [...lines, `> ${choices.input.prompt}`] : lines;
}

export class ConsoleSession {
  #choices: ReplyChoices | undefined;

  constructor(private readonly answering: Answering, private readonly locale: Locale, private readonly log: Logger) {}

  /** One line typed: a number picking a choice, a typed answer, or a command. */
  async answer(line: string): Promise<Reply> {
    const choices = this.#choices;
    const picked = choices && /^\d+$/.test(line) ? numbered(choices)[Number(line) - 1] : undefined;
    const typed = choices?.input && !picked && !line.startsWith('/') ? line : undefined;
    let reply: Reply;
    if (picked || typed !== undefined) {
      const ctx = commandContext(this.answering, { locale: this.locale, chat: CONSOLE_CHAT, canAdminister: true, userId: CONSOLE_USER });
      const outcome = await runChoice(ctx, picked ? picked.action : choices!.input!.action, { typed, log: this.log, logContext: { platform: 'console' } });
      if (outcome.kind === 'refused') return errorReply(ctx, [outcome.text]);
      reply = outcome.reply;
    } else {
      reply = await askConsole(line, this.answering, this.locale, this.log);
    }
    this.#choices = reply.choices;
    return reply;
  }
}
