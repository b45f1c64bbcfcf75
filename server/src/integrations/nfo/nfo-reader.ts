/**
 * Reads Kodi-style NFO sidecars as written by Kodi, Jellyfin/Emby, tinyMediaManager, MediaPortal,
 * Radarr and Sonarr into NfoDocuments. Pure: the scan job reads the file (and keeps it inside the
 * library); this only interprets text, and refuses hostile or broken text with an NfoError.
 */

import { NfoError } from './nfo.errors.js';
import { idsFromUrls, normaliseId, normaliseProvider } from './nfo-provider-ids.js';
import {
  cleanBlock,
  cleanLine,
  distinctLines,
  parseBoolean,
  parseDate,
  parseDateTime,
  parseDecimal,
  parseInteger,
  parseMinutes,
  splitValues,
  type SplitRule,
} from './nfo-values.js';
import { attribute, childElements, elementText, parseNfoMarkup, type XmlElement } from './nfo-xml.js';
import type {
  NfoActor,
  NfoAlbum,
  NfoAlbumArtist,
  NfoArtist,
  NfoArtwork,
  NfoArtworkKind,
  NfoAudioStream,
  NfoCrewMember,
  NfoDocument,
  NfoEpisode,
  NfoFileInfo,
  NfoItemFields,
  NfoKind,
  NfoMovie,
  NfoMusicVideo,
  NfoRating,
  NfoSeason,
  NfoSet,
  NfoSubtitleStream,
  NfoTvShow,
  NfoUniqueIds,
  NfoUrlDocument,
  NfoVideoStream,
} from './nfo.types.js';

export { NFO_MAX_LENGTH } from './nfo-xml.js';

type XmlKind = Exclude<NfoKind, 'url'>;

const ROOT_KINDS: Readonly<Record<string, XmlKind>> = {
  movie: 'movie',
  tvshow: 'tvshow',
  season: 'season',
  episodedetails: 'episode',
  musicvideo: 'musicvideo',
  album: 'album',
  artist: 'artist',
};

type ProviderId = readonly [provider: string, id: string];

/**
 * Reads one NFO's text (already decoded from UTF-8). Throws NfoError: TOO_LARGE, EMPTY, HOSTILE
 * (DTDs, hence any entity declaration), MALFORMED (not well-formed XML, nor provider URLs) or
 * UNSUPPORTED_ROOT.
 */
export function readNfo(text: string): NfoDocument {
  const markup = parseNfoMarkup(text);
  if (markup.form === 'text') return readUrlDocument(markup.text);

  const kind = Object.hasOwn(ROOT_KINDS, markup.rootName) ? ROOT_KINDS[markup.rootName] : undefined;
  if (kind === undefined) {
    throw new NfoError('UNSUPPORTED_ROOT', 'NFO root is not movie, tvshow, season, episodedetails, musicvideo, album or artist');
  }
  const urlIds = idsFromUrls(markup.outsideText);
  if (kind === 'episode') return { kind, episodes: markup.roots.map((root) => readEpisode(root, urlIds)) };
  if (markup.roots.length > 1) throw new NfoError('MALFORMED', `NFO has several <${markup.rootName}> roots`);

  const root = markup.roots[0]!;
  switch (kind) {
    case 'movie':
      return readMovie(root, urlIds);
    case 'tvshow':
      return readTvShow(root, urlIds);
    case 'season':
      return readSeason(root, urlIds);
    case 'musicvideo':
      return readMusicVideo(root, urlIds);
    case 'album':
      return readAlbum(root, urlIds);
    case 'artist':
      return readArtist(root, urlIds);
  }
}

function readUrlDocument(text: string): NfoUrlDocument {
  const uniqueIds = mergeIds(idsFromUrls(text), []);
  if (Object.keys(uniqueIds).length === 0) throw new NfoError('MALFORMED', 'NFO is neither XML nor provider URLs');
  return { kind: 'url', uniqueIds };
}

// Element access ----------------------------------------------------------------------------------

/** The first child `name` whose text parses; later duplicates are ignored, as Kodi does. */
function first<T>(element: XmlElement, name: string, parse: (text: string) => T | undefined): T | undefined {
  for (const child of childElements(element, name)) {
    const value = parse(elementText(child));
    if (value !== undefined) return value;
  }
  return undefined;
}

function texts(element: XmlElement, name: string): string[] {
  return childElements(element, name).map(elementText);
}

