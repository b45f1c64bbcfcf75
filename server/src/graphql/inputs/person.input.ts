import { Field, ID, InputType, Int } from 'type-graphql';
import type { CreditRole as CreditRoleName } from '@marquee/read-models';
import { CreditRole } from '../types/person.type.js';

@InputType('PersonInput')
export class PersonInput {
  @Field()
  name!: string;

  @Field(() => String, { nullable: true })
  originalName?: string | null;

  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD' })
  birthDate?: string | null;

  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD' })
  deathDate?: string | null;

  @Field(() => String, { nullable: true })
  biography?: string | null;
}

@InputType('UpdatePersonInput', { description: 'A partial edit; a stale expectedVersion is CONFLICT' })
export class UpdatePersonInput {
  @Field(() => ID)
  id!: string;

  @Field(() => Int)
  expectedVersion!: number;

  @Field(() => String, { nullable: true })
  name?: string;

  @Field(() => String, { nullable: true })
  originalName?: string | null;

  @Field(() => String, { nullable: true })
  birthDate?: string | null;

  @Field(() => String, { nullable: true })
  deathDate?: string | null;

  @Field(() => String, { nullable: true })
  biography?: string | null;
}

@InputType('CreditInput')
export class CreditInput {
  @Field(() => ID)
  personId!: string;

  @Field(() => CreditRole)
  role!: CreditRoleName;

  @Field(() => String, { nullable: true })
  character?: string | null;

  @Field(() => Int, { nullable: true, description: 'Billing order; defaults to the position in the list' })
  order?: number | null;
}
