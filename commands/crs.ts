import { defineCommand } from '../src/chat/command.ts';
import { crsResult, problemLines } from '../src/chat/crs/answer.ts';
import { askMissing, guidedCrs, startGuided } from '../src/chat/crs/guided.ts';
import { option } from '../src/chat/options.ts';
import { errorReply } from '../src/chat/phrases.ts';
import { NOC_NOTATION, parseProfileLine, type ProfileProblem } from '../src/core/crs/index.ts';

/** A profile line with every field at its longest is under 320 characters. */
const MAX_PROFILE = 400;

export default defineCommand({
  name: 'crs',
  localNames: { fr: 'scg' },
  aliases: ['calculator', 'calculateur'],
  description: { en: 'Your CRS score, part by part, against recent rounds and the pool', fr: 'Votre note SCG, partie par partie, par rapport aux rondes récentes et au bassin' },
  options: {
    profile: option.text({
      max: MAX_PROFILE,
      description: { en: 'age=31 edu=master lang=ielts:7.5,7,6.5,7 … (empty: one question at a time)', fr: 'age=31 edu=master lang=ielts:7.5,7,6.5,7 … (vide : une question à la fois)' },
    }),
  },
  run(ctx, { profile }) {
    if (!profile) return startGuided(ctx);
    const parsed = parseProfileLine(profile);
    const refuse = (problems: ProfileProblem[]) => errorReply(ctx, [...problemLines(ctx, problems), ctx.t.errors.usage(ctx.t.crs.usage)]);
    // An occupation the NOC does not have is refused like any other wrong value.
    const noc = parsed.ok ? parsed.noc : parsed.partial?.noc;
    if (noc && !ctx.core.noc.get(noc)) return refuse([{ field: 'noc', problem: 'bad-value', accepted: NOC_NOTATION, value: noc }]);
    if (!parsed.ok) {
      // Only answers left out: ask for them, one at a time, rather than refuse the line.
      const asked = parsed.partial && askMissing(ctx, parsed.partial);
      return asked ?? refuse(parsed.problems);
    }
    return crsResult(ctx, parsed.profile, parsed.noc);
  },
  flow: guidedCrs,
});
