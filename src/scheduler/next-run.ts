import { createRequire } from 'node:module';
import type cron from 'node-cron';
import { cronExpressions } from '../config.ts';

/**
 * When a schedule next runs, from now, in the bot's time zone (the earliest of its expressions):
 * what a weekly subscription's confirmation tells the chat. Null for an expression with no next
 * run. node-cron is loaded on the first call, as the configuration check does: a one-shot command
 * (`cli ask`) never pays for it.
 */
export function nextRun(setting: string, timeZone: string): Date | null {
  const { createTask } = createRequire(import.meta.url)('node-cron') as typeof cron;
  const runs = cronExpressions(setting).flatMap((expression) => {
    // A task never started: it only answers when it would run, and is gone at once.
    const task = createTask(expression, () => {}, { timezone: timeZone });
    try {
      return task.getNextRuns(1);
    } finally {
      void task.destroy();
    }
  });
  return runs.reduce<Date | null>((earliest, run) => (!earliest || run < earliest ? run : earliest), null);
}
