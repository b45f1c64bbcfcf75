import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { DateTimeISOResolver } from 'graphql-scalars';
import { TITLE_KINDS, type TitleKind as TitleKindName } from '@marquee/read-models';

export const TitleKind = Object.fromEntries(TITLE_KINDS.map((k) => [k, k])) as { [K in TitleKindName]: K };
registerEnumType(TitleKind, { name: 'TitleKind', description: 'What kind of work a title is' });

@ObjectType('Title', { description: 'A movie, series or anime in the catalog' })
export class TitleType {
  @Field(() => ID)
  id!: string;

  @Field(() => TitleKind)
  kind!: TitleKindName;

  @Field()
  name!: string;

  @Field(() => Int, { nullable: true })
  year!: number | null;

  @Field(() => Int, { description: 'Aggregate version; increases with every change' })
  version!: number;

  @Field(() => DateTimeISOResolver)
  createdAt!: string;

  @Field(() => DateTimeISOResolver)
  updatedAt!: string;
}

@ObjectType('PageInfo')
export class PageInfoType {
  @Field()
  hasNextPage!: boolean;

  @Field(() => String, { nullable: true })
  endCursor!: string | null;
}

@ObjectType('TitleEdge')
export class TitleEdgeType {
  @Field()
  cursor!: string;

  @Field(() => TitleType)
  node!: TitleType;
}

@ObjectType('TitleConnection')
export class TitleConnectionType {
  @Field(() => [TitleEdgeType])
  edges!: TitleEdgeType[];

  @Field(() => PageInfoType)
  pageInfo!: PageInfoType;

  @Field(() => Int)
  totalCount!: number;
}

@ObjectType('TitleChange', { description: 'A title read model was written' })
export class TitleChangeType {
  @Field(() => ID)
  id!: string;

  @Field(() => Int)
  version!: number;

  @Field()
  deleted!: boolean;
}
