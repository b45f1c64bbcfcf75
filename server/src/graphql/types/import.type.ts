import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import type { TitleField as TitleFieldName } from '@marquee/read-models';
import { TitleField } from './title.type.js';

export enum ImportOutcome {
  CREATED = 'CREATED',
  UPDATED = 'UPDATED',
  UNCHANGED = 'UNCHANGED',
  FAILED = 'FAILED',
}
registerEnumType(ImportOutcome, { name: 'ImportOutcome' });

/** GraphQL names of the parser's sources (enum values cannot hold dashes). */
export enum ImportSource {
  ANIME_OFFLINE_DATABASE = 'anime-offline-database',
  TMDB = 'tmdb',
  MARQUEE = 'marquee',
}
registerEnumType(ImportSource, { name: 'ImportSource', description: 'Catalogs the parser imports' });
export type ImportSourceName = `${ImportSource}`;

@ObjectType('ImportSchedule', { simpleResolvers: true })
export class ImportScheduleType {
  @Field()
  name!: string;

  @Field()
  cron!: string;

  @Field()
  timezone!: string;

  @Field(() => ImportSource)
  source!: ImportSourceName;

  @Field()
  location!: string;

  @Field(() => Int, { nullable: true })
  batchSize!: number | null;

  @Field(() => Int, { nullable: true })
  concurrency!: number | null;

  @Field(() => Int, { nullable: true })
  requestsPerSecond!: number | null;
}

@ObjectType('ImportItemError', { simpleResolvers: true })
export class ImportItemErrorType {
  @Field()
  code!: string;

  @Field(() => String, { nullable: true })
  field!: string | null;

  @Field()
  message!: string;
}

@ObjectType('ImportItemResult', { simpleResolvers: true, description: 'What happened to one item of an import batch' })
export class ImportItemResultType {
  @Field(() => Int)
  index!: number;

  @Field(() => ImportOutcome)
  outcome!: ImportOutcome;

  @Field(() => ID, { nullable: true })
  titleId!: string | null;

  @Field(() => [TitleField], { description: 'Fields the import would have changed but the user had locked' })
  protectedFields!: TitleFieldName[];

  @Field(() => ImportItemErrorType, { nullable: true })
  error!: ImportItemErrorType | null;
}
