import { GraphQLObjectType, type GraphQLSchema } from 'graphql';
import { Authorized, Extensions, type AuthCheckerFn } from 'type-graphql';
import type { Role, Scope } from './auth.entities.js';
import { AuthError } from './auth.errors.js';

/**
 * Who may use an operation or field. An operation lists every kind of principal that may call it:
 * - `public`: anyone, signed in or not (the service token excepted: it may call `service` only);
 * - `session`: a signed-in user (any role), not an API key;
 * - `role:<r>`: a signed-in user whose role is at least r (guest < member < admin);
 * - `scope:<s>`: an API key carrying scope s;
 * - `service`: the parser's service token.
 */
export type Rule = 'public' | 'session' | 'service' | `role:${Role}` | `scope:${Scope}`;

export type Principal =
  | { kind: 'anonymous' }
  | { kind: 'service' }
  | { kind: 'user'; userId: string; role: Role; sessionId: string }
  | { kind: 'key'; keyId: string; userId: string; scopes: readonly Scope[] };

const RANK: Record<Role, number> = { guest: 0, member: 1, admin: 2 };

export function allows(principal: Principal, rules: readonly Rule[]): boolean {
  return rules.some((rule) => {
    if (principal.kind === 'service') return rule === 'service';
    if (rule === 'public') return true;
    if (principal.kind === 'user') {
      if (rule === 'session') return true;
      if (rule.startsWith('role:')) return RANK[principal.role] >= RANK[rule.slice(5) as Role];
      return false;
    }
    if (principal.kind === 'key') return rule.startsWith('scope:') && principal.scopes.includes(rule.slice(6) as Scope);
    return false;
  });
}

/** What a principal is, for messages. */
export function describe(principal: Principal): string {
  switch (principal.kind) {
    case 'anonymous':
      return 'an anonymous client';
    case 'service':
      return 'the service token';
    case 'user':
      return `a ${principal.role}`;
    case 'key':
      return `an API key with scopes ${principal.scopes.join(', ') || '(none)'}`;
  }
}

/** Throws UNAUTHENTICATED (nobody signed in) or FORBIDDEN unless the principal is allowed. */
export function enforce(principal: Principal, rules: readonly Rule[], what: string): void {
  if (allows(principal, rules)) return;
  if (principal.kind === 'anonymous') throw new AuthError('UNAUTHENTICATED', `Sign in (or send an API key) to use ${what}`);
  throw new AuthError('FORBIDDEN', `${describe(principal)} may not use ${what}`);
}

/** type-graphql's check for @Access rules. */
export const authChecker: AuthCheckerFn<{ principal: Principal }, Rule> = ({ context, info }, rules) => {
  enforce(context.principal, rules, `${info.parentType.name}.${info.fieldName}`);
  return true;
};

/**
 * Declares who may use an operation or a sensitive field: the rules are enforced by type-graphql
 * (`authChecker`) and also recorded in the schema's field extensions, so start-up and the
 * authorization test can see every operation's rule.
 */
export function Access(...rules: [Rule, ...Rule[]]): MethodDecorator & PropertyDecorator {
  const authorized = Authorized<Rule>(...rules);
  const extensions = Extensions({ access: rules });
  return (target: object, key: string | symbol, descriptor?: PropertyDescriptor) => {
    authorized(target, key, descriptor as never);
    extensions(target, key, descriptor as never);
  };
}

export const accessOf = (extensions: Readonly<Record<string, unknown>> | null | undefined): readonly Rule[] | undefined =>
  (extensions as { access?: Rule[] } | undefined)?.access;

/** Every query, mutation and subscription must declare its rule; start-up refuses a schema that does not. */
export function assertEveryOperationHasRule(schema: GraphQLSchema): void {
  const missing: string[] = [];
  for (const type of [schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()]) {
    if (!(type instanceof GraphQLObjectType)) continue;
    for (const field of Object.values(type.getFields())) if (!accessOf(field.extensions)?.length) missing.push(`${type.name}.${field.name}`);
  }
  if (missing.length) throw new Error(`These operations declare no access rule (@Access): ${missing.join(', ')}`);
}

// The rule sets operations use.
export const PUBLIC: [Rule] = ['public'];
export const SESSION: [Rule] = ['session'];
export const SERVICE: [Rule] = ['service'];
export const CATALOG_READ: [Rule, Rule] = ['role:guest', 'scope:catalog:read'];
export const CATALOG_WRITE: [Rule, Rule] = ['role:member', 'scope:catalog:write'];
export const LIBRARY_WRITE: [Rule, Rule] = ['role:admin', 'scope:library:write'];
export const JOBS: [Rule, Rule] = ['role:member', 'scope:jobs'];
export const ADMIN: [Rule, Rule] = ['role:admin', 'scope:admin'];
