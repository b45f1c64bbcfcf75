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
