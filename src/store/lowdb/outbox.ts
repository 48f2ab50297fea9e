import { rmSync } from 'node:fs';
import { basename, join } from 'node:path';
import { lanesOf, plannedIn, postOf, type Broadcast, type PlannedRounds } from '../../core/broadcasts.ts';
import type { Platform, Subscription } from '../../core/subscriptions.ts';
import type { Delivery, DeliveryState, OutboxSummary, Progress } from '../contract.ts';
import { StoreFileError, StoreIntegrityError } from '../errors.ts';
import { JsonFile } from './json-file.ts';
import { LEGACY_OUTBOX_FILE, readLegacyOutbox } from './legacy-outbox.ts';
import { broadcastsFile, deliveriesFile, type BroadcastsData, type DeliveriesData, type StoredProgress } from './schema.ts';

type Lanes = Partial<Record<Platform, [start: number, end: number]>>;

/** What the operator said to do when the two outbox files disagree (see LowdbOutbox.open). */
export interface OutboxRecovery {
  /** Broadcasts whose definitions are lost: forget the posts still pending. */
  dropPending?: boolean;
  /** Broadcasts whose progress is lost: count their posts as delivered. */
  assumeSent?: boolean;
}

/**
 * The outbox in two lowdb files: broadcasts.json (each broadcast as planned, written when one is
 * planned or pruned) and deliveries.json (their progress: cursors, counts, and the few deliveries
 * taken, retrying or dropped). A mark rewrites deliveries.json alone, whatever the audience. Posts
 * are taken in small batches, stored before they are sent, so a crash repeats at most those.
 */
export class LowdbOutbox {
  readonly #definitions: JsonFile<BroadcastsData>;
  readonly #progressFile: JsonFile<DeliveriesData>;
  readonly #lookup: (subscriptionId: string) => Subscription | undefined;
  /** The broadcasts on disk, oldest first, each with its platforms' parts of the audience. */
  #broadcasts: { broadcast: Broadcast; lanes: Lanes }[] = [];
  /** Posts handed to the worker and not settled: memory only (a crash frees them all). */
  readonly #leases = new Set<string>();

  private constructor(definitions: JsonFile<BroadcastsData>, progress: JsonFile<DeliveriesData>, lookup: (subscriptionId: string) => Subscription | undefined) {
    this.#definitions = definitions;
    this.#progressFile = progress;
    this.#lookup = lookup;
    this.#index();
    // A failed write puts a file's data back as on disk: what is held must follow.
    definitions.onReload(() => this.#index());
  }

  /**
   * Opens both files and makes them vouch for each other. A broadcast planned is written in three
   * steps (its progress marked `planning`, the broadcast, the mark cleared) and pruned in two (the
   * broadcast, then its progress), so a crash leaves only states told apart here: progress still
   * `planning` with no broadcast was never planned; progress with nothing pending and no broadcast
   * was being pruned. Anything else missing was lost (a restore from an older backup, a hand
   * clean-up): the start is refused with one line naming the file and what it held, unless the
   * operator said what to do (`recovery`). Never "nothing owed", never "everything owed".
   */
  static async open(dataDir: string, lookup: (subscriptionId: string) => Subscription | undefined, { write, recovery = {} }: { write: boolean; recovery?: OutboxRecovery }): Promise<LowdbOutbox> {
    const definitions = await JsonFile.open(join(dataDir, broadcastsFile.name), broadcastsFile);
    const progress = await JsonFile.open(join(dataDir, deliveriesFile.name), deliveriesFile);
    const legacyPath = join(dataDir, LEGACY_OUTBOX_FILE);
    const legacy = progress.existed ? null : await readLegacyOutbox(legacyPath, definitions.data.broadcasts);
    if (legacy) {
      definitions.data.broadcasts.push(...legacy.broadcasts);
      Object.assign(progress.data.broadcasts, legacy.progress);
    }
    const changed = reconcile(definitions, progress, recovery);
    const outbox = new LowdbOutbox(definitions, progress, lookup);
    if (write && (legacy || changed)) {
      if (legacy) await definitions.write(definitions.data);
      await progress.write(progress.data);
    }
    // Converted and on disk: the old file goes (a crash before this converts it again, to the same ids).
    if (write && (legacy || progress.existed)) rmSync(legacyPath, { force: true });
    return outbox;
  }

  #index(): void {
    this.#broadcasts = this.#definitions.data.broadcasts.map((broadcast) => ({ broadcast, lanes: lanesOf(broadcast) }));
  }

