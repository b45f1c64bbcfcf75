import { Field, Int, ObjectType } from 'type-graphql';

@ObjectType('ResolutionCount', { simpleResolvers: true })
export class ResolutionCountType {
  @Field({ description: '2160p, 1080p, 720p, SD, or UNKNOWN (not probed yet)' })
  resolution!: string;

  @Field(() => Int)
  count!: number;
}

@ObjectType('CodecCount', { simpleResolvers: true })
export class CodecCountType {
  @Field({ description: "Video codec as ffprobe names it (hevc, h264, av1, vp9, mpeg4, mpeg2video, vc1), other, or unknown (not probed yet)" })
  codec!: string;

  @Field(() => Int)
  count!: number;
}

@ObjectType('LibraryStatistics', { simpleResolvers: true, description: 'Figures for the dashboard, from the read models' })
export class LibraryStatisticsType {
  @Field(() => Int, { description: 'Main video files on disk (no extras, no missing files)' })
  videoFiles!: number;

  @Field(() => [ResolutionCountType], { description: 'Main video files by resolution, every bucket' })
  byResolution!: ResolutionCountType[];

  @Field(() => [CodecCountType], { description: 'Main video files by video codec, the codecs present' })
  byCodec!: CodecCountType[];

  @Field(() => Int, { description: 'Main video files with no NFO Kodi would read (<name>.nfo, movie.nfo, or tvshow.nfo above)' })
  videosWithoutNfo!: number;

  @Field(() => Int, { description: 'Titles in the catalog (not the recycle bin)' })
  titles!: number;

  @Field(() => Int, { description: 'Titles without a poster in use' })
  titlesWithoutPoster!: number;
}
