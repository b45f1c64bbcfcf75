import type { MiddlewareFn } from 'type-graphql';
import type { GraphQLContext } from './context.js';
import { graphqlError } from './errors.js';

/** `internal*` operations: only the parser's service token may call them. */
export const RequireService: MiddlewareFn<GraphQLContext> = async ({ context }, next) => {
  if (context.principal.kind === 'anonymous') {
    throw graphqlError('UNAUTHENTICATED', 'This operation needs the service token (x-marquee-service-token header)');
  }
  if (context.principal.kind !== 'service') throw graphqlError('FORBIDDEN', 'Only the parser may call internal operations');
  return next();
};
