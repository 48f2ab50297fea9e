import { closeSync, linkSync, openSync, readFileSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { basename } from 'node:path';
import { describeIoError, StoreLockedError } from '../errors.ts';

/**
 * What a lock says of its holder: `<pid> <start, epoch ms>`, and where the kernel tells (Linux)
 * `<boot id>:<start tick>`, which names one process exactly, whatever the clock did since. A pid
 * alone repeats: pid 1 in every container, any pid once the one that wrote the lock is gone.
 */
const ATTEMPTS = 50;
/** /proc counts start times in USER_HZ ticks: 100 a second on every Linux architecture Node runs on. */
const TICKS_PER_SECOND = 100;
/** How far the start a lock records may be from the kernel's for one process (btime has whole seconds). */
const START_TOLERANCE_MS = 5_000;
const SELF = kernelIdentity('self');
const PROCESS_TAG = [process.pid, Math.round(Date.now() - process.uptime() * 1000), ...(SELF ? [SELF.id] : [])].join(' ');

/**
 * One writer per data folder: a lock file naming the writer. A lock whose holder no longer runs
 * (kill -9, power loss) — its pid gone, or now another process's — is taken over, by exactly one
 * process when several try at once (see removeStale).
 */
export function acquireLock(path: string): () => void {
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    if (createHolding(path)) return () => release(path);
    const holder = readHolder(path);
    if (holder === null) continue; // released meanwhile: try again
    if (isHeld(holder)) {
      throw new StoreLockedError(`another express-entry-bot (pid ${holder.split(' ')[0]}) is writing to this data folder (${path}); stop it first`);
    }
    if (!removeStale(path, holder)) pause(); // another process is taking it over right now
  }
  throw new StoreLockedError(`cannot take the data folder lock ${path}: other processes keep taking it over`);
}

/**
 * Creates `path` holding this process's tag, complete from the first instant (written aside, then
 * hard-linked: link fails if the name exists), so a reader never sees a half-written lock.
 * False when the file exists.
 */
function createHolding(path: string): boolean {
  const aside = `${path}.${process.pid}-${Math.random().toString(36).slice(2)}`;
  try {
    writeFileSync(aside, PROCESS_TAG, { flag: 'wx' });
    linkSync(aside, path);
    return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return false;
    // Filesystems without hard links: an exclusive create, written at once.
    if (code === 'EPERM' || code === 'ENOTSUP' || code === 'ENOSYS') return createExclusive(path);
    throw new StoreLockedError(`cannot create the lock file ${path} (${describeIoError(error)})`);
  } finally {
    rmSync(aside, { force: true });
  }
}

function createExclusive(path: string): boolean {
  let fd: number;
  try {
    fd = openSync(path, 'wx');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw new StoreLockedError(`cannot create the lock file ${path} (${describeIoError(error)})`);
  }
  try {
    writeSync(fd, PROCESS_TAG);
  } catch (error) {
    rmSync(path, { force: true });
    throw new StoreLockedError(`cannot create the lock file ${path} (${describeIoError(error)})`);
  } finally {
    closeSync(fd);
  }
  return true;
}

/**
 * Removes a lock whose holder is dead, such that of several processes doing it at once only one
 * removes it, and none ever removes a fresh lock created in between (reading, then removing by
 * name, would: both read the dead tag, one removes and re-creates, the other removes that).
 * Removing the lock of a given dead holder is claimed by creating `<lock>.takeover-<its tag>`,
 * exclusively. The claimant re-reads the lock and removes it only if it still names that holder:
 * only the claimant removes such a lock and nobody can replace it without removing it, so what was
 * read is what is removed. Then the claim goes, and everyone races to create the lock as usual.
 * Returns false when another live process holds the claim (it is finishing the takeover).
 */
function removeStale(path: string, staleTag: string, depth = 0): boolean {
  const claim = `${path}.takeover-${staleTag.replace(/\W+/g, '-') || 'empty'}`;
  if (!createHolding(claim)) {
    const claimant = readHolder(claim);
    if (claimant === null) return true; // just released: look again
    if (isHeld(claimant)) return false;
    // The claimant died mid-takeover (a microsecond window): its claim is itself a stale lock.
    if (depth >= 2) throw new StoreLockedError(`cannot take over the stale lock ${path}: remove ${claim} and ${path} by hand`);
    removeStale(claim, claimant, depth + 1);
    return true;
  }
  try {
    if (readHolder(path) === staleTag) rmSync(path, { force: true });
  } finally {
    rmSync(claim, { force: true });
  }
  return true;
}

/** Removes the lock only while it is still this process's. */
function release(path: string): void {
  if (readHolder(path) === PROCESS_TAG) rmSync(path, { force: true });
}

/**
 * Whether the process a lock names still runs. Its pid running is not enough: after a restart the
 * pid may be another process's (pid 1 is always someone). Where the kernel tells, the process
 * running under that pid must be the very one that wrote the lock; a lock from an older version
 * (no kernel identity) must name a node process started when the lock says. Elsewhere (no /proc),
 * a running pid is taken for the holder.
 */
function isHeld(holder: string): boolean {
  const [pidText, startText, identity] = holder.split(' ');
  const pid = Number(pidText);
  if (!Number.isSafeInteger(pid) || pid <= 0) return false;
  if (pid === process.pid) return holder === PROCESS_TAG;
  try {
    process.kill(pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  const running = kernelIdentity(pid);
  if (!running) return true;
  if (identity) return identity === running.id;
  return Math.abs(running.startMs - Number(startText)) <= START_TOLERANCE_MS && isNodeProcess(pid);
}

/** A process as the kernel knows it (Linux): `<boot id>:<start tick>` and its start in epoch ms; null where there is no /proc. */
function kernelIdentity(pid: number | 'self'): { id: string; startMs: number } | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after "pid (comm) ", comm possibly holding spaces and parentheses: starttime is the 22nd.
    const ticks = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]);
    const bootId = readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
    const bootSeconds = Number(/^btime (\d+)$/m.exec(readFileSync('/proc/stat', 'utf8'))?.[1]);
    if (!Number.isSafeInteger(ticks) || !bootId || !Number.isSafeInteger(bootSeconds)) return null;
    return { id: `${bootId}:${ticks}`, startMs: bootSeconds * 1000 + (ticks * 1000) / TICKS_PER_SECOND };
  } catch {
    return null;
  }
}

/** Whether a process runs node (its program's name); true when that cannot be read. */
function isNodeProcess(pid: number): boolean {
  try {
    const program = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0')[0] ?? '';
    return !program || /^node/.test(basename(program)) || program === process.execPath;
  } catch {
    return true;
  }
}

/** The holder's tag; null when there is no lock file. A lock that cannot be read is never taken over. */
function readHolder(path: string): string | null {
  try {
    return readFileSync(path, 'utf8').trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new StoreLockedError(`cannot read the lock file ${path} (${describeIoError(error)})`);
  }
}

/** A short synchronous wait (opening a store is synchronous up to here). */
function pause(): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 2);
}
