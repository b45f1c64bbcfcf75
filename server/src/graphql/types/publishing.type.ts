import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { RECYCLE_ENTRY_KINDS, type RecycleEntryKind as RecycleEntryKindName } from '@marquee/read-models';
import { connectionType } from './library.type.js';

export const RecycleEntryKind = Object.fromEntries(RECYCLE_ENTRY_KINDS.map((k) => [k, k])) as { [K in RecycleEntryKindName]: K };
registerEnumType(RecycleEntryKind, { name: 'RecycleEntryKind', description: 'What a recycle-bin entry holds' });

export const PublishedFileRole = { NFO: 'NFO', ARTWORK: 'ARTWORK' } as const;
registerEnumType(PublishedFileRole, { name: 'PublishedFileRole' });

@ObjectType('PublishedFile', { simpleResolvers: true, description: 'A file Marquee wrote into a library (an entry of its manifest)' })
export class PublishedFileType {
  @Field(() => ID)
  libraryId!: string;

  @Field({ description: 'Relative to the library root' })
  path!: string;

  @Field(() => PublishedFileRole)
  role!: 'NFO' | 'ARTWORK';

  @Field({ description: 'movie, tvshow, season, episode; poster, fanart, season-poster…' })
  kind!: string;

  @Field(() => String, { nullable: true, description: 'SHA-256 of what Marquee wrote' })
  sha256!: string | null;

  @Field(() => Int)
  size!: number;

  @Field(() => String, { nullable: true, description: 'Why the last publish or verify left the file alone (edited by hand…)' })
  warning!: string | null;

  @Field()
  updatedAt!: string;
}

@ObjectType('RecycledFile', { simpleResolvers: true })
export class RecycledFileType {
  @Field(() => ID)
  libraryId!: string;

  @Field({ description: 'Where the file was, relative to the library root' })
  path!: string;

  @Field(() => Int)
  size!: number;
}

@ObjectType('RecycleEntry', { simpleResolvers: true, description: 'A delete that can still be undone' })
export class RecycleEntryType {
  @Field(() => ID)
  id!: string;

  @Field(() => RecycleEntryKind)
  kind!: RecycleEntryKindName;

  @Field()
  label!: string;

  @Field(() => ID, { nullable: true })
  titleId!: string | null;

  @Field(() => ID, { nullable: true })
  libraryId!: string | null;

  @Field(() => [RecycledFileType])
  files!: RecycledFileType[];

  @Field()
  deletedAt!: string;

  @Field({ description: 'When the purge phase deletes it for good' })
  purgeAfter!: string;
}

export const RecycleEntryConnectionType = connectionType('RecycleEntry', RecycleEntryType);
export type RecycleEntryConnectionType = InstanceType<typeof RecycleEntryConnectionType>;

@ObjectType('RestoredEntry', { simpleResolvers: true })
export class RestoredEntryType {
  @Field(() => ID)
  id!: string;

  @Field(() => RecycleEntryKind)
  kind!: RecycleEntryKindName;

  @Field(() => ID, { nullable: true })
  titleId!: string | null;

  @Field(() => Int, { description: 'Files put back where they were' })
  files!: number;
}
