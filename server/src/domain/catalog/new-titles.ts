import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { OUTBOX_CHANNEL, type ArtworkKind, type ArtworkState, type ExternalIdState, type FieldProvenance, type TitleField, type TitleState, type TitleValueField } from '@marquee/read-models';
import { executeBound } from '../../infra/sql.js';
import { autoSelect } from './artwork-selection.js';
import type { TitleChanges } from './title-changes.js';
import { byArtwork, byExternalId } from './title.entity.js';

/**
 * The title table's editable columns and their Postgres types. `satisfies` makes a new title field
 * fail to compile until the bulk path writes it too.
 */
const FIELD_COLUMNS = {
  kind: ['kind', 'text'],
  name: ['name', 'text'],
  originalTitle: ['original_title', 'text'],
  synonyms: ['synonyms', 'text[]'],
  year: ['year', 'int'],
  overview: ['overview', 'text'],
  runtime: ['runtime', 'int'],
  status: ['status', 'text'],
  rating: ['rating', 'float8'],
  votes: ['votes', 'int'],
  popularity: ['popularity', 'float8'],
  genres: ['genres', 'text[]'],
  studios: ['studios', 'text[]'],
  tags: ['tags', 'text[]'],
  format: ['format', 'text'],
  releaseSeason: ['release_season', 'text'],
  episodeCount: ['episode_count', 'int'],
} satisfies Record<TitleValueField, [string, string]>;

const FIELDS = Object.keys(FIELD_COLUMNS) as TitleValueField[];
const column = (f: TitleValueField) => FIELD_COLUMNS[f];

export interface ArtworkCandidate {
  kind: ArtworkKind;
  seasonNumber?: number | null;
  url: string;
  width?: number | null;
  height?: number | null;
  language?: string | null;
  score?: number | null;
  provider?: string | null;
}

export interface NewSourceRecord {
  provider: string;
  externalId: string;
  contentHash: string;
  payload: Record<string, unknown>;
  /** `payload` as JSON, when it was serialized already (for its content hash). */
  payloadJson?: string;
}

/**
 * A title new to the catalog, built in memory the way the entity would be (same defaults, same
 * artwork selection, same state order) and written with the other new titles of its batch in one
 * statement: a 40k-title first import spent most of its time in per-entity units of work.
 */
export class NewTitle {
  readonly id = randomUUID();
  readonly externalIds: ExternalIdState[] = [];
  readonly artwork: ArtworkState[] = [];
  readonly sources: NewSourceRecord[] = [];

  constructor(
    private readonly fields: TitleChanges & Pick<TitleState, 'kind' | 'name'>,
    private readonly provenance: Partial<Record<TitleField, FieldProvenance>>,
    private readonly now: Date,
  ) {}

  hasId(x: ExternalIdState): boolean {
    return this.externalIds.some((e) => e.provider === x.provider && e.value === x.value);
  }

  addId(x: ExternalIdState): void {
    this.externalIds.push({ provider: x.provider, value: x.value });
  }

  /** Candidates it does not have yet (by kind, season and URL), then the pick per kind. */
  addArtwork(candidates: readonly ArtworkCandidate[], provider: string): void {
    for (const a of candidates) {
      const seasonNumber = a.seasonNumber ?? null;
      if (this.artwork.some((x) => x.kind === a.kind && x.seasonNumber === seasonNumber && x.url === a.url)) continue;
      this.artwork.push({ id: randomUUID(), kind: a.kind, seasonNumber, url: a.url, width: a.width ?? null, height: a.height ?? null, language: a.language ?? null, score: a.score ?? 0, provider: a.provider ?? provider, selected: false, selectedBy: null });
    }
    autoSelect(this.artwork);
  }

