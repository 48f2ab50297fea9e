import { footer, listVersion, roundRef, typeName } from '../src/chat/phrases.ts';
import { defineCommand, type CommandContext } from '../src/chat/command.ts';
import { option } from '../src/chat/options.ts';
import type { Eligibility } from '../src/core/eligibility.ts';
import { citeSource } from '../src/i18n/citation.ts';
import type { ProgramCheck } from '../src/core/noc.ts';
import { inLanguage, type OfficialText } from '../src/core/text.ts';
import { reply, type Reply, type ReplyField } from '../src/chat/reply.ts';

export default defineCommand({
  name: 'eligible',
  localNames: { fr: 'admissible' },
  aliases: ['eligibility', 'noc', 'cnp'],
  description: { en: 'Is an occupation (NOC 2021 code or job title) in a category, and which programs take it', fr: 'Une profession (code CNP 2021 ou titre) est-elle dans une catégorie, et quels programmes l’acceptent' },
  options: {
    occupation: option.occupation({ description: { en: 'NOC 2021 code (e.g. 21231) or job title', fr: 'Code CNP 2021 (p. ex. 21231) ou titre de profession' } }),
  },
  run(ctx, { occupation }) {
    const { core, t } = ctx;
    if (/^\d+$/.test(occupation)) {
      const lookup = core.lookUpCode(occupation, ctx.today);
      if (lookup.kind === 'found') return answer(ctx, lookup.eligibility);
      const message = lookup.kind === 'noc2016' ? t.eligible.noc2016(lookup.code) : lookup.kind === 'unknown' ? t.eligible.unknownCode(lookup.code) : t.eligible.malformed;
      return reply({ title: t.errors.title, lines: [message], footer: footer(ctx), error: true });
    }
    const { matches, confident } = core.occupations.find(occupation);
    if (!matches.length) return reply({ title: t.errors.title, lines: [t.eligible.noMatch(occupation)], footer: footer(ctx), error: true });
    if (confident) {
      const found = core.lookUpCode(matches[0]!.code, ctx.today);
      if (found.kind === 'found') {
        const others = matches.slice(1, 3).map((unit) => `${unit.code} ${title(ctx, unit)}`).join(', ');
        const answered = answer(ctx, found.eligibility);
        return { ...answered, lines: [t.eligible.matched(occupation, others), ...answered.lines] };
      }
    }
    return reply({
      title: t.eligible.whichTitle,
      lines: [t.eligible.whichLine(occupation)],
      table: {
        columns: [{ label: t.eligible.columns.code }, { label: t.eligible.columns.title }, { label: t.eligible.columns.teer, align: 'right' }],
        rows: matches.map((unit) => [unit.code, title(ctx, unit), String(unit.teer)]),
      },
      notes: [t.eligible.whichNote(matches[0]!.code)],
      footer: footer(ctx),
    });
  },
});

function title({ locale }: CommandContext, unit: OfficialText): string {
  return inLanguage(unit, locale);
}

function groupName(ctx: CommandContext, check: ProgramCheck): string {
  const group = check.basis.level === 'unit' || check.basis.level === 'teer' ? undefined : ctx.core.noc.group(check.basis.code);
  // Group titles exist in English only (Statistics Canada's structure file).
  return ctx.t.eligible.group(check.basis.level, check.basis.code, ctx.locale === 'en' ? (group?.title ?? null) : null);
}

function answer(ctx: CommandContext, eligibility: Eligibility): Reply {
  const { t, format } = ctx;
  const { unit, programs } = eligibility;
  const fst = programs.fst.eligible || programs.fst.basis.level !== 'sub-major' ? t.eligible.fstRule(programs.fst.eligible, groupName(ctx, programs.fst)) : t.eligible.fstExcluded(groupName(ctx, programs.fst));
  const fields: ReplyField[] = [
    { label: t.eligible.program.fsw, value: t.eligible.teerRule(programs.fsw.basis.code, programs.fsw.eligible) },
    { label: t.eligible.program.cec, value: t.eligible.teerRule(programs.cec.basis.code, programs.cec.eligible) },
    { label: t.eligible.program.fst, value: fst },
  ];
  if (!eligibility.current.length) fields.push({ label: t.eligible.categoriesNow, value: t.eligible.notInCategory });
  const notes: string[] = [];
  for (const { version, latestRound, latestRoundListedIt } of eligibility.current) {
    const round = latestRound ? t.eligible.latestRound(roundRef(ctx, latestRound), format.number(latestRound.crs), latestRoundListedIt) : t.eligible.noRoundYet;
    fields.push({ label: t.eligible.currentListing(typeName(ctx, version.category), listVersion(ctx, version)), value: round });
    const rule = version.experienceRule ?? version.languageRule;
    if (rule) fields.push({ label: t.eligible.experience, value: rule });
    fields.push({ label: t.eligible.source, value: version.sources.map((source) => citeSource(source, format)).join('; ') });
    if (version.uncertain) notes.push(t.common.uncertain(version.uncertainReason ?? ''));
  }
  // Version labels are published in English only.
  const describe = (versions: Eligibility['earlier']) =>
    versions.map((version) => `${ctx.locale === 'en' ? version.label : typeName(ctx, version.category)}: ${listVersion(ctx, version)}`).join('; ');
  if (eligibility.earlier.length) fields.push({ label: t.eligible.earlier, value: describe(eligibility.earlier) });
  if (eligibility.upcoming.length) fields.push({ label: t.eligible.upcoming, value: describe(eligibility.upcoming) });
  return reply({
    title: t.eligible.title(unit.code, title(ctx, unit)),
    lines: [t.eligible.headline(unit.teer)],
    fields,
    notes: [...notes, ...t.eligible.notes],
    footer: footer(ctx),
  });
}
