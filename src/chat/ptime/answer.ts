import { EXPRESS_ENTRY_PROGRAMS, type ProgramGroup } from '../../core/processing-times/programs.ts';
import { cohortAnswer, programAnswer, type Compared, type ProcessingTimesView } from '../../core/processing-times/queries.ts';
import type { Estimate, Queue } from '../../core/processing-times/values.ts';
import { dateIn, daysBetween } from '../../i18n/format.ts';
import type { CommandContext } from '../command.ts';
import { reply, type Reply, type ReplyField } from '../reply.ts';

/**
 * /ptime's answers, and the post a new update of IRCC's processing times is worth: IRCC's values
 * in the bot's own words in each language (IRCC's French file is not read), each with its change
 * since IRCC's previous update.
 */

export const PROCESSING_TIMES_PAGE = 'https://www.canada.ca/en/immigration-refugees-citizenship/services/application/check-processing-times.html';

/** Past this, IRCC (which updates about monthly) has probably published since, or the checks are failing. */
const STALE_AFTER_DAYS = 45;

export function estimateWords({ t, format }: CommandContext, estimate: Estimate, { cohort }: { cohort: boolean }): string {
  if (estimate.kind === 'more-time') return t.ptime.moreTime(cohort);
  if (estimate.kind === 'no-data') return t.ptime.noData;
  return t.ptime.duration(estimate.bound, format.number(estimate.amount), estimate.unit, estimate.amount !== 1, cohort);
}

export function queueWords({ t, format }: CommandContext, queue: Queue, kind: 'waiting' | 'ahead' | null): string {
  return queue.kind === 'count' ? t.ptime.people(queue.bound, format.number(queue.count), kind) : t.ptime.noData;
}

/** "about 6 months — unchanged since August 10, 2026", "… — was 5 months on August 10, 2026". */
function withChange<T>(ctx: CommandContext, value: Compared<T>, words: (value: T) => string, previous: string | null): string {
  const now = words(value.now);
  if (value.before === null || !previous) return now;
  const { t } = ctx;
  if (value.same) return `${now} — ${t.ptime.unchanged(previous)}`;
  const delta = countDelta(ctx, value);
  return `${now} — ${t.ptime.was(words(value.before), previous)}${delta ? ` (${delta})` : ''}`;
}

/** Short, for one line per program: "about 6 months (unchanged)", "about 7 months (was about 6 months)", "about 58,900 waiting (−800)". */
function shortChange<T>(ctx: CommandContext, value: Compared<T>, words: (value: T) => string): string {
  const now = words(value.now);
  if (value.before === null) return now;
  const { t } = ctx;
  if (value.same) return t.ptime.change(now, t.ptime.same);
  return t.ptime.change(now, countDelta(ctx, value) ?? t.ptime.wasShort(words(value.before)));
}

/** "−800" between two counts of the same kind ("about" both); null otherwise. */
function countDelta<T>({ format }: CommandContext, value: Compared<T>): string | null {
  const now = value.now as Queue | Estimate;
  const before = value.before as Queue | Estimate | null;
  if (now.kind !== 'count' || before?.kind !== 'count' || now.bound !== before.bound) return null;
  return format.delta(now.count - before.count);
}

export function processingTimesFooter(ctx: CommandContext, view: ProcessingTimesView | null): string {
  const { t, format } = ctx;
  const checked = view?.status.checkedAt ?? null;
  return t.ptime.footer(view ? format.date(view.latest.snapshot.updated) : null, checked ? format.localInstant(checked) : null);
}

/** Warnings every answer carries when they apply: old data, a file refused since, a partial shipped copy. */
function caveats(ctx: CommandContext, view: ProcessingTimesView, { missing = false, lowerBound = false } = {}): string[] {
  const { t, format } = ctx;
  const notes: string[] = [];
  const age = daysBetween(view.latest.snapshot.updated, ctx.today);
  if (age > STALE_AFTER_DAYS) notes.push(t.ptime.stale(age));
  const refusal = view.status.lastRefusal;
  if (refusal && refusal.at > (view.latest.snapshot.readAt ?? '')) notes.push(t.ptime.refused(format.date(dateIn(format.timeZone, new Date(refusal.at)))));
  if (missing && view.latest.snapshot.origin === 'seed') notes.push(t.ptime.partial);
  if (lowerBound) notes.push(t.ptime.lowerBound);
  return notes;
}

