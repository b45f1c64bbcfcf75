import type { Redis } from 'ioredis';
import type { JobProgress } from '../jobs/job-names.js';

/** A progress step as stored and published: sequenced so subscribers can merge replay and live. */
export type JobStep = JobProgress & { seq: number };

const HISTORY = 200;
const TTL_SECONDS = 7 * 24 * 3600;

/**
 * Sequence, history and publish in one atomic step: a subscriber that subscribes first and then
 * reads the history sees every step exactly once, whenever it arrives.
 */
const PUBLISH_SCRIPT = `
local seq = redis.call('INCR', KEYS[1])
local step = cjson.decode(ARGV[1])
step.seq = seq
local json = cjson.encode(step)
redis.call('RPUSH', KEYS[2], json)
redis.call('LTRIM', KEYS[2], -tonumber(ARGV[3]), -1)
redis.call('EXPIRE', KEYS[1], ARGV[4])
redis.call('EXPIRE', KEYS[2], ARGV[4])
redis.call('PUBLISH', ARGV[2], json)
return seq
`;

declare module 'ioredis' {
  interface RedisCommander<Context> {
    marqueePublishStep(numKeys: number, ...args: (string | number)[]): import('ioredis').Result<number, Context>;
  }
}

/** Where job progress lives in Redis: a capped, sequenced history per job and a channel. */
export class JobProgressStore {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {
    redis.defineCommand('marqueePublishStep', { lua: PUBLISH_SCRIPT });
  }

  channel(jobId: string): string {
    return `${this.prefix}job:{${jobId}}:live`;
  }

  private seqKey(jobId: string): string {
    return `${this.prefix}job:{${jobId}}:seq`;
  }

  private historyKey(jobId: string): string {
    return `${this.prefix}job:{${jobId}}:steps`;
  }

  async publish(progress: JobProgress): Promise<number> {
    return this.redis.marqueePublishStep(2, this.seqKey(progress.jobId), this.historyKey(progress.jobId), JSON.stringify(progress), this.channel(progress.jobId), HISTORY, TTL_SECONDS);
  }

  /** The retained steps of a job, oldest first; empty when the job is unknown or expired. */
  async history(jobId: string): Promise<JobStep[]> {
    const raw = await this.redis.lrange(this.historyKey(jobId), 0, -1);
    return raw.map((json) => JSON.parse(json) as JobStep);
  }
}

/** Publishes at most one progress update per interval; forced updates always go out. */
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
