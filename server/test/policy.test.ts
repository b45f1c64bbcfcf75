import 'reflect-metadata';
import { buildSchema, Query, Resolver } from 'type-graphql';
import { describe, expect, it } from 'vitest';
import { Access, assertEveryOperationHasRule, authChecker, CATALOG_READ } from '../src/auth/policy.js';

@Resolver()
class RuledResolver {
  @Access(...CATALOG_READ)
  @Query(() => String)
  ruled(): string {
    return 'ok';
  }
}

@Resolver()
class UnruledResolver {
  @Query(() => String)
  forgotten(): string {
    return 'oops';
  }
}

describe('start-up check of access rules', () => {
  it('accepts a schema whose every operation declares a rule, and refuses one that does not', async () => {
    const ruled = await buildSchema({ resolvers: [RuledResolver], authChecker, validate: false });
    expect(() => assertEveryOperationHasRule(ruled)).not.toThrow();
    const unruled = await buildSchema({ resolvers: [RuledResolver, UnruledResolver], authChecker, validate: false });
    expect(() => assertEveryOperationHasRule(unruled)).toThrow('These operations declare no access rule (@Access): Query.forgotten');
  });
});
