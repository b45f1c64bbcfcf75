export enum LibraryErrorCode {
  InvalidInput = 'INVALID_INPUT',
  LibraryNotFound = 'LIBRARY_NOT_FOUND',
  FileNotFound = 'FILE_NOT_FOUND',
  JobNotFound = 'JOB_NOT_FOUND',
  /** A root that overlaps another library, or a job that cannot be retried/cancelled in its state. */
  Conflict = 'CONFLICT',
  /** A path that resolves outside every library root. */
  OutsideLibraryRoot = 'OUTSIDE_LIBRARY_ROOT',
}

export class LibraryError extends Error {
  constructor(
    readonly code: LibraryErrorCode,
    message: string,
    /** The input field at fault. */
    readonly field?: string,
  ) {
    super(message);
    this.name = 'LibraryError';
  }
}
