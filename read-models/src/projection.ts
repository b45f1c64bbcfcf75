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
  /** Sorted-set listings the document belongs to, with its score in each. */
  listings(doc: D): Record<string, number>;
  /** Every listing name this projection may write, so removals can be issued. */
  readonly listingNames: readonly string[];
}

export type AnyProjection = Projection<{ version: number }>;

export function projectionsFor(event: DomainEvent, projections: readonly AnyProjection[]): AnyProjection[] {
  return projections.filter((p) => p.handles.includes(event.type));
}