const isLowerBound = (estimate: Estimate | null | undefined) => estimate?.kind === 'duration' && estimate.bound === 'more-than';

function link(ctx: CommandContext): Reply['link'] {
  return { label: ctx.t.ptime.link, url: PROCESSING_TIMES_PAGE };
}

export function noTimesReply(ctx: CommandContext, title: string): Reply {
  return reply({ title, lines: [ctx.t.ptime.none], link: link(ctx), footer: processingTimesFooter(ctx, null) });
}

/** One program: IRCC's estimate for a new application and its queue; with a month, that month's estimate and the people ahead. */
export function programReply(ctx: CommandContext, view: ProcessingTimesView, key: string, month: string | null, example: (month: string) => string): Reply {
  const { t, format } = ctx;
  const name = t.ptime.programs[key] ?? key;
  const title = month ? t.ptime.titleApplied(name, format.month(month)) : t.ptime.title(name);
  const previous = view.previous ? format.date(view.previous.snapshot.updated) : null;
  const footer = processingTimesFooter(ctx, view);
  const program = programAnswer(view, key);
  if (!program) {
    return reply({ title, lines: [t.ptime.notHeld(name, format.date(view.latest.snapshot.updated))], notes: caveats(ctx, view, { missing: true }), link: link(ctx), footer });
  }
  const current = program.current ? withChange(ctx, program.current, (value) => estimateWords(ctx, value, { cohort: false }), previous) : t.ptime.noData;
  const waiting = program.waiting ? withChange(ctx, program.waiting, (value) => queueWords(ctx, value, null), previous) : t.ptime.noData;
  const fields: ReplyField[] = [];
  const notes: string[] = [];
  let lowerBound = isLowerBound(program.current?.now);
  if (month) {
    const cohort = cohortAnswer(view, key, month);
    if (cohort.kind === 'found') {
      fields.push(
        { label: t.ptime.applied(format.month(month)), value: withChange(ctx, cohort.left, (value) => estimateWords(ctx, value, { cohort: true }), previous) },
        { label: t.ptime.ahead, value: withChange(ctx, cohort.ahead, (value) => queueWords(ctx, value, null), previous) },
      );
      lowerBound ||= isLowerBound(cohort.left.now);
    } else if (cohort.kind === 'too-new') notes.push(t.ptime.tooNew(format.month(cohort.newest), program.current ? estimateWords(ctx, program.current.now, { cohort: false }) : t.ptime.noData));
    else if (cohort.kind === 'too-old') notes.push(t.ptime.tooOld(format.month(cohort.oldest)));
    else notes.push(t.ptime.noCohorts(name));
  }
  fields.push({ label: t.ptime.newApplication, value: current }, { label: t.ptime.waiting, value: waiting });
  if (!month && program.newestCohort) notes.push(t.ptime.tip(example(program.newestCohort)));
  notes.push(t.ptime.note, ...caveats(ctx, view, { missing: month !== null && !program.newestCohort, lowerBound }));
  return reply({ title, lines: [t.ptime.updated(format.date(view.latest.snapshot.updated), previous)], fields, notes, link: link(ctx), footer });
}

