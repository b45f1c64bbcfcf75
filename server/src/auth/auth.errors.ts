/** Auth failures, mapped to GraphQL codes in one place (graphql/format-error.ts). */
export type AuthErrorCode = 'UNAUTHENTICATED' | 'FORBIDDEN' | 'BAD_USER_INPUT' | 'RATE_LIMITED' | 'NOT_FOUND' | 'CONFLICT';

const HTTP_STATUS: Record<AuthErrorCode, number> = {
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  RATE_LIMITED: 429,
  BAD_USER_INPUT: 400,
  NOT_FOUND: 404,
  CONFLICT: 409,
};

export class AuthError extends Error {
  constructor(
    readonly code: AuthErrorCode,
    message: string,
    readonly extra: { field?: string; retryAfter?: number } = {},
  ) {
    super(message);
    this.name = 'AuthError';
  }

  /** Statuses only where the whole request failed for this reason (refusals and limits). */
  get status(): number {
    return HTTP_STATUS[this.code];
  }

  get headers(): Record<string, string> {
    return this.extra.retryAfter ? { 'retry-after': String(this.extra.retryAfter) } : {};
  }

  /**
   * graphql-js copies an original error's `extensions`; Apollo reads `http` from them to set the
   * answer's status and headers (and never sends it), so a locked login answers 429 + Retry-After.
   */
  get extensions(): Record<string, unknown> | undefined {
    if (this.code !== 'RATE_LIMITED') return undefined;
    return { code: this.code, ...this.extra, http: { status: this.status, headers: new Map(Object.entries(this.headers)) } };
  }
}