const inRange = (value: number | undefined, min: number, max: number): number | undefined =>
  value !== undefined && value >= min && value <= max ? value : undefined;

/** Writers use 0 and -1 for "unknown" in counts, sizes and episode numbers. */
const positive = (value: number | undefined): number | undefined => (value !== undefined && value > 0 ? value : undefined);
const nonNegative = (value: number | undefined): number | undefined => (value !== undefined && value >= 0 ? value : undefined);

const attributeOf = <T>(element: XmlElement, name: string, parse: (text: string) => T | undefined): T | undefined => {
  const value = attribute(element, name);
  return value === undefined ? undefined : parse(value);
};

const PEOPLE: SplitRule = { slash: 'any', commas: true };
const GENRES: SplitRule = { slash: 'any', commas: true };
/** Studio and artist names contain slashes ("AC/DC"), so only a spaced " / " separates them. */
const NAMES: SplitRule = { slash: 'spaced', commas: true };
const COUNTRIES: SplitRule = { slash: 'any', commas: false };

// Provider ids ------------------------------------------------------------------------------------

/** Tags older writers (MediaPortal, Jellyfin, tinyMediaManager) use instead of <uniqueid>. */
const LEGACY_ID_TAGS: ReadonlyArray<readonly [tag: string, provider: string]> = [
  ['imdbid', 'imdb'],
  ['imdb_id', 'imdb'],
  ['imdb', 'imdb'],
  ['tmdbid', 'tmdb'],
  ['tmdb', 'tmdb'],
  ['tvdbid', 'tvdb'],
  ['tvdb', 'tvdb'],
  ['tmdbcolid', 'tmdbcollection'],
  ['collectionnumber', 'tmdbcollection'],
];

/**
 * The provider of an id given without one (`<id>`, a type-less `<uniqueid>`): an IMDb id is
 * recognisable; a number is the default scraper's (TMDB for movies, TheTVDB for TV), as in Kodi.
 */
function guessProvider(id: string, kind: XmlKind): string | undefined {
  if (/^tt\d+$/.test(id)) return 'imdb';
  if (!/^\d+$/.test(id)) return undefined;
  if (kind === 'movie') return 'tmdb';
  if (kind === 'tvshow' || kind === 'season' || kind === 'episode') return 'tvdb';
  return undefined;
}

/**
 * Ids in decreasing trust; the first id per provider wins. Guessed ids come last and are skipped
 * when their value is already known under another provider (Jellyfin's `<id>` repeats the TMDB id).
 */
function mergeIds(stated: readonly ProviderId[], guessed: readonly ProviderId[]): NfoUniqueIds {
  const ids = new Map<string, string>();
  const known = new Set<string>();
  const add = ([rawProvider, rawId]: ProviderId, guess: boolean): void => {
    const provider = normaliseProvider(rawProvider);
    const id = normaliseId(rawId);
    if (provider === undefined || id === undefined || ids.has(provider) || (guess && known.has(id))) return;
    ids.set(provider, id);
    known.add(id);
  };
  for (const id of stated) add(id, false);
  for (const id of guessed) add(id, true);
  return Object.fromEntries(ids);
}

function readIds(root: XmlElement, kind: XmlKind, urlIds: readonly ProviderId[]): Pick<NfoItemFields, 'uniqueIds' | 'defaultId'> {
  const stated: ProviderId[] = [];
  const guessed: ProviderId[] = [];
  let marked: string | undefined;
  for (const element of childElements(root, 'uniqueid')) {
    const id = elementText(element).trim();
    const type = attribute(element, 'type');
    const provider = type === undefined ? guessProvider(id, kind) : type;
    if (provider === undefined) continue;
    (type === undefined ? guessed : stated).push([provider, id]);
    if (marked === undefined && parseBoolean(attribute(element, 'default') ?? '') === true && normaliseId(id) !== undefined) {
      marked = normaliseProvider(provider);
    }
  }
  for (const [tag, provider] of LEGACY_ID_TAGS) {
    for (const text of texts(root, tag)) stated.push([provider, text]);
  }
  for (const set of childElements(root, 'set')) stated.push(['tmdbcollection', attribute(set, 'tmdbcolid') ?? '']);
  for (const entry of childElements(root, 'ids').flatMap((ids) => childElements(ids, 'entry'))) {
    stated.push([first(entry, 'key', cleanLine) ?? '', first(entry, 'value', cleanLine) ?? '']);
  }
  for (const element of childElements(root, 'id')) {
    for (const provider of ['imdb', 'tmdb', 'tvdb']) stated.push([provider, attribute(element, provider) ?? '']);
    const id = elementText(element).trim();
    const provider = guessProvider(id, kind);
    if (provider !== undefined) guessed.push([provider, id]);
  }
  const uniqueIds = mergeIds(stated, [...guessed, ...urlIds]);
  return { uniqueIds, defaultId: marked !== undefined && Object.hasOwn(uniqueIds, marked) ? marked : undefined };
}

