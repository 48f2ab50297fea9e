import { SimpleShardingStrategy, type IShardingStrategy, type WebSocketOptions } from 'discord.js';

/** The gateway connection manager (@discordjs/ws) discord.js hands a sharding strategy. */
type GatewayManager = Parameters<NonNullable<WebSocketOptions['buildStrategy']>>[0];

/** @discordjs/ws's name for a dispatch (op 0: an event such as INTERACTION_CREATE). */
const DISPATCH = 'dispatch';

interface Dispatch {
  data?: { t?: unknown; d?: { id?: unknown } };
  shardId?: number;
}

export interface DroppedPacket {
  /** The gateway event ("INTERACTION_CREATE"), if the packet named one. */
  event: string | null;
  /** The interaction's (or other object's) id, if the packet had one. */
  id: string | null;
  shardId: number | null;
  error: unknown;
}

/**
 * discord.js builds an interaction from its gateway packet inside the gateway's event listener. A
 * packet it cannot build (a component press with no message, a modal whose components are no
 * objects, a command with no data, no user or member) throws there, in an async callback of
 * @discordjs/ws, and the unhandled rejection ended the process: every server's bot down for one
 * packet. This is discord.js's own sharding strategy (the `ws.buildStrategy` client option) with
 * every event it passes to discord.js guarded: a packet that throws while discord.js reads it is
 * reported once (`dropped`) and goes no further.
 *
 * discord.js also keeps interactions that arrive before it is ready in a queue it replays later,
 * outside any listener: those are held here until `release()` (call it on ClientReady), so that
 * they too pass through the guard.
 */
export class GuardedGateway {
  readonly #ready: () => boolean;
  readonly #dropped: (packet: DroppedPacket) => void;
  #held: { emit: (event: string, payload: Dispatch) => void; payload: Dispatch }[] = [];

  constructor({ ready, dropped }: { ready: () => boolean; dropped: (packet: DroppedPacket) => void }) {
    this.#ready = ready;
    this.#dropped = dropped;
  }

  /** For the client's `ws.buildStrategy` option. */
  readonly strategy = (manager: GatewayManager): IShardingStrategy => new SimpleShardingStrategy(this.#guard(manager));

  /** Lets the interactions held before the client was ready through. */
  release(): void {
    for (const { emit, payload } of this.#held.splice(0)) emit(DISPATCH, payload);
  }

  /** The manager as the strategy sees it: the same, but its emit() never throws. */
  #guard(manager: GatewayManager): GatewayManager {
    const emit = (event: string, payload: Dispatch): boolean => {
      if (event === DISPATCH && payload.data?.t === 'INTERACTION_CREATE' && !this.#ready()) {
        this.#held.push({ emit, payload });
        return true;
      }
      try {
        return (manager.emit as (event: string, payload: unknown) => boolean).call(manager, event, payload);
      } catch (error) {
        const { t, d } = event === DISPATCH ? (payload.data ?? {}) : {};
        this.#dropped({ event: typeof t === 'string' ? t : event, id: typeof d?.id === 'string' ? d.id : null, shardId: payload.shardId ?? null, error });
        return true;
      }
    };
    return new Proxy(manager, {
      get: (target, key) => {
        if (key === 'emit') return emit;
        const value: unknown = Reflect.get(target, key, target);
        // Bound to the manager itself: its methods use private fields a proxy does not have.
        return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
      },
    });
  }
}
