import { Arg, ID, Resolver, Root, Subscription } from 'type-graphql';
import { Access, enforce, JOBS } from '../../auth/policy.js';
import { TERMINAL_JOB_STATES, type JobProgress } from '../../jobs/job-names.js';
import type { JobStep } from '../../infra/job-progress.js';
import type { GraphQLContext } from '../context.js';
import { notFound } from '../errors.js';
import { JobProgressType } from '../types/job.type.js';

const isTerminal = (p: JobProgress) => TERMINAL_JOB_STATES.includes(p.state);

@Resolver()
export class JobResolver {
  @Access(...JOBS)
  @Subscription(() => JobProgressType, {
    description: 'Each progress step of a job, starting with its current state; completes when the job ends',
    subscribe: async ({ args, context }) => {
      const { services, principal } = context as GraphQLContext;
      enforce(principal, JOBS, 'Subscription.jobProgress');
      const jobId = String(args.jobId);
      const store = services.jobProgress;
      // Subscribe before reading the history so no step falls between the two; the sequence
      // number drops what both delivered.
      const iterator = await services.pubsub.iterate(store.channel(jobId), (raw) => JSON.parse(raw) as JobStep, isTerminal);
      const history = await store.history(jobId);
      if (history.length === 0) {
        await iterator.return(undefined);
        throw notFound('Job', jobId);
      }
      return (async function* () {
        let seq = 0;
        for (const step of history) {
          seq = step.seq;
          yield step;
          if (isTerminal(step)) {
            await iterator.return(undefined);
            return;
          }
        }
        for await (const step of iterator) {
          if (step.seq <= seq) continue;
          seq = step.seq;
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