// Ratings -----------------------------------------------------------------------------------------

function readRatings(root: XmlElement): NfoRating[] {
  return childElements(root, 'ratings')
    .flatMap((ratings) => childElements(ratings, 'rating'))
    .flatMap((element): NfoRating[] => {
      const max = positive(attributeOf(element, 'max', parseDecimal)) ?? 10;
      const value = inRange(first(element, 'value', parseDecimal), 0, max);
      if (value === undefined) return [];
      return [
        {
          name: (attribute(element, 'name') ?? 'default').toLowerCase(),
          value,
          votes: nonNegative(first(element, 'votes', parseInteger)),
          max,
          default: attributeOf(element, 'default', parseBoolean) ?? false,
        },
      ];
    });
}

/** Jellyfin's `<communityrating>`, else Kodi's legacy scalar `<rating>`, on a 0–10 scale. */
function readCommunityRating(root: XmlElement): number | undefined {
  for (const element of [...childElements(root, 'communityrating'), ...childElements(root, 'rating')]) {
    const value = parseDecimal(elementText(element));
    const max = positive(attributeOf(element, 'max', parseDecimal)) ?? 10;
    const rating = inRange(value === undefined || max === 10 ? value : (value * 10) / max, 0, 10);
    if (rating !== undefined) return rating;
  }
  return undefined;
}

// People ------------------------------------------------------------------------------------------

/** Jellyfin's `<actor><type>` values that are not cast; any other type is an actor, as in Jellyfin. */
const CREW_TYPES = new Set(['composer', 'conductor', 'creator', 'director', 'lyricist', 'producer', 'writer']);

function readPeople(root: XmlElement): Pick<NfoItemFields, 'actors' | 'crew'> {
  const actors: NfoActor[] = [];
  const crew: NfoCrewMember[] = [];
  const person = (element: XmlElement) => ({
    role: first(element, 'role', cleanLine),
    order: nonNegative(first(element, 'order', parseInteger) ?? first(element, 'sortorder', parseInteger)),
    thumb: first(element, 'thumb', artworkLocation),
  });
  for (const element of childElements(root, 'actor')) {
    const name = first(element, 'name', cleanLine);
    if (name === undefined) continue;
    const type = first(element, 'type', cleanLine);
    if (type !== undefined && CREW_TYPES.has(type.toLowerCase())) {
      crew.push({ name, type, ...person(element) });
      continue;
    }
    actors.push({
      name,
      ...person(element),
      guestStar: type?.toLowerCase() === 'gueststar' || undefined,
      tmdbId: first(element, 'tmdbid', normaliseId),
      imdbId: first(element, 'imdbid', normaliseId) ?? first(element, 'imdb', normaliseId),
      profile: first(element, 'profile', cleanLine),
    });
  }
  for (const element of childElements(root, 'producer')) {
    const name = first(element, 'name', cleanLine);
    if (name !== undefined) crew.push({ name, type: 'Producer', ...person(element) });
  }
  return { actors, crew };
}

// Artwork -----------------------------------------------------------------------------------------

const ARTWORK_KINDS: Readonly<Record<string, NfoArtworkKind>> = {
  poster: 'poster',
  fanart: 'fanart',
  backdrop: 'fanart',
  banner: 'banner',
  clearlogo: 'clearlogo',
  logo: 'clearlogo',
  clearart: 'clearart',
  discart: 'discart',
  disc: 'discart',
  landscape: 'landscape',
  characterart: 'characterart',
  keyart: 'keyart',
  thumb: 'thumb',
};

const artworkKind = (name: string): NfoArtworkKind | undefined =>
  Object.hasOwn(ARTWORK_KINDS, name) ? ARTWORK_KINDS[name] : undefined;

