import { Field, ID, ObjectType } from 'type-graphql';

@ObjectType('DeletedIntegration')
export class DeletedType {
  @Field(() => ID) id!: string;
}
