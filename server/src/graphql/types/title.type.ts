import { Field, Float, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { DateTimeISOResolver } from 'graphql-scalars';
import {
  ARTWORK_KINDS,
  FIELD_SOURCES,
  TITLE_SORTS,
  type ArtworkKind as ArtworkKindName,
  type CreditState,
  type TitleSort as TitleSortName,
  TITLE_FIELDS,
  TITLE_FILE_FILTERS,
  TITLE_KINDS,
  type TitleFileFilter,
  TITLE_STATUSES,
  TITLE_FORMATS,
  RELEASE_SEASONS,
  type ReleaseSeason as ReleaseSeasonName,
  type TitleFormat as TitleFormatName,
  type FieldSource as FieldSourceName,
  type TitleField as TitleFieldName,
  type TitleKind as TitleKindName,
  type TitleStatus as TitleStatusName,
} from '@marquee/read-models';

const upper = (s: string) => s.replace(/([a-z])([A-Z])/g, '$1_$2').toUpperCase();

export const TitleKind = Object.fromEntries(TITLE_KINDS.map((k) => [k, k])) as { [K in TitleKindName]: K };
registerEnumType(TitleKind, { name: 'TitleKind', description: 'What kind of work a title is' });

export const TitleFilesFilter = Object.fromEntries(TITLE_FILE_FILTERS.map((k) => [k, k])) as { [K in TitleFileFilter]: K };
registerEnumType(TitleFilesFilter, {
  name: 'TitleFilesFilter',
  description: 'Titles by their files',
  valuesConfig: {
    WITH_FILES: { description: 'At least one file on disk' },
    WITHOUT_FILES: { description: 'No file on disk: never had one, or every file went missing' },
    MISSING_FILES: { description: 'At least one file gone from disk (restorable)' },
  },
});

export const TitleStatus = Object.fromEntries(TITLE_STATUSES.map((k) => [k, k])) as { [K in TitleStatusName]: K };
registerEnumType(TitleStatus, { name: 'TitleStatus', description: 'Release or production status' });

export const TitleFormat = Object.fromEntries(TITLE_FORMATS.map((k) => [k, k])) as { [K in TitleFormatName]: K };
registerEnumType(TitleFormat, { name: 'TitleFormat', description: 'How a work was released: TV series, film, OVA, ONA or special' });

export const ReleaseSeason = Object.fromEntries(RELEASE_SEASONS.map((k) => [k, k])) as { [K in ReleaseSeasonName]: K };
registerEnumType(ReleaseSeason, { name: 'ReleaseSeason', description: 'The broadcast season a title premiered in' });

/** GraphQL names (NAME, ORIGINAL_TITLE, …) for the editable fields (name, originalTitle, …). */
export const TitleField = Object.fromEntries(TITLE_FIELDS.map((f) => [upper(f), f])) as Record<string, TitleFieldName>;
registerEnumType(TitleField, { name: 'TitleField', description: 'An editable, lockable field of a title' });

export const TitleSort = Object.fromEntries(Object.keys(TITLE_SORTS).map((k) => [k, k])) as Record<TitleSortName, TitleSortName>;
registerEnumType(TitleSort, { name: 'TitleSort' });

export const FieldSource = Object.fromEntries(FIELD_SOURCES.map((f) => [f.toUpperCase(), f])) as Record<string, FieldSourceName>;
registerEnumType(FieldSource, { name: 'FieldSource', description: 'Who set a field: a user, or an automated source' });

@ObjectType('ExternalId', { simpleResolvers: true, description: "A provider's id for a title" })
export class ExternalIdType {
  @Field({ description: 'tmdb, tvdb, imdb, mal, anilist, kitsu, anidb, …' })
  provider!: string;

  @Field()
  value!: string;
}

export const ArtworkKind = Object.fromEntries(ARTWORK_KINDS.map((k) => [k, k])) as { [K in ArtworkKindName]: K };
registerEnumType(ArtworkKind, { name: 'ArtworkKind' });

@ObjectType('Artwork', { simpleResolvers: true })
export class ArtworkType {
  @Field(() => ID)
  id!: string;

  @Field(() => ArtworkKind)
  kind!: ArtworkKindName;

  @Field(() => Int, { nullable: true, description: 'For SEASON_POSTER' })
  seasonNumber!: number | null;

  @Field()
  url!: string;

  @Field(() => Int, { nullable: true })
  width!: number | null;

  @Field(() => Int, { nullable: true })
  height!: number | null;

  @Field(() => String, { nullable: true, description: 'ISO 639-1; null for artwork without text' })
  language!: string | null;

  @Field(() => Float, { description: 'Higher is better' })
  score!: number;

  @Field(() => String, { nullable: true, description: 'Provider that offered it; null for a user upload' })
  provider!: string | null;

  @Field(() => Int, { nullable: true, description: "The provider's votes or likes for it" })
  votes?: number | null;

  @Field({ description: 'In use for its kind (and season)' })
  selected!: boolean;

  @Field(() => String, { nullable: true, description: 'user or auto; a user choice is never replaced automatically' })
  selectedBy!: string | null;
}

/** Who last set a field, and when: one GraphQL type per field enum (titles, seasons, episodes). */
export function provenanceType<F extends string>(name: string, fieldEnum: object) {
  @ObjectType(name, { simpleResolvers: true, description: 'Who last set a field, and when' })
  class ProvenanceType {
    @Field(() => fieldEnum)
    field!: F;

    @Field(() => FieldSource)
    source!: FieldSourceName;

    @Field(() => String, { nullable: true, description: 'Provider or catalog for automated sources, e.g. tmdb' })
    origin!: string | null;

    @Field(() => DateTimeISOResolver)
    at!: string;
  }
  return ProvenanceType;
}

export const FieldProvenanceType = provenanceType<TitleFieldName>('FieldProvenance', TitleField);
export type FieldProvenanceType = InstanceType<typeof FieldProvenanceType>;

// Read-model types use simpleResolvers: a plain field is read straight off the object, so the
// graphql-jit hot path inlines it instead of calling a per-field middleware wrapper. Fields that need
// logic (or an authorization rule) are @FieldResolver methods, which are never "simple".
@ObjectType('Title', { simpleResolvers: true, description: 'A movie, series or anime in the catalog' })
export class TitleType {
  @Field(() => ID)
  id!: string;

  @Field(() => TitleKind)
  kind!: TitleKindName;

  @Field()
  name!: string;

  @Field(() => String, { nullable: true })
  originalTitle!: string | null;

  @Field(() => [String], { description: 'Other names: translations, romanizations, abbreviations' })
  synonyms!: string[];

  @Field(() => Int, { nullable: true })
  year!: number | null;

  @Field(() => String, { nullable: true })
  overview!: string | null;

  @Field(() => Int, { nullable: true, description: 'Minutes' })
  runtime!: number | null;

  @Field(() => TitleStatus, { nullable: true })
  status!: TitleStatusName | null;

  @Field(() => Float, { nullable: true, description: '0 to 10' })
  rating!: number | null;

  @Field(() => Int, { nullable: true })
  votes!: number | null;

  @Field(() => Float, { nullable: true })
  popularity!: number | null;

  @Field(() => [String])
  genres!: string[];

  @Field(() => [String], { description: 'Studios for films and anime, networks for series' })
  studios!: string[];

  @Field(() => [String])
  tags!: string[];

  @Field(() => TitleFormat, { nullable: true })
  format!: TitleFormatName | null;

  @Field(() => ReleaseSeason, { nullable: true, description: 'The broadcast season it premiered in (with year)' })
  releaseSeason!: ReleaseSeasonName | null;

  @Field(() => Int, { nullable: true, description: 'Episodes the source lists for the whole title' })
  episodeCount!: number | null;

  @Field(() => [ExternalIdType])
  externalIds!: ExternalIdType[];

  /** Cast and crew; the `credits` field resolves people from their documents. */
  creditItems!: CreditState[];

  /** Every artwork candidate; the `artwork` field filters them. */
  artworkItems!: ArtworkType[];

  /** Season ids in number order; the `seasons` field resolves them from their documents. */
  seasonIds!: string[];

  /** Field locks as stored; the `lockedFields` field returns them. */
  locks!: TitleFieldName[];

  /** Provenance as stored; the `provenance` field lists it only when asked for. */
  provenanceMap!: Partial<Record<TitleFieldName, { source: string; origin: string | null; at: string }>>;

  @Field(() => DateTimeISOResolver, { nullable: true, description: 'Set while the title is in the recycle bin' })
  deletedAt!: string | null;

  @Field(() => Int, { description: 'Aggregate version; increases with every change. Pass it back as expectedVersion' })
  version!: number;

  @Field(() => DateTimeISOResolver)
  createdAt!: string;

  @Field(() => DateTimeISOResolver)
  updatedAt!: string;
}

/**
 * A title as field resolvers take it (`@Root() title: TitleRoot`). Not a class, so type-graphql
 * hands the object over as it is: titles read from Redis are views whose prototype is the shared
 * read-model document (see `fromDoc`), and converting them would copy only their own fields.
 */
export type TitleRoot = Pick<TitleType, keyof TitleType>;

@ObjectType('PageInfo', { simpleResolvers: true })
export class PageInfoType {
  @Field()
  hasNextPage!: boolean;

  @Field({ description: 'With first/after: whether a cursor was given (items may precede it)' })
  hasPreviousPage!: boolean;

  @Field(() => String, { nullable: true })
  startCursor!: string | null;

  @Field(() => String, { nullable: true })
  endCursor!: string | null;
}

@ObjectType('TitleEdge', { simpleResolvers: true })
export class TitleEdgeType {
  @Field()
  cursor!: string;

  @Field(() => TitleType)
  node!: TitleType;
}

@ObjectType('TitleConnection', { simpleResolvers: true })
export class TitleConnectionType {
  @Field(() => [TitleEdgeType])
  edges!: TitleEdgeType[];

  @Field(() => PageInfoType)
  pageInfo!: PageInfoType;

  @Field(() => Int)
  totalCount!: number;
}

@ObjectType('TitleChange', { simpleResolvers: true, description: 'A title read model was written' })
export class TitleChangeType {
  @Field(() => ID)
  id!: string;

  @Field(() => Int)
  version!: number;

  @Field()
  deleted!: boolean;
}

@ObjectType('KindCount', { simpleResolvers: true })
export class KindCountType {
  @Field(() => TitleKind)
  kind!: TitleKindName;

  @Field(() => Int)
  count!: number;
}

@ObjectType('DecadeCount', { simpleResolvers: true })
export class DecadeCountType {
  @Field(() => Int, { description: 'First year of the decade, e.g. 1990' })
  decade!: number;

  @Field(() => Int)
  count!: number;
}

@ObjectType('TitleFacets', { simpleResolvers: true })
export class TitleFacetsType {
  @Field(() => [KindCountType], { description: 'Per kind, ignoring the filter on kinds' })
  kinds!: KindCountType[];

  @Field(() => [DecadeCountType], { description: 'Decades with titles, ignoring the filter on years' })
  decades!: DecadeCountType[];
}