const isRemote = (value: string): boolean => /^https?:\/\//i.test(value);
const isAbsolutePath = (value: string): boolean => value.startsWith('/') || value.startsWith('\\\\') || /^[A-Za-z]:[\\/]/.test(value);

/**
 * A usable location: an http(s) URL or an absolute path. A relative value only counts under a
 * `<fanart url="…">` prefix, which Kodi concatenates; otherwise there is nothing it is relative to.
 */
function artworkLocation(raw: string | undefined, base?: string): string | undefined {
  const value = raw === undefined ? undefined : cleanLine(raw);
  if (value === undefined) return undefined;
  if (isRemote(value) || isAbsolutePath(value)) return value;
  return base !== undefined && isRemote(base) ? base + value : undefined;
}

function readArtwork(root: XmlElement, kind: XmlKind): NfoArtwork[] {
  // Without an aspect, Kodi's <thumb> is the item's main image: a poster for video containers, the
  // still or cover for episodes and music (Sonarr writes episode stills this way).
  const plainThumb: NfoArtworkKind = kind === 'movie' || kind === 'tvshow' || kind === 'season' ? 'poster' : 'thumb';
  const artwork: NfoArtwork[] = [];
  for (const element of childElements(root, 'thumb')) {
    const aspect = attribute(element, 'aspect')?.toLowerCase();
    const forSet = aspect?.startsWith('set.') ?? false;
    const artKind = aspect === undefined ? plainThumb : artworkKind(forSet ? aspect.slice('set.'.length) : aspect);
    const url = artworkLocation(elementText(element));
    if (artKind === undefined || url === undefined) continue;
    artwork.push({
      kind: artKind,
      url,
      preview: artworkLocation(attribute(element, 'preview')),
      season: inRange(attributeOf(element, 'season', parseInteger), -1, Number.MAX_SAFE_INTEGER),
      forSet: forSet || undefined,
    });
  }
  for (const fanart of childElements(root, 'fanart')) {
    const base = attribute(fanart, 'url');
    const thumbs = childElements(fanart, 'thumb');
    for (const thumb of thumbs) {
      const url = artworkLocation(elementText(thumb), base);
      if (url !== undefined) artwork.push({ kind: 'fanart', url, preview: artworkLocation(attribute(thumb, 'preview'), base) });
    }
    const direct = thumbs.length === 0 ? artworkLocation(elementText(fanart), base) : undefined;
    if (direct !== undefined) artwork.push({ kind: 'fanart', url: direct });
  }
  for (const art of childElements(root, 'art')) {
    for (const [name, artKind] of Object.entries(ARTWORK_KINDS)) {
      for (const text of texts(art, name)) {
        const url = artworkLocation(text);
        if (url !== undefined) artwork.push({ kind: artKind, url });
      }
    }
  }
  return artwork;
}

// Stream details ----------------------------------------------------------------------------------

const hasValues = (stream: object): boolean => Object.values(stream).some((value) => value !== undefined);

function readVideoStream(element: XmlElement): NfoVideoStream {
  // Older writers give <duration> in minutes only.
  const minutes = first(element, 'duration', parseDecimal);
  const seconds = first(element, 'durationinseconds', parseInteger) ?? (minutes === undefined ? undefined : Math.round(minutes * 60));
  return {
    codec: first(element, 'codec', cleanLine),
    aspect: positive(first(element, 'aspect', parseDecimal)),
    width: positive(first(element, 'width', parseInteger)),
    height: positive(first(element, 'height', parseInteger)),
    durationSeconds: positive(seconds),
    stereoMode: first(element, 'stereomode', cleanLine),
    format3d: first(element, 'format3d', cleanLine),
    bitrate: positive(first(element, 'bitrate', parseInteger)),
    framerate: positive(first(element, 'framerate', parseDecimal)),
    scanType: first(element, 'scantype', cleanLine),
  };
}

function readAudioStream(element: XmlElement): NfoAudioStream {
  return {
    codec: first(element, 'codec', cleanLine),
    channels: positive(first(element, 'channels', parseInteger)),
    language: first(element, 'language', cleanLine),
    bitrate: positive(first(element, 'bitrate', parseInteger)),
  };
}

