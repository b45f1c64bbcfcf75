import { Field, Float, ID, InputType, Int } from 'type-graphql';
import type { ReleaseSeason as ReleaseSeasonName, TitleFileFilter, TitleFormat as TitleFormatName, TitleKind as TitleKindName, TitleStatus as TitleStatusName } from '@marquee/read-models';
import { ReleaseSeason, TitleFilesFilter, TitleFormat, TitleKind, TitleStatus } from '../types/title.type.js';
import { ImportSource, type ImportSourceName } from '../types/import.type.js';
import { ArtworkInput, ExternalIdInput } from './season.input.js';

/** The editable fields, shared by every input that sets them. Absent: unchanged; null: cleared. */
@InputType()
abstract class TitleFieldsInput {
  @Field(() => String, { nullable: true })
  originalTitle?: string | null;

  @Field(() => [String], { nullable: true })
  synonyms?: string[] | null;

  @Field(() => Int, { nullable: true })
  year?: number | null;

  @Field(() => String, { nullable: true })
  overview?: string | null;

  @Field(() => Int, { nullable: true, description: 'Minutes' })
  runtime?: number | null;

  @Field(() => TitleStatus, { nullable: true })
  status?: TitleStatusName | null;

  @Field(() => Float, { nullable: true, description: '0 to 10' })
  rating?: number | null;

  @Field(() => Int, { nullable: true })
  votes?: number | null;

  @Field(() => Float, { nullable: true })
  popularity?: number | null;

  @Field(() => [String], { nullable: true })
  genres?: string[] | null;

  @Field(() => [String], { nullable: true, description: 'Studios for films and anime, networks for series' })
  studios?: string[] | null;

  @Field(() => [String], { nullable: true })
  tags?: string[] | null;

  @Field(() => TitleFormat, { nullable: true })
  format?: TitleFormatName | null;

  @Field(() => ReleaseSeason, { nullable: true, description: 'The broadcast season it premiered in (with year)' })
  releaseSeason?: ReleaseSeasonName | null;

  @Field(() => Int, { nullable: true, description: 'Episodes the source lists for the whole title' })
  episodeCount?: number | null;
}

@InputType('CreateTitleInput')
export class CreateTitleInput extends TitleFieldsInput {
  @Field(() => TitleKind)
  kind!: TitleKindName;

  @Field()
  name!: string;
}

@InputType('UpdateTitleInput', { description: 'A partial edit: give only the fields to change; null clears a field' })
export class UpdateTitleInput extends TitleFieldsInput {
  @Field(() => ID)
  id!: string;

  @Field(() => Int, { description: 'The version you read; a stale one is refused with CONFLICT' })
  expectedVersion!: number;

  @Field(() => Boolean, { defaultValue: true, description: 'Lock the changed fields against automated updates' })
  lock!: boolean;

  @Field(() => TitleKind, { nullable: true })
  kind?: TitleKindName;

  @Field(() => String, { nullable: true })
  name?: string;
}

@InputType('ImportTitleInput', { description: 'One title from an outside catalog, keyed by its source' })
export class ImportTitleInput extends TitleFieldsInput {
  @Field({ description: 'Provider name, e.g. tmdb, anidb, marquee' })
  provider!: string;

  @Field({ description: "The provider's id for the title" })
  externalId!: string;

  @Field(() => TitleKind)
  kind!: TitleKindName;

  @Field()
  name!: string;

  @Field(() => [ExternalIdInput], { nullable: true, description: "The title's ids at other providers (mal, anilist, imdb…); a new source whose id a title already has merges into it" })
  externalIds?: ExternalIdInput[] | null;

  @Field(() => [ArtworkInput], { nullable: true, description: 'Artwork candidates to add' })
  artwork?: ArtworkInput[] | null;

  @Field(() => [ExternalIdInput], { nullable: true, description: "Related entries (sequels, side stories) by their provider ids; kept with the source's provenance" })
  related?: ExternalIdInput[] | null;
}

@InputType('ImportScheduleInput', { description: 'A recurring catalog import the worker runs with the parser' })
export class ImportScheduleInput {
  @Field({ description: 'Lower-case name; scheduling a name again replaces it' })
  name!: string;

  @Field({ description: 'Cron expression, e.g. "0 4 * * *"' })
  cron!: string;

  @Field(() => String, { nullable: true, description: 'IANA time zone of the cron expression (default UTC)' })
  timezone?: string | null;

  @Field(() => ImportSource)
  source!: ImportSourceName;

  @Field({ description: 'File path or URL the worker reads (tmdb: API base URL, empty for the default)' })
  location!: string;

  @Field(() => Int, { nullable: true })
  batchSize?: number | null;

  @Field(() => Int, { nullable: true })
  concurrency?: number | null;

  @Field(() => Int, { nullable: true })
  requestsPerSecond?: number | null;
}

@InputType('TitleFilterInput')
export class TitleFilterInput {
  @Field(() => [TitleKind], { nullable: true, description: 'Any of these kinds' })
  kinds?: TitleKindName[] | null;

  @Field(() => [String], { nullable: true, description: 'Any of these genres (case and accents ignored)' })
  genres?: string[] | null;

  @Field(() => Int, { nullable: true })
  yearFrom?: number | null;

  @Field(() => Int, { nullable: true })
  yearTo?: number | null;

  @Field(() => TitleFilesFilter, { nullable: true, description: 'Titles with files on disk, without, or with files gone missing' })
  files?: TitleFileFilter | null;
}
