import { timesOf, type Cohort, type ProcessingTimes, type ProgramTimes } from './snapshot.ts';
import { compareSnapshots, latestAndPrevious, type ProcessingTimesStatus, type ProcessingTimesStore, type SnapshotSummary, type StoredSnapshot } from './store.ts';
import { sameEstimate, sameQueue, type Estimate, type Queue } from './values.ts';

/** What answers read of the store. */
export type ProcessingTimesSource = Pick<ProcessingTimesStore, 'latest' | 'list' | 'get' | 'status'>;

export interface SnapshotView {
  snapshot: SnapshotSummary;
  times: ProcessingTimes;
}

/** IRCC's update as answers show it, the update before it, and how fresh the data is. */
export interface ProcessingTimesView {
  latest: SnapshotView;
  previous: SnapshotView | null;
  status: ProcessingTimesStatus;
}

/** A value now and at IRCC's previous update (null where that update did not have it). */
export interface Compared<T> {
  now: T;
  before: T | null;
  same: boolean | null;
}

export interface ProgramAnswer {
  key: string;
  current: Compared<Estimate> | null;
  waiting: Compared<Queue> | null;
  newestCohort: string | null;
  oldestCohort: string | null;
}

export type CohortAnswer =
  | { kind: 'found'; cohort: Cohort; left: Compared<Estimate>; ahead: Compared<Queue> }
  /** The month is newer than IRCC's newest application month (it lists months up to the one before its update). */
  | { kind: 'too-new'; newest: string }
  | { kind: 'too-old'; oldest: string }
  /** IRCC lists no application months for this program (or the data held does not). */
  | { kind: 'none' };

const NO_SOURCE: ProcessingTimesSource = {
  latest: async () => ({ latest: null, previous: null }),
  list: async () => [],
  get: async () => null,
  status: async () => ({ checkedAt: null, lastCheck: null, lastRefusal: null, snapshots: 0 }),
};

/** Questions over the kept snapshots; each snapshot is read into values once. */
export class ProcessingTimesQueries {
  readonly #source: ProcessingTimesSource;
  readonly #read = new Map<string, ProcessingTimes>();

  constructor(source: ProcessingTimesSource | null) {
    this.#source = source ?? NO_SOURCE;
  }

  #view(snapshot: StoredSnapshot): SnapshotView {
    let times = this.#read.get(snapshot.id);
    if (!times) {
      // A handful of snapshots are asked about at a time: the newest two, a post's two.
      if (this.#read.size >= 8) this.#read.delete(this.#read.keys().next().value!);
      this.#read.set(snapshot.id, (times = timesOf(snapshot.raw)));
    }
    const { raw: _raw, ...summary } = snapshot;
    return { snapshot: summary, times };
  }

  /** The newest update held, with the one before it; null when none is held. */
  async current(): Promise<ProcessingTimesView | null> {
    const [{ latest, previous }, status] = await Promise.all([this.#source.latest(), this.#source.status()]);
    if (!latest) return null;
    return { latest: this.#view(latest), previous: previous ? this.#view(previous) : null, status };
  }

  /** IRCC's update of this date (the last read of it) with the one before it: what a post about that update says. */
  async update(updated: string): Promise<ProcessingTimesView | null> {
    const list = (await this.#source.list()).filter((snapshot) => snapshot.updated <= updated).sort(compareSnapshots);
    const { latest, previous } = latestAndPrevious(list);
    if (!latest || latest.updated !== updated) return null;
    const [full, before, status] = await Promise.all([this.#source.get(latest.id), previous ? this.#source.get(previous.id) : null, this.#source.status()]);
    if (!full) return null;
    return { latest: this.#view(full), previous: before ? this.#view(before) : null, status };
  }
}

function compared<T>(now: T, before: T | null | undefined, same: (a: T, b: T) => boolean): Compared<T> {
  return { now, before: before ?? null, same: before ? same(now, before) : null };
}

/** A program's estimate for a new application and its queue, against IRCC's previous update. */
export function programAnswer(view: ProcessingTimesView, key: string): ProgramAnswer | null {
  const now = view.latest.times.programs.get(key);
  if (!now) return null;
  const before = view.previous?.times.programs.get(key);
  return {
    key,
    current: now.current ? compared(now.current, before?.current, sameEstimate) : null,
    waiting: now.waiting ? compared(now.waiting, before?.waiting, sameQueue) : null,
    newestCohort: now.cohorts.at(-1)?.month ?? null,
    oldestCohort: now.cohorts[0]?.month ?? null,
  };
}

/** IRCC's estimate for the applications of one month (YYYY-MM), against its previous update for that month. */
export function cohortAnswer(view: ProcessingTimesView, key: string, month: string): CohortAnswer {
  const program: ProgramTimes | undefined = view.latest.times.programs.get(key);
  if (!program?.cohorts.length) return { kind: 'none' };
  const cohort = program.cohorts.find((candidate) => candidate.month === month);
  if (!cohort) {
    const newest = program.cohorts.at(-1)!.month;
    return month > newest ? { kind: 'too-new', newest } : { kind: 'too-old', oldest: program.cohorts[0]!.month };
  }
  const before = view.previous?.times.programs.get(key)?.cohorts.find((candidate) => candidate.month === month);
  return { kind: 'found', cohort, left: compared(cohort.left, before?.left, sameEstimate), ahead: compared(cohort.ahead, before?.ahead, sameQueue) };
}
