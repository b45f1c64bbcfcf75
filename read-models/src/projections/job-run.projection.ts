import type { JobRunStateDoc } from '../events.js';
import type { ListingEntry, Projection } from '../projection.js';

export interface JobRunDoc extends JobRunStateDoc {
  version: number;
}

/** Every job run, newest first (score: created at, ms). Members are job ids. */
export const JOB_RUNS = 'jobs:all';
export const jobRunsByState = (state: string) => `jobs:state:${state}`;
export const jobRunsByQueue = (queue: string) => `jobs:queue:${queue}`;
export const jobRunsByLibrary = (libraryId: string) => `jobs:library:${libraryId}`;

export const jobRunProjection: Projection<JobRunDoc> = {
  name: 'jobrun',
  version: 1,
  handles: ['JobRunChanged'],
  documentId: (event) => event.aggregateId,
  apply: (doc, event) => (event.type === 'JobRunChanged' ? { ...event.payload, version: event.aggregateVersion } : doc),
  listings(doc): ListingEntry[] {
    const score = Date.parse(doc.createdAt);
    const entries: ListingEntry[] = [
      { listing: JOB_RUNS, member: doc.id, score },
      { listing: jobRunsByState(doc.deadLettered ? 'DEAD' : doc.state), member: doc.id, score },
      { listing: jobRunsByQueue(doc.queue), member: doc.id, score },
    ];
    if (doc.libraryId) entries.push({ listing: jobRunsByLibrary(doc.libraryId), member: doc.id, score });
    return entries;
  },
};
