import type { AnyVariables, Client, TypedDocumentNode } from '@urql/core';
import type { Loaded } from './load.ts';
import { toProblems, type GraphqlProblem } from './problems.ts';

/**
 * A query a page keeps current in the browser: seeded by `load`, re-read on demand (after a
 * mutation, a subscription event or a reconnect). Requests that arrive while one is in flight
 * cause exactly one more read, so a burst of events costs two queries, not one per event.
 */
export class LiveQuery<T, V extends AnyVariables> {
	data = $state<T | null>(null);
	problems = $state<GraphqlProblem[]>([]);
	refreshing = $state(false);
	#pending: Promise<void> | null = null;
	#stale = false;

	constructor(
		private readonly client: Client,
		private readonly document: TypedDocumentNode<T, V>,
		private readonly variables: () => V,
		initial?: Loaded<T>
	) {
		this.data = initial?.data ?? null;
		this.problems = initial?.problems ?? [];
	}

	/** Replaces what `load` gave (a navigation to the same page with other parameters). */
	seed(loaded: Loaded<T>): void {
		this.data = loaded.data;
		this.problems = loaded.problems;
	}

	refresh(): Promise<void> {
		if (this.#pending) {
			this.#stale = true;
			return this.#pending;
		}
		this.refreshing = true;
		this.#pending = (async () => {
			do {
				this.#stale = false;
				const result = await this.client
					.query(this.document, this.variables(), { requestPolicy: 'network-only' })
					.toPromise();
				this.problems = toProblems(result.error);
				if (result.data) this.data = result.data;
			} while (this.#stale);
		})().finally(() => {
			this.#pending = null;
			this.refreshing = false;
		});
		return this.#pending;
	}
}
