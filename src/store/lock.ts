import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { StoreLockedError } from './errors.ts';

/** Identifies this process even where pids repeat across restarts (pid 1 in a container). */
const PROCESS_TAG = `${process.pid} ${Math.round(Date.now() - process.uptime() * 1000)}`;

/**
 * One writer per data folder: a lock file naming the writer. A lock left by a process that no
 * longer runs (kill -9, power loss) is taken over.
 */
export function acquireLock(path: string): () => void {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, 'wx');
      writeSync(fd, PROCESS_TAG);
      closeSync(fd);
      return () => rmSync(path, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = readHolder(path);
      if (holder && isHeld(holder)) {
        throw new StoreLockedError(`another express-entry-bot (pid ${holder.split(' ')[0]}) is writing to this data folder (${path}); stop it first`);
      }
      rmSync(path, { force: true });
    }
  }
  throw new StoreLockedError(`cannot take the data folder lock ${path}`);
}

function isHeld(holder: string): boolean {
  const pid = Number(holder.split(' ')[0]);
  if (pid === process.pid) return holder === PROCESS_TAG;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readHolder(path: string): string {
  try {
    return readFileSync(path, 'utf8').trim();
  } catch {
    return '';
  }
}
