import type { AdapterHealth } from '../../chat/adapter.ts';

type ShardState = 'connecting' | 'ready' | 'reconnecting' | 'lost';

/**
 * The gateway's health from its shards' events: each shard holds its own servers, so the bot
 * answers everyone only while every shard is ready, and one shard lost leaves some servers deaf.
 */
export class GatewayShards {
  private readonly states = new Map<number, ShardState>();
  private lostReason: string | null = null;

  /** The shards discord.js opened (known once login resolves; events may name them earlier). */
  expect(shardIds: Iterable<number>): void {
    for (const id of shardIds) if (!this.states.has(id)) this.states.set(id, 'connecting');
  }

  get count(): number {
    return this.states.size;
  }

  /** The shards this process holds, in order. */
  get ids(): number[] {
    return [...this.states.keys()].sort((a, b) => a - b);
  }

  ready(shardId: number): void {
    if (this.states.get(shardId) !== 'lost') this.states.set(shardId, 'ready');
  }

  reconnecting(shardId: number): void {
    if (this.states.get(shardId) !== 'lost') this.states.set(shardId, 'reconnecting');
  }

  lost(shardId: number, reason: string): void {
    this.states.set(shardId, 'lost');
    this.lostReason ??= reason;
  }

  /** up only when every shard is ready; a lost shard outweighs a reconnecting one, which outweighs one connecting. Names the shards held. */
  health(): AdapterHealth {
    const shards = { shards: this.ids };
    if (this.lostReason) return { state: 'down', detail: this.lostReason, ...shards };
    const reconnecting = this.shardsIn('reconnecting');
    if (reconnecting.length) return { state: 'reconnecting', detail: `gateway ${plural(reconnecting)} reconnecting`, ...shards };
    const connecting = this.shardsIn('connecting');
    if (!this.states.size || connecting.length) return { state: 'starting', detail: connecting.length ? `waiting for gateway ${plural(connecting)}` : 'connecting to the gateway', ...shards };
    return { state: 'up', ...shards };
  }

  private shardsIn(state: ShardState): number[] {
    return [...this.states].filter(([, current]) => current === state).map(([id]) => id).sort((a, b) => a - b);
  }
}

function plural(ids: number[]): string {
  return `${ids.length === 1 ? 'shard' : 'shards'} ${ids.join(', ')}`;
}
