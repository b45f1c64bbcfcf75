import path from 'node:path';

export const ARR_APPS = ['radarr', 'sonarr', 'lidarr'] as const;
export type ArrApp = (typeof ARR_APPS)[number];

/** What Marquee does for one *arr event. Paths are as the *arr host sees them. */
export type ArrAction =
  | { kind: 'test' }
  | { kind: 'scan'; directories: string[]; upgradedFiles: string[]; reason: 'download' | 'upgrade' | 'rename' | 'retag' | 'file-delete' }
  | { kind: 'delete-title'; directory: string; filesDeleted: boolean }
  | { kind: 'ensure-title'; title: ArrTitle; directory: string | null }
  | { kind: 'health'; level: string; message: string; healthy: boolean; check: string | null }
  | { kind: 'ignore'; reason: string };

/** A movie or series an *arr app manages, as the catalog takes it. */
export interface ArrTitle {
  kind: 'MOVIE' | 'SERIES' | 'ANIME_SERIES';
  name: string;
  year: number | null;
  /** In matching order: the id the app itself keys on first (TMDB for Radarr, TVDB for Sonarr). */
  externalIds: Array<{ provider: 'tmdb' | 'tvdb' | 'imdb'; value: string }>;
  /** The app's own record of it, kept as the title's source (provenance). */
  payload: Record<string, unknown>;
}

