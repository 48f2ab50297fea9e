import {
  bestImprovements, calculateCrs, gridOn, NOC_NOTATION, poolStanding, type CrsBreakdown, type CrsGrid, type CrsProfile, type Improvement,
  type LanguageLevels, type ProfileProblem,
} from '../../core/crs/index.ts';
import { roundAccess, type RoundAccess } from '../../core/round-access.ts';
import { recentTypes, type RecentType } from '../../core/score.ts';
import { PNP } from '../../core/trend.ts';
import type { CommandContext } from '../command.ts';
import { excerpt, footer, shortTypeName } from '../phrases.ts';
import { reply, type Reply, type ReplyField } from '../reply.ts';

/** How many changes "what would add the most" shows, the nomination apart. */
const IMPROVEMENTS_SHOWN = 4;

/**
 * The CRS result as every form of /crs ends (one line, or guided): total, breakdown, the changes
 * that add the most, the recent rounds this profile could have received (with `noc`, its
 * occupation, for the category rounds), the pool, the grid version, and IRCC's tool as the reference.
 */
export function crsResult(ctx: CommandContext, profile: CrsProfile, noc: string | null = null): Reply {
  const { t, format } = ctx;
  const grid = gridFor(ctx);
  const result = calculateCrs(profile, grid);
  const n = (value: number) => format.number(value);
  const { core, spouse, transferability: transfer, additional } = result;
  const { changes, nomination } = bestImprovements(profile, grid, IMPROVEMENTS_SHOWN);
  const improvements = [...changes, ...(nomination ? [nomination] : [])].map((change) => t.crs.adds(improvementLabel(ctx, change), n(change.gain)));
  const rounds = roundsAgainst(ctx, result, profile, noc);
  return reply({
    title: t.crs.title(n(result.total)),
    lines: [t.crs.grid(grid.id, format.date(grid.effectiveFrom))],
    fields: [
      { label: t.crs.core, value: t.crs.coreValue(n(core.total), n(core.age), n(core.education), n(core.firstLanguage), n(core.secondLanguage), n(core.canadianWork)) },
      {
        label: t.crs.spouse,
        value: result.withSpouse ? t.crs.spouseValue(n(spouse.total), n(spouse.education), n(spouse.language), n(spouse.canadianWork)) : t.crs.noSpouse,
      },
      {
        label: t.crs.transferability,
        value: t.crs.transferabilityValue(n(transfer.total), n(transfer.education.total), n(transfer.foreignWork.total), n(transfer.certificate)),
      },
      {
        label: t.crs.additional,
        value: t.crs.additionalValue(n(additional.total), n(additional.nomination), n(additional.sibling), n(additional.canadianEducation), n(additional.french)),
      },
      {
        label: t.crs.levels,
        value: t.crs.levelsValue(levelsText(ctx, result.levels.first), result.levels.second && levelsText(ctx, result.levels.second), result.levels.spouse && levelsText(ctx, result.levels.spouse)),
      },
      { label: t.crs.improvements, value: improvements.length > (nomination ? 1 : 0) ? improvements.join('; ') : [t.crs.noImprovement, ...improvements].join('; ') },
      ...rounds.fields,
      ...standingField(ctx, result.total),
    ],
    notes: [...rounds.notes, t.crs.lookBack, t.crs.notAdvice],
    link: t.crs.tool,
    footer: footer(ctx),
  });
}

/** The grid in force today; the newest one before any (a date before the first grid is no one's today). */
export function gridFor({ today }: Pick<CommandContext, 'today'>): CrsGrid {
  const grid = gridOn(today);
  if (!grid) throw new Error(`no CRS grid in force on ${today}`);
  return grid;
}

function improvementLabel({ t }: CommandContext, change: Improvement): string {
  const { improvement } = t.crs;
  switch (change.kind) {
    case 'first-language':
    case 'second-language':
    case 'spouse-language': {
      // A spouse with no test yet: the level is CLB or NCLC alike.
      const level = change.language ? t.clb.level(change.language, change.level) : t.crs.eitherLevel(change.level);
      return improvement[change.kind](level, change.ability && t.crs.abilities[change.ability]);
    }
    case 'canadian-work':
    case 'foreign-work':
    case 'spouse-work':
      return improvement[change.kind](change.years);
    case 'education':
    case 'spouse-education':
      return improvement[change.kind](t.crs.educationGoal[change.level]);
    case 'canadian-education':
      return improvement['canadian-education'](change.level);
    case 'nomination':
      return improvement.nomination;
  }
}

/** "IELTS → CLB 10, 9, 9, 9" */
export function levelsText({ t }: CommandContext, { test, language, levels }: LanguageLevels): string {
  return `${t.clb.testNames[test]} → ${levels.map((level) => t.clb.level(language, level)).join(', ')}`;
}

/**
 * The latest round of each type held in the last 12 months (PNP aside), as this profile could
 * have received them: those open to it (its French decides the French rounds, its occupation the
 * other category rounds, its Canadian work CEC); those that depend on an occupation not given;
 * those it could not have received, and why.
 */
