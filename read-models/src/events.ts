/**
 * The event contract between the write side (server) and the read side (projector).
 * The server imports these types to append outbox rows; read-models never imports the server.
 * Events carry the aggregate's full state after the change (state transfer), so a projection
 * never needs to look anything up and a replay of the outbox rebuilds every read model.
 */

export const TITLE_KINDS = ['MOVIE', 'SERIES', 'ANIME_SERIES', 'ANIME_MOVIE'] as const;
export type TitleKind = (typeof TITLE_KINDS)[number];

export interface TitleState {
  id: string;
  kind: TitleKind;
  name: string;
  year: number | null;
  createdAt: string;
  updatedAt: string;
}

interface EventBase<A extends string, T extends string, P> {
  aggregateType: A;
  aggregateId: string;
  aggregateVersion: number;
  type: T;
  payload: P;
}

export type TitleCreated = EventBase<'title', 'TitleCreated', TitleState>;
export type TitleUpdated = EventBase<'title', 'TitleUpdated', TitleState>;
export type TitleDeleted = EventBase<'title', 'TitleDeleted', { id: string }>;

export type TitleEvent = TitleCreated | TitleUpdated | TitleDeleted;
export type DomainEvent = TitleEvent;
export type DomainEventType = DomainEvent['type'];
export type AggregateType = DomainEvent['aggregateType'];

/** An outbox row as the projector reads it. */
export type OutboxRecord = DomainEvent & {
  /** Monotonic outbox id. */
  id: string;
  /** The writing transaction's id (xid8 as text); see projector.ts for why it matters. */
  txId: string;
  occurredAt: string;
};

/** Postgres channel the server NOTIFYs in the writing transaction. */
export const OUTBOX_CHANNEL = 'marquee_outbox';
