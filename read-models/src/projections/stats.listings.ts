import type { TitleState } from '../events.js';
import type { ListingEntry } from '../projection.js';
import type { MediaFileDoc } from './media-file.projection.js';

/**
 * Library statistics kept as listings of the file and title projections, so they are exact,
 * rebuilt and verified with everything else, and counted without reading documents: a bucket is a
 * score range (ZCOUNT) of one sorted set.
 */

/** Main video files on disk by resolution: score = index here (UNKNOWN: not probed yet, or unreadable). */
export const RESOLUTIONS = ['2160p', '1080p', '720p', 'SD', 'UNKNOWN'] as const;
export type Resolution = (typeof RESOLUTIONS)[number];
export const STATS_FILES_BY_RESOLUTION = 'stats:files:resolution';

/** Main video files on disk by video codec (ffprobe's names): score = index here. */
export const VIDEO_CODECS = ['hevc', 'h264', 'av1', 'vp9', 'mpeg4', 'mpeg2video', 'vc1', 'other', 'unknown'] as const;
export type VideoCodec = (typeof VIDEO_CODECS)[number];
export const STATS_FILES_BY_CODEC = 'stats:files:codec';

/** Main video files and NFO files on disk, members `<libraryId>\0<path>`: which videos have an NFO is read from the two. */
export const STATS_VIDEO_PATHS = 'stats:files:videos';
export const STATS_NFO_PATHS = 'stats:files:nfo';

/** Titles in the catalog (not the recycle bin) without a poster in use. */
export const STATS_TITLES_WITHOUT_POSTER = 'stats:titles:without-poster';

export function resolutionOf(doc: Pick<MediaFileDoc, 'media'>): Resolution {
  const video = doc.media?.video[0];
  if (!video || video.width === null || video.height === null) return 'UNKNOWN';
  const { width, height } = video;
  if (width >= 3200 || height >= 2000) return '2160p';
  if (width >= 1800 || height >= 1000) return '1080p';
  if (width >= 1200 || height >= 700) return '720p';
  return 'SD';
}

export function codecOf(doc: Pick<MediaFileDoc, 'media'>): VideoCodec {
  const codec = doc.media?.video[0]?.codec?.toLowerCase();
  if (!codec) return 'unknown';
  return (VIDEO_CODECS as readonly string[]).includes(codec) ? (codec as VideoCodec) : 'other';
}

/** The statistics entries of one file (present files only; a missing file counts nowhere). */
export function fileStatEntries(doc: MediaFileDoc): ListingEntry[] {
  if (doc.missingSince) return [];
  const path = `${doc.libraryId}\u0000${doc.path}`;
  if (doc.class === 'NFO') return [{ listing: STATS_NFO_PATHS, member: path, score: 0 }];
  if (doc.class !== 'VIDEO' || doc.extra !== null) return [];
  return [
    { listing: STATS_VIDEO_PATHS, member: path, score: 0 },
    { listing: STATS_FILES_BY_RESOLUTION, member: doc.id, score: RESOLUTIONS.indexOf(resolutionOf(doc)) },
    { listing: STATS_FILES_BY_CODEC, member: doc.id, score: VIDEO_CODECS.indexOf(codecOf(doc)) },
  ];
}

export function titleStatEntries(doc: Pick<TitleState, 'id' | 'deletedAt' | 'artwork'>): ListingEntry[] {
  if (doc.deletedAt || doc.artwork.some((a) => a.kind === 'POSTER' && a.selected)) return [];
  return [{ listing: STATS_TITLES_WITHOUT_POSTER, member: doc.id, score: 0 }];
}

/**
 * Whether a video has an NFO Kodi would read: `<stem>.nfo` or `movie.nfo` beside it, or
 * `tvshow.nfo` in a folder above it (inside the library). `nfo` holds `<libraryId>\0<path>`.
 */
export function hasNfo(libraryId: string, path: string, nfo: ReadonlySet<string>): boolean {
  const slash = path.lastIndexOf('/');
  const dir = slash < 0 ? '' : path.slice(0, slash);
  const name = path.slice(slash + 1);
  const dot = name.lastIndexOf('.');
  const stem = dot > 0 ? name.slice(0, dot) : name;
  const at = (folder: string, file: string) => `${libraryId}\u0000${folder ? `${folder}/` : ''}${file}`;
  if (nfo.has(at(dir, `${stem}.nfo`)) || nfo.has(at(dir, 'movie.nfo'))) return true;
  for (let d = dir; ; ) {
    if (nfo.has(at(d, 'tvshow.nfo'))) return true;
    if (!d) return false;
    const up = d.lastIndexOf('/');
    d = up < 0 ? '' : d.slice(0, up);
  }
}
