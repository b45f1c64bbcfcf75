import path from 'node:path';

export const ARR_APPS = ['radarr', 'sonarr', 'lidarr'] as const;
export type ArrApp = (typeof ARR_APPS)[number];

/** What Marquee does for one *arr event. Paths are as the *arr host sees them. */
export type ArrAction =
  | { kind: 'test' }
  | { kind: 'scan'; directories: string[]; upgradedFiles: string[]; reason: 'download' | 'upgrade' | 'rename' | 'file-delete' }
  | { kind: 'delete-title'; directory: string; filesDeleted: boolean }
  | { kind: 'health'; level: string; message: string; healthy: boolean; check: string | null }
  | { kind: 'ignore'; reason: string };

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

/**
 * Maps a Radarr/Sonarr/Lidarr "Connect → Webhook" payload to an action. Traps handled: `eventType`
 * is PascalCase while other enums are camelCase; null properties are omitted; Sonarr's "import
 * complete" is also `Download` (told apart by `episodeFiles`); `deletedFiles` is a list of files on
 * Download but a boolean on MovieDelete/SeriesDelete; the Test payload carries made-up paths.
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
      const files = list(body[field], field).flatMap((f, i) => {
        const now = filePath(f, `${field}[${i}]`);
        const before = isObj(f) ? str(f.previousPath) : null;
        return before ? [folderOf(now), folderOf(before)] : [folderOf(now)];
      });
      return { kind: 'scan', directories: unique(files), upgradedFiles: [], reason: 'rename' };
    }
    case 'MovieFileDelete':
    case 'EpisodeFileDelete':
    case 'TrackFileDelete': {
      const field = eventType === 'MovieFileDelete' ? 'movieFile' : eventType === 'EpisodeFileDelete' ? 'episodeFile' : 'trackFile';
      return { kind: 'scan', directories: [folderOf(filePath(body[field], field))], upgradedFiles: [], reason: 'file-delete' };
    }
    case 'MovieDelete':
    case 'SeriesDelete':
    case 'ArtistDelete':
      return { kind: 'delete-title', directory: mediaFolder(), filesDeleted: body.deletedFiles === true };
    case 'Health':
    case 'HealthRestored':
      return {
        kind: 'health',
        level: str(body.level) ?? (eventType === 'Health' ? 'warning' : 'ok'),
        message: str(body.message) ?? '',
        check: str(body.type),
        healthy: eventType === 'HealthRestored',
      };
    case 'Grab':
    case 'MovieAdded':
    case 'SeriesAdd':
    case 'ArtistAdd':
    case 'AlbumDelete':
    case 'ApplicationUpdate':
    case 'ManualInteractionRequired':
      return { kind: 'ignore', reason: `${eventType} needs nothing from Marquee` };
    default:
      throw new ArrPayloadError(`Unknown eventType "${eventType.slice(0, 60)}"`, 422);
  }
}
