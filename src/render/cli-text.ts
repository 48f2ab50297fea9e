import type { Draw } from '../core/draw.ts';
import { PLATFORMS } from '../core/subscriptions.ts';
import type { BotStore, MetaData, OutboxSummary } from '../store/contract.ts';
import type { Coordination } from '../store/coordination.ts';
import type { LiveInstance, StoreTransfer } from '../store/transfer.ts';
import type { SyncOutcome } from '../core/sync.ts';
import { formatProcessingTimesStatus, type ProcessingTimesReport } from './cli-processing-times.ts';

export function formatSyncOutcome(outcome: SyncOutcome, stored: readonly Draw[]): string {
  const refused = outcome.status === 'not-modified' ? [] : (outcome.refused ?? []).map((refusal) => `refused (not stored until IRCC corrects it): ${refusal.reason}`);
  return [formatSyncSummary(outcome, stored), ...refused].join('\n');
}

function formatSyncSummary(outcome: SyncOutcome, stored: readonly Draw[]): string {
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
  const refused = outcome.status === 'not-modified' ? [] : (outcome.refused ?? []);
  return { status: outcome.status, new: added.length, edited: edited.length, addedRounds: added, editedRounds: edited, refusedRounds: refused, stored: stored.length };
}

export interface StatusReport {
  newestRound: { number: string; date: string } | null;
  lastPoll: MetaData['lastPoll'];
  lastSync: MetaData['lastSync'];
  lastNewRounds: { at: string; rounds: { number: string; date: string; label: string }[] } | null;
  /** Rounds held under a list version the bot's category lists do not have yet. */
  newerLists: { number: string; date: string; label: string; listVersion: string }[];
  outbox: OutboxSummary;
  subscriptions: { active: number; byPlatform: Record<string, number>; disabled: { id: string; at: string; reason: string }[] };
  /** The processes running on the store now (several on one database), and which one leads since when. */
  instances: (LiveInstance & { leader: boolean; leaderSince: string | null })[];
  /** How old IRCC's processing times are, the last check, the last refusal. */
  processingTimes?: ProcessingTimesReport;
}

/** What an operator wants to know of a running bot, from its data folder or database. */
export async function statusReport(store: Pick<BotStore, 'draws' | 'meta' | 'outboxSummary' | 'listSubscriptions'> & Pick<StoreTransfer, 'liveInstances'> & { coordination: Pick<Coordination, 'leaseHolder'> }, processingTimes?: ProcessingTimesReport): Promise<StatusReport> {
  const subscriptions = await store.listSubscriptions();
  const leader = await store.coordination.leaseHolder();
  const instances = (await store.liveInstances()).map((instance) => ({ ...instance, leader: instance.id === leader?.instanceId, leaderSince: instance.id === leader?.instanceId ? leader.since : null }));
  const active = subscriptions.filter((subscription) => !subscription.disabled);
  const newest = store.draws[0];
  const found = store.meta.lastNewRounds;
  const byNumber = new Map(store.draws.map((draw) => [draw.number, draw]));
  return {
    newestRound: newest ? { number: newest.number, date: newest.date } : null,
    lastPoll: store.meta.lastPoll,
    lastSync: store.meta.lastSync,
    lastNewRounds: found
      ? { at: found.at, rounds: found.rounds.flatMap((number) => { const draw = byNumber.get(number); return draw ? [{ number, date: draw.date, label: draw.label }] : []; }) }
      : null,
    newerLists: store.draws.flatMap((draw) => (draw.category.unknownVersion ? [{ number: draw.number, date: draw.date, label: draw.label, listVersion: draw.category.unknownVersion }] : [])),
    // Counted from the broadcasts' progress, not one record per chat.
    outbox: await store.outboxSummary(),
    subscriptions: {
      active: active.length,
      byPlatform: Object.fromEntries(PLATFORMS.map((platform) => [platform, active.filter((subscription) => subscription.platform === platform).length])),
      disabled: subscriptions.flatMap((subscription) => (subscription.disabled ? [{ id: subscription.id, ...subscription.disabled }] : [])),
    },
    instances,
    ...(processingTimes ? { processingTimes } : {}),
  };
}

export function formatStatus(report: StatusReport): string {
  const poll = report.lastPoll;
  return [
    `newest round:   ${report.newestRound ? `#${report.newestRound.number} (${report.newestRound.date})` : 'none'}`,
    `last poll:      ${poll ? `${poll.at} — ${poll.outcome}${poll.outcome === 'failed' ? `: ${poll.error}` : poll.added || poll.edited ? ` (${poll.added} new, ${poll.edited} edited)` : ''}` : 'never (the bot has not polled yet)'}`,
    `last sync:      ${report.lastSync ? `${report.lastSync.at} from ${report.lastSync.source} (${report.lastSync.added} new, ${report.lastSync.edited} edited)` : 'never (shipped data only)'}`,
    `new rounds:     ${report.lastNewRounds ? `${report.lastNewRounds.rounds.map((round) => `#${round.number} (${round.date}) ${round.label}`).join('; ')} — found ${report.lastNewRounds.at}` : 'none found by a poll yet'}`,
    ...(report.newerLists.length
      ? [`newer lists:    ${report.newerLists.map((round) => `#${round.number} (${round.date}) names list version ${round.listVersion}`).join('; ')} — newer than the category lists in force: update them (npm run cli -- categories)`]
      : []),
    `outbox:         ${report.outbox.pending} pending${report.outbox.oldestPending ? ` (oldest queued ${report.outbox.oldestPending})` : ''}, ${report.outbox.retrying} retrying, ${report.outbox.sent} sent, ${report.outbox.dropped} dropped`,
    `subscriptions:  ${report.subscriptions.active} active (${Object.entries(report.subscriptions.byPlatform).map(([platform, count]) => `${platform} ${count}`).join(', ')}), ${report.subscriptions.disabled.length} disabled`,
    ...report.subscriptions.disabled.map((entry) => `  disabled ${entry.id} since ${entry.at}: ${entry.reason}`),
    ...(report.processingTimes ? formatProcessingTimesStatus(report.processingTimes) : []),
    ...(report.instances.length
      ? [
          `instances:      ${report.instances.length} running${report.instances.some((instance) => instance.leader) ? '' : ', none leading (one takes over within 20 s)'}`,
          ...report.instances.map((instance) => `  ${instance.id} (${instance.host}, pid ${instance.pid}) started ${instance.startedAt}, seen ${instance.seenAt}${instance.leader ? ` — leader since ${instance.leaderSince}` : ' — standby'}`),
        ]
      : []),
  ].join('\n');
}
