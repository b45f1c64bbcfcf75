import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { EPISODE_FIELDS, SEASON_FIELDS, type EpisodeField as EpisodeFieldName, type SeasonField as SeasonFieldName } from '@marquee/read-models';
import { provenanceType } from './title.type.js';

const upper = (s: string) => s.replace(/([a-z])([A-Z])/g, '$1_$2').toUpperCase();

export const SeasonField = Object.fromEntries(SEASON_FIELDS.map((f) => [upper(f), f])) as Record<string, SeasonFieldName>;
registerEnumType(SeasonField, { name: 'SeasonField', description: 'An editable, lockable field of a season' });
export const EpisodeField = Object.fromEntries(EPISODE_FIELDS.map((f) => [upper(f), f])) as Record<string, EpisodeFieldName>;
registerEnumType(EpisodeField, { name: 'EpisodeField', description: 'An editable, lockable field of an episode' });

export const SeasonFieldProvenanceType = provenanceType<SeasonFieldName>('SeasonFieldProvenance', SeasonField);
export type SeasonFieldProvenanceType = InstanceType<typeof SeasonFieldProvenanceType>;
export const EpisodeFieldProvenanceType = provenanceType<EpisodeFieldName>('EpisodeFieldProvenance', EpisodeField);
export type EpisodeFieldProvenanceType = InstanceType<typeof EpisodeFieldProvenanceType>;

@ObjectType('Episode', { simpleResolvers: true })
export class EpisodeType {
  @Field(() => ID)
  id!: string;

  @Field(() => Int)
  number!: number;

  @Field(() => Int, { nullable: true, description: 'Number across all seasons, for anime' })
  absoluteNumber!: number | null;

  @Field(() => String, { nullable: true })
  name!: string | null;

  @Field(() => String, { nullable: true })
  overview!: string | null;

  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD' })
  airDate!: string | null;

  @Field(() => Int, { nullable: true, description: 'Minutes' })
  runtime!: number | null;

  @Field(() => [EpisodeField])
  lockedFields!: EpisodeFieldName[];

  @Field(() => [EpisodeFieldProvenanceType])
  provenance!: EpisodeFieldProvenanceType[];
}

@ObjectType('Season', { simpleResolvers: true })
export class SeasonType {
  @Field(() => ID)
  id!: string;

  @Field(() => ID)
  titleId!: string;

  @Field(() => Int, { description: '0 holds specials' })
  number!: number;

  @Field(() => String, { nullable: true })
  name!: string | null;

  @Field(() => String, { nullable: true })
  overview!: string | null;

  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD' })
  airDate!: string | null;

  @Field(() => Int)
  episodeCount!: number;

  @Field(() => [EpisodeType], { description: 'In number order' })
  episodes!: EpisodeType[];

  @Field(() => [SeasonField])
  lockedFields!: SeasonFieldName[];

  @Field(() => [SeasonFieldProvenanceType])
  provenance!: SeasonFieldProvenanceType[];
}
