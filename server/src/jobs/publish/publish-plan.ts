import path from 'node:path/posix';
import type { ArtworkKind, ArtworkState, CreditRole, MediaInfo, SeasonState, TitleState } from '@marquee/read-models';
import type { NfoActor, NfoArtwork, NfoArtworkKind, NfoCrewMember, NfoEpisode, NfoFileInfo, NfoItemFields, NfoRating } from '../../integrations/nfo/nfo.types.js';
import { writeNfo, type WritableNfo } from '../../integrations/nfo/nfo-writer.js';

/** A title as publishing needs it: its state, its people's names and its seasons with episodes. */
export interface PublishSource {
  title: TitleState;
  people: ReadonlyMap<string, string>;
  seasons: readonly SeasonState[];
}

/** A main media file of the title inside the library. */
export interface PublishMediaFile {
  relPath: string;
  media: MediaInfo | null;
  seasonNumber: number | null;
  episodeNumbers: number[];
}

export type PlannedFile =
  | { role: 'NFO'; relPath: string; kind: string; text: string }
  /** The extension comes from the downloaded image's format. */
  | { role: 'ARTWORK'; relBase: string; kind: string; url: string };

const ART_NAMES: Record<Exclude<ArtworkKind, 'SEASON_POSTER'>, NfoArtworkKind> = {
  POSTER: 'poster',
  FANART: 'fanart',
  BANNER: 'banner',
  CLEARLOGO: 'clearlogo',
  LANDSCAPE: 'landscape',
  THUMB: 'thumb',
};

const RATING_SOURCES: Record<string, string> = { tmdb: 'themoviedb', imdb: 'imdb', tvdb: 'tvdb', anidb: 'anidb', mal: 'mal' };
const DEFAULT_ID: Record<'movie' | 'show', string[]> = { movie: ['imdb', 'tmdb'], show: ['tvdb', 'tmdb', 'imdb', 'anidb'] };
const STATUS_TEXT: Record<string, string> = {
  ANNOUNCED: 'Announced',
  IN_PRODUCTION: 'In Production',
  RELEASED: 'Released',
  CONTINUING: 'Continuing',
  ENDED: 'Ended',
  CANCELLED: 'Canceled',
};
const CREW_TYPES: Partial<Record<CreditRole, string>> = { PRODUCER: 'Producer', COMPOSER: 'Composer', CREATOR: 'Creator' };
const SEASON_FOLDER = /^(season|series|staffel|saison|temporada|stagione)[\s._-]*\d+$|^specials?$|^s\d{1,3}$/i;

const isMovie = (title: TitleState) => title.kind === 'MOVIE' || title.kind === 'ANIME_MOVIE';
const pad = (n: number) => String(n).padStart(2, '0');
const withoutExt = (rel: string) => rel.slice(0, rel.length - path.extname(rel).length);

export function seasonPosterName(season: number): string {
  return season === 0 ? 'season-specials-poster' : `season${pad(season)}-poster`;
}

function selectedArtwork(title: TitleState): ArtworkState[] {
  return title.artwork.filter((a) => a.selected).sort((a, b) => (a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : (a.seasonNumber ?? -1) - (b.seasonNumber ?? -1)));
}

/** NFO artwork references are addresses a player can fetch: a user's upload has none (its copy beside the media is what players use). */
const remote = (a: ArtworkState) => /^https?:\/\//.test(a.url);

function nfoArtwork(title: TitleState, withSeasons: boolean): NfoArtwork[] {
  return selectedArtwork(title).filter(remote).flatMap((a): NfoArtwork[] => {
    if (a.kind === 'SEASON_POSTER') return withSeasons && a.seasonNumber !== null ? [{ kind: 'poster', url: a.url, season: a.seasonNumber }] : [];
    return [{ kind: ART_NAMES[a.kind], url: a.url }];
  });
}

function people(source: PublishSource): Pick<NfoItemFields, 'actors' | 'crew' | 'directors' | 'credits'> {
  const name = (id: string) => source.people.get(id);
  const credits = [...source.title.credits].sort((a, b) => a.order - b.order);
  const actors: NfoActor[] = [];
  const crew: NfoCrewMember[] = [];
  const directors: string[] = [];
  const writers: string[] = [];
  for (const c of credits) {
    const who = name(c.personId);
    if (!who) continue;
    if (c.role === 'ACTOR' || c.role === 'VOICE') actors.push({ name: who, role: c.character ?? undefined, order: actors.length });
    else if (c.role === 'DIRECTOR') directors.push(who);
    else if (c.role === 'WRITER') writers.push(who);
    else if (CREW_TYPES[c.role]) crew.push({ name: who, type: CREW_TYPES[c.role]!, order: crew.length });
  }
  return { actors, crew, directors: [...new Set(directors)], credits: [...new Set(writers)] };
}

