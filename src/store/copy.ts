import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from '../core/log.ts';
import type { ProcessingTimesRecord, StoredSnapshot } from '../core/processing-times/store.ts';
import type { OpenedStore } from './open.ts';
import { openStore } from './open.ts';
import { StoreLockedError } from './errors.ts';

/**
 * `cli store copy`: moves a bot between lowdb files and PostgreSQL (either way) — its rounds,
 * meta, subscriptions, the broadcasts still under way with their progress, and every snapshot of
 * IRCC's processing times with the record of its checks. Safe to run twice
 * (what is there already is left as it is); refused while a bot runs on either side; what it wrote
 * is read back and checked.
 */

export interface CopyReport {
  from: string;
  to: string;
  copied: { rounds: number; subscriptions: number; broadcasts: number; alreadyThere: number; postsPending: number; processingTimes: number };
  checked: { rounds: number; newestRound: string | null; subscriptions: number; postsPending: number; processingTimes: number };
}

const NO_SEED = { file: '(copy)', draws: () => [] };

export function isDatabaseUrl(place: string): boolean {
  return /^postgres(ql)?:\/\//.test(place);
}

/** A store on either side of a copy: a data folder (lowdb, locked while open) or a database (no bot may run on it). */
async function openSide(place: string, role: 'source' | 'target', log: Logger): Promise<OpenedStore> {
  if (!isDatabaseUrl(place) && role === 'source' && !existsSync(join(place, 'draws.json'))) {
    throw new StoreLockedError(`${place} holds no bot data (no draws.json): nothing to copy`);
  }
  const config = isDatabaseUrl(place) ? { DATA_DIR: '', DATABASE_URL: place } : { DATA_DIR: place, DATABASE_URL: undefined };
  const store = await openStore(config, { seed: NO_SEED, readOnly: role === 'source' && isDatabaseUrl(place), log });
  const [running] = await store.liveInstances();
  if (running) {
    await store.close();
    throw new StoreLockedError(`a bot is running on the ${role} database (${running.host}, pid ${running.pid}, seen ${running.seenAt}): stop it before copying`);
  }
  return store;
}

export async function copyStore(from: string, to: string, log: Logger): Promise<CopyReport> {
  const source = await openSide(from, 'source', log);
  let target: OpenedStore | undefined;
  try {
    target = await openSide(to, 'target', log);
    const subscriptions = await source.listSubscriptions();
    const unfinished = await source.unfinishedBroadcasts();
    const times = await processingTimesOf(source);
    await target.importHistory(source.draws, source.meta);
    await target.saveMany(subscriptions);
    let broadcasts = 0;
    let alreadyThere = 0;
    for (const { broadcast, progress } of unfinished) {
      if (await target.importBroadcast(broadcast, progress)) broadcasts++;
      else alreadyThere++;
    }
    // Nothing kept and never checked (a folder whose bot never read them): the target's first start takes the shipped snapshot.
    if (times.snapshots.length || times.record.lastCheck) await target.importProcessingTimes(times.snapshots, times.record);
    const postsPending = (await source.outboxSummary()).pending;
    await target.close();
    target = undefined;

    // Read back from what is on the other side now, as the next start will.
    const written = await openStore(isDatabaseUrl(to) ? { DATA_DIR: '', DATABASE_URL: to } : { DATA_DIR: to, DATABASE_URL: undefined }, { seed: NO_SEED, readOnly: true, log });
    try {
      const checked = {
        rounds: written.draws.length,
        newestRound: written.draws[0]?.number ?? null,
        subscriptions: (await written.listSubscriptions()).length,
        postsPending: (await written.outboxSummary()).pending,
        processingTimes: (await written.processingTimes.list()).length,
      };
      const report = { from: describePlace(from), to: describePlace(to), copied: { rounds: source.draws.length, subscriptions: subscriptions.length, broadcasts, alreadyThere, postsPending, processingTimes: times.snapshots.length }, checked };
      const mismatch = [
        checked.rounds < source.draws.length && `${checked.rounds} rounds where ${source.draws.length} were copied`,
        checked.newestRound !== (source.draws[0]?.number ?? null) && `newest round #${checked.newestRound} where the source has #${source.draws[0]?.number}`,
        checked.subscriptions < subscriptions.length && `${checked.subscriptions} subscriptions where ${subscriptions.length} were copied`,
        checked.postsPending < postsPending && `${checked.postsPending} posts pending where the source has ${postsPending}`,
        checked.processingTimes < times.snapshots.length && `${checked.processingTimes} processing-times snapshots where ${times.snapshots.length} were copied`,
      ].filter(Boolean);
      if (mismatch.length) throw new Error(`the copy does not check out: the target holds ${mismatch.join('; ')}`);
      return report;
    } finally {
      await written.close();
    }
  } finally {
    await target?.close();
    await source.close();
  }
}

/** Every processing-times snapshot a store keeps, with its values, and the record of its checks. */
async function processingTimesOf(store: OpenedStore): Promise<{ snapshots: StoredSnapshot[]; record: ProcessingTimesRecord }> {
  const times = store.processingTimes;
  const snapshots: StoredSnapshot[] = [];
  for (const { id } of await times.list()) snapshots.push((await times.get(id))!);
  const { snapshots: _count, ...checks } = await times.status();
  return { snapshots, record: { ...checks, feed: await times.feedState() } };
}

/** A place as it can be printed: a folder, or a database without its password. */
export function describePlace(place: string): string {
  if (!isDatabaseUrl(place)) return place;
  const url = new URL(place);
  url.password = url.password ? '***' : '';
  return url.toString();
}

export function formatCopyReport({ from, to, copied, checked }: CopyReport): string {
  const n = (value: number) => value.toLocaleString('en');
  const plural = (value: number, one: string, many: string) => `${n(value)} ${value === 1 ? one : many}`;
  return [
    `copied from ${from} to ${to}:`,
    `  ${n(copied.rounds)} rounds, ${n(copied.subscriptions)} subscriptions, ${plural(copied.broadcasts, 'unfinished broadcast', 'unfinished broadcasts')} (${n(copied.postsPending)} posts pending)${copied.alreadyThere ? `; ${n(copied.alreadyThere)} already there, left as they were` : ''}, ${plural(copied.processingTimes, 'processing-times snapshot', 'processing-times snapshots')}`,
    `checked: the target holds ${n(checked.rounds)} rounds (newest #${checked.newestRound ?? 'none'}), ${n(checked.subscriptions)} subscriptions, ${n(checked.postsPending)} posts pending, ${plural(checked.processingTimes, 'processing-times snapshot', 'processing-times snapshots')}`,
  ].join('\n');
}
