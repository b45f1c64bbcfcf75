import type { DomainEvent, DomainEventType } from './events.js';

/**
 * A projection is data plus a pure function: the previous document (or null) and an event give
 * the next document (or null when the document ceases to exist). The projector folds events into
 * documents and writes them with a version guard; projections never touch Redis themselves.
 */
export interface Projection<D extends { version: number }> {
  /** Model name, used in keys (`<prefix>rm:{ns}:<name>:<id>`). */
  readonly name: string;
  /** Bump when the document shape changes; a rebuild is then required. */
  readonly version: number;
  readonly handles: readonly DomainEventType[];
  /** Which document an event belongs to. */
  documentId(event: DomainEvent): string;
  apply(doc: D | null, event: DomainEvent): D | null;
  /**
   * The sorted-set entries the document contributes (listings, filters, search). When a document
   * changes, entries of its previous version that are no longer produced are removed.
   */
  listings(doc: D): ListingEntry[];
}

export interface ListingEntry {
  listing: string;
  member: string;
  score: number;
}

export const entryKey = (e: Pick<ListingEntry, 'listing' | 'member'>) => `${e.listing}\u0000${e.member}`;

export type AnyProjection = Projection<{ version: number }>;

export function projectionsFor(event: DomainEvent, projections: readonly AnyProjection[]): AnyProjection[] {
  return projections.filter((p) => p.handles.includes(event.type));
}
