import type { Client } from '@urql/core';
import { JobProgressDocument, type JobProgress } from '#lib/graphql/job-run/job-progress.ts';
import { toProblems, type GraphqlProblem } from '#lib/graphql/problems.ts';

/** Follows one job's progress over graphql-ws; watching another job stops the previous one. */
export class JobWatch {
	job = $state<{ id: string; progress: JobProgress | null } | null>(null);
	problems = $state<GraphqlProblem[]>([]);
	#stop: (() => void) | undefined;

	constructor(private readonly client: Client) {}

	watch(jobId: string): void {
		this.stop();
		this.problems = [];
		this.job = { id: jobId, progress: null };
		const subscription = this.client.subscription(JobProgressDocument, { jobId }).subscribe((result) => {
			if (result.error) this.problems = toProblems(result.error);
			if (result.data && this.job?.id === jobId) this.job.progress = result.data.jobProgress;
		});
		this.#stop = () => subscription.unsubscribe();
	}

	stop(): void {
		this.#stop?.();
		this.#stop = undefined;
	}

	reset(): void {
		this.stop();
		this.job = null;
		this.problems = [];
	}
}
