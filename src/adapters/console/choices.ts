import { commandContext, type Answering } from '../../chat/context.ts';
import { errorReply } from '../../chat/phrases.ts';
import { runChoice } from '../../chat/flow.ts';
import type { Reply, ReplyChoice, ReplyChoices } from '../../chat/reply.ts';
import type { Logger } from '../../core/log.ts';
import type { Locale } from '../../i18n/locales.ts';
import { askConsole, CONSOLE_CHAT, CONSOLE_USER } from './input.ts';

/**
 * Flows in the console (src/chat/flow.ts): a Reply's choices are numbered and the person types a
 * number back — unless the answers are numbers themselves (an age, years of work), where a number
 * typed is the answer: those choices are listed as they read. Any other line that is not a
 * command answers the flow's question (the flow takes words that match a choice, or asks again
 * with a hint). The console has one person, so only the last Reply's choices count.
 */

/** The choices as they are numbered: the answers, then back and cancel. */
export function numbered(choices: ReplyChoices): ReplyChoice[] {
  return [...choices.options, ...choices.controls];
}

/** Numbers pick choices, unless a typed number could be an answer ("2" years is not choice 2). */
export function numbersPick(choices: ReplyChoices): boolean {
  return !choices.answer || !choices.options.some((option) => /^\d/.test(option.label));
}

/** "1. Bachelor’s…" lines, or the answers as they read; then how to answer a typed step (unless the lines say it already). */
export function choiceLines(choices: ReplyChoices, said: readonly string[] = []): string[] {
  const lines = numbersPick(choices)
    ? numbered(choices).map((choice, index) => `${index + 1}. ${choice.label}`)
    : [choices.options.map((choice) => choice.label).join(' · '), choices.controls.map((choice) => choice.label).join(' · ')].filter(Boolean);
  return choices.input && !said.includes(choices.input.prompt) ? [...lines, `> ${choices.input.prompt}`] : lines;
}

export class ConsoleSession {
  #choices: ReplyChoices | undefined;

  constructor(private readonly answering: Answering, private readonly locale: Locale, private readonly log: Logger) {}

  /** One line typed: a number picking a choice, an answer to the flow's question, or a command. */
  async answer(line: string): Promise<Reply> {
    const choices = this.#choices;
    const picked = choices && numbersPick(choices) && /^\d+$/.test(line) ? numbered(choices)[Number(line) - 1] : undefined;
    const answers = !picked && !line.startsWith('/') ? (choices?.answer ?? choices?.input) : undefined;
    const ctx = commandContext(this.answering, { locale: this.locale, chat: CONSOLE_CHAT, canAdminister: true, userId: CONSOLE_USER });
    // A number past the last choice where nothing is typed (a result): said so, the choices kept.
    if (choices && !picked && !answers && numbersPick(choices) && /^\d+$/.test(line)) return { ...errorReply(ctx, [ctx.t.flow.pickNumber(numbered(choices).length)]), choices };
    let reply: Reply;
    if (picked || answers) {
      const outcome = await runChoice(ctx, picked ? picked.action : answers!.action, { typed: picked ? undefined : line, log: this.log, logContext: { platform: 'console' } });
      if (outcome.kind === 'refused') return errorReply(ctx, [outcome.text]);
      reply = outcome.reply;
    } else {
      reply = await askConsole(line, this.answering, this.locale, this.log);
      // Words that are no command while choices are shown (a stray word): the choices stay.
      if (choices && !line.startsWith('/')) return { ...reply, choices };
    }
    this.#choices = reply.choices;
    return reply;
  }
}
