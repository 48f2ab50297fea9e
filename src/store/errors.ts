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

export class StoreLockedError extends Error {
  override name = 'StoreLockedError';
}