function ids(title: TitleState, preference: string[]): Pick<NfoItemFields, 'uniqueIds' | 'defaultId'> {
  const uniqueIds = Object.fromEntries(title.externalIds.map((x) => [x.provider, x.value]));
  return { uniqueIds, defaultId: preference.find((p) => p in uniqueIds) ?? Object.keys(uniqueIds)[0] };
}

function ratings(title: TitleState): NfoRating[] {
  if (title.rating === null) return [];
  const origin = title.provenance.rating?.origin ?? null;
  return [{ name: (origin && RATING_SOURCES[origin]) ?? origin ?? 'default', value: title.rating, votes: title.votes ?? undefined, max: 10, default: true }];
}

function fileInfo(media: MediaInfo | null): NfoFileInfo | undefined {
  if (!media || media.video.length + media.audio.length + media.subtitles.length === 0) return undefined;
  const seconds = media.durationSeconds ? Math.round(media.durationSeconds) : undefined;
  return {
    video: media.video.map((v) => ({
      codec: v.codec ?? undefined,
      width: v.width ?? undefined,
      height: v.height ?? undefined,
      aspect: v.width && v.height ? Number((v.width / v.height).toFixed(6)) : undefined,
      durationSeconds: seconds || undefined,
      framerate: v.frameRate ?? undefined,
    })),
    audio: media.audio.map((a) => ({ codec: a.codec ?? undefined, channels: a.channels ?? undefined, language: a.language ?? undefined })),
    subtitles: media.subtitles.map((s) => ({ language: s.language ?? undefined })),
  };
}

const EMPTY_ITEM: Pick<NfoItemFields, 'ratings' | 'uniqueIds' | 'genres' | 'tags' | 'studios' | 'countries' | 'credits' | 'directors' | 'actors' | 'crew' | 'artwork' | 'trailers'> = {
  ratings: [], uniqueIds: {}, genres: [], tags: [], studios: [], countries: [], credits: [], directors: [], actors: [], crew: [], artwork: [], trailers: [],
};

function titleFields(source: PublishSource, kind: 'movie' | 'show'): NfoItemFields {
  const t = source.title;
  return {
    ...EMPTY_ITEM,
    title: t.name,
    originalTitle: t.originalTitle ?? undefined,
    plot: t.overview ?? undefined,
    year: t.year ?? undefined,
    runtime: t.runtime ?? undefined,
    ratings: ratings(t),
    ...ids(t, DEFAULT_ID[kind]),
    genres: [...t.genres],
    tags: [...t.tags],
    studios: [...t.studios],
    ...people(source),
    artwork: nfoArtwork(t, kind === 'show'),
  };
}

