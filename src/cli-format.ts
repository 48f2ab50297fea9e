import type { Draw } from './core/draw.ts';
import type { SyncOutcome } from './core/sync.ts';

export function formatSyncOutcome(outcome: SyncOutcome, stored: readonly Draw[]): string {
  const newest = stored[0];
  const tail = `${stored.length} rounds stored${newest ? `, newest #${newest.number} (${newest.date})` : ''}`;
  switch (outcome.status) {
    case 'not-modified':
      return `feed not modified since the last sync (HTTP 304): 0 new, 0 edited; ${tail}`;
    case 'unchanged':
      return `no change: 0 new, 0 edited; ${tail}`;
    case 'merged': {
      const added = abridge(outcome.added.map((draw) => `#${draw.number}`), ', ');
      const edited = abridge(outcome.edited.map((edit) => `#${edit.after.number} (${edit.fields.join(', ')})`), '; ');
      return [
        `${outcome.added.length} new, ${outcome.edited.length} edited; ${tail}`,
        ...(outcome.stale ? ['note: the feed ends before the stored history (a stale copy); its differences were not applied'] : []),
        ...(added ? [`new: ${added}`] : []),
        ...(edited ? [`edited: ${edited}`] : []),
      ].join('\n');
    }
  }
}

export function formatDrawRow(draw: Draw): string {
  const category = draw.category.version ? `${draw.category.id} (${draw.category.version})` : draw.category.id;
  return [`#${draw.number}`.padEnd(6), draw.date, category.padEnd(42), String(draw.invitations).padStart(6), String(draw.crs).padStart(4)].join('  ');
}

function abridge(items: string[], separator: string, max = 12): string {
  const shown = items.slice(0, max).join(separator);
  return items.length > max ? `${shown} … (+${items.length - max} more)` : shown;
}

export function syncOutcomeJson(outcome: SyncOutcome, stored: readonly Draw[]) {
  const added = outcome.status === 'merged' ? outcome.added.map((draw) => draw.number) : [];
  const edited = outcome.status === 'merged' ? outcome.edited.map((edit) => ({ number: edit.after.number, fields: edit.fields })) : [];
  return { status: outcome.status, new: added.length, edited: edited.length, addedRounds: added, editedRounds: edited, stored: stored.length };
}
