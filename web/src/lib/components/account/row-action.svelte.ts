import type { OperationResult } from '@urql/core';
import { toProblems, type GraphqlProblem } from '#lib/graphql/problems.ts';

/**
 * One action at a time on a list of records (revoke a key, sign a device out): which row is busy,
 * what went wrong, and a status line saying what happened.
 */
export class RowAction {
	busy = $state<string | null>(null);
	problems = $state<GraphqlProblem[]>([]);
	status = $state('');

	async run<T>(row: string, mutate: () => Promise<OperationResult<T>>, done: (data: T) => Promise<string>): Promise<void> {
		this.busy = row;
		this.problems = [];
		this.status = '';
		const result = await mutate();
		this.problems = toProblems(result.error);
		if (result.data) this.status = await done(result.data);
		this.busy = null;
	}
}
