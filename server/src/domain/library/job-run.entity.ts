import { OptionalProps } from '@mikro-orm/core';
import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import type { JobRunState, JobRunStateDoc } from '@marquee/read-models';

/** One pg-boss job as people see it: recorded at each state change and projected for the activity list. */
@Entity({ tableName: 'job_run' })
export class JobRun {
  [OptionalProps]?: 'libraryId' | 'titleId' | 'target' | 'done' | 'total' | 'message' | 'error' | 'attempt' | 'deadLettered' | 'output' | 'data' | 'version' | 'createdAt' | 'startedAt' | 'finishedAt';

  /** The pg-boss job id. */
  @PrimaryKey({ type: 'uuid' })
  id!: string;

  @Property({ type: 'text' })
  queue!: string;

  @Property({ type: 'uuid', nullable: true })
  libraryId: string | null = null;

  @Property({ type: 'uuid', nullable: true })
  titleId: string | null = null;

  @Property({ type: 'text', nullable: true })
  target: string | null = null;

  @Property({ type: 'text' })
  state!: JobRunState;

  @Property({ type: 'integer', default: 0 })
  done: number = 0;

  @Property({ type: 'integer', default: 0 })
  total: number = 0;

  @Property({ type: 'text', nullable: true })
  message: string | null = null;

  @Property({ type: 'text', nullable: true })
  error: string | null = null;

  @Property({ type: 'integer', default: 1 })
  attempt: number = 1;

  @Property({ type: 'boolean', default: false })
  deadLettered: boolean = false;

  @Property({ type: 'jsonb', nullable: true })
  output: Record<string, unknown> | null = null;

  /** The job's payload, so a retry can be explained. */
  @Property({ type: 'jsonb', defaultRaw: `'{}'::jsonb` })
  data: Record<string, unknown> = {};

  @Property({ version: true })
  version!: number;

  @Property({ type: 'timestamptz' })
  @Index()
  createdAt: Date = new Date();

  @Property({ type: 'timestamptz', nullable: true })
  startedAt: Date | null = null;

  @Property({ type: 'timestamptz', nullable: true })
  finishedAt: Date | null = null;

  toState(): JobRunStateDoc {
    return {
      id: this.id,
      queue: this.queue,
      libraryId: this.libraryId,
      titleId: this.titleId,
      target: this.target,
      state: this.state,
      done: this.done,
      total: this.total,
      message: this.message,
      error: this.error,
      attempt: this.attempt,
      deadLettered: this.deadLettered,
      output: this.output,
      createdAt: this.createdAt.toISOString(),
      startedAt: this.startedAt?.toISOString() ?? null,
      finishedAt: this.finishedAt?.toISOString() ?? null,
    };
  }
}
