import { Field, Float, ID, InputType, Int } from 'type-graphql';
import type { TitleKind as TitleKindName, TitleStatus as TitleStatusName } from '@marquee/read-models';
import { TitleKind, TitleStatus } from '../types/title.type.js';

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
}
