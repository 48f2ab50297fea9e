import cron, { type ScheduledTask } from 'node-cron';
import { cronExpressions } from '../config.ts';
import type { Logger } from '../core/log.ts';

export interface Schedule {
  name: string;
  /** One cron expression, or several separated by ";" (office hours and nights, say). */
  cron: string;
  run: () => Promise<void>;
}

/**
 * Cron jobs in the bot's time zone (TZ; IRCC's clock by default). node-cron takes one expression
 * per job, so a schedule of several expressions is several jobs sharing one run: a run still
 * going when the next is due, from whichever expression, is skipped rather than doubled.
 * stop() waits for a running job to finish.
 */
export function startSchedules(schedules: Schedule[], { timeZone, log }: { timeZone: string; log: Logger }): { stop(): Promise<void> } {
  cron.setLogger({
    info: (message) => log.debug({ source: 'node-cron' }, message),
    warn: (message) => log.warn({ source: 'node-cron' }, message),
    error: (message, err) => log.error({ source: 'node-cron', err }, String(message)),
    debug: (message) => log.debug({ source: 'node-cron' }, String(message)),
  });
  const running = new Set<Promise<void>>();
  const tasks: ScheduledTask[] = schedules.flatMap(({ name, cron: setting, run }) => {
    let current: Promise<void> | null = null;
    const expressions = cronExpressions(setting);
    return expressions.map((expression, index) =>
      cron.schedule(
        expression,
        async () => {
          if (current) return log.debug({ job: name, expression }, 'previous run still going: skipped');
          const job = run().catch((error: unknown) => log.error({ job: name, err: error }, 'scheduled job failed'));
          current = job;
          running.add(job);
          await job;
          running.delete(job);
          current = null;
        },
        { name: expressions.length > 1 ? `${name}#${index + 1}` : name, timezone: timeZone, noOverlap: true },
      ));
  });
  log.info({ schedules: schedules.map(({ name, cron: expression }) => `${name}: ${expression}`), timeZone }, 'schedules started');
  return {
    async stop() {
      await Promise.all(tasks.map((task) => task.destroy()));
      await Promise.allSettled(running);
    },
  };
}

