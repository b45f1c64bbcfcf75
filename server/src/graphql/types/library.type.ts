import { GraphQLJSONObject } from 'graphql-scalars';
import { Field, Float, ID, Int, ObjectType, registerEnumType, type ClassType } from 'type-graphql';
import { FILE_CLASSES, JOB_RUN_STATES, LIBRARY_KINDS, MATCH_METHODS, OPTIONAL_PHASES } from '@marquee/read-models';
import { PageInfoType } from './title.type.js';

const enumOf = <T extends string>(values: readonly T[]) => Object.fromEntries(values.map((v) => [v, v])) as { [K in T]: K };

export const LibraryKind = enumOf(LIBRARY_KINDS);
registerEnumType(LibraryKind, { name: 'LibraryKind' });
/** GraphQL enum values cannot contain '-': SYNC_PLAYERS stands for 'sync-players'. */
export const PHASE_ENUM = Object.fromEntries(OPTIONAL_PHASES.map((p) => [p.toUpperCase().replace('-', '_'), p])) as Record<string, string>;
registerEnumType(PHASE_ENUM, { name: 'LibraryPhase', description: 'Phases after scanning that a library can switch on or off' });
export const FileClass = enumOf(FILE_CLASSES);
registerEnumType(FileClass, { name: 'FileClass' });
export const MatchMethod = enumOf(MATCH_METHODS);
registerEnumType(MatchMethod, { name: 'MatchMethod' });
export const JobRunState = enumOf([...JOB_RUN_STATES, 'DEAD'] as const);
registerEnumType(JobRunState, { name: 'JobRunState', description: 'DEAD (as a filter): failed jobs that exhausted their retries' });

@ObjectType('PathMapping', { simpleResolvers: true })
export class PathMappingType {
  @Field({ description: 'A path prefix as Marquee sees it' })
  from!: string;

  @Field({ description: 'The same place as a media player or *arr host sees it' })
  to!: string;
}

@ObjectType('ScanSummary', { simpleResolvers: true })
export class ScanSummaryType {
  @Field()
  at!: string;

  @Field(() => Int)
  durationMs!: number;

  @Field(() => Int)
  files!: number;

  @Field(() => Int)
  added!: number;

  @Field(() => Int)
  changed!: number;

  @Field(() => Int)
  moved!: number;

  @Field(() => Int)
  missing!: number;

  @Field(() => Int)
  restored!: number;

  @Field(() => Int)
  probed!: number;

  @Field(() => Int)
  matched!: number;

  @Field(() => Int)
  unmatched!: number;
}

@ObjectType('Library', { simpleResolvers: true, description: 'A folder of media Marquee scans' })
export class LibraryType {
  @Field(() => ID)
  id!: string;

  @Field()
  name!: string;

  @Field()
  rootPath!: string;

  @Field(() => LibraryKind)
  kind!: string;

  @Field(() => [PHASE_ENUM])
  phases!: string[];

  @Field(() => String, { nullable: true, description: 'Cron expression of the scheduled scan' })
  scanSchedule!: string | null;

  @Field(() => [PathMappingType])
  pathMappings!: PathMappingType[];

  @Field(() => ScanSummaryType, { nullable: true })
  lastScan!: ScanSummaryType | null;

  @Field(() => Int)
  version!: number;

  @Field()
  createdAt!: string;

  @Field()
  updatedAt!: string;
}

@ObjectType('VideoStream', { simpleResolvers: true })
export class VideoStreamType {
  @Field(() => Int)
  index!: number;
  @Field(() => String, { nullable: true })
  codec!: string | null;
  @Field(() => String, { nullable: true })
  profile!: string | null;
  @Field(() => Int, { nullable: true })
  width!: number | null;
  @Field(() => Int, { nullable: true })
  height!: number | null;
  @Field(() => Float, { nullable: true })
  frameRate!: number | null;
  @Field(() => Int, { nullable: true })
  bitDepth!: number | null;
  @Field(() => String, { nullable: true, description: 'HDR10, HLG or DV' })
  hdr!: string | null;
  @Field(() => String, { nullable: true })
  language!: string | null;
  @Field()
  default!: boolean;
}

