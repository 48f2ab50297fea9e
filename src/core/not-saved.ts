/**
 * A change that did not reach storage (a full disk, a permission): nothing of it was kept, in
 * memory either. Stores throw a subclass (StoreWriteError names the file); the chat boundary tells
 * the member it was not saved and to try again, rather than that something went wrong.
 */
export class NotSavedError extends Error {
  override name = 'NotSavedError';
}
