/** Auth failures, mapped to GraphQL codes in one place (graphql/format-error.ts). */
export type AuthErrorCode = 'UNAUTHENTICATED' | 'FORBIDDEN' | 'BAD_USER_INPUT' | 'RATE_LIMITED' | 'NOT_FOUND' | 'CONFLICT';

export class AuthError extends Error {
  constructor(
    readonly code: AuthErrorCode,
    message: string,
    readonly extra: { field?: string; retryAfter?: number } = {},
  ) {
    super(message);
    this.name = 'AuthError';
  }
}
