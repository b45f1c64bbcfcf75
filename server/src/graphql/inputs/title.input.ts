import { Field, InputType, Int } from 'type-graphql';
import type { TitleKind as TitleKindName } from '@marquee/read-models';
import { TitleKind } from '../types/title.type.js';

@InputType('CreateTitleInput')
export class CreateTitleInput {
  @Field(() => TitleKind)
  kind!: TitleKindName;

  @Field()
  name!: string;

  @Field(() => Int, { nullable: true })
  year?: number | null;
}

@InputType('ImportTitleInput', { description: 'One title from an outside catalog, keyed by its source' })
export class ImportTitleInput {
  @Field({ description: 'Provider name, e.g. tmdb, anidb, marquee' })
  provider!: string;

  @Field({ description: "The provider's id for the title" })
  externalId!: string;

  @Field(() => TitleKind)
  kind!: TitleKindName;

  @Field()
  name!: string;

  @Field(() => Int, { nullable: true })
  year?: number | null;
}
