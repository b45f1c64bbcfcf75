import type { GraphQLFormattedError } from 'graphql';
import { GraphQLError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import { ArgumentValidationError } from 'type-graphql';
import { InvalidCursorError } from '@marquee/read-models';
import { CatalogError, CatalogErrorCode } from '../domain/catalog/catalog.errors.js';
import { LibraryError, LibraryErrorCode } from '../domain/library/library.errors.js';
import { AuthError } from '../auth/auth.errors.js';
import { UserStateError, UserStateErrorCode } from '../domain/user/user-state.errors.js';
import type { Logger } from '../infra/logger.js';
import type { ErrorCode } from './errors.js';

/** Codes Apollo and graphql-js produce for bad requests; they pass through unchanged. */
const REQUEST_CODES = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
]);

const PUBLIC_CODES = new Set<ErrorCode>(['NOT_FOUND', 'UNAUTHENTICATED', 'FORBIDDEN', 'BAD_USER_INPUT', 'CONFLICT', 'RATE_LIMITED']);

function catalogCode(code: CatalogErrorCode): ErrorCode {
  switch (code) {
    case CatalogErrorCode.TitleNotFound:
      return 'NOT_FOUND';
    case CatalogErrorCode.InvalidInput:
      return 'BAD_USER_INPUT';
    case CatalogErrorCode.VersionConflict:
      return 'CONFLICT';
  }
}

function libraryCode(code: LibraryErrorCode): ErrorCode {
  switch (code) {
    case LibraryErrorCode.InvalidInput:
    case LibraryErrorCode.OutsideLibraryRoot:
      return 'BAD_USER_INPUT';
    case LibraryErrorCode.LibraryNotFound:
    case LibraryErrorCode.FileNotFound:
    case LibraryErrorCode.JobNotFound:
      return 'NOT_FOUND';
    case LibraryErrorCode.Conflict:
      return 'CONFLICT';
  }
}

function userStateCode(code: UserStateErrorCode): ErrorCode {
  switch (code) {
    case UserStateErrorCode.InvalidInput:
      return 'BAD_USER_INPUT';
    case UserStateErrorCode.TitleNotFound:
    case UserStateErrorCode.ListNotFound:
      return 'NOT_FOUND';
    case UserStateErrorCode.Conflict:
      return 'CONFLICT';
  }
}

/**
 * The one place errors become what clients see: domain errors get their public code, anything
 * unexpected becomes INTERNAL with no message, stack or SQL, and is logged with the request id.
 */
export function formatError(logger: Logger) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = unwrapResolverError(error);
    const base = { message: formatted.message, locations: formatted.locations, path: formatted.path };
    if (original instanceof CatalogError) {
      return { ...base, message: original.message, extensions: { code: catalogCode(original.code), ...(original.field ? { field: original.field } : {}) } };
    }
    if (original instanceof AuthError) {
      return { ...base, message: original.message, extensions: { code: original.code, ...original.extra } };
    }
    if (original instanceof LibraryError) {
      return { ...base, message: original.message, extensions: { code: libraryCode(original.code), ...(original.field ? { field: original.field } : {}) } };
    }
    if (original instanceof UserStateError) {
      return { ...base, message: original.message, extensions: { code: userStateCode(original.code), ...(original.field ? { field: original.field } : {}) } };
    }
    if (original instanceof InvalidCursorError) {
      return { ...base, message: original.message, extensions: { code: 'BAD_USER_INPUT', field: 'after' } };
    }
    if (original instanceof ArgumentValidationError) {
      const first = original.extensions.validationErrors?.[0];
      return { ...base, extensions: { code: 'BAD_USER_INPUT', ...(first ? { field: first.property } : {}) } };
    }
    const code = formatted.extensions?.code as string | undefined;
    if (code && (PUBLIC_CODES.has(code as ErrorCode) || REQUEST_CODES.has(code))) {
      const { stacktrace: _stack, ...extensions } = formatted.extensions ?? {};
      return { ...base, extensions: { ...extensions, code } };
    }
    // Apollo fills in INTERNAL_SERVER_ERROR for errors without a code; what matters is the error's own.
    if (original instanceof GraphQLError && !original.originalError && !original.extensions?.code) {
      // graphql-js execution errors about the request itself (e.g. a non-null variable missing).
      return { ...base, extensions: { code: 'BAD_USER_INPUT' } };
    }
    logger.error({ err: original }, 'unexpected error in GraphQL operation');
    return { message: 'Internal server error', locations: formatted.locations, path: formatted.path, extensions: { code: 'INTERNAL' } };
  };
}