@ObjectType('AudioStream', { simpleResolvers: true })
export class AudioStreamType {
  @Field(() => Int)
  index!: number;
  @Field(() => String, { nullable: true })
  codec!: string | null;
  @Field(() => Int, { nullable: true })
  channels!: number | null;
  @Field(() => String, { nullable: true })
  channelLayout!: string | null;
  @Field(() => String, { nullable: true })
  language!: string | null;
  @Field(() => String, { nullable: true })
  title!: string | null;
  @Field()
  default!: boolean;
}

@ObjectType('SubtitleStream', { simpleResolvers: true })
export class SubtitleStreamType {
  @Field(() => Int)
  index!: number;
  @Field(() => String, { nullable: true })
  codec!: string | null;
  @Field(() => String, { nullable: true })
  language!: string | null;
  @Field(() => String, { nullable: true })
  title!: string | null;
  @Field()
  forced!: boolean;
  @Field()
  default!: boolean;
}

@ObjectType('MediaInfo', { simpleResolvers: true, description: 'What ffprobe found in a file' })
export class MediaInfoType {
  @Field(() => Float, { nullable: true })
  durationSeconds!: number | null;
  @Field(() => Float, { nullable: true })
  bitRate!: number | null;
  @Field(() => String, { nullable: true })
  container!: string | null;
  @Field(() => [VideoStreamType])
  video!: VideoStreamType[];
  @Field(() => [AudioStreamType])
  audio!: AudioStreamType[];
  @Field(() => [SubtitleStreamType])
  subtitles!: SubtitleStreamType[];
}

@ObjectType('SubtitleFileInfo', { simpleResolvers: true, description: 'Language and flags a subtitle file name carries' })
export class SubtitleFileInfoType {
  @Field(() => String, { nullable: true })
  language!: string | null;
  @Field()
  forced!: boolean;
  @Field({ description: 'For the deaf and hard of hearing' })
  sdh!: boolean;
}

@ObjectType('ParsedName', { simpleResolvers: true, description: 'What a file name (and its folders) says' })
export class ParsedNameType {
  @Field({ description: 'movie or episode' })
  kind!: string;
  @Field(() => String, { nullable: true })
  title!: string | null;
  @Field(() => Int, { nullable: true })
  year!: number | null;
  @Field(() => Int, { nullable: true })
  season!: number | null;
  @Field(() => [Int])
  episodes!: number[];
  @Field(() => [Int])
  absoluteEpisodes!: number[];
}

@ObjectType('FileMatch', { simpleResolvers: true })
export class FileMatchType {
  @Field(() => ID, { nullable: true, description: 'Null while no title reached the confidence threshold' })
  titleId!: string | null;
  @Field(() => Int, { nullable: true })
  seasonNumber!: number | null;
  @Field(() => [Int])
  episodeNumbers!: number[];
  @Field(() => MatchMethod, { nullable: true })
  method!: string | null;
  @Field(() => Float)
  confidence!: number;
  @Field(() => ID, { nullable: true, description: 'The best candidate below the threshold' })
  suggestedTitleId!: string | null;
  @Field({ description: 'A manual match, which scans never change' })
  locked!: boolean;
}

@ObjectType('MediaFile', { simpleResolvers: true, description: 'A file under a library root' })
export class MediaFileType {
  @Field(() => ID)
  id!: string;
  @Field(() => ID)
  libraryId!: string;
  @Field({ description: 'Relative to the library root' })
  path!: string;
  @Field(() => FileClass)
  class!: string;
  @Field(() => String, { nullable: true, description: 'trailer, featurette, sample…; null for main media' })
  extra!: string | null;
  @Field(() => Float)
  size!: number;
  @Field()
  modifiedAt!: string;
  @Field(() => SubtitleFileInfoType, { nullable: true })
  subtitle!: SubtitleFileInfoType | null;
  @Field(() => String, { nullable: true })
  artworkKind!: string | null;
  @Field(() => MediaInfoType, { nullable: true })
  media!: MediaInfoType | null;
  @Field(() => String, { nullable: true })
  probeError!: string | null;
  @Field(() => ParsedNameType, { nullable: true })
  parsed!: ParsedNameType | null;
  @Field(() => FileMatchType, { nullable: true })
  match!: FileMatchType | null;
  @Field(() => String, { nullable: true, description: 'Set while the file is gone from disk' })
  missingSince!: string | null;
  @Field(() => Int)
  version!: number;
  @Field()
  createdAt!: string;
  @Field()
  updatedAt!: string;
}

