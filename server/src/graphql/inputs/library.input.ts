import { Field, InputType, Int } from 'type-graphql';
import { LibraryKind, PHASE_ENUM } from '../types/library.type.js';

@InputType('PathMappingInput')
export class PathMappingInput {
  @Field({ description: 'A path prefix as Marquee sees it' })
  from!: string;

  @Field({ description: 'The same place as a media player or *arr host sees it' })
  to!: string;
}

@InputType('CreateLibraryInput')
export class CreateLibraryInput {
  @Field()
  name!: string;

  @Field({ description: 'Absolute path of an existing, readable directory that does not overlap another library' })
  rootPath!: string;

  @Field(() => LibraryKind)
  kind!: string;

  @Field(() => [PHASE_ENUM], { nullable: true, description: 'Phases after scanning to run (default: none)' })
  phases?: string[] | null;

  @Field(() => String, { nullable: true, description: 'Cron expression for scheduled scans, e.g. "0 4 * * *"' })
  scanSchedule?: string | null;

  @Field(() => [PathMappingInput], { nullable: true })
  pathMappings?: PathMappingInput[] | null;
}

@InputType('UpdateLibraryInput', { description: 'Fields left out stay as they are; scanSchedule null clears it' })
export class UpdateLibraryInput {
  @Field(() => String, { nullable: true })
  name?: string | null;

  @Field(() => String, { nullable: true })
  rootPath?: string | null;

  @Field(() => LibraryKind, { nullable: true })
  kind?: string | null;

  @Field(() => [PHASE_ENUM], { nullable: true })
  phases?: string[] | null;

  @Field(() => String, { nullable: true })
  scanSchedule?: string | null;

  @Field(() => [PathMappingInput], { nullable: true })
  pathMappings?: PathMappingInput[] | null;
}

@InputType('MatchFileInput')
export class MatchFileInput {
  @Field(() => Int, { nullable: true, description: 'For series: the season (default: from the file name)' })
  seasonNumber?: number | null;

  @Field(() => [Int], { nullable: true, description: 'For series: the episodes (default: from the file name)' })
  episodeNumbers?: number[] | null;
}
