import { footer, listVersion, roundRef, typeName } from '../src/chat/phrases.ts';
import { defineCommand, type CommandContext } from '../src/chat/command.ts';
import { commandName } from '../src/chat/names.ts';
import { option } from '../src/chat/options.ts';
import type { CodeLookup, Eligibility } from '../src/core/eligibility.ts';
import { citeSource } from '../src/i18n/citation.ts';
import type { ProgramCheck } from '../src/core/noc.ts';
import { inLanguage, type OfficialText } from '../src/core/text.ts';
import { reply, type Reply, type ReplyField } from '../src/chat/reply.ts';

/** "31301 31302", "31301, 31302": codes asked at once, each answered in a line. */
const SEVERAL_CODES = /^\d{4,6}(?:[\s,;/+&]+\d{4,6})+$/;
const MAX_CODES = 10;

const eligible = defineCommand({
  name: 'eligible',
  localNames: { fr: 'admissible' },
  aliases: ['eligibility', 'noc', 'cnp'],
  description: { en: 'Is an occupation (NOC 2021 code or job title) in a category, and which programs take it', fr: 'Une profession (code CNP 2021 ou titre) est-elle dans une catégorie, et quels programmes l’acceptent' },
  options: {
    occupation: option.occupation({ description: { en: 'NOC 2021 code (e.g. 21231) or job title', fr: 'Code CNP 2021 (p. ex. 21231) ou titre de profession' } }),
  },
  run(ctx, { occupation }): Reply {
    const { core, t } = ctx;
    if (SEVERAL_CODES.test(occupation)) return several(ctx, [...new Set(occupation.split(/[^\d]+/))]);
    if (/^\d+$/.test(occupation)) {
      const lookup = core.lookUpCode(occupation, ctx.today);
      if (lookup.kind === 'found') return answer(ctx, lookup.eligibility);
      return reply({ title: lookup.kind === 'noc2016' ? t.eligible.noc2016Title : t.errors.title, lines: [notFound(ctx, lookup)], footer: footer(ctx), error: true });
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
      notes: [t.eligible.whichNote(`/${commandName(eligible, ctx.locale)}`, matches[0]!.code)],
      footer: footer(ctx),
    });
  },
});

export default eligible;

function title({ locale }: CommandContext, unit: OfficialText): string {
  return inLanguage(unit, locale);
}

/** Why a code has no answer: a NOC 2016 code (said honestly: no 2016 → 2021 table is held), a code that is no unit group, or not a code. */
function notFound({ t }: CommandContext, lookup: Exclude<CodeLookup, { kind: 'found' }>): string {
  return lookup.kind === 'noc2016' ? t.eligible.noc2016(lookup.code) : lookup.kind === 'unknown' ? t.eligible.unknownCode(lookup.code) : t.eligible.malformed;
}

function groupName(ctx: CommandContext, check: ProgramCheck): string {
  const group = check.basis.level === 'unit' || check.basis.level === 'teer' ? undefined : ctx.core.noc.group(check.basis.code);
  // Group titles exist in English only (Statistics Canada's structure file).
  return ctx.t.eligible.group(check.basis.level, check.basis.code, ctx.locale === 'en' ? (group?.title ?? null) : null);
}

/** The answer in one sentence: which programs take it, and which category lists name it now. */
function verdict(ctx: CommandContext, eligibility: Eligibility): string {
  const { t, format } = ctx;
  const { unit, programs, current, earlier } = eligibility;
  const taken = !programs.fsw.eligible ? t.eligible.programsNone(unit.teer) : programs.fst.eligible ? t.eligible.programsAll(unit.teer) : t.eligible.programsSkilled(unit.teer);
  const listed = current.map(({ version, latestRound }) =>
    t.eligible.categoryNow(typeName(ctx, version.category), latestRound ? t.eligible.categoryRound(roundRef(ctx, latestRound), format.number(latestRound.crs)) : null));
  const before = earlier.at(-1);
  const categories = listed.length
    ? t.eligible.inCategories(format.list(listed))
    : t.eligible.inNoCategory(before?.effectiveTo ? t.eligible.until(typeName(ctx, before.category), format.date(before.effectiveTo)) : null);
  return t.eligible.verdict(taken, categories);
}

/** Short first (the verdict), the rules and lists after, their sources last. */
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
  const warnings: string[] = [];
  const sources: string[] = [];
  for (const { version, latestRound, latestRoundListedIt } of eligibility.current) {
    const round = latestRound ? t.eligible.latestRound(roundRef(ctx, latestRound), format.number(latestRound.crs), latestRoundListedIt) : t.eligible.noRoundYet;
    fields.push({ label: t.eligible.currentListing(typeName(ctx, version.category), listVersion(ctx, version)), value: round });
    const rule = version.experienceRule ?? version.languageRule;
    if (rule) fields.push({ label: t.eligible.experience, value: rule });
    sources.push(t.eligible.listSource(typeName(ctx, version.category), version.sources.map((source) => citeSource(source, format)).join('; ')));
    if (version.uncertain) warnings.push(t.common.uncertain(version.uncertainReason ?? ''));
  }
  // Version labels are published in English only.
  const describe = (versions: Eligibility['earlier']) =>
    versions.map((version) => `${ctx.locale === 'en' ? version.label : typeName(ctx, version.category)}: ${listVersion(ctx, version)}`).join('; ');
  if (eligibility.earlier.length) fields.push({ label: t.eligible.earlier, value: describe(eligibility.earlier) });
  if (eligibility.upcoming.length) fields.push({ label: t.eligible.upcoming, value: describe(eligibility.upcoming) });
  return reply({
    title: t.eligible.title(unit.code, title(ctx, unit)),
    lines: [verdict(ctx, eligibility), t.eligible.headline(unit.teer)],
    fields,
    notes: [...warnings, ...t.eligible.notes, ...sources],
    footer: footer(ctx),
  });
}

/** Several codes at once ("/eligible 31301 31302"): a line each, the details a command away. */
function several(ctx: CommandContext, codes: string[]): Reply {
  const { t, core } = ctx;
  const shown = codes.slice(0, MAX_CODES);
  const lines = shown.map((code) => {
    const lookup = core.lookUpCode(code, ctx.today);
    return lookup.kind === 'found' ? t.eligible.codeLine(code, title(ctx, lookup.eligibility.unit), verdict(ctx, lookup.eligibility)) : notFound(ctx, lookup);
  });
  const name = `/${commandName(eligible, ctx.locale)}`;
  return reply({
    title: t.eligible.severalTitle(shown.length),
    lines,
    notes: [...(codes.length > shown.length ? [t.eligible.tooManyCodes(MAX_CODES)] : []), t.eligible.details(name, shown[0]!), t.eligible.notes[0]!],
    footer: footer(ctx),
  });
}
