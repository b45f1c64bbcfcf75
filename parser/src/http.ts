import Bottleneck from 'bottleneck';
import { DelegateBackoff, handleWhen, retry, type RetryPolicy } from 'cockatiel';

/** A request that failed; `retryable` ones (network errors, 5xx, 429) are tried again with backoff. */
export class HttpError extends Error {
  constructor(
    message: string,
    readonly status: number | null,
    readonly retryable: boolean,
    /** What the server asked us to wait (Retry-After), in milliseconds. */
    readonly retryAfterMs: number | null = null,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

export interface HttpPolicy {
  /** Attempts after the first one. */
  retries: number;
  /** Requests per second at most; null for no limit. */
  requestsPerSecond: number | null;
  /** Requests in flight at most. */
  concurrency: number;
  /** First backoff delay; it doubles per attempt (with jitter) up to 30 s. */
  baseDelayMs?: number;
}

const MAX_DELAY_MS = 30_000;

/** Retry-After is either delay-seconds or an HTTP date. */
export function retryAfterMs(header: string | null, now = Date.now()): number | null {
  if (!header) return null;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(header);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

/**
 * fetch() with a rate limit (bottleneck) and retries with exponential backoff (cockatiel) on network
 * errors, 5xx and 429 — honouring Retry-After. `label` names the remote in messages; URLs are
 * shown without their query (where keys could hide), headers never.
 */
export class HttpClient {
  private readonly limiter: Bottleneck;
  private readonly policy: RetryPolicy;

  constructor(
    private readonly label: string,
    opts: HttpPolicy,
    private readonly onRetry?: (info: { attempt: number; delayMs: number; reason: string }) => void,
  ) {
    this.limiter = new Bottleneck({ maxConcurrent: opts.concurrency, minTime: opts.requestsPerSecond ? Math.ceil(1000 / opts.requestsPerSecond) : 0 });
    const base = opts.baseDelayMs ?? 500;
    this.policy = retry(
      handleWhen((err) => err instanceof HttpError && err.retryable),
      {
        maxAttempts: opts.retries,
        backoff: new DelegateBackoff((ctx) => {
          const error = 'error' in ctx.result ? ctx.result.error : null;
          const exponential = Math.min(MAX_DELAY_MS, base * 2 ** (ctx.attempt - 1)) * (0.5 + Math.random() / 2);
          const asked = error instanceof HttpError ? (error.retryAfterMs ?? 0) : 0;
          return Math.max(exponential, asked);
        }),
      },
    );
    this.policy.onRetry((e) => {
      const reason = 'error' in e ? (e.error as Error).message : 'retry';
      this.onRetry?.({ attempt: e.attempt, delayMs: Math.round(e.delay), reason });
    });
  }

  /**
   * The response of a successful (2xx) request, or of a refusal the caller reads itself
   * (`handOver`: e.g. a GraphQL error body with HTTP 400); an HttpError otherwise.
   */
  request(url: URL, init: RequestInit = {}, handOver: (status: number) => boolean = () => false): Promise<Response> {
    return this.policy.execute(() => this.limiter.schedule(() => this.once(url, init, handOver)));
  }

  async json<T>(url: URL, init: RequestInit = {}): Promise<T> {
    const res = await this.request(url, init);
    try {
      return (await res.json()) as T;
    } catch {
      throw new HttpError(`${this.label} answered ${where(url)} with a body that is not JSON`, res.status, false);
    }
  }

  private async once(url: URL, init: RequestInit, handOver: (status: number) => boolean): Promise<Response> {
    let res: Response;
    try {
      res = await fetch(url, init);
    } catch (err) {
      const cause = (err as Error & { cause?: { code?: string } }).cause?.code ?? (err as Error).message;
      throw new HttpError(`cannot reach ${this.label} at ${where(url)} (${cause})`, null, true);
    }
    if (res.ok) return res;
    const retryable = res.status === 429 || res.status >= 500;
    if (!retryable && handOver(res.status)) return res;
    // The body is read (and dropped) so the connection can be reused.
    await res.arrayBuffer().catch(() => undefined);
    throw new HttpError(`${this.label} answered ${where(url)} with HTTP ${res.status}`, res.status, retryable, res.status === 429 || res.status === 503 ? retryAfterMs(res.headers.get('retry-after')) : null);
  }
}

function where(url: URL): string {
  return `${url.origin}${url.pathname}`;
}
