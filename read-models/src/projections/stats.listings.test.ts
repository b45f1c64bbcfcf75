import { describe, expect, it } from 'vitest';
import type { MediaFileDoc } from './media-file.projection.js';
import { mediaFileProjection } from './media-file.projection.js';
import { codecOf, fileStatEntries, hasNfo, resolutionOf, STATS_FILES_BY_CODEC, STATS_FILES_BY_RESOLUTION, STATS_TITLES_WITHOUT_POSTER, titleStatEntries, VIDEO_CODECS } from './stats.listings.js';
import { titleProjection } from './title.projection.js';
import { emptyTitleState } from '../title-state.js';

const video = (width: number | null, height: number | null, codec: string | null) => ({
  index: 0, codec, profile: null, width, height, frameRate: null, bitDepth: null, hdr: null, language: null, default: true,
});

function file(over: Partial<MediaFileDoc> = {}): MediaFileDoc {
  return {
    id: 'f1', libraryId: 'lib', path: 'Movies/Heat (1995)/Heat (1995).mkv', class: 'VIDEO', extra: null, size: 1, modifiedAt: '2026-01-01T00:00:00.000Z',
    subtitle: null, artworkKind: null, media: null, probeError: null, parsed: null, match: null, missingSince: null,
    createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:00.000Z', version: 1, ...over,
  };
}

describe('library statistics listings', () => {
  it.each([
    [3840, 2160, '2160p'], [3840, 1600, '2160p'], [1920, 1080, '1080p'], [1920, 800, '1080p'], [1280, 720, '720p'], [720, 576, 'SD'], [null, null, 'UNKNOWN'],
  ] as const)('a %s×%s video is %s', (w, h, expected) => {
    expect(resolutionOf(file({ media: { durationSeconds: 1, bitRate: null, container: 'mkv', video: [video(w, h, 'h264')], audio: [], subtitles: [] } }))).toBe(expected);
  });

  it('names the codecs ffprobe reports, other for the rest, unknown before a probe', () => {
    const probed = (codec: string | null) => file({ media: { durationSeconds: 1, bitRate: null, container: 'mkv', video: [video(1920, 1080, codec)], audio: [], subtitles: [] } });
    expect(codecOf(probed('HEVC'))).toBe('hevc');
    expect(codecOf(probed('theora'))).toBe('other');
    expect(codecOf(file())).toBe('unknown');
    const entries = fileStatEntries(probed('av1'));
    expect(entries.find((e) => e.listing === STATS_FILES_BY_CODEC)?.score).toBe(VIDEO_CODECS.indexOf('av1'));
  });

  it('counts main videos on disk only: extras, other classes and missing files stay out', () => {
    expect(fileStatEntries(file({ extra: 'trailer' }))).toEqual([]);
    expect(fileStatEntries(file({ class: 'SUBTITLE' }))).toEqual([]);
    expect(fileStatEntries(file({ missingSince: '2026-01-02T00:00:00.000Z' }))).toEqual([]);
    // Through the projection: the file's listings carry the stats, and a file going missing leaves them.
    const listed = mediaFileProjection.listings(file()).map((e) => e.listing);
    expect(listed).toEqual(expect.arrayContaining([STATS_FILES_BY_RESOLUTION, STATS_FILES_BY_CODEC]));
    expect(mediaFileProjection.listings(file({ missingSince: '2026-01-02T00:00:00.000Z' })).map((e) => e.listing)).not.toContain(STATS_FILES_BY_RESOLUTION);
  });

  it('finds the NFO Kodi reads: <stem>.nfo or movie.nfo beside the video, tvshow.nfo above it', () => {
    const nfo = new Set(['lib\u0000Movies/Heat (1995)/movie.nfo', 'lib\u0000Shows/Dark/tvshow.nfo', 'lib\u0000Movies/Alien.nfo']);
    expect(hasNfo('lib', 'Movies/Heat (1995)/Heat (1995).mkv', nfo)).toBe(true);
    expect(hasNfo('lib', 'Shows/Dark/Season 01/Dark S01E01.mkv', nfo)).toBe(true);
    expect(hasNfo('lib', 'Movies/Alien.mkv', nfo)).toBe(true);
    expect(hasNfo('lib', 'Movies/Brazil.mkv', nfo)).toBe(false);
    expect(hasNfo('other', 'Movies/Alien.mkv', nfo)).toBe(false);
  });

  it('lists active titles without a poster in use', () => {
    const bare = emptyTitleState({ id: 't1', kind: 'MOVIE', name: 'Heat' });
    expect(titleStatEntries(bare)).toEqual([{ listing: STATS_TITLES_WITHOUT_POSTER, member: 't1', score: 0 }]);
    const poster = { id: 'a', kind: 'POSTER' as const, seasonNumber: null, url: 'https://x/p.jpg', width: null, height: null, language: null, score: 1, provider: null, selected: true, selectedBy: 'auto' as const };
    expect(titleStatEntries({ ...bare, artwork: [poster] })).toEqual([]);
    expect(titleProjection.listings({ ...bare, deletedAt: '2026-01-01T00:00:00.000Z', version: 1 }).map((e) => e.listing)).not.toContain(STATS_TITLES_WITHOUT_POSTER);
  });
});
