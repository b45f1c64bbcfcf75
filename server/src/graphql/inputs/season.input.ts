import { Field, InputType, Int } from 'type-graphql';

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
