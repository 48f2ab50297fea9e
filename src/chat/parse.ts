import { findCommand, type CommandDefinition, type OptionSpec } from './command.ts';
import type { RawArgs } from './invoke.ts';

/** Text chats (Telegram, the console, `cli ask`): a line of text → a command name and its arguments. */

export interface CommandLine {
  name: string;
  /** The bot named after "@" ("/latest@ExpressEntryBot"), lower-cased. */
  addressee: string | null;
  argText: string;
}

/** "/cmd args" and "/cmd@BotName args" ("/dernière" too: members type accents); null for text that is not a command. */
export function parseCommandLine(text: string): CommandLine | null {
  const match = /^\/([\p{L}\p{N}_]+)(?:@([a-z0-9_]+))?(?:\s+([\s\S]*))?$/iu.exec(text.trim());
  if (!match) return null;
  return { name: match[1]!.toLowerCase(), addressee: match[2]?.toLowerCase() ?? null, argText: (match[3] ?? '').trim() };
}

/**
 * A line typed to the bot alone (a private chat, the console): a command, or a first word that
 * is one of the names members use for a command without the "/" ("draw", "latest stem", "aide").
 * Null for other text. Only whole names count here: chat text is never guessed at.
 */
export function readTypedLine(text: string, commands: readonly CommandDefinition[]): CommandLine | null {
  const line = parseCommandLine(text);
  if (line) return line;
  const match = /^([\p{L}\p{N}_]+)(?:\s+([\s\S]*))?$/u.exec(text.trim());
  if (!match || !findCommand(commands, match[1]!)) return null;
  return { name: match[1]!.toLowerCase(), addressee: null, argText: (match[2] ?? '').trim() };
}

/**
 * Text chats give arguments as words: trailing whole numbers fill the trailing integer options
 * ("/history stem 5"), and the last text option takes the rest of the line ("/eligible software
 * engineer", "/latest canadian experience class"). An integer option declared before the text
 * options takes a leading whole number ("/score 480 stem"), or a trailing one ("/score stem 480"),
 * or, when required and neither is there, the first word (its schema then says what it expects).
 * A text option with a `word` pattern takes a last word that matches it ("/trend cec 2y").
 */
export function parseTextArgs(command: CommandDefinition, argText: string): RawArgs {
  const words = argText.split(/\s+/).filter(Boolean);
  const options = Object.entries(command.options) as [string, OptionSpec<unknown>][];
  const firstText = options.findIndex(([, spec]) => spec.meta.type === 'string');
  const leading = options.filter(([, spec], index) => spec.meta.type === 'integer' && firstText !== -1 && index < firstText);
  const integers = options.filter(([, spec]) => spec.meta.type === 'integer').map(([name]) => name);
  const worded = options.filter(([, spec]) => spec.meta.type === 'string' && spec.word);
  const texts = options.filter(([, spec]) => spec.meta.type === 'string' && !spec.word);
  const requiredTexts = texts.filter(([, spec]) => spec.meta.required).length;
  const whole = (word: string | undefined) => word !== undefined && /^-?\d+$/.test(word);
  const args: RawArgs = {};
  for (const [name, spec] of leading) {
    if (whole(words[0])) args[name] = words.shift();
    else if (words.length > 1 && whole(words.at(-1))) args[name] = words.pop();
    else if (spec.meta.required && words.length) args[name] = words.shift();
  }
  for (const [name, spec] of [...worded].reverse()) {
    if (words.length > requiredTexts && spec.word!.test(words.at(-1)!)) args[name] = words.pop();
  }
  for (const name of [...integers].reverse()) {
    if (args[name] === undefined && words.length > requiredTexts && whole(words.at(-1))) args[name] = words.pop();
  }
  texts.forEach(([name], index) => {
    if (words.length) args[name] = index === texts.length - 1 ? words.splice(0).join(' ') : words.shift();
  });
  // Words no text option took go to the first empty integer option, whose schema then says what it expects.
  const firstEmpty = integers.find((name) => args[name] === undefined);
  if (words.length && firstEmpty) args[firstEmpty] = words.join(' ');
  return args;
}