function roundsAgainst(ctx: CommandContext, result: CrsBreakdown, profile: CrsProfile, noc: string | null): { fields: ReplyField[]; notes: string[] } {
  const { t, format, core } = ctx;
  const held = recentTypes(core, ctx.today).filter((type) => type.category !== PNP);
  if (!held.length) return { fields: [{ label: t.crs.rounds, value: t.crs.noRounds }], notes: [] };
  const french = [result.levels.first, result.levels.second].find((levels) => levels?.language === 'french')?.levels ?? null;
  const candidate = { french, canadianWork: profile.canadianWork, noc };
  const each = held.map((type) => ({ type, access: roundAccess(core.categories, type.category, ctx.today, candidate) }));
  const cutoffs = (list: { type: RecentType }[]) =>
    list.map(({ type }) => `${shortTypeName(ctx, type.category)} ${format.number(type.latest.crs)} (${format.delta(result.total - type.latest.crs)})`).join(', ');
  const open = each.filter(({ access }) => access.kind === 'open');
  const pending = each.filter(({ access }) => access.kind === 'if-occupation');
  const closed = each.flatMap(({ type, access }) => (access.kind === 'closed' ? [{ type, access }] : []));
  const fields: ReplyField[] = [{
    label: t.crs.rounds,
    value: open.length ? t.crs.openValue(open.filter(({ type }) => result.total >= type.latest.crs).length, open.length, cutoffs(open)) : t.crs.noneOpen,
  }];
  if (pending.length) fields.push({ label: t.crs.ifOccupation, value: t.crs.ifOccupationValue(cutoffs(pending)) });
  if (closed.length) fields.push({ label: t.crs.notOpen, value: closedText(ctx, closed, noc) });
  // Lists rebuilt from secondary sources decided some of this: say so, as every answer built on them does.
  const uncertain = [...open, ...closed].filter(({ access }) => 'version' in access && access.version?.uncertain).map(({ type }) => shortTypeName(ctx, type.category));
  const notes = [
    ...(noc && open.some(({ access }) => access.kind === 'open' && access.version) ? [t.crs.experienceNote(noc)] : []),
    ...(uncertain.length ? [t.crs.uncertainLists(format.list(uncertain))] : []),
  ];
  return { fields, notes };
}

/** "French (NCLC 7 in all four French abilities needed); Healthcare, Trades (21231 is not on their lists in force)" */
function closedText(ctx: CommandContext, closed: { type: RecentType; access: Extract<RoundAccess, { kind: 'closed' }> }[], noc: string | null): string {
  const { t, format } = ctx;
  const name = (type: RecentType) => shortTypeName(ctx, type.category);
  const parts: string[] = [];
  for (const { type, access } of closed) {
    if (access.reason === 'french') parts.push(t.crs.closedFrench(name(type), access.minimum));
    if (access.reason === 'canadian-work') parts.push(t.crs.closedCanadianWork(name(type)));
  }
  const occupation = closed.filter(({ access }) => access.reason === 'occupation').map(({ type }) => name(type));
  if (occupation.length && noc) parts.push(t.crs.closedOccupation(format.list(occupation), noc, occupation.length));
  return parts.join('; ');
}

/** "Between N and M profiles scored X or more" (the edges of X's band), from IRCC's latest distribution; none when none is held. */
export function standingField(ctx: CommandContext, score: number): { label: string; value: string }[] {
  const { t, format, core } = ctx;
  const pool = core.queries.latestPool()?.pool;
  if (!pool) return [];
  const standing = poolStanding(score, pool);
  const asOf = pool.asOf ? format.date(pool.asOf) : t.common.notPublished;
  const n = (value: number) => format.number(value);
  const band = `${standing.atMost.from}–${standing.atLeast.from - 1}`;
  const inBand = n(standing.atMost.count - standing.atLeast.count);
  const value = standing.exact
    ? t.standing.exact(n(standing.atLeast.count), n(standing.atLeast.from), asOf)
    : standing.atLeast.count
      ? t.standing.bounds(n(score), n(standing.atLeast.count), n(standing.atMost.count), band, inBand, asOf)
      : t.standing.atMost(n(score), n(standing.atMost.count), band, inBand, asOf);
  return [{ label: t.standing.label, value }];
}

/** Each problem of a profile or a language result, in the caller's language, with what is accepted. */
export function problemLines({ t }: CommandContext, problems: readonly ProfileProblem[]): string[] {
  return problems.map((problem) => {
    // Field names and values may be whatever was typed: quoted by an excerpt.
    const field = problem.ability ? `${problem.field} (${t.crs.abilities[problem.ability]})` : excerpt(problem.field);
    const accepted = acceptedText(t, problem.accepted);
    const value = excerpt(problem.value ?? '');
    switch (problem.problem) {
      case 'missing': return t.crs.problem.missing(field, accepted);
      case 'unknown-field': return t.crs.problem['unknown-field'](field, accepted);
      case 'duplicate': return t.crs.problem.duplicate(field);
      case 'not-key-value': return t.crs.problem['not-key-value'](value);
      case 'bad-value': return t.crs.problem['bad-value'](field, accepted, value);
      case 'out-of-range': return t.crs.problem['out-of-range'](field, accepted, value);
      case 'same-language': return t.crs.problem['same-language'](field, accepted);
      case 'needs-spouse': return t.crs.problem['needs-spouse'](field);
    }
  });
}

/** The core's language-neutral notation (`a|b`, `min..max`, `min..max/step`, `TESTS:L,R,W,S`) in words. */
function acceptedText(t: CommandContext['t'], notation: string): string {
  const language = /^([a-z|]+):L,R,W,S$/.exec(notation);
  if (language) return t.crs.accepted.language(language[1]!.split('|').join(', '));
  const range = /^(\d+(?:\.\d+)?)\.\.(\d+(?:\.\d+)?)?(?:\/(\d+(?:\.\d+)?))?$/.exec(notation);
  if (range) {
    const [, min, max = '…', step] = range;
    return step ? t.crs.accepted.steps(min!, max, step) : t.crs.accepted.range(min!, max);
  }
  if (notation === 'key=value') return t.crs.accepted.keyValue;
  if (notation === NOC_NOTATION) return t.crs.accepted.noc;
  if (notation === 'once') return t.crs.accepted.once;
  return notation.includes('|') ? t.crs.accepted.oneOf(notation.split('|').join(', ')) : notation;
}

