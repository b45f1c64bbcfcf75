import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { JOB_STATES, type JobState as JobStateName } from '../../jobs/job-names.js';

export const JobState = Object.fromEntries(JOB_STATES.map((s) => [s, s])) as { [K in JobStateName]: K };
registerEnumType(JobState, { name: 'JobState' });

@ObjectType('JobRef', { simpleResolvers: true, description: 'A queued job' })
export class JobRefType {
  @Field(() => ID)
  id!: string;

  @Field()
  queue!: string;
}

@ObjectType('JobProgress', { simpleResolvers: true })
export class JobProgressType {
  @Field(() => ID)
  jobId!: string;

  @Field()
  queue!: string;

  @Field(() => JobState)
  state!: JobStateName;

  @Field(() => Int)
  done!: number;

  @Field(() => Int)
  total!: number;

  @Field(() => String, { nullable: true })
  message!: string | null;
}
