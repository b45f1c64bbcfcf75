import { getOperationAST, print, subscribe, type ExecutionArgs, type ExecutionResult } from 'graphql';
import type { Principal } from '../auth/policy.js';
import { AsyncQueue } from '../infra/async-queue.js';
import type { GraphQLContext } from './context.js';

type Stream = AsyncGenerator<ExecutionResult, void, void>;

/**
 * Shared execution of broadcast subscriptions. Thousands of clients following job progress all run
 * the same document against the same events; executing it once per event and handing every
 * subscriber the same result turns the fan-out from N executions into one.
 *
 * Subscribers share a stream only when everything that can change the result is equal: the
 * printed document, the variables, the operation name and what the principal may see (role or API
 * key scopes). Only the root fields listed as shareable take part: their results depend on the
 * event and the arguments alone, never on who the subscriber is. Every subscriber still opens the
 * source stream once, so authorization and argument errors are exactly those of an unshared
 * subscription.
 */
export class SharedSubscriptions {
  private readonly hubs = new Map<string, Hub>();

  constructor(private readonly shareable: ReadonlySet<string>) {}

  /** Drop-in for graphql's `subscribe` (graphql-ws's `subscribe` option). */
  readonly subscribe = async (args: ExecutionArgs): Promise<Stream | ExecutionResult> => {
    const key = this.keyOf(args);
    if (!key) return (await subscribe(args)) as Stream | ExecutionResult;
    const existing = this.hubs.get(key);
    const source = (await subscribe(args)) as Stream | ExecutionResult;
    if (!isStream(source)) return source;
    // Joined while another subscriber with the same key was being set up: share theirs.
    const hub = existing ?? this.hubs.get(key);
    if (hub) {
      void source.return();
      return hub.join();
    }
    const created = new Hub(source, () => this.hubs.delete(key));
    this.hubs.set(key, created);
    return created.join();
  };

  /** Streams currently shared, and their subscribers (for metrics and tests). */
  stats(): { streams: number; subscribers: number } {
    let subscribers = 0;
    for (const hub of this.hubs.values()) subscribers += hub.size;
    return { streams: this.hubs.size, subscribers };
  }

  private keyOf(args: ExecutionArgs): string | null {
    const operation = getOperationAST(args.document, args.operationName);
    if (operation?.operation !== 'subscription') return null;
    const [root, ...rest] = operation.selectionSet.selections;
    if (rest.length || root?.kind !== 'Field' || !this.shareable.has(root.name.value)) return null;
    const principal = (args.contextValue as GraphQLContext | undefined)?.principal;
    if (!principal) return null;
    return JSON.stringify([audience(principal), print(args.document), args.variableValues ?? {}, args.operationName ?? null]);
  }
}

/** What decides the fields a principal may see: never the individual user or session. */
function audience(principal: Principal): string {
  switch (principal.kind) {
    case 'user':
      return `user:${principal.role}`;
    case 'key':
      return `key:${[...principal.scopes].sort().join(',')}`;
    default:
      return principal.kind;
  }
}

function isStream(value: unknown): value is Stream {
  return typeof (value as Stream | null)?.[Symbol.asyncIterator] === 'function';
}

/** One executed source stream and the subscribers it feeds; ends the source with its last subscriber. */
class Hub {
  private readonly subscribers = new Set<AsyncQueue<ExecutionResult>>();
  private ended = false;

  constructor(
    private readonly source: Stream,
    private readonly onEmpty: () => void,
  ) {
    void this.pump();
  }

  get size(): number {
    return this.subscribers.size;
  }

  /** A subscriber's own queue: a slow socket delays only itself, and nothing is dropped. */
  join(): Stream {
    const subscriber = new AsyncQueue<ExecutionResult>();
    if (this.ended) subscriber.end();
    else this.subscribers.add(subscriber);
    return subscriber.iterator(() => this.leave(subscriber));
  }

  private leave(subscriber: AsyncQueue<ExecutionResult>): void {
    this.subscribers.delete(subscriber);
    if (this.subscribers.size === 0 && !this.ended) {
      this.ended = true;
      this.onEmpty();
      void this.source.return();
    }
  }

  private async pump(): Promise<void> {
    let failure: unknown = null;
    try {
      for await (const result of this.source) for (const subscriber of this.subscribers) subscriber.push(result);
    } catch (err) {
      failure = err;
    } finally {
      if (!this.ended) {
        this.ended = true;
        this.onEmpty();
      }
      for (const subscriber of this.subscribers) subscriber.end(failure);
      this.subscribers.clear();
    }
  }
}
