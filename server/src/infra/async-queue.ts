/**
 * An unbounded queue read as an async iterator: values pushed before the reader pulls wait for it,
 * nothing is dropped. Hand-made rather than an async generator so that `return()` (the consumer
 * went away) closes it at once, even before the first `next()` or while one is waiting — an async
 * generator would run its `finally` only when the next value arrived, or never.
 */
export class AsyncQueue<T> {
  private readonly values: T[] = [];
  private waiting: { resolve: (r: IteratorResult<T, void>) => void; reject: (err: unknown) => void } | null = null;
  private ended = false;
  private failure: unknown = null;

  get closed(): boolean {
    return this.ended;
  }

  push(value: T): void {
    if (this.ended) return;
    const waiting = this.waiting;
    if (waiting) {
      this.waiting = null;
      waiting.resolve({ value, done: false });
    } else this.values.push(value);
  }

  /** No more values: the reader drains what is queued, then ends (or throws `failure`). */
  end(failure: unknown = null): void {
    if (this.ended) return;
    this.ended = true;
    this.failure = failure;
    const waiting = this.waiting;
    this.waiting = null;
    if (!waiting) return;
    if (failure) {
      this.failure = null;
      waiting.reject(failure);
    } else waiting.resolve({ value: undefined, done: true });
  }

  /** The reading side; `onClose` runs once, when the reader returns or throws. */
  iterator(onClose: () => void = () => undefined): AsyncGenerator<T, void, void> {
    let closed = false;
    const close = (): IteratorResult<T, void> => {
      this.values.length = 0;
      this.end();
      if (!closed) {
        closed = true;
        onClose();
      }
      return { value: undefined, done: true };
    };
    const iterator: AsyncGenerator<T, void, void> = {
      next: () => {
        if (this.values.length) return Promise.resolve({ value: this.values.shift()!, done: false });
        if (this.ended) {
          const failure = this.failure;
          this.failure = null;
          return failure ? Promise.reject(failure) : Promise.resolve(close());
        }
        return new Promise((resolve, reject) => (this.waiting = { resolve, reject }));
      },
      return: async () => close(),
      throw: async (err: unknown) => {
        close();
        throw err;
      },
      [Symbol.asyncIterator]: () => iterator,
      [Symbol.asyncDispose]: async () => void close(),
    };
    return iterator;
  }
}