export class ArrPayloadError extends Error {
  constructor(
    message: string,
    readonly status: 400 | 422 = 400,
  ) {
    super(message);
    this.name = 'ArrPayloadError';
  }
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | null => (typeof v === 'string' && v.length > 0 ? v : null);

/** The folder of a file path in either separator style (an *arr on Windows sends backslashes). */
function folderOf(p: string): string {
  return p.includes('/') || !p.includes('\\') ? path.posix.dirname(p) : path.win32.dirname(p);
}

function filePath(file: unknown, field: string): string {
  const p = isObj(file) ? str(file.path) : null;
  if (!p) throw new ArrPayloadError(`${field}.path is missing`, 422);
  return p;
}

function list(value: unknown, field: string): unknown[] {
  if (!Array.isArray(value)) throw new ArrPayloadError(`${field} must be a list`, 422);
  return value;
}

const unique = (xs: string[]) => [...new Set(xs)];

/** Radarr and Sonarr send 0 for an id they do not have. */
const positiveId = (v: unknown): string | null => (typeof v === 'number' && Number.isInteger(v) && v > 0 ? String(v) : null);

/** The movie or series of a MovieAdded / SeriesAdd, with the ids to find it in the catalog by. */
function arrTitle(app: 'radarr' | 'sonarr', media: unknown): ArrTitle {
  const field = app === 'radarr' ? 'movie' : 'series';
  if (!isObj(media)) throw new ArrPayloadError(`${field} is missing`, 422);
  const name = str(media.title)?.trim().slice(0, 500);
  if (!name) throw new ArrPayloadError(`${field}.title is missing`, 422);
  const year = typeof media.year === 'number' && Number.isInteger(media.year) && media.year >= 1870 && media.year <= 2100 ? media.year : null;
  const imdb = str(media.imdbId);
  const ids: ArrTitle['externalIds'] = [];
  const add = (provider: ArrTitle['externalIds'][number]['provider'], value: string | null) => value && ids.push({ provider, value });
  if (app === 'sonarr') add('tvdb', positiveId(media.tvdbId));
  add('tmdb', positiveId(media.tmdbId));
  add('imdb', imdb && /^tt\d{5,}$/.test(imdb) ? imdb : null);
  if (ids.length === 0) throw new ArrPayloadError(`${field} has no ${app === 'sonarr' ? 'TVDB, ' : ''}TMDB or IMDb id to find it by`, 422);
  return { kind: app === 'radarr' ? 'MOVIE' : media.type === 'anime' ? 'ANIME_SERIES' : 'SERIES', name, year, externalIds: ids, payload: media };
}

/** What a ManualInteractionRequired says is stuck, in one line. */
function stuckDownload(body: Obj): string {
  const info = isObj(body.downloadInfo) ? body.downloadInfo : {};
  const release = isObj(body.release) ? body.release : {};
  const what = str(info.title) ?? str(release.releaseTitle) ?? 'a download';
  const messages = (Array.isArray(body.downloadStatusMessages) ? body.downloadStatusMessages : []).flatMap((m) => (isObj(m) && Array.isArray(m.messages) ? m.messages.filter((x): x is string => typeof x === 'string') : []));
  return `Manual interaction required for ${what}${messages.length ? `: ${messages.join('; ')}` : ''}`.slice(0, 1000);
}

/**
 * Maps a Radarr/Sonarr/Lidarr "Connect → Webhook" payload to an action. Traps handled: `eventType`
 * is PascalCase while other enums are camelCase; null properties are omitted; Sonarr's "import
 * complete" is also `Download` (told apart by `episodeFiles`); `deletedFiles` is a list of files on
 * Download but a boolean on MovieDelete/SeriesDelete/ArtistDelete/AlbumDelete; ids the app lacks
 * are 0, not absent; the Test payload carries made-up paths and ids. Lidarr has no track-file
 * delete event: its deletes are AlbumDelete and ArtistDelete.
 */
export function arrAction(app: ArrApp, body: unknown): ArrAction {
  if (!isObj(body)) throw new ArrPayloadError('The body must be a JSON object');
  const eventType = str(body.eventType);
  if (!eventType) throw new ArrPayloadError('eventType is missing');
  const media = app === 'radarr' ? 'movie' : app === 'sonarr' ? 'series' : 'artist';
  const mediaFolder = () => {
    const m = body[media];
    const p = isObj(m) ? str(app === 'radarr' ? m.folderPath : m.path) : null;
    if (!p) throw new ArrPayloadError(`${media}.${app === 'radarr' ? 'folderPath' : 'path'} is missing`, 422);
    return p;
  };
  switch (eventType) {
    case 'Test':
      return { kind: 'test' };
    case 'Download': {
      if (app === 'radarr') {
        const file = filePath(body.movieFile, 'movieFile');
        const deleted = Array.isArray(body.deletedFiles) ? body.deletedFiles.map((f, i) => filePath(f, `deletedFiles[${i}]`)) : [];
        const upgrade = body.isUpgrade === true;
        return { kind: 'scan', directories: unique([folderOf(file), ...deleted.map(folderOf)]), upgradedFiles: upgrade ? [file] : [], reason: upgrade ? 'upgrade' : 'download' };
      }
      const singular = app === 'sonarr' ? 'episodeFile' : 'trackFile';
      const plural = app === 'sonarr' ? 'episodeFiles' : 'trackFiles';
      const files = body[plural] !== undefined ? list(body[plural], plural).map((f, i) => filePath(f, `${plural}[${i}]`)) : [filePath(body[singular], singular)];
      const deleted = Array.isArray(body.deletedFiles) ? body.deletedFiles.map((f, i) => filePath(f, `deletedFiles[${i}]`)) : [];
      const upgrade = body.isUpgrade === true;
      return { kind: 'scan', directories: unique([...files.map(folderOf), ...deleted.map(folderOf)]), upgradedFiles: upgrade ? files : [], reason: upgrade ? 'upgrade' : 'download' };
    }
    case 'Rename': {
      const field = app === 'radarr' ? 'renamedMovieFiles' : app === 'sonarr' ? 'renamedEpisodeFiles' : 'renamedTrackFiles';
      // Lidarr before its renamed-files list sent only the artist: its folder is what changed.
      if (app === 'lidarr' && body[field] === undefined) return { kind: 'scan', directories: [mediaFolder()], upgradedFiles: [], reason: 'rename' };
      const files = list(body[field], field).flatMap((f, i) => {
        const now = filePath(f, `${field}[${i}]`);
        const before = isObj(f) ? str(f.previousPath) : null;
        return before ? [folderOf(now), folderOf(before)] : [folderOf(now)];
      });
      return { kind: 'scan', directories: unique(files), upgradedFiles: [], reason: 'rename' };
    }
    case 'MovieFileDelete':
    case 'EpisodeFileDelete': {
      const field = eventType === 'MovieFileDelete' ? 'movieFile' : 'episodeFile';
      return { kind: 'scan', directories: [folderOf(filePath(body[field], field))], upgradedFiles: [], reason: 'file-delete' };
    }
    case 'Retag':
      // Lidarr rewrote a file's tags: its content changed.
      return { kind: 'scan', directories: [body.trackFile !== undefined ? folderOf(filePath(body.trackFile, 'trackFile')) : mediaFolder()], upgradedFiles: [], reason: 'retag' };
    case 'MovieDelete':
    case 'SeriesDelete':
    case 'ArtistDelete':
      return { kind: 'delete-title', directory: mediaFolder(), filesDeleted: body.deletedFiles === true };
    case 'AlbumDelete':
      // The album's own folder is not in the payload: the artist's folder holds it.
      if (body.deletedFiles !== true) return { kind: 'ignore', reason: 'AlbumDelete without deletedFiles leaves the files where they are' };
      return { kind: 'scan', directories: [mediaFolder()], upgradedFiles: [], reason: 'file-delete' };
    case 'MovieAdded':
    case 'SeriesAdd': {
      if (app === 'lidarr') return { kind: 'ignore', reason: `${eventType} is not a Lidarr event` };
      const m = body[media];
      return { kind: 'ensure-title', title: arrTitle(app, m), directory: isObj(m) ? str(app === 'radarr' ? m.folderPath : m.path) : null };
    }
    case 'Health':
    case 'HealthRestored':
      return {
        kind: 'health',
        level: str(body.level) ?? (eventType === 'Health' ? 'warning' : 'ok'),
        message: str(body.message) ?? '',
        check: str(body.type),
        healthy: eventType === 'HealthRestored',
      };
    case 'ManualInteractionRequired':
      // A download the app cannot import by itself: someone has to look, so it is told like a health warning.
      return { kind: 'health', level: str(body.downloadStatus)?.toLowerCase() === 'error' ? 'error' : 'warning', message: stuckDownload(body), check: 'ManualInteractionRequired', healthy: false };
    case 'Grab':
      return { kind: 'ignore', reason: 'Grab: nothing is on disk until the download is imported' };
    case 'ApplicationUpdate':
      return { kind: 'ignore', reason: 'ApplicationUpdate needs nothing from Marquee' };
    case 'ArtistAdd':
      return { kind: 'ignore', reason: 'ArtistAdd: music artists are not catalog titles' };
    case 'DownloadFailure':
    case 'ImportFailure':
      return { kind: 'ignore', reason: `${eventType}: nothing reached the library` };
    default:
      throw new ArrPayloadError(`Unknown eventType "${eventType.slice(0, 60)}"`, 422);
  }
}
