/**
 * Runs `task` with the latest value once typing has paused for `delayMs`; answers to superseded
 * values are dropped, so a slow early answer never replaces a later one.
 */
export class Debounced<T, R> {
	result = $state<R | null>(null);
	pending = $state(false);
	#timer: ReturnType<typeof setTimeout> | undefined;
	#generation = 0;

	constructor(
		private readonly task: (value: T) => Promise<R>,
		private readonly delayMs = 200
	) {}

	set(value: T): void {
		clearTimeout(this.#timer);
		const generation = ++this.#generation;
		this.pending = true;
		this.#timer = setTimeout(async () => {
			const result = await this.task(value);
			if (generation !== this.#generation) return;
			this.result = result;
			this.pending = false;
		}, this.delayMs);
	}

	cancel(): void {
		clearTimeout(this.#timer);
		this.#generation += 1;
		this.pending = false;
	}
}