/** Several programs (Express Entry by default): one line each, or a table for every program. */
export function groupReply(ctx: CommandContext, view: ProcessingTimesView, group: ProgramGroup, keys: readonly string[], month: string | null): Reply {
  const { t, format } = ctx;
  const title = t.ptime.groupTitle(t.ptime.groups[group] ?? group);
  const date = format.date(view.latest.snapshot.updated);
  const previous = view.previous ? format.date(view.previous.snapshot.updated) : null;
  const answers = keys.map((key) => ({ key, program: programAnswer(view, key) }));
  const held = answers.filter((answer) => answer.program !== null);
  const missing = answers.length - held.length;
  const lowerBound = held.some(({ program }) => isLowerBound(program!.current?.now));
  const footer = processingTimesFooter(ctx, view);
  if (!held.length) return reply({ title, lines: [t.ptime.notHeld(t.ptime.groups[group] ?? group, date)], notes: caveats(ctx, view, { missing: true }), link: link(ctx), footer });

  if (group === 'all' && !month) {
    return reply({
      title,
      lines: [t.ptime.groupLine(date, null)],
      table: {
        columns: [{ label: t.ptime.columns.program }, { label: t.ptime.columns.time, align: 'right' }, { label: t.ptime.columns.people, align: 'right' }],
        rows: held.map(({ key, program }) => [key, program!.current ? estimateWords(ctx, program!.current.now, { cohort: false }) : '—', program!.waiting ? queueWords(ctx, program!.waiting.now, null) : '—']),
      },
      notes: [t.ptime.note, ...caveats(ctx, view, { missing: missing > 0, lowerBound })],
      link: link(ctx),
      footer,
    });
  }

  const fields: ReplyField[] = held.map(({ key, program }) => {
    const label = t.ptime.programs[key] ?? key;
    if (month) {
      const cohort = cohortAnswer(view, key, month);
      if (cohort.kind === 'found') return { label, value: t.ptime.pair(shortChange(ctx, cohort.left, (value) => estimateWords(ctx, value, { cohort: true })), shortChange(ctx, cohort.ahead, (value) => queueWords(ctx, value, 'ahead'))) };
      if (cohort.kind === 'too-new') return { label, value: t.ptime.tooNew(format.month(cohort.newest), program!.current ? estimateWords(ctx, program!.current.now, { cohort: false }) : t.ptime.noData) };
      if (cohort.kind === 'too-old') return { label, value: t.ptime.tooOld(format.month(cohort.oldest)) };
      return { label, value: t.ptime.noCohorts(label) };
    }
    const time = program!.current ? shortChange(ctx, program!.current, (value) => estimateWords(ctx, value, { cohort: false })) : t.ptime.noData;
    const people = program!.waiting ? shortChange(ctx, program!.waiting, (value) => queueWords(ctx, value, 'waiting')) : t.ptime.noData;
    return { label, value: t.ptime.pair(time, people) };
  });
  return reply({
    title,
    lines: [month ? t.ptime.groupAppliedLine(format.month(month), date, previous) : t.ptime.groupLine(date, previous)],
    fields,
    notes: [t.ptime.note, ...caveats(ctx, view, { missing: missing > 0, lowerBound })],
    link: link(ctx),
    footer,
  });
}

/**
 * Issue 20 (/subscribe ptime): the post a new update of IRCC's processing times is worth — the
 * Express Entry programs with what changed since IRCC's previous update. `view` is null when the
 * update is not kept (a crash between planning the post and keeping the update): the post then
 * says only that IRCC updated, and where to ask.
 */
export function processingTimesPostReply(ctx: CommandContext, view: ProcessingTimesView | null, updated: string): Reply {
  const { t, format } = ctx;
  const command = `/${ctx.locale === 'fr' ? 'delais' : 'ptime'}`;
  if (!view) return reply({ title: t.ptime.postTitle, lines: [t.ptime.postMissing(format.date(updated)), t.ptime.postTip(command)], notes: [t.ptime.postHint], link: link(ctx), footer: processingTimesFooter(ctx, null) });
  const table = groupReply(ctx, view, 'ee', EXPRESS_ENTRY_PROGRAMS, null);
  const previous = view.previous ? format.date(view.previous.snapshot.updated) : null;
  return {
    ...table,
    title: t.ptime.postTitle,
    lines: [t.ptime.postLine(format.date(view.latest.snapshot.updated), previous)],
    notes: [t.ptime.postTip(command), t.ptime.note, t.ptime.postHint],
  };
}
