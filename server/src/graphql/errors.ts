import { GraphQLError } from 'graphql';

/** The codes clients may see in `extensions.code`. */
export type ErrorCode = 'NOT_FOUND' | 'UNAUTHENTICATED' | 'FORBIDDEN' | 'BAD_USER_INPUT' | 'CONFLICT' | 'RATE_LIMITED' | 'INTERNAL';

export function graphqlError(code: ErrorCode, message: string, extra: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { code, ...extra } });
}

export const notFound = (type: string, id: string) => graphqlError('NOT_FOUND', `${type} ${id} was not found`, { type, id });
export const badInput = (field: string, message: string) => graphqlError('BAD_USER_INPUT', message, { field });