/** Streams whose every value is a placeholder (tinyMediaManager writes 0×0, 0 s) are dropped. */
function readFileInfo(root: XmlElement): NfoFileInfo | undefined {
  const details = childElements(root, 'fileinfo').flatMap((fileInfo) => childElements(fileInfo, 'streamdetails'));
  const streams = <T extends object>(name: string, read: (element: XmlElement) => T): T[] =>
    details.flatMap((streamDetails) => childElements(streamDetails, name)).map(read).filter(hasValues);
  const fileInfo: NfoFileInfo = {
    video: streams('video', readVideoStream),
    audio: streams('audio', readAudioStream),
    subtitles: streams('subtitle', (element): NfoSubtitleStream => ({ language: first(element, 'language', cleanLine) })),
  };
  return fileInfo.video.length + fileInfo.audio.length + fileInfo.subtitles.length === 0 ? undefined : fileInfo;
}

// Documents ---------------------------------------------------------------------------------------

function readItemFields(root: XmlElement, kind: XmlKind, urlIds: readonly ProviderId[]): NfoItemFields {
  const music = kind === 'album' || kind === 'artist';
  return {
    title:
      first(root, 'title', cleanLine) ??
      first(root, 'localtitle', cleanLine) ??
      (kind === 'artist' ? first(root, 'name', cleanLine) : undefined),
    originalTitle: first(root, 'originaltitle', cleanLine),
    sortTitle: first(root, 'sorttitle', cleanLine) ?? first(root, 'sortname', cleanLine),
    plot:
      first(root, 'plot', cleanBlock) ??
      (kind === 'album' ? first(root, 'review', cleanBlock) : undefined) ??
      (kind === 'artist' ? first(root, 'biography', cleanBlock) : undefined),
    outline: first(root, 'outline', cleanBlock),
    tagline: first(root, 'tagline', cleanLine),
    year: inRange(first(root, 'year', parseInteger), 1800, 9999),
    premiered: first(root, 'premiered', parseDate),
    releaseDate: first(root, 'releasedate', parseDate),
    endDate: first(root, 'enddate', parseDate),
    runtime: positive(first(root, 'runtime', parseMinutes)),
    mpaa: first(root, 'mpaa', cleanLine),
    certification: first(root, 'certification', cleanLine),
    customRating: first(root, 'customrating', cleanLine),
    ratings: readRatings(root),
    communityRating: readCommunityRating(root),
    votes: nonNegative(first(root, 'votes', parseInteger)),
    userRating: positive(inRange(first(root, 'userrating', parseDecimal), 0, 10)),
    criticRating: inRange(first(root, 'criticrating', parseDecimal), 0, 100),
    top250: positive(first(root, 'top250', parseInteger)),
    ...readIds(root, kind, urlIds),
    genres: splitValues([...texts(root, 'genre'), ...childElements(root, 'genres').flatMap((genres) => texts(genres, 'genre'))], GENRES),
    // Kodi's music NFOs have no tags; Jellyfin reads their styles as tags.
    tags: distinctLines([...texts(root, 'tag'), ...(music ? texts(root, 'style') : [])]),
    studios: splitValues(texts(root, 'studio'), NAMES),
    countries: splitValues(texts(root, 'country'), COUNTRIES),
    credits: [...new Set([...splitValues(texts(root, 'credits'), PEOPLE), ...splitValues(texts(root, 'writer'), PEOPLE)])],
    directors: splitValues(texts(root, 'director'), PEOPLE),
    ...readPeople(root),
    artwork: readArtwork(root, kind),
    trailers: distinctLines(texts(root, 'trailer')),
    language: first(root, 'language', cleanLine),
    countryCode: first(root, 'countrycode', cleanLine),
    fileInfo: readFileInfo(root),
    playCount: nonNegative(first(root, 'playcount', parseInteger)),
    lastPlayed: first(root, 'lastplayed', parseDateTime),
    watched: first(root, 'watched', parseBoolean),
    dateAdded: first(root, 'dateadded', parseDateTime),
  };
}

function readSets(root: XmlElement): NfoSet[] {
  const sets = [...childElements(root, 'set'), ...childElements(root, 'sets').flatMap((sets) => childElements(sets, 'set'))];
  return sets.flatMap((element): NfoSet[] => {
    // <set>Name</set> (Kodi < 17), <set><name/><overview/></set>, MediaPortal's <setname>; a
    // child name wins over stray text beside it.
    const name = first(element, 'name', cleanLine) ?? first(element, 'setname', cleanLine) ?? cleanLine(elementText(element));
    if (name === undefined) return [];
    return [
      {
        name,
        overview: first(element, 'overview', cleanBlock) ?? first(element, 'setdescription', cleanBlock),
        tmdbId: attributeOf(element, 'tmdbcolid', normaliseId),
        order: attributeOf(element, 'order', parseInteger),
      },
    ];
  });
}

