import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { prepareFanout, startLimitsStub } from './fanout-parts.ts';
import { round } from './measure.ts';
import { benchPlace } from './stores.ts';

/**
 * The fan-out with several instances on one PostgreSQL database (issue 18): one leads and sends,
 * the others stand by. Two runs at `chats` chats, Telegram's limits scaled `scale`× in time:
 * - both instances to the end: the rate achieved ÷ the rate allowed (one sender: ≥ 0.95);
 * - the leader killed (kill -9) half-way: the gap between its last post and the next leader's
 *   first, and nothing lost, repeats at most the posts in flight.
 */
export async function benchFanoutInstances(chats = 10_000, instances = 2, scale = 10) {
  const steady = await run(chats, instances, scale, false);
  const failover = await run(chats, instances, scale, true);
  const allowed = 30 * scale;
  const ratio = round(steady.achievedPerSecond / allowed, 3);
  return {
    name: 'fanoutInstances',
    what: `one new round posted to ${chats.toLocaleString('en')} Telegram chats by ${instances} instances on one PostgreSQL database (one leads and sends), against a local Bot API enforcing Telegram's limits scaled ${scale}×; ratio = achieved ÷ allowed rate; then the same with the leader killed half-way`,
    chats,
    instances,
    allowedPerSecond: allowed,
    achievedPerSecond: round(steady.achievedPerSecond, 4),
    senders: steady.senders,
    lost: steady.lost,
    duplicates: steady.duplicates,
    failover: { gapSeconds: failover.gapSeconds, electedAfterKillSeconds: failover.electedAfterKillSeconds, lost: failover.lost, repeats: failover.duplicates, senders: failover.senders },
    ratio,
    goal: '≥ 0.95 with one sender, nothing lost; a failover within 30 s, repeats ≤ 16',
    met: ratio >= 0.95 && steady.lost === 0 && steady.duplicates === 0 && failover.lost === 0 && failover.duplicates <= 16 && failover.electedAfterKillSeconds !== null && failover.electedAfterKillSeconds < 30,
  };
}

async function run(chats: number, count: number, scale: number, kill: boolean) {
  const stub = await startLimitsStub(scale);
  const { place, dispose } = await benchPlace('postgres');
  const children: { child: ChildProcess; lines: { elected?: number; drained?: boolean; at: number }[] }[] = [];
  try {
    await (await prepareFanout(place, chats)).close();
    for (let index = 0; index < count; index++) {
      const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'fanout-instance.ts'), place, `${stub.apiRoot}/instance-${index + 1}`, String(scale)], { stdio: ['ignore', 'pipe', 'inherit'] });
      const entry = { child, lines: [] as { elected?: number; drained?: boolean; at: number }[] };
      let buffer = '';
      child.stdout!.on('data', (chunk: Buffer) => {
        buffer += chunk;
        for (let end = buffer.indexOf('\n'); end >= 0; end = buffer.indexOf('\n')) {
          entry.lines.push(JSON.parse(buffer.slice(0, end)));
          buffer = buffer.slice(end + 1);
        }
      });
      children.push(entry);
    }
    const leaderOf = () => children.find((entry) => entry.lines.some((line) => line.elected));
    let killedAt: number | null = null;
    let electedAfterKill: number | null = null;
    for (;;) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      const stats = await stub.stats();
      if (kill && killedAt === null && stats.accepted >= chats / 2) {
        leaderOf()!.child.kill('SIGKILL');
        killedAt = Date.now();
      }
      if (killedAt !== null && electedAfterKill === null) {
        const next = children.find((entry) => entry.lines.some((line) => line.elected && line.at > killedAt!));
        if (next) electedAfterKill = next.lines.find((line) => line.elected && line.at > killedAt!)!.at;
      }
      if (children.some((entry) => entry.lines.some((line) => line.drained)) || (killedAt !== null && Date.now() - killedAt > 120_000)) break;
    }
    const stats = await stub.stats();
    const senders = Object.entries(stats.senders).sort(([, a], [, b]) => a.first - b.first);
    const gap = senders.length > 1 ? (senders[1]![1].first - senders[0]![1].last) / 1000 : null;
    const sending = (stats.last - stats.first) / 1000;
    return {
      achievedPerSecond: stats.messages / sending,
      senders: Object.fromEntries(senders.map(([via, sender]) => [via, sender.messages])),
      lost: chats - stats.accepted,
      duplicates: stats.duplicates,
      gapSeconds: gap === null ? null : round(gap, 3),
      electedAfterKillSeconds: killedAt !== null && electedAfterKill !== null ? round((electedAfterKill - killedAt) / 1000, 3) : null,
    };
  } finally {
    for (const { child } of children) child.kill('SIGKILL');
    stub.process.kill('SIGTERM');
    await dispose();
  }
}