  state(): TitleState {
    const f = this.fields;
    const at = this.now.toISOString();
    return {
      id: this.id,
      kind: f.kind,
      name: f.name,
      originalTitle: f.originalTitle ?? null,
      synonyms: [...(f.synonyms ?? [])],
      year: f.year ?? null,
      overview: f.overview ?? null,
      runtime: f.runtime ?? null,
      status: f.status ?? null,
      rating: f.rating ?? null,
      votes: f.votes ?? null,
      popularity: f.popularity ?? null,
      genres: [...(f.genres ?? [])],
      studios: [...(f.studios ?? [])],
      tags: [...(f.tags ?? [])],
      format: f.format ?? null,
      releaseSeason: f.releaseSeason ?? null,
      episodeCount: f.episodeCount ?? null,
      externalIds: [...this.externalIds].sort(byExternalId),
      credits: [],
      artwork: this.artwork.map((a) => ({ ...a })).sort(byArtwork),
      seasons: [],
      provenance: { ...this.provenance },
      locks: [],
      deletedAt: null,
      createdAt: at,
      updatedAt: at,
    };
  }
}

/** A JSON string literal, for building the bound JSON by hand around payloads already serialized. */
const str = (v: string) => JSON.stringify(v);

/**
 * Inserts new titles with their external ids, artwork and source records, and their TitleCreated
 * events, in one statement with bound parameters. The titles' states (what each TitleCreated event
 * carries) are bound once and every table reads its rows out of them (the outbox payload is the
 * element itself); the source records come with their payloads as already serialized for the
 * content hash. Parents and children are inserted by sibling CTEs: foreign keys are checked at the
 * end of the statement.
 */
export async function insertNewTitles(em: EntityManager, titles: readonly NewTitle[]): Promise<void> {
  if (titles.length === 0) return;
  const states = titles.map((t) => t.state());
  const sources = titles.flatMap((t) =>
    t.sources.map(
      (s) =>
        `{"title_id":${str(t.id)},"provider":${str(s.provider)},"external_id":${str(s.externalId)},"content_hash":${str(s.contentHash)},"payload":${s.payloadJson ?? JSON.stringify(s.payload)}}`,
    ),
  );
  const columns = FIELDS.map((f) => column(f)[0]);
  const quoted = columns.map((c) => `"${c}"`).join(', ');
  try {
    await executeBound(
      em,
      `with t as (
         insert into title (id, ${quoted}, provenance, locks, version, created_at, updated_at)
         select x.id, ${FIELDS.map((f) => `x."${f}"`).join(', ')}, x.provenance, '{}', 1, x."createdAt", x."createdAt"
           from jsonb_to_recordset($1::jsonb) as x(id uuid, ${FIELDS.map((f) => `"${f}" ${column(f)[1]}`).join(', ')}, provenance jsonb, "createdAt" timestamptz)),
       e as (
         insert into external_id (id, title_id, provider, value)
         select gen_random_uuid(), x.id, i.provider, i.value
           from jsonb_to_recordset($1::jsonb) as x(id uuid, "externalIds" jsonb), jsonb_to_recordset(x."externalIds") as i(provider text, value text)),
       a as (
         insert into artwork (id, title_id, kind, season_number, url, width, height, language, score, provider, selected, selected_by)
         select w.id, x.id, w.kind, w."seasonNumber", w.url, w.width, w.height, w.language, w.score, w.provider, w.selected, w."selectedBy"
           from jsonb_to_recordset($1::jsonb) as x(id uuid, artwork jsonb),
                jsonb_to_recordset(x.artwork) as w(id uuid, kind text, "seasonNumber" int, url text, width int, height int, language text, score float8, provider text, selected boolean, "selectedBy" text)),
       s as (
         insert into source_record (id, provider, external_id, title_id, content_hash, payload, fetched_at)
         select gen_random_uuid(), x.provider, x.external_id, x.title_id, x.content_hash, x.payload, now()
           from jsonb_to_recordset($2::jsonb) as x(title_id uuid, provider text, external_id text, content_hash text, payload jsonb))
       insert into outbox (aggregate_type, aggregate_id, aggregate_version, event_type, payload)
       select 'title', x->>'id', 1, 'TitleCreated', x from jsonb_array_elements($1::jsonb) as x`,
      [JSON.stringify(states), `[${sources.join(',')}]`],
    );
  } catch (err) {
    // The same exception types as a flush, so callers treat a unique-key race the same way.
    throw em.getDriver().convertException(err as Error);
  }
  await executeBound(em, `select pg_notify('${OUTBOX_CHANNEL}', '')`, []);
}
