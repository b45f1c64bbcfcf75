import { Field, Float, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { DateTimeISOResolver } from 'graphql-scalars';
import {
  HISTORY_SOURCES,
  LIBRARY_STATUSES,
  LIST_VISIBILITIES,
  type HistorySource as HistorySourceName,
  type LibraryStatus as LibraryStatusName,
  type ListVisibility as ListVisibilityName,
} from '@marquee/read-models';
import { connectionType } from './library.type.js';
import { TitleKind } from './title.type.js';

const enumOf = <T extends string>(values: readonly T[]) => Object.fromEntries(values.map((v) => [v, v])) as { [K in T]: K };

export const LibraryStatus = enumOf(LIBRARY_STATUSES);
registerEnumType(LibraryStatus, { name: 'LibraryStatus', description: "Where a title is in a user's library" });
export const HistorySource = enumOf(HISTORY_SOURCES);
registerEnumType(HistorySource, { name: 'HistorySource', description: 'What recorded a watch: the user, playback past the end, an NFO file or an import' });
export const ListVisibility = enumOf(LIST_VISIBILITIES);
registerEnumType(ListVisibility, { name: 'ListVisibility', description: 'PRIVATE: the owner only; UNLISTED: anyone with the link; PUBLIC: listed for everyone' });

@ObjectType('PlaybackProgress', { simpleResolvers: true, description: 'Where playback of a movie (no season/episode) or an episode stands' })
export class PlaybackProgressType {
  @Field(() => Int, { nullable: true })
  seasonNumber!: number | null;
  @Field(() => Int, { nullable: true })
  episodeNumber!: number | null;
  @Field(() => Float, { description: 'Seconds' })
  position!: number;
  @Field(() => Float, { description: 'Seconds' })
  duration!: number;
  @Field(() => DateTimeISOResolver, { description: 'When the device recorded it; the newest wins' })
  updatedAt!: string;
}

@ObjectType('HistoryEntry', { simpleResolvers: true, description: 'One watch of a movie or an episode' })
export class HistoryEntryType {
  @Field(() => ID)
  id!: string;
  @Field(() => Int, { nullable: true })
  seasonNumber!: number | null;
  @Field(() => Int, { nullable: true })
  episodeNumber!: number | null;
  @Field(() => DateTimeISOResolver)
  watchedAt!: string;
  @Field(() => HistorySource)
  source!: HistorySourceName;
}

@ObjectType('UserTitleState', { description: "The signed-in user's state about a title: library status, favourite, rating, notes, progress, history" })
export class UserTitleStateType {
  @Field(() => ID)
  titleId!: string;
  @Field(() => LibraryStatus, { nullable: true })
  status!: LibraryStatusName | null;
  @Field(() => DateTimeISOResolver, { nullable: true })
  statusAt!: string | null;
  @Field()
  favourite!: boolean;
  @Field(() => Int, { nullable: true, description: '1–10' })
  rating!: number | null;
  @Field(() => DateTimeISOResolver, { nullable: true })
  ratingAt!: string | null;
  @Field(() => String, { nullable: true, description: 'Private notes' })
  notes!: string | null;
  @Field(() => [PlaybackProgressType], { description: 'Per movie or episode, in season/episode order' })
  progress!: PlaybackProgressType[];
  @Field(() => [HistoryEntryType], { description: 'Newest first' })
  history!: HistoryEntryType[];
  @Field(() => DateTimeISOResolver)
  updatedAt!: string;
  @Field(() => Int)
  version!: number;
}

export const UserTitleStateConnectionType = connectionType('UserTitleState', UserTitleStateType);
export type UserTitleStateConnectionType = InstanceType<typeof UserTitleStateConnectionType>;

@ObjectType('WatchHistoryItem', { description: 'A watch with the title it belongs to' })
export class WatchHistoryItemType {
  @Field(() => HistoryEntryType)
  entry!: HistoryEntryType;
  @Field(() => ID)
  titleId!: string;
}

export const WatchHistoryConnectionType = connectionType('WatchHistoryItem', WatchHistoryItemType);
export type WatchHistoryConnectionType = InstanceType<typeof WatchHistoryConnectionType>;

@ObjectType('UpNextItem', { description: 'The next episode of a series the user is following' })
export class UpNextItemType {
  @Field(() => ID)
  titleId!: string;
  @Field(() => Int)
  seasonNumber!: number;
  @Field(() => Int)
  episodeNumber!: number;
  @Field(() => String, { nullable: true })
  episodeName!: string | null;
}

@ObjectType('ListSection', { simpleResolvers: true })
export class ListSectionType {
  @Field(() => ID)
  id!: string;
  @Field()
  name!: string;
}

@ObjectType('ListEntry', { description: 'A title in a list, with its note' })
export class ListEntryType {
  @Field(() => ID)
  id!: string;
  @Field(() => ID)
  titleId!: string;
  @Field(() => ID, { nullable: true, description: 'Null: before the first section' })
  sectionId!: string | null;
  @Field(() => String, { nullable: true })
  note!: string | null;
}

@ObjectType('UserList', { description: 'One of your lists (the owner view)' })
export class UserListType {
  @Field(() => ID)
  id!: string;
  @Field()
  name!: string;
  @Field(() => String, { nullable: true })
  description!: string | null;
  @Field(() => ListVisibility)
  visibility!: ListVisibilityName;
  @Field({ description: 'The public address is /l/<slug> (unlisted and public lists)' })
  slug!: string;
  @Field(() => [ListSectionType], { description: 'In order' })
  sections!: ListSectionType[];
  @Field(() => [ListEntryType], { description: 'In list order, grouped by section' })
  entries!: ListEntryType[];
  @Field(() => String, { nullable: true, description: 'The slug of the list this one duplicates' })
  forkedFromSlug!: string | null;
  @Field(() => DateTimeISOResolver)
  updatedAt!: string;
  @Field(() => Int, { description: 'Send as expectedVersion to refuse edits over a newer version (CONFLICT)' })
  version!: number;
}

@ObjectType('PublicListTitle', { simpleResolvers: true, description: 'What a shared list shows of a title' })
export class PublicListTitleType {
  @Field(() => ID)
  id!: string;
  @Field()
  name!: string;
  @Field(() => TitleKind)
  kind!: string;
  @Field(() => Int, { nullable: true })
  year!: number | null;
  @Field(() => String, { nullable: true })
  overview!: string | null;
  @Field(() => String, { nullable: true, description: 'The selected poster' })
  posterUrl!: string | null;
}

@ObjectType('PublicListEntry')
export class PublicListEntryType {
  @Field(() => ID)
  id!: string;
  @Field(() => ID, { nullable: true })
  sectionId!: string | null;
  @Field(() => String, { nullable: true })
  note!: string | null;
  /** Filled by a field resolver. */
  titleId!: string;
}

@ObjectType('PublicList', { description: 'An unlisted or public list as anyone with its link sees it: no ids of its owner, only a display name' })
export class PublicListType {
  @Field()
  slug!: string;
  @Field()
  name!: string;
  @Field(() => String, { nullable: true })
  description!: string | null;
  @Field()
  ownerName!: string;
  @Field(() => ListVisibility)
  visibility!: ListVisibilityName;
  @Field(() => [ListSectionType])
  sections!: ListSectionType[];
  @Field(() => [PublicListEntryType])
  entries!: PublicListEntryType[];
  @Field(() => DateTimeISOResolver)
  updatedAt!: string;
}

export const PublicListConnectionType = connectionType('PublicList', PublicListType);
export type PublicListConnectionType = InstanceType<typeof PublicListConnectionType>;
