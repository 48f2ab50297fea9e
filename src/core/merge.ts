import type { Draw } from './draw.ts';
import { compareDrawsNewestFirst } from './draw.ts';
import { jsonEqual } from './json-equal.ts';

export interface DrawEdit {
  before: Draw;
  after: Draw;
  /** Top-level fields whose normalized value changed. */
  fields: (keyof Draw)[];
}

export interface MergeResult {
  draws: Draw[];
  added: Draw[];
  edited: DrawEdit[];
  /** The feed ends before the stored history does (a stale copy): its differences are not applied as edits. */
  stale: boolean;
}

/**
 * Merges a feed into the stored history, keyed by round number. IRCC edits and renames old rounds:
 * a changed round replaces the stored one and is reported as an edit, never as new. A round the
 * feed lacks is kept: a feed is a window on the history, not the history.
 */
export function mergeDraws(stored: readonly Draw[], incoming: readonly Draw[]): MergeResult {
  const stale = isOlder(newest(incoming), newest(stored));
  const byNumber = new Map(stored.map((draw) => [draw.number, draw]));
  const added: Draw[] = [];
  const edited: DrawEdit[] = [];
  for (const draw of incoming) {
    const before = byNumber.get(draw.number);
    if (!before) {
      added.push(draw);
    } else {
      const fields = stale || jsonEqual(before, draw) ? [] : changedFields(before, draw);
      if (!fields.length) continue;
      edited.push({ before, after: draw, fields });
    }
    byNumber.set(draw.number, draw);
  }
  return { draws: [...byNumber.values()].sort(compareDrawsNewestFirst), added: added.sort(compareDrawsNewestFirst), edited, stale };
}

function newest(draws: readonly Draw[]): Draw | undefined {
  return draws.reduce<Draw | undefined>((best, draw) => (!best || compareDrawsNewestFirst(draw, best) < 0 ? draw : best), undefined);
}

function isOlder(a: Draw | undefined, b: Draw | undefined): boolean {
  return !!a && !!b && compareDrawsNewestFirst(a, b) > 0;
}

function changedFields(before: Draw, after: Draw): (keyof Draw)[] {
  const keys = new Set([...Object.keys(before), ...Object.keys(after)] as (keyof Draw)[]);
  return [...keys].filter((key) => !jsonEqual(before[key], after[key]));
}
