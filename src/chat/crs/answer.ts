import {
  bestImprovements, calculateCrs, gridOn, poolStanding, type CrsGrid, type CrsProfile, type Improvement,
  type LanguageLevels, type ProfileProblem,
} from '../../core/crs/index.ts';
import { scoreAgainst } from '../../core/score.ts';
import { PNP } from '../../core/trend.ts';
import type { CommandContext } from '../command.ts';
import { excerpt, footer, shortTypeName } from '../phrases.ts';
import { reply, type Reply } from '../reply.ts';

/**
 * The CRS result as every form of /crs ends (one line, or guided): total, breakdown, the changes
 * that add the most, recent rounds, the pool, the grid version, and IRCC's tool as the reference.
 */
export function crsResult(ctx: CommandContext, profile: CrsProfile): Reply {
  const { t, format } = ctx;
  const grid = gridFor(ctx);
  const result = calculateCrs(profile, grid);
  const n = (value: number) => format.number(value);
  const { core, spouse, transferability: transfer, additional } = result;
  const { changes, nomination } = bestImprovements(profile, grid);
  const improvements = [...changes, ...(nomination ? [nomination] : [])].map((change) => `${improvementLabel(ctx, change)}${n(change.gain)}`);
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
      { label: t.crs.rounds, value: roundsText(ctx, result.total) },
      ...standingField(ctx, result.total),
    ],
    notes: [t.crs.lookBack, t.crs.notAdvice],
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
  switch (change.kind) {
    case 'first-language':
    case 'second-language':
      return t.crs.improvement[change.kind](t.clb.level(change.language, change.level));
    case 'canadian-work':
      return t.crs.improvement['canadian-work'](change.years);
    case 'nomination':
      return t.crs.improvement.nomination;
  }
}

/** "IELTS → CLB 10, 9, 9, 9" */
export function levelsText({ t }: CommandContext, { test, language, levels }: LanguageLevels): string {
  return `${t.clb.testNames[test]} → ${levels.map((level) => t.clb.level(language, level)).join(', ')}`;
}

/** As /score summarizes it, with each recent type's latest cut-off and the margin. */
function roundsText(ctx: CommandContext, total: number): string {
  const { t, format } = ctx;
  const { types } = scoreAgainst(ctx.core, total, { today: ctx.today });
  const held = types.filter((type) => type.category !== PNP);
  if (!held.length) return t.crs.noRounds;
  const summary = t.score.summary(held.filter((type) => type.margin >= 0).length, held.length);
  const each = held.map((type) => `${shortTypeName(ctx, type.category)} ${format.number(type.latest.crs)} (${format.delta(type.margin)})`);
  return t.crs.roundsValue(summary, `${each.join(', ')}.`);
}

/** "At least N profiles scored X or more; at most M scored Y or more", from IRCC's latest distribution; none when none is held. */
export function standingField(ctx: CommandContext, score: number): { label: string; value: string }[] {
  const { t, format, core } = ctx;
  const pool = core.queries.latestPool()?.pool;
  if (!pool) return [];
  const standing = poolStanding(score, pool);
  const asOf = pool.asOf ? format.date(pool.asOf) : t.common.notPublished;
  const n = (value: number) => format.number(value);
  const value = standing.exact
    ? t.standing.exact(n(standing.atLeast.count), n(standing.atLeast.from), asOf)
    : t.standing.bounds(n(standing.atLeast.count), n(standing.atLeast.from), n(standing.atMost.count), n(standing.atMost.from), asOf);
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
  if (notation === 'once') return t.crs.accepted.once;
  return notation.includes('|') ? t.crs.accepted.oneOf(notation.split('|').join(', ')) : notation;
}

