import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixturesDir } from '../../../test/harness/fixtures.js';
import { lidarrPayloads } from '../../../test/harness/lidarr-webhooks.js';
import { arrAction, ArrPayloadError, type ArrAction } from './arr-webhook.js';

const fixture = (app: string, name: string): unknown => JSON.parse(readFileSync(path.join(fixturesDir(), 'arr-webhooks', app, `${name}.json`), 'utf8'));

describe('arrAction', () => {
  it('maps every shared fixture to the action a Radarr/Sonarr user expects', () => {
    const kinds: Record<string, ArrAction['kind']> = {};
    for (const app of ['radarr', 'sonarr'] as const) {
      for (const file of readdirSync(path.join(fixturesDir(), 'arr-webhooks', app))) {
        const name = file.replace(/\.json$/, '');
        kinds[`${app}/${name}`] = arrAction(app, fixture(app, name)).kind;
      }
    }
    expect(kinds).toEqual({
      'radarr/application_update': 'ignore',
      'radarr/download': 'scan',
      'radarr/grab': 'ignore',
      'radarr/health': 'health',
      'radarr/health_restored': 'health',
      'radarr/manual_interaction_required': 'health',
      'radarr/movie_added': 'ensure-title',
      'radarr/movie_delete': 'delete-title',
      'radarr/movie_file_delete': 'scan',
      'radarr/rename': 'scan',
      'radarr/test': 'test',
      'sonarr/application_update': 'ignore',
      'sonarr/download': 'scan',
      'sonarr/episode_file_delete': 'scan',
      'sonarr/grab': 'ignore',
      'sonarr/health': 'health',
      'sonarr/import_complete': 'scan',
      'sonarr/manual_interaction_required': 'health',
      'sonarr/rename': 'scan',
      'sonarr/series_add': 'ensure-title',
      'sonarr/series_delete': 'delete-title',
      'sonarr/test': 'test',
    });
  });

  it('MovieAdded / SeriesAdd carry the ids to find the title by, the app’s own id first, 0 left out', () => {
    expect(arrAction('radarr', fixture('radarr', 'movie_added'))).toMatchObject({
      kind: 'ensure-title',
      directory: '/data/media/movies/The Matrix (1999)',
      title: { kind: 'MOVIE', name: 'The Matrix', year: 1999, externalIds: [{ provider: 'tmdb', value: '603' }, { provider: 'imdb', value: 'tt0133093' }] },
    });
    expect(arrAction('sonarr', fixture('sonarr', 'series_add'))).toMatchObject({
      kind: 'ensure-title',
      directory: '/data/media/tv/Stargate Atlantis',
      title: { kind: 'SERIES', name: 'Stargate Atlantis', year: 2004, externalIds: [{ provider: 'tvdb', value: '70851' }, { provider: 'tmdb', value: '2290' }, { provider: 'imdb', value: 'tt0374455' }] },
    });
    const anime = fixture('sonarr', 'series_add') as { series: Record<string, unknown> };
    const noTmdb = { ...anime, series: { ...anime.series, type: 'anime', tmdbId: 0, imdbId: '' } };
    expect(arrAction('sonarr', noTmdb)).toMatchObject({ title: { kind: 'ANIME_SERIES', externalIds: [{ provider: 'tvdb', value: '70851' }] } });
    const none = { ...anime, series: { ...anime.series, tvdbId: 0, tmdbId: 0, imdbId: '' } };
    expect(() => arrAction('sonarr', none)).toThrow(/no TVDB, TMDB or IMDb id/);
    expect(() => arrAction('radarr', { eventType: 'MovieAdded', movie: { tmdbId: 603 } })).toThrow(ArrPayloadError);
  });

  it('ManualInteractionRequired is a warning naming the stuck download and why', () => {
    expect(arrAction('radarr', fixture('radarr', 'manual_interaction_required'))).toEqual({
      kind: 'health',
      level: 'warning',
      healthy: false,
      check: 'ManualInteractionRequired',
      message: 'Manual interaction required for The.Matrix.1999.1080p.BluRay.x264-FGT: Not enough free space',
    });
  });

  it('maps Lidarr’s real events: downloads, retags, renames and album deletes scan the folders; artist deletes recycle', () => {
    expect(arrAction('lidarr', lidarrPayloads.test)).toEqual({ kind: 'test' });
    expect(arrAction('lidarr', lidarrPayloads.download)).toEqual({ kind: 'scan', directories: ['/data/media/music/Daft Punk/Discovery (2001)'], upgradedFiles: [], reason: 'download' });
    const upgrade = { ...lidarrPayloads.download, isUpgrade: true, deletedFiles: [{ ...lidarrPayloads.download.trackFiles[0]!, path: '/data/media/music/Daft Punk/Discovery/01 - One More Time.mp3' }] };
    expect(arrAction('lidarr', upgrade)).toMatchObject({ directories: ['/data/media/music/Daft Punk/Discovery (2001)', '/data/media/music/Daft Punk/Discovery'], reason: 'upgrade' });
    expect(arrAction('lidarr', lidarrPayloads.retag)).toMatchObject({ kind: 'scan', directories: ['/data/media/music/Daft Punk/Discovery (2001)'], reason: 'retag' });
    expect(arrAction('lidarr', lidarrPayloads.rename)).toMatchObject({ kind: 'scan', directories: ['/data/media/music/Daft Punk/Discovery (2001)'], reason: 'rename' });
    // Older Lidarr sent Rename and Retag with the artist only.
    expect(arrAction('lidarr', { artist: lidarrPayloads.rename.artist, eventType: 'Rename' })).toMatchObject({ directories: ['/data/media/music/Daft Punk'] });
    expect(arrAction('lidarr', { artist: lidarrPayloads.retag.artist, eventType: 'Retag' })).toMatchObject({ directories: ['/data/media/music/Daft Punk'] });
    expect(arrAction('lidarr', lidarrPayloads.albumDelete)).toEqual({ kind: 'scan', directories: ['/data/media/music/Daft Punk'], upgradedFiles: [], reason: 'file-delete' });
    expect(arrAction('lidarr', { ...lidarrPayloads.albumDelete, deletedFiles: false }).kind).toBe('ignore');
    expect(arrAction('lidarr', lidarrPayloads.artistDelete)).toEqual({ kind: 'delete-title', directory: '/data/media/music/Daft Punk', filesDeleted: true });
    for (const eventType of ['ArtistAdd', 'DownloadFailure', 'ImportFailure', 'Grab', 'ApplicationUpdate']) expect(arrAction('lidarr', { eventType }).kind).toBe('ignore');
    expect(() => arrAction('lidarr', { eventType: 'TrackFileDelete', trackFile: { path: '/x/y.flac' } })).toThrow(/Unknown eventType/);
  });
});
