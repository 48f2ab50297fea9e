import { defineCommand } from '../src/chat/command.ts';
import { errorReply } from '../src/chat/phrases.ts';
import { option } from '../src/chat/options.ts';
import { groupReply, noTimesReply, programReply } from '../src/chat/ptime/answer.ts';
import { PROGRAM_GROUPS } from '../src/core/processing-times/programs.ts';

const NAMES = { en: 'ptime', fr: 'delais' } as const;

export default defineCommand({
  name: NAMES.en,
  localNames: { fr: NAMES.fr },
  description: {
    en: 'IRCC’s processing times: Express Entry, or one program and the month you applied',
    fr: 'Délais de traitement d’IRCC : Entrée express, ou un programme et le mois de votre demande',
  },
  options: {
    program: option.program({ description: { en: 'A program: cec, fsw, pnp, ee (all three), pnp-base, spousal, all…', fr: 'Un programme : cec, fsw, pnp, ee (les trois), pnp-base, spousal, all…' } }),
    applied: option.month({ description: { en: 'The month IRCC received your application, YYYY-MM (e.g. 2026-03)', fr: 'Le mois où IRCC a reçu votre demande, AAAA-MM (p. ex. 2026-03)' } }),
  },
  async run(ctx, { program, applied }) {
    const { t } = ctx;
    if (applied && applied > ctx.today.slice(0, 7)) return errorReply(ctx, [t.ptime.futureMonth(applied)]);
    const view = await ctx.core.processingTimes.current();
    const month = applied ?? null;
    if (!view) return noTimesReply(ctx, t.ptime.groupTitle(t.ptime.groups.ee!));
    if (program?.kind === 'program') return programReply(ctx, view, program.key, month, (newest) => `/${NAMES[ctx.locale]} ${program.key} ${newest}`);
    const group = program?.kind === 'group' ? program.group : 'ee';
    return groupReply(ctx, view, group, PROGRAM_GROUPS[group], month);
  },
});
