import { execFileSync } from 'node:child_process';
import { appendFileSync, mkdtempSync, rmSync, statSync, symlinkSync, truncateSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';

/**
 * A small filesystem that tests can fill. As root, a real tmpfs of a few hundred KB mounted in a
 * temp folder: writes fail with ENOSPC from the kernel when it is full. Where mounting is refused
 * (not root, no CAP_SYS_ADMIN), a simulation that is still the kernel's ENOSPC on the real write
 * path: the data file's temp file (lowdb/steno write `.name.tmp`, then rename) is made a symlink to
 * /dev/full, which refuses every write with ENOSPC. `mode` says which one ran.
 * SMALL_DISK=simulated forces the simulation (to run that path as root too).
 */
export interface SmallDisk {
  mode: 'tmpfs' | 'simulated /dev/full';
  root: string;
  /**
   * tmpfs: fills the disk, then frees `leavePages` pages of 4 KiB. Simulated: makes the next
   * write of `simulatedFile` (a path) fail (the store removes the temp file, symlink included,
   * when a write fails: fill again for another failure).
   */
  fill(options: { leavePages: number; simulatedFile: string }): void;
  /** Gives the space back. */
  free(): void;
  dispose(): void;
}

const PAGE = 4096;

export function smallDisk(sizeKb = 512): SmallDisk {
  const root = mkdtempSync(join(tmpdir(), 'eeb-disk-'));
  let mounted = false;
  if (process.getuid?.() === 0 && process.env.SMALL_DISK !== 'simulated') {
    try {
      execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${sizeKb}k`, 'tmpfs', root], { stdio: 'pipe' });
      mounted = true;
    } catch {
      mounted = false;
    }
  }
  const filler = join(root, 'filler');
  let simulated: string | null = null;
  return {
    mode: mounted ? 'tmpfs' : 'simulated /dev/full',
    root,
    fill({ leavePages, simulatedFile }) {
      if (!mounted) {
        simulated = join(dirname(simulatedFile), `.${basename(simulatedFile)}.tmp`);
        rmSync(simulated, { force: true });
        symlinkSync('/dev/full', simulated);
        return;
      }
      const page = Buffer.alloc(PAGE, 120);
      for (;;) {
        try {
          appendFileSync(filler, page);
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code === 'ENOSPC') break;
          throw error;
        }
      }
      // A partial last page may have been written: round down, then free what was asked.
      const size = statSync(filler).size;
      truncateSync(filler, Math.max(0, Math.floor(size / PAGE) * PAGE - leavePages * PAGE));
    },
    free() {
      rmSync(filler, { force: true });
      if (simulated) rmSync(simulated, { force: true });
      simulated = null;
    },
    dispose() {
      if (mounted) execFileSync('umount', [root], { stdio: 'pipe' });
      rmSync(root, { recursive: true, force: true });
    },
  };
}