  #progress(id: string): StoredProgress | undefined {
    return this.#progressFile.data.broadcasts[id];
  }

  #writeProgress(): Promise<void> {
    return this.#progressFile.write(this.#progressFile.data);
  }

  // Planning -----------------------------------------------------------------------------------

  /**
   * Plans broadcasts (one already stored is left as it is): their progress marked `planning`, the
   * broadcasts, then the mark cleared. Held in memory only once on disk: no post may go out for a
   * broadcast a crash could forget.
   */
  async add(added: readonly Broadcast[]): Promise<void> {
    const fresh = added.filter((broadcast) => !this.#broadcasts.some((held) => held.broadcast.id === broadcast.id));
    if (!fresh.length) return;
    const entries = this.#progressFile.data.broadcasts;
    for (const broadcast of fresh) entries[broadcast.id] = { size: broadcast.audience.length, planning: true, cursors: {}, deliveries: {}, sent: 0, lastSentAt: null };
    await this.#writeProgress();
    await this.#definitions.write({ broadcasts: [...this.#definitions.data.broadcasts, ...fresh] });
    this.#index();
    for (const broadcast of fresh) delete entries[broadcast.id]?.planning;
    await this.#writeProgress();
  }

  /** Which of these rounds each chat was already owed or sent: only broadcasts holding one of them are read. */
  plannedRounds(rounds: readonly string[]): PlannedRounds {
    return plannedIn(this.#broadcasts.map(({ broadcast }) => broadcast), rounds);
  }

  // Delivery -----------------------------------------------------------------------------------

  async take(platform: Platform, max: number, now: number): Promise<Delivery[]> {
    const taken: Delivery[] = [];
    let changed = false;
    for (const { broadcast, lanes } of this.#broadcasts) {
      const lane = lanes[platform];
      const progress = this.#progress(broadcast.id);
      if (!lane || !progress) continue;
      const [start, end] = lane;
      for (const [key, state] of Object.entries(progress.deliveries)) {
        if (taken.length >= max) break;
        const index = Number(key);
        if (index < start || index >= end || state.status !== 'pending' || this.#leases.has(leaseOf(broadcast.id, index))) continue;
        if (state.notBefore && Date.parse(state.notBefore) > now) continue;
        const delivery = this.#deliverable(broadcast, index, state);
        if (delivery) taken.push(delivery);
        else changed = true;
      }
      let cursor = progress.cursors[platform] ?? start;
      for (; cursor < end && taken.length < max; cursor++) {
        if (progress.deliveries[cursor]) continue; // dropped before its turn (unsubscribed)
        const state: DeliveryState = { status: 'pending', attempts: 0, notBefore: null, error: null };
        progress.deliveries[cursor] = state;
        const delivery = this.#deliverable(broadcast, cursor, state);
        if (delivery) taken.push(delivery);
      }
      if (cursor !== (progress.cursors[platform] ?? start)) {
        progress.cursors[platform] = cursor;
        changed = true;
      }
      if (taken.length >= max) break;
    }
    for (const delivery of taken) this.#leases.add(leaseOf(delivery.broadcastId, delivery.index));
    if (changed) {
      try {
        await this.#writeProgress();
      } catch (error) {
        for (const delivery of taken) this.#leases.delete(leaseOf(delivery.broadcastId, delivery.index));
        throw error;
      }
    }
    return taken;
  }

  /** The delivery, or null when its chat unsubscribed or was disabled (its state is then dropped). */
  #deliverable(broadcast: Broadcast, index: number, state: DeliveryState): Delivery | null {
    const subscription = this.#lookup(broadcast.audience[index]!);
    if (!subscription || subscription.disabled) {
      Object.assign(state, { status: 'dropped', error: subscription?.disabled ? `subscription disabled: ${subscription.disabled.reason}` : 'unsubscribed' });
      return null;
    }
    return { broadcastId: broadcast.id, index, variant: broadcast.variantOf[index]!, post: postOf(broadcast, index), subscription, attempts: state.attempts };
  }

  waiting(platform: Platform, now: number): { due: boolean; nextRetryAt: number | null } {
    let nextRetryAt: number | null = null;
    for (const { broadcast, lanes } of this.#broadcasts) {
      const lane = lanes[platform];
      const progress = this.#progress(broadcast.id);
      if (!lane || !progress) continue;
      const [start, end] = lane;
      let cursor = progress.cursors[platform] ?? start;
      while (cursor < end && progress.deliveries[cursor]) cursor++;
      if (cursor < end) return { due: true, nextRetryAt };
      for (const [key, state] of Object.entries(progress.deliveries)) {
        const index = Number(key);
        if (index < start || index >= end || state.status !== 'pending' || this.#leases.has(leaseOf(broadcast.id, index))) continue;
        const at = state.notBefore ? Date.parse(state.notBefore) : 0;
        if (at <= now) return { due: true, nextRetryAt };
        if (nextRetryAt === null || at < nextRetryAt) nextRetryAt = at;
      }
    }
    return { due: false, nextRetryAt };
  }

  async markSent(delivery: Delivery, at: string): Promise<void> {
    const progress = this.#progress(delivery.broadcastId);
    if (!progress) return this.release(delivery);
    delete progress.deliveries[delivery.index];
    progress.sent++;
    if (!progress.lastSentAt || at > progress.lastSentAt) progress.lastSentAt = at;
    // Kept leased if the write fails (the file is read back): the caller writes the mark again, it never posts again.
    await this.#writeProgress();
    this.release(delivery);
  }

  markRetry(delivery: Delivery, { attempts, notBefore, error }: { attempts: number; notBefore: string; error: string }): Promise<void> {
    return this.#settle(delivery, { status: 'pending', attempts, notBefore, error });
  }

  markDropped(delivery: Delivery, { attempts, error }: { attempts: number; error: string }): Promise<void> {
    return this.#settle(delivery, { status: 'dropped', attempts, notBefore: null, error });
  }

  async #settle(delivery: Delivery, state: DeliveryState): Promise<void> {
    try {
      const progress = this.#progress(delivery.broadcastId);
      if (!progress) return;
      progress.deliveries[delivery.index] = state;
      await this.#writeProgress();
    } finally {
      this.release(delivery);
    }
  }

  release(delivery: Delivery): void {
    this.#leases.delete(leaseOf(delivery.broadcastId, delivery.index));
  }

  /** Drops what a subscription is still owed (unsubscribed, or the platform refused the chat). */
  async dropPending(subscriptionId: string, reason: string, platform: Platform): Promise<void> {
    let changed = false;
    for (const { broadcast, lanes } of this.#broadcasts) {
      const lane = lanes[platform];
      const progress = this.#progress(broadcast.id);
      if (!lane || !progress) continue;
      const index = broadcast.audience.indexOf(subscriptionId, lane[0]);
      if (index < 0 || index >= lane[1]) continue;
      const state = progress.deliveries[index];
      const taken = index < (progress.cursors[platform] ?? lane[0]);
      // Taken with no state left: sent. A state not pending: dropped already.
      if (state ? state.status !== 'pending' : taken) continue;
      progress.deliveries[index] = { ...(state ?? { attempts: 0, notBefore: null }), status: 'dropped', error: reason };
      changed = true;
    }
    if (changed) await this.#writeProgress();
  }

  // Reports and upkeep -------------------------------------------------------------------------

  summary(): OutboxSummary {
    const summary: OutboxSummary = { pending: 0, oldestPending: null, retrying: 0, sent: 0, dropped: 0 };
    for (const { broadcast } of this.#broadcasts) {
      const progress = this.#progress(broadcast.id);
      if (!progress) continue;
      const { dropped, retrying } = countStates(progress);
      const pending = progress.size - progress.sent - dropped;
      summary.sent += progress.sent;
      summary.dropped += dropped;
      summary.retrying += retrying;
      summary.pending += pending;
      if (pending > 0) summary.oldestPending ??= broadcast.createdAt;
    }
    return summary;
  }

  /** Forgets broadcasts planned before `before` with nothing pending: their definitions first, then their progress. */
  async prune(before: string): Promise<number> {
    const finished = this.#broadcasts.filter(({ broadcast }) => broadcast.createdAt < before && pendingIn(this.#progress(broadcast.id)) === 0).map(({ broadcast }) => broadcast);
    if (!finished.length) return 0;
    const gone = new Set(finished.map((broadcast) => broadcast.id));
    await this.#definitions.write({ broadcasts: this.#definitions.data.broadcasts.filter((broadcast) => !gone.has(broadcast.id)) });
    this.#index();
    for (const id of gone) delete this.#progressFile.data.broadcasts[id];
    await this.#writeProgress();
    return finished.reduce((sum, broadcast) => sum + broadcast.audience.length, 0);
  }

  /** Broadcasts with posts pending, with their progress (`store copy`). */
  unfinished(): { broadcast: Broadcast; progress: Progress }[] {
    return this.#broadcasts.flatMap(({ broadcast }) => {
      const stored = this.#progress(broadcast.id);
      if (!stored || pendingIn(stored) === 0) return [];
      const { size: _size, planning: _planning, ...progress } = stored;
      return [{ broadcast, progress: structuredClone(progress) }];
    });
  }

  /** Adds a broadcast as it stood elsewhere (`store copy`): false when its id is already here. */
  async import(broadcast: Broadcast, progress: Progress): Promise<boolean> {
    if (this.#broadcasts.some((held) => held.broadcast.id === broadcast.id)) return false;
    this.#progressFile.data.broadcasts[broadcast.id] = { ...structuredClone(progress), size: broadcast.audience.length, planning: true };
    await this.#writeProgress();
    await this.#definitions.write({ broadcasts: [...this.#definitions.data.broadcasts, broadcast] });
    this.#index();
    delete this.#progressFile.data.broadcasts[broadcast.id]?.planning;
    await this.#writeProgress();
    return true;
  }

  flush(): Promise<void> {
    return Promise.all([this.#definitions.flush(), this.#progressFile.flush()]).then(() => undefined);
  }
}

function leaseOf(broadcastId: string, index: number): string {
  return `${broadcastId}#${index}`;
}

function countStates(progress: StoredProgress): { dropped: number; retrying: number } {
  let dropped = 0;
  let retrying = 0;
  for (const state of Object.values(progress.deliveries)) {
    if (state.status === 'dropped') dropped++;
    else if (state.attempts > 0) retrying++;
  }
  return { dropped, retrying };
}

/** Posts not yet sent nor dropped, from the progress alone. */
function pendingIn(progress: StoredProgress | undefined): number {
  return progress ? progress.size - progress.sent - countStates(progress).dropped : 0;
}

/**
 * The two files checked against each other at open (see LowdbOutbox.open); also each progress
 * against its broadcast, so a hand-edited cursor or audience is refused here, naming both, rather
 * than met mid-fan-out. Returns whether the progress was settled here (to be written), or throws.
 */
function reconcile(definitions: JsonFile<BroadcastsData>, progressFile: JsonFile<DeliveriesData>, recovery: OutboxRecovery): boolean {
  const entries = progressFile.data.broadcasts;
  const byId = new Map(definitions.data.broadcasts.map((broadcast) => [broadcast.id, broadcast]));
  const lost: string[] = [];
  let changed = false;
  for (const [id, progress] of Object.entries(entries)) {
    if (byId.has(id)) continue;
    const pending = pendingIn(progress);
    if (progress.planning || pending === 0) {
      delete entries[id]; // never planned (a crash before its broadcast was written), or pruned (a crash before its progress was)
      changed = true;
    } else if (recovery.dropPending) {
      delete entries[id];
      changed = true;
    } else lost.push(`"${id}" (${pending} posts pending, ${progress.sent} sent)`);
  }
  if (lost.length) {
    const file = basename(definitions.path);
    throw new StoreIntegrityError(`${definitions.path} ${definitions.existed ? 'lacks' : 'is missing, with'} the broadcast${lost.length > 1 ? 's' : ''} whose progress ${basename(progressFile.path)} holds: ${lost.join(', ')}. Restore ${file} from a backup, or start with --drop-pending to forget those posts (their rounds stay stored and are not announced again)`);
  }
  const unknown: string[] = [];
  for (const broadcast of definitions.data.broadcasts) {
    const progress = entries[broadcast.id];
    if (progress) {
      if (progress.planning) {
        delete progress.planning; // planned: the broadcast reached the disk
        changed = true;
      }
      checkProgress(progressFile.path, broadcast, progress);
    } else if (recovery.assumeSent) {
      const lanes = lanesOf(broadcast);
      entries[broadcast.id] = { size: broadcast.audience.length, cursors: Object.fromEntries(Object.entries(lanes).map(([platform, lane]) => [platform, lane[1]])), deliveries: {}, sent: broadcast.audience.length, lastSentAt: null };
      changed = true;
    } else unknown.push(`"${broadcast.id}" (${broadcast.audience.length} posts, planned ${broadcast.createdAt})`);
  }
  if (unknown.length) {
    throw new StoreIntegrityError(`${progressFile.path} ${progressFile.existed ? 'lacks' : 'is missing, with'} the progress of the broadcast${unknown.length > 1 ? 's' : ''} ${definitionsList(unknown)} that ${basename(definitions.path)} holds: their posts may have been sent already. Restore ${basename(progressFile.path)} from a backup, or start with --assume-sent to count them as delivered`);
  }
  return changed;
}

function definitionsList(items: string[]): string {
  return items.length > 3 ? `${items.slice(0, 3).join(', ')} and ${items.length - 3} more` : items.join(', ');
}

/** A progress entry that does not fit its broadcast (hand-edited): refused, naming both. */
function checkProgress(path: string, broadcast: Broadcast, progress: StoredProgress): void {
  const problem = (() => {
    const size = broadcast.audience.length;
    if (broadcast.variantOf.length !== size) return `its broadcast's audience (${size}) and round lists (${broadcast.variantOf.length}) differ in length`;
    if (broadcast.variantOf.some((variant) => variant >= broadcast.variants.length)) return `its broadcast names a round list it does not have`;
    if (new Set(broadcast.audience).size !== size) return 'its broadcast lists a chat twice';
    if (progress.size !== size) return `it counts ${progress.size} posts where its broadcast has ${size}`;
    const lanes = lanesOf(broadcast);
    for (const [platform, cursor] of Object.entries(progress.cursors) as [Platform, number][]) {
      const lane = lanes[platform];
      if (!lane) return `it has a ${platform} cursor, and its broadcast no ${platform} chat`;
      if (cursor < lane[0] || cursor > lane[1]) return `its ${platform} cursor ${cursor} is outside its part of the audience (${lane[0]}–${lane[1]})`;
    }
    const positions = Object.keys(progress.deliveries).map(Number);
    if (positions.some((index) => index >= size)) return `it holds a delivery at position ${Math.max(...positions)}, past the audience's ${size}`;
    if (progress.sent + countStates(progress).dropped > size) return `it counts more posts sent and dropped (${progress.sent} + ${countStates(progress).dropped}) than the audience has (${size})`;
    return null;
  })();
  if (problem) throw new StoreFileError(path, `does not match broadcast "${broadcast.id}" in broadcasts.json: ${problem}`);
}
