import cron from 'node-cron';
import { describe, expect, it } from 'vitest';
import { ConfigError, cronExpressions, DEFAULT_POLL_CRON, loadConfig } from '../../src/config.ts';
import type { Logger } from '../../src/core/log.ts';
import { startSchedules } from '../../src/scheduler/index.ts';

const TORONTO = 'America/Toronto';

/** The minutes of a week at which the setting polls, by node-cron's own matching, in Toronto time. */
function pollMinutes(setting: string, weekStart: string): Date[] {
  const tasks = cronExpressions(setting).map((expression) => cron.createTask(expression, () => {}, { timezone: TORONTO }));
  const minutes: Date[] = [];
  for (let at = Date.parse(weekStart), end = at + 7 * 86_400_000; at < end; at += 60_000) {
    const date = new Date(at);
    if (tasks.some((task) => task.match(date))) minutes.push(date);
  }
  for (const task of tasks) void task.destroy();
  return minutes;
}

describe('the default poll schedule', () => {
  it('is every minute in office hours and every 15 minutes at night and at weekends', () => {
    expect(loadConfig({}).POLL_CRON).toBe(DEFAULT_POLL_CRON);
    const expressions = cronExpressions(DEFAULT_POLL_CRON);
    expect(expressions).toEqual(['* 6-23 * * 1-5', '*/15 0-5 * * 1-5', '*/15 * * * 0,6']);
    for (const expression of expressions) expect(cron.validate(expression), expression).toBe(true);

    // Monday 2026-06-01 00:00 in Toronto (EDT, UTC−4) for a week.
    const minutes = pollMinutes(DEFAULT_POLL_CRON, '2026-06-01T04:00:00Z');
    expect(minutes).toHaveLength(5 * 18 * 60 + 5 * 6 * 4 + 2 * 24 * 4);
    const gaps = minutes.slice(1).map((date, index) => (date.getTime() - minutes[index]!.getTime()) / 60_000);
    expect(Math.max(...gaps)).toBe(15);
    // The June 2026 round published at 00:06 Toronto time on a Monday is seen by the 00:15 poll.
    expect(minutes.find((date) => date.toISOString() >= '2026-06-01T04:06:00.000Z')?.toISOString()).toBe('2026-06-01T04:15:00.000Z');
    // Saturday at 14:07: the next poll is 14:15, not Monday morning.
    expect(minutes.find((date) => date.toISOString() >= '2026-06-06T18:07:00.000Z')?.toISOString()).toBe('2026-06-06T18:15:00.000Z');
  });

  it('a setting of several expressions is checked part by part', () => {
    expect(loadConfig({ POLL_CRON: '*/5 * * * *; 0 3 * * 0' }).POLL_CRON).toBe('*/5 * * * *; 0 3 * * 0');
    expect(() => loadConfig({ POLL_CRON: '* 6-23 * * 1-5; every night' })).toThrow(ConfigError);
    expect(() => loadConfig({ POLL_CRON: '* 6-23 * * 1-5; every night' })).toThrow(/POLL_CRON: expected a cron expression such as "\*\/2 \* \* \* 1-5", or several separated by ";"/);
    expect(() => loadConfig({ POLL_CRON: ' ; ' })).toThrow(/POLL_CRON/);
  });

  it('several expressions run one job: a run still going when another expression fires is skipped', async () => {
    const skipped: object[] = [];
    const log: Logger = { info() {}, warn() {}, error() {}, debug: (obj, msg) => { if (msg?.includes('skipped')) skipped.push(obj); } };
    let active = 0;
    let mostAtOnce = 0;
    let runs = 0;
    // Both expressions fire every second: without the shared guard, two runs would overlap.
    const schedules = startSchedules(
      [{ name: 'poll', cron: '* * * * * *; */1 * * * * *', run: async () => { runs++; mostAtOnce = Math.max(mostAtOnce, ++active); await new Promise((resolve) => setTimeout(resolve, 1200)); active--; } }],
      { timeZone: TORONTO, log },
    );
    await new Promise((resolve) => setTimeout(resolve, 2600));
    await schedules.stop();
    expect(runs).toBeGreaterThanOrEqual(1);
    expect(mostAtOnce).toBe(1);
    expect(skipped.length).toBeGreaterThanOrEqual(1);
    expect(skipped[0]).toMatchObject({ job: 'poll' });
  });
});
