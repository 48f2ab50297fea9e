import { createInterface } from 'node:readline';
import { acquireLock } from '../../src/store/lowdb/lock.ts';
import { StoreLockedError } from '../../src/store/errors.ts';

/**
 * One of the processes racing for a data folder lock (test/store/lock.test.ts). Reads commands on
 * stdin: `go <epoch ms, fractional> <lock path>` spins until that instant, so that both racers start together,
 * then tries to take the lock and prints `won` or `locked`; `release` lets the lock go.
 */
let release: (() => void) | null = null;
for await (const line of createInterface({ input: process.stdin })) {
  const [command, at, path] = line.split(' ');
  if (command === 'go') {
    while (performance.timeOrigin + performance.now() < Number(at)) {
      // Spin on a sub-millisecond clock: a timer would start the two racers milliseconds apart.
    }
    try {
      release = acquireLock(path!);
      console.log('won');
    } catch (error) {
      console.log(error instanceof StoreLockedError ? 'locked' : `error ${(error as Error).message}`);
    }
  } else if (command === 'release') {
    release?.();
    release = null;
    console.log('released');
  }
}
