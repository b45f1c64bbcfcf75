import { Field, Float, InputType, Int } from 'type-graphql';
import type { ArtworkKind as ArtworkKindName } from '@marquee/read-models';
import { ArtworkKind } from '../types/title.type.js';

@InputType('EpisodeInput', { description: 'An episode by number; absent fields stay as they are, null clears' })
export class EpisodeInput {
  @Field(() => Int)
  number!: number;

  @Field(() => Int, { nullable: true })
  absoluteNumber?: number | null;

  @Field(() => String, { nullable: true })
  name?: string | null;

  @Field(() => String, { nullable: true })
  overview?: string | null;

  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD' })
  airDate?: string | null;

  @Field(() => Int, { nullable: true })
  runtime?: number | null;
}

@InputType('SeasonInput', { description: 'A season by number, with any episodes to create or update' })
export class SeasonInput {
  @Field(() => Int, { description: '0 holds specials' })
  number!: number;

  @Field(() => String, { nullable: true })
  name?: string | null;

  @Field(() => String, { nullable: true })
  overview?: string | null;

  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD' })
  airDate?: string | null;

  @Field(() => [EpisodeInput], { nullable: true })
  episodes?: EpisodeInput[] | null;
}

@InputType('ExternalIdInput')
export class ExternalIdInput {
  @Field()
  provider!: string;

  @Field()
  value!: string;
}

@InputType('ArtworkInput', { description: 'An artwork candidate; known ones (same kind, season and URL) are updated' })
export class ArtworkInput {
  @Field(() => ArtworkKind)
  kind!: ArtworkKindName;

  @Field(() => Int, { nullable: true, description: 'Required for SEASON_POSTER' })
  seasonNumber?: number | null;

  @Field()
  url!: string;

  @Field(() => Int, { nullable: true })
  width?: number | null;

  @Field(() => Int, { nullable: true })
  height?: number | null;

  @Field(() => String, { nullable: true })
  language?: string | null;

  @Field(() => Float, { nullable: true })
  score?: number | null;

  @Field(() => String, { nullable: true })
  provider?: string | null;
}
