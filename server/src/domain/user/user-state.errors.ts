export enum UserStateErrorCode {
  InvalidInput = 'INVALID_INPUT',
  TitleNotFound = 'TITLE_NOT_FOUND',
  ListNotFound = 'LIST_NOT_FOUND',
  /** A stale expectedVersion on a list edit. */
  Conflict = 'CONFLICT',
}

export class UserStateError extends Error {
  constructor(
    readonly code: UserStateErrorCode,
    message: string,
    /** The input field at fault. */
    readonly field?: string,
  ) {
    super(message);
    this.name = 'UserStateError';
  }
}

/** For command-support's parse: invalid input of this context. */
export const invalidUserInput = (message: string, field: string | undefined) => new UserStateError(UserStateErrorCode.InvalidInput, message, field);
