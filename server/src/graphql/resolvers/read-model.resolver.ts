import { Ctx, ID, Mutation, Resolver } from 'type-graphql';
import { Access, ADMIN } from '../../auth/policy.js';
import type { GraphQLContext } from '../context.js';

/** Read-model maintenance from the API: queued as jobs (queue read-models), followed like any job. */
@Resolver()
export class ReadModelResolver {
  @Access(...ADMIN)
  @Mutation(() => ID, {
    description:
      "Admin. Queues a rebuild of the Redis read models: the outbox is projected into a fresh namespace, then queries switch to it (they keep being served meanwhile). Returns the job run's id; follow it with jobProgress or jobRunChanged. CONFLICT while a rebuild or verify is queued or running",
  })
  async rebuildReadModels(@Ctx() ctx: GraphQLContext): Promise<string> {
    return (await ctx.services.readModels.queue('rebuild')).id;
  }

  @Access(...ADMIN)
  @Mutation(() => ID, {
    description:
      "Admin. Queues a verify of the read models against a fresh projection of the outbox; the finished job run's output counts checked and drifted documents and lists the first drifted ones. CONFLICT while a rebuild or verify is queued or running",
  })
  async verifyReadModels(@Ctx() ctx: GraphQLContext): Promise<string> {
    return (await ctx.services.readModels.queue('verify')).id;
  }
}
