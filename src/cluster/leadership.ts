import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from '../core/log.ts';
import type { Coordination, LeaseTerm } from '../store/coordination.ts';

/**
 * Which instance leads (DESIGN.md, "Scale path"): exactly one polls the feed, plans digests and
 * delivers, since Telegram's limits are per bot. It holds a lease with a short expiry, renewed
 * while it works; the others try to take it now and then. A leader that cannot renew stops acting
 * (its term's signal aborts) `marginMs` before the lease could expire: whoever takes it next starts
 * only after that, so two instances never send at once. Times are this process's monotonic clock,
 * counted from when each renewal was asked: the lease cannot have been renewed before that.
 */

export interface LeadershipOptions {
  coordination: Coordination;
  log: Logger;
  /** The lease's length: a dead leader is replaced within this and one campaign. */
  ttlMs?: number;
  renewEveryMs?: number;
  campaignEveryMs?: number;
  /** How long before its lease could expire a leader that cannot renew stops acting. */
  marginMs?: number;
}

export interface Term extends LeaseTerm {
  /** Aborted when the term ends: in-flight posts stop, nothing more goes out from here. */
  signal: AbortSignal;
}

export interface LeadershipStatus {
  role: 'leader' | 'standby';
  instanceId: string;
  /** Leader: its term (epoch), since when, and how long ago the lease was last renewed. */
  epoch: number | null;
  since: string | null;
  leaseAgeMs: number | null;
}

export const LEASE_TTL_MS = 15_000;

interface HeldTerm {
  term: Term;
  abort: AbortController;
  renewedAt: number;
  deadline?: NodeJS.Timeout;
}

export class Leadership {
  readonly #options: Required<Omit<LeadershipOptions, 'log' | 'coordination'>> & Pick<LeadershipOptions, 'log' | 'coordination'>;
  #term: HeldTerm | null = null;
  #loop: Promise<void> | null = null;
  readonly #stopped = new AbortController();
  #wake: (() => void) | null = null;
  readonly #elected: ((term: Term) => void)[] = [];
  readonly #deposed: ((reason: string) => void)[] = [];
  #lastError: string | null = null;

  constructor({ ttlMs = LEASE_TTL_MS, renewEveryMs = ttlMs / 5, campaignEveryMs = 2_000, marginMs = ttlMs / 5, ...rest }: LeadershipOptions) {
    this.#options = { ttlMs, renewEveryMs, campaignEveryMs, marginMs, ...rest };
    // Another instance handed over: try at once rather than at the next campaign.
    rest.coordination.onLeaseReleased(() => this.#wake?.());
  }

  onElected(listener: (term: Term) => void): void {
    this.#elected.push(listener);
  }

  onDeposed(listener: (reason: string) => void): void {
    this.#deposed.push(listener);
  }

  get isLeader(): boolean {
    return this.#term !== null;
  }

  status(): LeadershipStatus {
    const held = this.#term;
    return {
      role: held ? 'leader' : 'standby',
      instanceId: this.#options.coordination.instanceId,
      epoch: held?.term.epoch ?? null,
      since: held?.term.since ?? null,
      leaseAgeMs: held ? Math.round(performance.now() - held.renewedAt) : null,
    };
  }

  start(): void {
    this.#loop ??= this.#run();
  }

  /** Stops campaigning; a leader ends its term and hands the lease over at once (SIGTERM). */
  async stop(): Promise<void> {
    this.#stopped.abort();
    this.#wake?.();
    await this.#loop;
    const held = this.#term;
    if (!held) return;
    this.#depose('stopping: handed over');
    try {
      await this.#options.coordination.releaseLease(held.term.epoch);
    } catch (error) {
      this.#options.log.warn({ err: (error as Error).message }, 'could not hand the leader lease over: the next instance leads once it expires');
    }
  }

  async #run(): Promise<void> {
    const { coordination, log, campaignEveryMs, renewEveryMs, ttlMs } = this.#options;
    while (!this.#stopped.signal.aborted) {
      const asked = performance.now();
      const held = this.#term;
      try {
        if (!held) {
          const term = await coordination.acquireLease(ttlMs);
          if (term && !this.#stopped.signal.aborted) this.#elect(term, asked);
          else if (term) await coordination.releaseLease(term.epoch);
        } else if (await coordination.renewLease(held.term.epoch, ttlMs)) {
          if (this.#term === held) this.#renewed(held, asked);
        } else if (this.#term === held) {
          this.#depose('another instance holds the lease now');
        }
        this.#recovered();
      } catch (error) {
        // The database unreachable: a leader keeps its term until its deadline, then stands down.
        const reason = (error as Error).message;
        if (reason !== this.#lastError) log.warn({ err: reason, role: this.#term ? 'leader' : 'standby' }, 'cannot reach the leader lease: trying again');
        this.#lastError = reason;
      }
      await this.#pause(this.#term ? renewEveryMs : campaignEveryMs);
    }
  }

  #recovered(): void {
    if (this.#lastError === null) return;
    this.#lastError = null;
    this.#options.log.info({}, 'the leader lease answers again');
  }

  #elect(lease: LeaseTerm, asked: number): void {
    const abort = new AbortController();
    const term: Term = { ...lease, signal: abort.signal };
    this.#term = { term, abort, renewedAt: asked };
    this.#renewed(this.#term, asked);
    this.#options.log.info({ epoch: lease.epoch, instance: this.#options.coordination.instanceId }, 'this instance leads: it polls the feed and sends the posts');
    for (const listener of this.#elected) listener(term);
  }

  /** The lease holds until at least `asked` + ttl: act until `marginMs` before that. */
  #renewed(held: HeldTerm, asked: number): void {
    const { ttlMs, marginMs } = this.#options;
    held.renewedAt = asked;
    clearTimeout(held.deadline);
    held.deadline = setTimeout(() => this.#term === held && this.#depose(`the lease could not be renewed for ${Math.round((ttlMs - marginMs) / 1000)} s`), Math.max(0, asked + ttlMs - marginMs - performance.now()));
    held.deadline.unref();
  }

  #depose(reason: string): void {
    const held = this.#term;
    if (!held) return;
    this.#term = null;
    clearTimeout(held.deadline);
    held.abort.abort(new Error(`no longer the leader: ${reason}`));
    this.#options.log[reason.startsWith('stopping') ? 'info' : 'warn']({ epoch: held.term.epoch, reason }, 'this instance no longer leads: it stops sending');
    for (const listener of this.#deposed) listener(reason);
  }

  #pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        this.#wake = null;
        resolve();
      };
      this.#wake = done;
      void sleep(ms, undefined, { signal: this.#stopped.signal, ref: false }).then(done, done);
    });
  }
}
