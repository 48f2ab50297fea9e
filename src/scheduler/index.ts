import cron, { type ScheduledTask } from 'node-cron';
import type { Logger } from '../core/log.ts';

export interface Schedule {
  name: string;
  cron: string;
  run: () => Promise<void>;
}

/**
 * Cron jobs in the bot's time zone (TZ; IRCC's clock by default). A run still going when the next
 * is due is skipped rather than doubled. stop() waits for a running job to finish.
 */
export function startSchedules(schedules: Schedule[], { timeZone, log }: { timeZone: string; log: Logger }): { stop(): Promise<void> } {
  cron.setLogger({
    info: (message) => log.debug({ source: 'node-cron' }, message),
    warn: (message) => log.warn({ source: 'node-cron' }, message),
    error: (message, err) => log.error({ source: 'node-cron', err }, String(message)),
    debug: (message) => log.debug({ source: 'node-cron' }, String(message)),
  });
  const running = new Set<Promise<void>>();
  const tasks: ScheduledTask[] = schedules.map(({ name, cron: expression, run }) =>
    cron.schedule(
      expression,
      async () => {
        const job = run().catch((error: unknown) => log.error({ job: name, err: error }, 'scheduled job failed'));
        running.add(job);
        await job;
        running.delete(job);
      },
      { name, timezone: timeZone, noOverlap: true },
    ));
  log.info({ schedules: schedules.map(({ name, cron: expression }) => `${name}: ${expression}`), timeZone }, 'schedules started');
  return {
    async stop() {
      await Promise.all(tasks.map((task) => task.destroy()));
      await Promise.allSettled(running);
    },
  };
}
