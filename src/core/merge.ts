import type { Draw } from './draw.ts';
import { compareDrawNumbers, compareDrawsNewestFirst } from './draw.ts';
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
  /** The feed ends before the stored history does (an older copy, see isOlderCopy): its differences are not applied as edits. */
  stale: boolean;
}

/**
 * Merges a feed into the stored history, keyed by round number. IRCC edits and renames old rounds:
 * a changed round replaces the stored one and is reported as an edit, never as new. A round the
 * feed lacks is kept: a feed is a window on the history, not the history.
 */
export function mergeDraws(stored: readonly Draw[], incoming: readonly Draw[]): MergeResult {
  const stale = isOlderCopy(stored, incoming);
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

/** Feeds with fewer missing newer rounds than this are merged in full (see isOlderCopy). */
const OLDER_COPY_MISSING_ROUNDS = 2;

/**
 * An older copy of the feed (a CDN serving yesterday's file) lacks the store's newest rounds, and
 * its differences must not undo IRCC's later corrections. Judged on round numbers, IRCC's own
 * sequence, and never on one round: one stored round — dated 2099 by a typo an older version
 * accepted, or numbered past IRCC's sequence — must not make every later feed look old, or no
 * correction would ever be applied. So a feed is an older copy when at least two stored rounds are
 * numbered above its newest round. A copy just one round behind is merged: what it might revert,
 * the next fresh copy corrects.
 */
function isOlderCopy(stored: readonly Draw[], incoming: readonly Draw[]): boolean {
  const newestIncoming = incoming.reduce<string | undefined>((best, draw) => (best === undefined || compareDrawNumbers(draw.number, best) > 0 ? draw.number : best), undefined);
  if (newestIncoming === undefined) return false;
  let missingNewer = 0;
  for (const draw of stored) if (compareDrawNumbers(draw.number, newestIncoming) > 0) missingNewer++;
  return missingNewer >= OLDER_COPY_MISSING_ROUNDS;
}

function changedFields(before: Draw, after: Draw): (keyof Draw)[] {
  const keys = new Set([...Object.keys(before), ...Object.keys(after)] as (keyof Draw)[]);
  return [...keys].filter((key) => !jsonEqual(before[key], after[key]));
}
