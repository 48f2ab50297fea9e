import { NotSavedError } from '../core/not-saved.ts';

/** A data file that cannot be read as this version's data: the process must not start on it, nor overwrite it. */
export class StoreFileError extends Error {
  override name = 'StoreFileError';
  constructor(
    readonly path: string,
    reason: string,
  ) {
    super(`data file ${path} ${reason}; it was left untouched — restore it from a backup or move it away`);
  }
}

/**
 * What the store holds contradicts itself (one outbox file lost or older than the other): the
 * process must not start on a guess, in either direction. The message says what to do.
 */
export class StoreIntegrityError extends Error {
  override name = 'StoreIntegrityError';
}

/** The database cannot be used at all (down, login refused, no such database): one line naming it, never the password. */
export class StoreConnectError extends Error {
  override name = 'StoreConnectError';
}

/** The database's schema is one this version cannot use (newer than it reads). */
export class StoreSchemaError extends Error {
  override name = 'StoreSchemaError';
}

/** A statement failed (connection lost, timeout): its transaction rolled back, nothing of it kept. */
export class StoreDatabaseError extends NotSavedError {
  override name = 'StoreDatabaseError';
}

export class StoreLockedError extends Error {
  override name = 'StoreLockedError';
}

/** A write that did not reach the disk (full disk, permissions): nothing it carried was kept, in memory either. */
export class StoreWriteError extends NotSavedError {
  override name = 'StoreWriteError';
  constructor(
    readonly path: string,
    reason: string,
  ) {
    super(`data file ${path} could not be written (${reason}); the change was not saved and the file on disk is unchanged`);
  }
}

/** "ENOSPC: no space left on device" from a Node error, without the syscall and path Node appends. */
export function describeIoError(error: unknown): string {
  const { code, message } = error as NodeJS.ErrnoException;
  const text = String(message ?? error).replace(/, \w+( '[^']*')?$/, '');
  return code && !text.startsWith(code) ? `${code}: ${text}` : text;
}