@ObjectType('JobRun', { simpleResolvers: true, description: 'A phase job as recorded: state, progress, timings, error' })
export class JobRunType {
  @Field(() => ID)
  id!: string;
  @Field()
  queue!: string;
  @Field(() => ID, { nullable: true })
  libraryId!: string | null;
  @Field(() => ID, { nullable: true })
  titleId!: string | null;
  @Field(() => String, { nullable: true, description: 'The path of a targeted scan' })
  target!: string | null;
  @Field(() => JobRunState)
  state!: string;
  @Field(() => Int)
  done!: number;
  @Field(() => Int)
  total!: number;
  @Field(() => String, { nullable: true })
  message!: string | null;
  @Field(() => String, { nullable: true })
  error!: string | null;
  @Field(() => Int)
  attempt!: number;
  @Field({ description: 'Exhausted its retries; retryJob sends it back' })
  deadLettered!: boolean;
  @Field(() => GraphQLJSONObject, { nullable: true })
  output!: Record<string, unknown> | null;
  @Field()
  createdAt!: string;
  @Field(() => String, { nullable: true })
  startedAt!: string | null;
  @Field(() => String, { nullable: true })
  finishedAt!: string | null;
}

/** `<Name>Edge` and `<Name>Connection` (Relay) for a node type. */
export function connectionType<N extends object>(name: string, node: ClassType<N>) {
  @ObjectType(`${name}Edge`, { simpleResolvers: true })
  class Edge {
    @Field()
    cursor!: string;
    @Field(() => node)
    node!: N;
  }

  @ObjectType(`${name}Connection`, { simpleResolvers: true })
  class Connection {
    @Field(() => [Edge])
    edges!: Edge[];
    @Field(() => PageInfoType)
    pageInfo!: PageInfoType;
    @Field(() => Int)
    totalCount!: number;
  }
  return Connection;
}

export const MediaFileConnectionType = connectionType('MediaFile', MediaFileType);
export type MediaFileConnectionType = InstanceType<typeof MediaFileConnectionType>;
export const JobRunConnectionType = connectionType('JobRun', JobRunType);
export type JobRunConnectionType = InstanceType<typeof JobRunConnectionType>;

@ObjectType('Phase', { simpleResolvers: true, description: 'A pg-boss queue of the phase graph' })
export class PhaseType {
  @Field()
  queue!: string;
  @Field(() => String, { nullable: true, description: 'The library switch for it; null when it always runs' })
  phase!: string | null;
  @Field(() => String, { nullable: true })
  next!: string | null;
  @Field({ description: 'Whether a worker for it exists in this version' })
  available!: boolean;
  @Field(() => Int)
  retryLimit!: number;
}

@ObjectType('ParsedPath', { simpleResolvers: true, description: 'A path as the file name parser reads it' })
export class ParsedPathType {
  @Field()
  path!: string;
  @Field({ description: 'movie or episode' })
  kind!: string;
  @Field(() => String, { nullable: true })
  title!: string | null;
  @Field(() => Int, { nullable: true })
  year!: number | null;
  @Field(() => Int, { nullable: true })
  season!: number | null;
  @Field(() => [Int], { description: 'One number, or several for a multi-episode file' })
  episodes!: number[];
  @Field(() => [Int])
  absoluteEpisodes!: number[];
  @Field(() => GraphQLJSONObject, { description: 'Ids in the path: {tmdb-603}, [imdbid-tt0133093]…' })
  externalIds!: Record<string, string>;
}
