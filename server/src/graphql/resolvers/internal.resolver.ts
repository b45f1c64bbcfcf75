import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import { Access, SERVICE } from '../../auth/policy.js';
import type { GraphQLContext } from '../context.js';
import { definedOnly } from '../../commands/command-support.js';
import { badInput } from '../errors.js';
import { ImportTitleInput } from '../inputs/title.input.js';
import { ImportItemResultType, type ImportOutcome } from '../types/import.type.js';

const MAX_BATCH = 1_000;

@Resolver()
export class InternalResolver {
  @Access(...SERVICE)
  @Mutation(() => [ImportItemResultType], {
    description: 'Parser only (service token). Imports a batch of titles; one result per item, in order',
  })
  async internalImportTitles(
    @Arg('items', () => [ImportTitleInput]) items: ImportTitleInput[],
    @Ctx() ctx: GraphQLContext,
  ): Promise<ImportItemResultType[]> {
    if (items.length > MAX_BATCH) throw badInput('items', `at most ${MAX_BATCH} items per batch`);
    const results = await ctx.services.catalog.importTitles(items.map((item) => definedOnly(item)));
    return results.map((r) => ({
      index: r.index,
      outcome: r.outcome as ImportOutcome,
      titleId: r.titleId,
      protectedFields: r.protectedFields,
      error: r.error ? { code: r.error.code, field: r.error.field ?? null, message: r.error.message } : null,
    }));
  }
}