/** Where a series keeps its show-level files: the folder above season folders, else the episodes' folder. */
function showFolder(files: readonly PublishMediaFile[]): string | null {
  const counts = new Map<string, number>();
  for (const f of files) {
    const dir = path.dirname(f.relPath);
    const show = SEASON_FOLDER.test(path.basename(dir)) ? path.dirname(dir) : dir;
    counts.set(show, (counts.get(show) ?? 0) + 1);
  }
  const [best] = [...counts.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  // Never the library root itself: that folder holds other titles too.
  return best && best[0] !== '.' ? best[0] : null;
}

function artworkFiles(title: TitleState, base: (name: string) => string, withSeasons: boolean): PlannedFile[] {
  return selectedArtwork(title).flatMap((a): PlannedFile[] => {
    if (a.kind === 'SEASON_POSTER') {
      return withSeasons && a.seasonNumber !== null ? [{ role: 'ARTWORK', relBase: base(seasonPosterName(a.seasonNumber)), kind: 'season-poster', url: a.url }] : [];
    }
    const name = ART_NAMES[a.kind];
    return [{ role: 'ARTWORK', relBase: base(name), kind: name, url: a.url }];
  });
}

function nfo(relPath: string, kind: string, doc: WritableNfo): PlannedFile {
  return { role: 'NFO', relPath, kind, text: writeNfo(doc) };
}

function planMovie(source: PublishSource, files: readonly PublishMediaFile[]): PlannedFile[] {
  return files.flatMap((file) => {
    const stem = withoutExt(file.relPath);
    return [
      nfo(`${stem}.nfo`, 'movie', { kind: 'movie', ...titleFields(source, 'movie'), fileInfo: fileInfo(file.media), sets: [] }),
      ...artworkFiles(source.title, (name) => `${stem}-${name}`, false),
    ];
  });
}

function planSeries(source: PublishSource, files: readonly PublishMediaFile[]): PlannedFile[] {
  const t = source.title;
  const planned: PlannedFile[] = [];
  const show = showFolder(files);
  if (show !== null) {
    planned.push(
      nfo(`${show}/tvshow.nfo`, 'tvshow', {
        kind: 'tvshow',
        ...titleFields(source, 'show'),
        showTitle: t.name,
        status: t.status ? STATUS_TEXT[t.status] : undefined,
        namedSeasons: source.seasons.filter((s) => s.name).map((s) => ({ number: s.number, name: s.name! })),
      }),
      ...artworkFiles(t, (name) => `${show}/${name}`, true),
    );
  }
  const seasonFolders = new Map<number, string>();
  const episodeOf = (season: number | null, number: number) => {
    const inSeason = season === null ? undefined : source.seasons.find((s) => s.number === season)?.episodes.find((e) => e.number === number);
    if (inSeason) return { season: season!, episode: inSeason };
    // Absolute numbering (anime without seasons in the file name).
    for (const s of source.seasons) {
      const e = s.episodes.find((x) => x.absoluteNumber === number);
      if (e) return { season: s.number, episode: e };
    }
    return undefined;
  };
  for (const file of files) {
    const dir = path.dirname(file.relPath);
    if (file.seasonNumber !== null && SEASON_FOLDER.test(path.basename(dir))) seasonFolders.set(file.seasonNumber, dir);
    if (file.episodeNumbers.length === 0) continue;
    const episodes: NfoEpisode[] = file.episodeNumbers.map((number) => {
      const found = episodeOf(file.seasonNumber, number);
      const e = found?.episode;
      return {
        ...EMPTY_ITEM,
        title: e?.name ?? undefined,
        showTitle: t.name,
        season: found?.season ?? file.seasonNumber ?? undefined,
        episode: found ? found.episode.number : number,
        plot: e?.overview ?? undefined,
        aired: e?.airDate ?? undefined,
        runtime: e?.runtime ?? undefined,
        fileInfo: fileInfo(file.media),
      };
    });
    planned.push(nfo(`${withoutExt(file.relPath)}.nfo`, 'episode', { kind: 'episode', episodes }));
  }
  for (const [number, dir] of [...seasonFolders.entries()].sort((a, b) => a[0] - b[0])) {
    const season = source.seasons.find((s) => s.number === number);
    planned.push(
      nfo(`${dir}/season.nfo`, 'season', {
        kind: 'season',
        ...EMPTY_ITEM,
        title: season?.name ?? (number === 0 ? 'Specials' : `Season ${number}`),
        seasonNumber: number,
        plot: season?.overview ?? undefined,
        premiered: season?.airDate ?? undefined,
      }),
    );
  }
  return planned;
}

/**
 * What publishing a title writes into one library, with Kodi's names: for a movie, beside each
 * main video file `<name>.nfo` and `<name>-poster.<ext>`, `-fanart`…; for a series, `tvshow.nfo`,
 * `poster`, `fanart`… and `season01-poster` in the show folder, `season.nfo` in each season folder
 * and `<episode name>.nfo` beside each episode. Pure: the same title and files give the same plan.
 */
export function planPublish(source: PublishSource, files: readonly PublishMediaFile[]): PlannedFile[] {
  const sorted = [...files].sort((a, b) => (a.relPath < b.relPath ? -1 : 1));
  const planned = isMovie(source.title) ? planMovie(source, sorted) : planSeries(source, sorted);
  const seen = new Set<string>();
  return planned.filter((p) => {
    const key = p.role === 'NFO' ? p.relPath : p.relBase;
    return !seen.has(key) && Boolean(seen.add(key));
  });
}
