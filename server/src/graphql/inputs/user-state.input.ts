import { Field, Float, ID, InputType, Int } from 'type-graphql';
import { DateTimeISOResolver } from 'graphql-scalars';
import type { LibraryStatus as LibraryStatusName } from '@marquee/read-models';
import { LibraryStatus, ListVisibility } from '../types/user-state.type.js';

@InputType('SetTitleStateInput', { description: 'Parts left out stay as they are; null clears status, rating or notes' })
export class SetTitleStateInput {
  @Field(() => ID)
  titleId!: string;
  @Field(() => LibraryStatus, { nullable: true })
  status?: LibraryStatusName | null;
  @Field(() => Boolean, { nullable: true })
  favourite?: boolean | null;
  @Field(() => Int, { nullable: true, description: '1–10' })
  rating?: number | null;
  @Field(() => String, { nullable: true })
  notes?: string | null;
  @Field(() => DateTimeISOResolver, { nullable: true, description: 'When the change was made on the device (default now); an older change than the stored one is ignored' })
  at?: Date | null;
}

/** A movie (no season/episode) or one episode of a title. */
@InputType()
abstract class WatchedItemInput {
  @Field(() => ID)
  titleId!: string;
  @Field(() => Int, { nullable: true })
  seasonNumber?: number | null;
  @Field(() => Int, { nullable: true })
  episodeNumber?: number | null;
}

@InputType('ReportProgressInput', { description: 'A movie (no season/episode) or an episode' })
export class ReportProgressInput extends WatchedItemInput {
  @Field(() => Float, { description: 'Seconds' })
  position!: number;
  @Field(() => Float, { description: 'Seconds' })
  duration!: number;
  @Field(() => DateTimeISOResolver, { nullable: true, description: 'When the device recorded it (default now); the newest report wins' })
  updatedAt?: Date | null;
}

@InputType('MarkWatchedInput')
export class MarkWatchedInput extends WatchedItemInput {
  @Field(() => DateTimeISOResolver, { nullable: true, description: 'Default now' })
  watchedAt?: Date | null;
}

@InputType('CreateListInput')
export class CreateListInput {
  @Field()
  name!: string;
  @Field(() => String, { nullable: true })
  description?: string | null;
  @Field(() => ListVisibility, { nullable: true, description: 'Default PRIVATE' })
  visibility?: string | null;
}

@InputType('UpdateListInput', { description: 'Fields left out stay as they are' })
export class UpdateListInput {
  @Field(() => ID)
  id!: string;
  @Field(() => Int, { nullable: true })
  expectedVersion?: number | null;
  @Field(() => String, { nullable: true })
  name?: string | null;
  @Field(() => String, { nullable: true })
  description?: string | null;
  @Field(() => ListVisibility, { nullable: true })
  visibility?: string | null;
}

/** Which list an edit is for, and the version it was made against (CONFLICT when the list moved on). */
@InputType()
class ListEditInput {
  @Field(() => ID)
  listId!: string;
  @Field(() => Int, { nullable: true })
  expectedVersion?: number | null;
}

@InputType('AddListEntryInput')
export class AddListEntryInput extends ListEditInput {
  @Field(() => ID)
  titleId!: string;
  @Field(() => ID, { nullable: true, description: 'Default: before the first section' })
  sectionId?: string | null;
  @Field(() => String, { nullable: true })
  note?: string | null;
  @Field(() => Int, { nullable: true, description: 'Position within the section (default: at its end)' })
  index?: number | null;
}

@InputType('UpdateListEntryInput')
export class UpdateListEntryInput extends ListEditInput {
  @Field(() => ID)
  entryId!: string;
  @Field(() => String, { nullable: true, description: 'null clears it' })
  note?: string | null;
}

@InputType('RemoveListEntryInput')
export class RemoveListEntryInput extends ListEditInput {
  @Field(() => ID)
  entryId!: string;
}

@InputType('AddListSectionInput')
export class AddListSectionInput extends ListEditInput {
  @Field()
  name!: string;
  @Field(() => Int, { nullable: true, description: 'Default: last' })
  index?: number | null;
}

@InputType('UpdateListSectionInput')
export class UpdateListSectionInput extends ListEditInput {
  @Field(() => ID)
  sectionId!: string;
  @Field()
  name!: string;
}

@InputType('RemoveListSectionInput', { description: "The section's entries move to the section before it" })
export class RemoveListSectionInput extends ListEditInput {
  @Field(() => ID)
  sectionId!: string;
}

@InputType('ListEntryPlacementInput')
export class ListEntryPlacementInput {
  @Field(() => ID)
  entryId!: string;
  @Field(() => ID, { nullable: true })
  sectionId?: string | null;
}

@InputType('ArrangeListInput', { description: 'The whole order at once: every section and every entry of the list, each once' })
export class ArrangeListInput extends ListEditInput {
  @Field(() => [ID])
  sectionIds!: string[];
  @Field(() => [ListEntryPlacementInput])
  entries!: ListEntryPlacementInput[];
}
