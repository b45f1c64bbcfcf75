import type { Redis } from 'ioredis';
import { keys, type KeySpace } from '../keys.js';
import type { NamespaceTracker } from '../namespace.js';
import {
  hasNfo,
  RESOLUTIONS,
  STATS_FILES_BY_CODEC,
  STATS_FILES_BY_RESOLUTION,
  STATS_NFO_PATHS,
  STATS_TITLES_WITHOUT_POSTER,
  STATS_VIDEO_PATHS,
  VIDEO_CODECS,
  type Resolution,
  type VideoCodec,
} from '../projections/stats.listings.js';
import { TITLE_SORTS } from '../projections/title.projection.js';

export interface LibraryStatistics {
  /** Main video files on disk. */
  videoFiles: number;
  byResolution: Array<{ resolution: Resolution; count: number }>;
  byCodec: Array<{ codec: VideoCodec; count: number }>;
  /** Main video files on disk with no NFO Kodi would read. */
  videosWithoutNfo: number;
  /** Titles in the catalog (not the recycle bin). */
  titles: number;
  titlesWithoutPoster: number;
}

/**
 * Library statistics for the dashboard, from the listings the file and title projections keep
 * (stats.listings.ts): counts are ZCOUNT/ZCARD; only the NFO check reads the video and NFO paths.
 */
export class StatsReader {
  constructor(
    private readonly redis: Redis,
    private readonly ks: KeySpace,
    private readonly namespaces: NamespaceTracker,
  ) {}

  async libraryStatistics(): Promise<LibraryStatistics> {
    const ns = await this.namespaces.get();
    const key = (name: string) => keys.listing(this.ks, ns, name);
    const p = this.redis.pipeline();
    RESOLUTIONS.forEach((_, i) => p.zcount(key(STATS_FILES_BY_RESOLUTION), i, i));
    VIDEO_CODECS.forEach((_, i) => p.zcount(key(STATS_FILES_BY_CODEC), i, i));
    p.zcard(key(TITLE_SORTS.CREATED));
    p.zcard(key(STATS_TITLES_WITHOUT_POSTER));
    p.zrange(key(STATS_VIDEO_PATHS), '0', '-1');
    p.zrange(key(STATS_NFO_PATHS), '0', '-1');
    const out = ((await p.exec()) ?? []).map(([err, value]) => {
      if (err) throw err;
      return value;
    });
    const counts = out.slice(0, RESOLUTIONS.length + VIDEO_CODECS.length + 2).map(Number);
    const [videos, nfos] = out.slice(-2) as [string[], string[]];
    const nfo = new Set(nfos);
    const videosWithoutNfo = videos.filter((member) => {
      const cut = member.indexOf('\u0000');
      return !hasNfo(member.slice(0, cut), member.slice(cut + 1), nfo);
    }).length;
    return {
      videoFiles: videos.length,
      byResolution: RESOLUTIONS.map((resolution, i) => ({ resolution, count: counts[i]! })),
      byCodec: VIDEO_CODECS.map((codec, i) => ({ codec, count: counts[RESOLUTIONS.length + i]! })).filter((c) => c.count > 0),
      videosWithoutNfo,
      titles: counts[RESOLUTIONS.length + VIDEO_CODECS.length]!,
      titlesWithoutPoster: counts[RESOLUTIONS.length + VIDEO_CODECS.length + 1]!,
    };
  }
}
