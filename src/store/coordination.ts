import { MemorySharedState, type SharedState } from '../chat/shared.ts';

/**
 * What several processes of one bot coordinate (docs/STORE.md, "Several instances"): the
 * leader's lease — exactly one process polls the feed, plans digests and delivers — and the state
 * they share about chats (../chat/shared.ts). lowdb serves one process: it keeps these in memory,
 * and that process leads from its start. PostgreSQL keeps them in tables.
 */
export interface Coordination extends SharedState {
  /** This process, as the other instances know it. */
  readonly instanceId: string;
  /** Takes the lease if it is free (expired or released): the new term, or null while another holds it. */
  acquireLease(ttlMs: number): Promise<LeaseTerm | null>;
  /** Extends this term's lease; false when it is no longer this process's (expired, taken over). */
  renewLease(epoch: number, ttlMs: number): Promise<boolean>;
  /** Gives the lease up at once (a graceful stop): the next instance leads without waiting for it to expire. */
  releaseLease(epoch: number): Promise<void>;
  /** Who holds the lease now, if anyone. */
  leaseHolder(): Promise<LeaseHolder | null>;
  /** Called when another instance releases the lease (to take it at once rather than at the next try). */
  onLeaseReleased(listener: () => void): void;
}

export interface LeaseTerm {
  /** Grows with every new term: a fencing token. */
  epoch: number;
  since: string;
}

export interface LeaseHolder extends LeaseTerm {
  instanceId: string;
  renewedAt: string;
  expiresAt: string;
}

/** A single process's coordination: it leads from its start (its data folder's lock keeps any other writer out). */
export class LocalCoordination extends MemorySharedState implements Coordination {
  readonly instanceId: string;
  readonly #since = new Date().toISOString();
  #held = false;

  constructor(instanceId: string) {
    super();
    this.instanceId = instanceId;
  }

  async acquireLease(): Promise<LeaseTerm | null> {
    this.#held = true;
    return { epoch: 1, since: this.#since };
  }

  async renewLease(): Promise<boolean> {
    return this.#held;
  }

  async releaseLease(): Promise<void> {
    this.#held = false;
  }

  async leaseHolder(): Promise<LeaseHolder | null> {
    return this.#held ? { instanceId: this.instanceId, epoch: 1, since: this.#since, renewedAt: this.#since, expiresAt: 'never (one process)' } : null;
  }

  onLeaseReleased(): void {}
}
