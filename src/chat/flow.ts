import type { Logger } from '../core/log.ts';
import { findCommand, type CommandContext } from './command.ts';
export type { Flow } from './command.ts';
import type { Reply } from './reply.ts';

/**
 * Flows: commands that ask in steps (DESIGN.md, "Commands and the Reply model"). A step's Reply
 * carries choices whose actions read `<command>:<owner>:<state>`:
 * - command: whose flow runs the press;
 * - owner: who started it (their platform user id in base 36): in a group, only they may press;
 * - state: all the flow needs, written and read by the flow alone.
 * Nothing is stored, so a restart half-way loses nothing and any process can answer a press.
 * The button that asks for a typed answer carries its action behind TYPED_MARK.
 */

/** What platforms hold: Telegram's callback_data in bytes, Discord's custom_id (and select values) in characters. */
export const ACTION_LIMITS = { telegram: 64, discord: 100 } as const;

/** Marks the press that asks for a typed answer (Telegram sends a ForceReply prompt, Discord opens a modal). */
export const TYPED_MARK = '>';

/** A user id as actions carry it: platform ids are decimal (Telegram up to 52 bits, Discord 64), base 36 is shorter. */
export function ownerToken(userId: string | null): string {
  if (userId === null) return '-';
  return /^\d{1,20}$/.test(userId) ? BigInt(userId).toString(36) : userId.replace(/[^a-z0-9]/gi, '').slice(0, 13) || '-';
}

/** The action of a choice in a flow the caller of `ctx` owns. */
export function flowAction(ctx: Pick<CommandContext, 'userId'>, command: string, state: string): string {
  return `${command}:${ownerToken(ctx.userId)}:${state}`;
}

export type ChoiceOutcome =
  /** Replace the pressed message with this Reply. */
  | { kind: 'reply'; reply: Reply }
  /** The press asked for a typed answer: prompt for it (this Reply's choices.input says what). */
  | { kind: 'input'; reply: Reply }
  /** Nothing to change: tell the presser this, briefly (a toast, an ephemeral line). */
  | { kind: 'refused'; reason: 'foreign' | 'stale' | 'failed'; text: string };

/**
 * Runs a press (or a typed answer) for whoever pressed: `ctx` is theirs. The one error boundary
 * of flows: a failing step is logged and answered briefly, never thrown.
 */
export async function runChoice(ctx: CommandContext, data: string, { typed, log, logContext = {} }: { typed?: string; log: Logger; logContext?: object }): Promise<ChoiceOutcome> {
  const asksInput = data.startsWith(TYPED_MARK);
  const action = asksInput ? data.slice(TYPED_MARK.length) : data;
  const match = /^([a-z0-9_]+):([a-z0-9-]+):(.*)$/.exec(action);
  const command = match ? findCommand(ctx.commands, match[1]!) : undefined;
  const stale = { kind: 'refused', reason: 'stale', text: ctx.t.flow.stale } as const;
  if (!match || !command?.flow) return stale;
  if (match[2] !== ownerToken(ctx.userId)) return { kind: 'refused', reason: 'foreign', text: ctx.t.flow.notYours(command.name) };
  try {
    const reply = await command.flow.onChoice(ctx, match[3]!, typed);
    if (!reply) return stale;
    return asksInput && reply.choices?.input ? { kind: 'input', reply } : { kind: 'reply', reply };
  } catch (error) {
    log.error({ ...logContext, command: command.name, action, err: error }, 'flow step failed');
    return { kind: 'refused', reason: 'failed', text: ctx.t.errors.failedLine };
  }
}
