import type { Redis } from 'ioredis';
import type { JobProgress } from '../jobs/job-names.js';

/** Where job progress lives in Redis: a snapshot key for late subscribers and a channel. */
export class JobProgressStore {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  channel(jobId: string): string {
    return `${this.prefix}job:${jobId}:progress`;
  }

  private snapshotKey(jobId: string): string {
    return `${this.prefix}job:${jobId}:snapshot`;
  }

  async publish(progress: JobProgress): Promise<void> {
    const json = JSON.stringify(progress);
    await this.redis
      .multi()
      .set(this.snapshotKey(progress.jobId), json, 'EX', 7 * 24 * 3600)
      .publish(this.channel(progress.jobId), json)
      .exec();
  }

  async snapshot(jobId: string): Promise<JobProgress | null> {
    const json = await this.redis.get(this.snapshotKey(jobId));
    return json ? (JSON.parse(json) as JobProgress) : null;
  }
}

/** Publishes at most one progress update per interval; state changes and the end always go out. */
export function throttle(intervalMs: number, now: () => number = Date.now): (force?: boolean) => boolean {
  let last = -Infinity;
  return (force = false) => {
    const t = now();
    if (force || t - last >= intervalMs) {
      last = t;
      return true;
    }
    return false;
  };
}
