import { randomUUID } from 'node:crypto';
import { Entity, Enum, Index, OneToMany, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { ArrayType, Collection, EntityRepositoryType, OptionalProps } from '@mikro-orm/core';
import {
  TITLE_KINDS,
  TITLE_STATUSES,
  TITLE_FORMATS,
  RELEASE_SEASONS,
  type ReleaseSeason,
  type TitleFormat,
  type ArtworkState,
  type ExternalIdState,
  type FieldProvenance,
  type TitleField,
  type TitleKind,
  type TitleState,
  type TitleStatus,
} from '@marquee/read-models';
import { Artwork } from './artwork.entity.js';
import { ExternalId } from './external-id.entity.js';
import { Credit } from './person.entity.js';
import { Season } from './season.entity.js';
import { TitleRepository } from './title.repository.js';

/** The order of a title state's external ids (every writer of title events uses it). */
export const byExternalId = (a: ExternalIdState, b: ExternalIdState): number => (a.provider + a.value < b.provider + b.value ? -1 : 1);

/** The order of a title state's artwork: by kind, best score first. */
export const byArtwork = (a: ArtworkState, b: ArtworkState): number => (a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : b.score - a.score || (a.url < b.url ? -1 : 1));

@Entity({ tableName: 'title', repository: () => TitleRepository })
export class Title {
  [EntityRepositoryType]?: TitleRepository;
  [OptionalProps]?:
    | 'id'
    | 'year'
    | 'originalTitle'
    | 'synonyms'
    | 'overview'
    | 'runtime'
    | 'status'
    | 'rating'
    | 'votes'
    | 'popularity'
    | 'genres'
    | 'studios'
    | 'tags'
    | 'format'
    | 'releaseSeason'
    | 'episodeCount'
    | 'provenance'
    | 'locks'
    | 'deletedAt'
    | 'version'
    | 'createdAt'
    | 'updatedAt';

  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Enum({ items: [...TITLE_KINDS] })
  kind!: TitleKind;

  @Property({ type: 'text' })
  @Index()
  name!: string;

  @Property({ type: 'text', nullable: true })
  originalTitle: string | null = null;

  @Property({ type: ArrayType, columnType: 'text[]', default: [] })
  synonyms: string[] = [];

  @Property({ type: 'integer', nullable: true })
  year: number | null = null;

  @Property({ type: 'text', nullable: true })
  overview: string | null = null;

  @Property({ type: 'integer', nullable: true })
  runtime: number | null = null;

  @Enum({ items: [...TITLE_STATUSES], nullable: true })
  status: TitleStatus | null = null;

  @Property({ type: 'double', nullable: true })
  rating: number | null = null;

  @Property({ type: 'integer', nullable: true })
  votes: number | null = null;

  @Property({ type: 'double', nullable: true })
  popularity: number | null = null;

  @Property({ type: ArrayType, columnType: 'text[]', default: [] })
  genres: string[] = [];

  /** Studios for films and anime, networks for series. */
  @Property({ type: ArrayType, columnType: 'text[]', default: [] })
  studios: string[] = [];

  @Property({ type: ArrayType, columnType: 'text[]', default: [] })
  tags: string[] = [];

  @Enum({ items: [...TITLE_FORMATS], nullable: true })
  format: TitleFormat | null = null;

  @Enum({ items: [...RELEASE_SEASONS], nullable: true })
  releaseSeason: ReleaseSeason | null = null;

  /** Episodes the source lists for the whole title (seasons hold their own). */
  @Property({ type: 'integer', nullable: true })
  episodeCount: number | null = null;

  @OneToMany(() => ExternalId, (x) => x.title, { orphanRemoval: true })
  externalIds = new Collection<ExternalId>(this);

  @OneToMany(() => Credit, (c) => c.title, { orphanRemoval: true })
  credits = new Collection<Credit>(this);

  @OneToMany(() => Artwork, (a) => a.title, { orphanRemoval: true })
  artwork = new Collection<Artwork>(this);

  @OneToMany(() => Season, (s) => s.title, { orphanRemoval: true })
  seasons = new Collection<Season>(this);

  /** Who set each field, and when. */
  @Property({ type: 'jsonb', defaultRaw: `'{}'::jsonb` })
  provenance: Partial<Record<TitleField, FieldProvenance>> = {};

  /** Fields automated sources must never change. */
  @Property({ type: ArrayType, columnType: 'text[]', default: [] })
  locks: TitleField[] = [];

  /** Set while the title is in the recycle bin. */
  @Property({ type: 'timestamptz', nullable: true })
  @Index()
  deletedAt: Date | null = null;

  @Property({ version: true })
  version!: number;

  @Property({ type: 'timestamptz' })
  createdAt: Date = new Date();

  @Property({ type: 'timestamptz', onUpdate: () => new Date() })
  updatedAt: Date = new Date();

  toState(): TitleState {
    return {
      id: this.id,
      kind: this.kind,
      name: this.name,
      originalTitle: this.originalTitle,
      synonyms: [...this.synonyms],
      year: this.year,
      overview: this.overview,
      runtime: this.runtime,
      status: this.status,
      rating: this.rating,
      votes: this.votes,
      popularity: this.popularity,
      genres: [...this.genres],
      studios: [...this.studios],
      tags: [...this.tags],
      format: this.format,
      releaseSeason: this.releaseSeason,
      episodeCount: this.episodeCount,
      externalIds: this.externalIds
        .getItems()
        .map((x) => ({ provider: x.provider, value: x.value }))
        .sort(byExternalId),
      credits: this.credits
        .getItems()
        .map((c) => c.toState())
        .sort((a, b) => a.order - b.order || (a.personId < b.personId ? -1 : 1)),
      artwork: this.artwork
        .getItems()
        .map((a) => a.toState())
        .sort(byArtwork),
      seasons: this.seasons
        .getItems()
        .map((s) => ({ id: s.id, number: s.number, name: s.name, episodeCount: s.episodes.isInitialized() ? s.episodes.count() : 0 }))
        .sort((a, b) => a.number - b.number),
      provenance: { ...this.provenance },
      locks: [...this.locks],
      deletedAt: this.deletedAt?.toISOString() ?? null,
      createdAt: this.createdAt.toISOString(),
      updatedAt: this.updatedAt.toISOString(),
    };
  }
}