function readMovie(root: XmlElement, urlIds: readonly ProviderId[]): NfoMovie {
  return { kind: 'movie', ...readItemFields(root, 'movie', urlIds), sets: readSets(root) };
}

function readTvShow(root: XmlElement, urlIds: readonly ProviderId[]): NfoTvShow {
  return {
    kind: 'tvshow',
    ...readItemFields(root, 'tvshow', urlIds),
    showTitle: first(root, 'showtitle', cleanLine),
    status: first(root, 'status', cleanLine),
    episodeGuide: childElements(root, 'episodeguide')
      .map((guide) => first(guide, 'url', cleanLine) ?? cleanBlock(elementText(guide)))
      .find((guide) => guide !== undefined),
    airsDayOfWeek: first(root, 'airs_dayofweek', cleanLine),
    airsTime: first(root, 'airs_time', cleanLine),
    namedSeasons: childElements(root, 'namedseason').flatMap((element) => {
      const number = nonNegative(attributeOf(element, 'number', parseInteger));
      const name = cleanLine(elementText(element));
      return number === undefined || name === undefined ? [] : [{ number, name }];
    }),
  };
}

function readSeason(root: XmlElement, urlIds: readonly ProviderId[]): NfoSeason {
  return {
    kind: 'season',
    ...readItemFields(root, 'season', urlIds),
    seasonNumber: nonNegative(first(root, 'seasonnumber', parseInteger)),
  };
}

function readEpisode(root: XmlElement, urlIds: readonly ProviderId[]): NfoEpisode {
  const number = (name: string): number | undefined => nonNegative(first(root, name, parseInteger));
  return {
    ...readItemFields(root, 'episode', urlIds),
    showTitle: first(root, 'showtitle', cleanLine),
    season: number('season'),
    episode: number('episode'),
    episodeNumberEnd: number('episodenumberend'),
    aired: first(root, 'aired', parseDate),
    displaySeason: number('displayseason'),
    displayEpisode: number('displayepisode'),
    airsAfterSeason: number('airsafter_season'),
    airsBeforeSeason: number('airsbefore_season'),
    airsBeforeEpisode: number('airsbefore_episode'),
  };
}

function readMusicVideo(root: XmlElement, urlIds: readonly ProviderId[]): NfoMusicVideo {
  return {
    kind: 'musicvideo',
    ...readItemFields(root, 'musicvideo', urlIds),
    artists: splitValues(texts(root, 'artist'), NAMES),
    album: first(root, 'album', cleanLine),
    track: positive(first(root, 'track', parseInteger)),
  };
}

function readAlbum(root: XmlElement, urlIds: readonly ProviderId[]): NfoAlbum {
  const credited = childElements(root, 'albumartistcredits').flatMap((credit): NfoAlbumArtist[] => {
    const name = first(credit, 'artist', cleanLine);
    return name === undefined ? [] : [{ name, musicBrainzArtistId: first(credit, 'musicbrainzartistid', normaliseId) }];
  });
  return {
    kind: 'album',
    ...readItemFields(root, 'album', urlIds),
    artists: credited.length > 0 ? credited : splitValues(texts(root, 'artist'), NAMES).map((name) => ({ name })),
    musicBrainzAlbumId: first(root, 'musicbrainzalbumid', normaliseId),
    musicBrainzReleaseGroupId: first(root, 'musicbrainzreleasegroupid', normaliseId),
    label: first(root, 'label', cleanLine),
    moods: distinctLines(texts(root, 'mood')),
  };
}

function readArtist(root: XmlElement, urlIds: readonly ProviderId[]): NfoArtist {
  return {
    kind: 'artist',
    ...readItemFields(root, 'artist', urlIds),
    musicBrainzArtistId: first(root, 'musicbrainzartistid', normaliseId),
    disambiguation: first(root, 'disambiguation', cleanLine),
    moods: distinctLines(texts(root, 'mood')),
    albums: childElements(root, 'album').flatMap((album) => {
      const title = first(album, 'title', cleanLine);
      return title === undefined ? [] : [{ title, year: inRange(first(album, 'year', parseInteger), 1800, 9999) }];
    }),
  };
}
