import type { PgBoss } from 'pg-boss';
import { JobName, type ReadModelAction } from '../jobs/job-names.js';
import { jobKeys } from '../jobs/job-keys.js';
import type { JobRuns } from '../jobs/job-runs.js';
import { sendRecorded } from '../jobs/send-recorded.js';

/**
 * An admin's read-model maintenance, queued for the worker (queue read-models) and recorded as a
 * job run, so its progress streams like any job's. One at a time: a rebuild and a verify of the
 * same namespaces running together would only race.
 */
export class ReadModelCommands {
  constructor(
    private readonly boss: PgBoss,
    private readonly runs: JobRuns,
  ) {}

  queue(action: ReadModelAction): Promise<{ id: string }> {
    return sendRecorded(this.boss, this.runs, JobName.ReadModels, { action }, { singletonKey: jobKeys.readModels(), target: action, busy: 'A read-model rebuild or verify', field: 'action' });
  }
}
