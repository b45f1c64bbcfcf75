import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { CREDIT_ROLES, type CreditRole as CreditRoleName } from '@marquee/read-models';
import { TitleType } from './title.type.js';

export const CreditRole = Object.fromEntries(CREDIT_ROLES.map((r) => [r, r])) as { [K in CreditRoleName]: K };
registerEnumType(CreditRole, { name: 'CreditRole' });

@ObjectType('Person', { simpleResolvers: true })
export class PersonType {
  @Field(() => ID)
  id!: string;

  @Field()
  name!: string;

  @Field(() => String, { nullable: true })
  originalName!: string | null;

  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD' })
  birthDate!: string | null;

  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD' })
  deathDate!: string | null;

  @Field(() => String, { nullable: true })
  biography!: string | null;

  @Field(() => Int)
  version!: number;
}

@ObjectType('Credit', { simpleResolvers: true, description: "A person's part in a title" })
export class CreditType {
  /** Resolved from the person's document by the `person` field. */
  personId!: string;

  @Field(() => CreditRole)
  role!: CreditRoleName;

  @Field(() => String, { nullable: true })
  character!: string | null;

  @Field(() => Int)
  order!: number;
}

@ObjectType('FilmographyEntry', { simpleResolvers: true })
export class FilmographyEntryType {
  @Field(() => TitleType)
  title!: TitleType;

  @Field(() => CreditRole)
  role!: CreditRoleName;

  @Field(() => String, { nullable: true })
  character!: string | null;
}
