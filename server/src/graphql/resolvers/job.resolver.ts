import { Arg, Ctx, ID, Mutation, Resolver, Root, Subscription } from 'type-graphql';
import { TERMINAL_JOB_STATES, type JobProgress } from '../../jobs/job-names.js';
import type { GraphQLContext } from '../context.js';
import { notFound } from '../errors.js';
import { JobProgressType, JobRefType } from '../types/job.type.js';

const isTerminal = (p: JobProgress) => TERMINAL_JOB_STATES.includes(p.state);

/** Whether `next` tells the subscriber something newer than `prev`. */
function advances(prev: JobProgress | null, next: JobProgress): boolean {
  if (!prev) return true;
  if (isTerminal(prev)) return false;
  if (next.state !== prev.state) return true;
  return next.done >= prev.done && (next.done !== prev.done || next.message !== prev.message || next.total !== prev.total);
}

@Resolver()
export class JobResolver {
  @Mutation(() => JobRefType, { description: 'Queues a scan of a directory; follow it with jobProgress' })
  async scanLibrary(@Arg('path') path: string, @Ctx() ctx: GraphQLContext): Promise<JobRefType> {
    return ctx.services.library.scan(path);
  }

  @Subscription(() => JobProgressType, {
    description: 'Each progress step of a job, starting with its current state; completes when the job ends',
    subscribe: async ({ args, context }) => {
      const { services } = context as GraphQLContext;
      const jobId = String(args.jobId);
      const store = services.jobProgress;
      // Subscribe before reading the snapshot so no step falls between the two.
      const { iterator, push } = await services.pubsub.iterate(store.channel(jobId), (raw) => JSON.parse(raw) as JobProgress, isTerminal);
      const snapshot = await store.snapshot(jobId);
      if (!snapshot) {
        await iterator.return(undefined);
        throw notFound('Job', jobId);
      }
      push(snapshot);
      return (async function* () {
        let last: JobProgress | null = null;
        for await (const step of iterator) {
          if (!advances(last, step)) continue;
          last = step;
          yield step;
          if (isTerminal(step)) return;
        }
      })();
    },
  })
  jobProgress(@Arg('jobId', () => ID) _jobId: string, @Root() progress: JobProgress): JobProgressType {
    return progress;
  }
}
