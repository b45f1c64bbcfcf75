import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import { networkInterfaces } from 'node:os';
import { costLimitRule } from '@escape.tech/graphql-armor-cost-limit';
import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesRule } from '@escape.tech/graphql-armor-max-directives';
import { HeaderMap } from '@apollo/server';
import { GraphQLError, type ValidationContext, type ValidationRule } from 'graphql';
import helmet from 'helmet';
import { AuthError } from '../auth/auth.errors.js';
import { sameOrigin, type Authenticated } from '../auth/authenticate.js';
import type { Principal } from '../auth/policy.js';
import type { Services } from '../main/services.js';

/** Hostile-request limits, shared by Apollo and the hot path (clear GRAPHQL_VALIDATION_FAILED errors). */
export const LIMITS = { depth: 12, aliases: 15, cost: 5_000, directives: 20, tokens: 10_000, bodyBytes: 1024 * 1024 } as const;

// graphql-armor's rules throw by default (for envelop); reported instead, they become ordinary
// validation errors (GRAPHQL_VALIDATION_FAILED) on every path.
const report = { propagateOnRejection: false, onReject: [(ctx: ValidationContext | null, error: GraphQLError) => ctx?.reportError(error)], exposeLimits: true };

export const validationRules: ValidationRule[] = [
  maxDepthRule({ n: LIMITS.depth, ...report }),
  maxAliasesRule({ n: LIMITS.aliases, ...report }),
  costLimitRule({ maxCost: LIMITS.cost, ...report }),
  maxDirectivesRule({ n: LIMITS.directives, ...report }),
] as ValidationRule[];

/** An error raised before execution (authentication, rate limit), as both paths answer it. */
export interface EdgeRejection {
  status: number;
  headers: Record<string, string>;
  body: { errors: Array<{ message: string; extensions: Record<string, unknown> }> };
}

export function rejection(err: AuthError): EdgeRejection {
  return { status: err.status, headers: err.headers, body: { errors: [{ message: err.message, extensions: { code: err.code, ...err.extra } }] } };
}

/** The same rejection as a GraphQLError for Apollo (its `http` extension sets status and headers). */
export function rejectionError(err: AuthError): GraphQLError {
  const r = rejection(err);
  const error = r.body.errors[0]!;
  return new GraphQLError(error.message, { extensions: { ...error.extensions, http: { status: r.status, headers: new HeaderMap(Object.entries(r.headers)) } } });
}

const LOOPBACK = /^(127\.|::1$|::ffff:127\.)/;
/** This machine's own addresses: a reverse proxy here, or the web's server-side rendering. */
const OWN = new Set(
  Object.values(networkInterfaces())
    .flat()
    .flatMap((i) => (i ? [i.address, `::ffff:${i.address}`] : [])),
);
const trusted = (address: string) => LOOPBACK.test(address) || OWN.has(address);

/**
 * The client's address. Like Express with `trust proxy`: from this machine (loopback or one of its
 * own addresses: a reverse proxy, or the web's server-side rendering), the right-most
 * X-Forwarded-For entry that is not this machine.
 */
export function addressOf(req: IncomingMessage): string {
  const peer = req.socket.remoteAddress ?? 'unknown';
  const forwarded = req.headers['x-forwarded-for'];
  if (!trusted(peer) || typeof forwarded !== 'string') return peer;
  const hops = forwarded.split(',').map((s) => s.trim()).filter(Boolean);
  for (let i = hops.length - 1; i >= 0; i--) if (!trusted(hops[i]!)) return hops[i]!;
  return hops[0] ?? peer;
}

/** What rate limits count a principal as. */
function limitKey(principal: Principal): string | null {
  switch (principal.kind) {
    case 'user':
      return `user:${principal.userId}`;
    case 'key':
      return `key:${principal.keyId}`;
    case 'service':
      return 'service';
    case 'anonymous':
      return null;
  }
}

const ADMITTED = Symbol('marquee.admitted');

/**
 * `admit` once per HTTP request: when the hot path hands a request on to Apollo, Apollo reuses
 * the hot path's result. Admitting twice would count the request twice against the rate limits
 * and, worse, spend a cookie session's refresh token twice (which ends the session).
 */
export function admitRequest(services: Services, req: IncomingMessage): Promise<Authenticated> {
  const holder = req as IncomingMessage & { [ADMITTED]?: Promise<Authenticated> };
  return (holder[ADMITTED] ??= admit(services, req.headers, addressOf(req)));
}

/**
 * Who the request is, checked for cross-site use of cookies and counted against the rate limits.
 * Throws AuthError (UNAUTHENTICATED, FORBIDDEN, RATE_LIMITED).
 */
export async function admit(services: Services, headers: IncomingHttpHeaders, address: string, options: { refresh?: boolean } = {}): Promise<Authenticated> {
  const authenticated = await services.authenticator.authenticate(headers, address, options);
  if (authenticated.viaCookie && !sameOrigin(headers)) throw new AuthError('FORBIDDEN', 'Cross-site requests with session cookies are refused');
  await services.limits.request(limitKey(authenticated.principal), address);
  return authenticated;
}

/** Introspection (and GraphiQL) are on in development and for admins; off for everyone else in production. */
export function mayIntrospect(services: Services, principal: Principal): boolean {
  if (services.config.env !== 'production') return true;
  return (principal.kind === 'user' && principal.role === 'admin') || (principal.kind === 'key' && principal.scopes.includes('admin'));
}

/**
 * Helmet's headers, read once so the hot path (which never meets Express) sends the same ones.
 * The page's Content-Security-Policy is SvelteKit's (it hashes its inline scripts); GraphQL answers
 * get a CSP that allows nothing.
 */
export const securityHeaders = helmet({ contentSecurityPolicy: false });

export function collectSecurityHeaders(): Record<string, string> {
  const headers: Record<string, string> = {};
  const res = {
    setHeader: (name: string, value: string) => {
      headers[name.toLowerCase()] = String(value);
    },
    removeHeader: (name: string) => {
      delete headers[name.toLowerCase()];
    },
  };
  securityHeaders({} as never, res as never, () => undefined);
  return { ...headers, 'content-security-policy': API_CSP };
}

export const API_CSP = "default-src 'none'; frame-ancestors 'none'";
