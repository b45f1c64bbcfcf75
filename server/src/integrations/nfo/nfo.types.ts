/**
 * Kodi-style NFO documents, the one shape both the reader (nfo-reader.ts) and the writer use, so a
 * document read from disk can be written back without losing what Marquee understood of it.
 *
 * Conventions: a value the file does not give (or gives as Kodi's "unset" — empty, 0 runtime, -1
 * display numbers) is `undefined`; lists are always present and possibly empty; strings are
 * trimmed; nothing is looked up or defaulted from other fields.
 */

/** `YYYY-MM-DD`. */
export type NfoDate = string;

/** `YYYY-MM-DD`, or `YYYY-MM-DDTHH:mm:ss` (local time as Kodi writes it; a zone only if the file had one). */
export type NfoDateTime = string;

/**
 * Provider → id, with providers normalised to lower case and Marquee's names: imdb, tmdb, tvdb,
 * tmdbcollection (Kodi's tmdbcol / tmdbcolid), anidb, mal, anilist, kitsu, trakt, tvmaze…;
 * unrecognised providers are kept lower-cased (e.g. sonarr).
 */
export type NfoUniqueIds = Readonly<Record<string, string>>;

export interface NfoRating {
  /** Lower-cased source as written: imdb, themoviedb, metacritic, tomatometerallcritics, default… */
  name: string;
  value: number;
  votes?: number;
  /** Top of the scale; 10 unless the file says otherwise. */
  max: number;
  default: boolean;
}

export interface NfoActor {
  name: string;
  role?: string;
  /** Billing order (`<order>`, or Jellyfin's `<sortorder>`). */
  order?: number;
  /** Same rules as NfoArtwork.url. */
  thumb?: string;
  /** Jellyfin's `<type>GuestStar</type>`. */
  guestStar?: boolean;
  tmdbId?: string;
  imdbId?: string;
  /** A profile page URL (tinyMediaManager). */
  profile?: string;
}

/** Non-cast people: Jellyfin's `<actor><type>Lyricist</type>` and tinyMediaManager's `<producer>`. */
export interface NfoCrewMember {
  name: string;
  /** As written, e.g. Producer, Lyricist, Composer. */
  type: string;
  role?: string;
  order?: number;
  thumb?: string;
}

/** Kodi's `aspect` values, plus 'thumb': the primary image of episodes and music items. */
export type NfoArtworkKind =
  | 'poster'
  | 'fanart'
  | 'banner'
  | 'clearlogo'
  | 'clearart'
  | 'discart'
  | 'landscape'
  | 'characterart'
  | 'keyart'
  | 'thumb';

export interface NfoArtwork {
  kind: NfoArtworkKind;
  /**
   * An http(s) URL or an absolute local path exactly as the file gives it (a `<fanart url>` prefix
   * already applied). Local paths are unchecked: whoever opens one must keep it inside the library.
   */
  url: string;
  preview?: string;
  /** Season art in a tvshow.nfo (`type="season" season="2"`); -1 is Kodi's "all seasons". */
  season?: number;
  /** Art of the movie's collection (`aspect="set.poster"`), not of the item itself. */
  forSet?: boolean;
}

export interface NfoVideoStream {
  codec?: string;
  /** Display aspect ratio, e.g. 1.777778. */
  aspect?: number;
  width?: number;
  height?: number;
  durationSeconds?: number;
  /** Kodi's `<stereomode>` (e.g. left_right). */
  stereoMode?: string;
  /** Jellyfin's `<format3d>` (HSBS, HTAB, FSBS, FTAB, MVC). */
  format3d?: string;
  bitrate?: number;
  framerate?: number;
  scanType?: string;
}

export interface NfoAudioStream {
  codec?: string;
  channels?: number;
  language?: string;
  bitrate?: number;
}

export interface NfoSubtitleStream {
  language?: string;
}

export interface NfoFileInfo {
  video: NfoVideoStream[];
  audio: NfoAudioStream[];
  subtitles: NfoSubtitleStream[];
}

/** A movie collection: `<set>Name</set>`, `<set><name/><overview/></set>` or MediaPortal's variants. */
export interface NfoSet {
  name: string;
  overview?: string;
  /** `<set tmdbcolid="…">`. */
  tmdbId?: string;
  /** MediaPortal's `<sets><set order="1">`. */
  order?: number;
}

/** Fields every XML NFO may carry, whatever its root. */
export interface NfoItemFields {
  title?: string;
  originalTitle?: string;
  sortTitle?: string;
  /** `<plot>`; an album's `<review>`, an artist's `<biography>`. Line breaks kept. */
  plot?: string;
  outline?: string;
  tagline?: string;
  year?: number;
  premiered?: NfoDate;
  releaseDate?: NfoDate;
  endDate?: NfoDate;
  /** Minutes. */
  runtime?: number;
  mpaa?: string;
  certification?: string;
  customRating?: string;
  /** `<ratings><rating name=…>` entries, each within 0…max. */
  ratings: NfoRating[];
  /** 0–10, from `<communityrating>` or the legacy scalar `<rating>`; out-of-range values are dropped. */
  communityRating?: number;
  /** The legacy `<votes>` beside a scalar `<rating>`. */
  votes?: number;
  /** 1–10. */
  userRating?: number;
  /** 0–100 (Rotten Tomatoes style). */
  criticRating?: number;
  top250?: number;
  uniqueIds: NfoUniqueIds;
  /** The provider whose `<uniqueid default="true">` the file marks, when that id was kept. */
  defaultId?: string;
  genres: string[];
  /** `<tag>`s; for albums and artists, their `<style>`s (Kodi's music NFOs have no tags). */
  tags: string[];
  studios: string[];
  countries: string[];
  /** Writers: `<credits>` and `<writer>`. */
  credits: string[];
  directors: string[];
  actors: NfoActor[];
  crew: NfoCrewMember[];
  artwork: NfoArtwork[];
  /** As written (plugin:// or https URLs). */
  trailers: string[];
  language?: string;
  countryCode?: string;
  fileInfo?: NfoFileInfo;
  playCount?: number;
  lastPlayed?: NfoDateTime;
  watched?: boolean;
  dateAdded?: NfoDateTime;
}

export interface NfoMovie extends NfoItemFields {
  kind: 'movie';
  /** Usually one; Emby and MediaPortal write several. */
  sets: NfoSet[];
}

export interface NfoNamedSeason {
  number: number;
  name: string;
}

export interface NfoTvShow extends NfoItemFields {
  kind: 'tvshow';
  showTitle?: string;
  /** As written, e.g. Continuing, Ended. */
  status?: string;
  /** The `<episodeguide>` URL, or its JSON text (Kodi 20+). */
  episodeGuide?: string;
  airsDayOfWeek?: string;
  airsTime?: string;
  namedSeasons: NfoNamedSeason[];
}

export interface NfoSeason extends NfoItemFields {
  kind: 'season';
  seasonNumber?: number;
}

/** One `<episodedetails>` root. */
export interface NfoEpisode extends NfoItemFields {
  showTitle?: string;
  season?: number;
  episode?: number;
  /** Last episode of a range written as one root (`<episodenumberend>`). */
  episodeNumberEnd?: number;
  aired?: NfoDate;
  displaySeason?: number;
  displayEpisode?: number;
  airsAfterSeason?: number;
  airsBeforeSeason?: number;
  airsBeforeEpisode?: number;
}

/** An episode NFO; a multi-episode file holds one `<episodedetails>` root per episode, in file order. */
export interface NfoEpisodeDocument {
  kind: 'episode';
  episodes: NfoEpisode[];
}

export interface NfoMusicVideo extends NfoItemFields {
  kind: 'musicvideo';
  artists: string[];
  album?: string;
  track?: number;
}

export interface NfoAlbumArtist {
  name: string;
  musicBrainzArtistId?: string;
}

export interface NfoAlbum extends NfoItemFields {
  kind: 'album';
  /** `<albumArtistCredits>`, else the `<artist>` names. */
  artists: NfoAlbumArtist[];
  musicBrainzAlbumId?: string;
  musicBrainzReleaseGroupId?: string;
  label?: string;
  moods: string[];
}

export interface NfoArtistAlbum {
  title: string;
  year?: number;
}

export interface NfoArtist extends NfoItemFields {
  kind: 'artist';
  musicBrainzArtistId?: string;
  disambiguation?: string;
  moods: string[];
  /** The discography the file lists. */
  albums: NfoArtistAlbum[];
}

/** A file of provider URLs only (IMDb, TMDB, TheTVDB… pages, one per line), not XML. */
export interface NfoUrlDocument {
  kind: 'url';
  uniqueIds: NfoUniqueIds;
}

export type NfoDocument =
  | NfoMovie
  | NfoTvShow
  | NfoSeason
  | NfoEpisodeDocument
  | NfoMusicVideo
  | NfoAlbum
  | NfoArtist
  | NfoUrlDocument;

export type NfoKind = NfoDocument['kind'];

/** Why an NFO was refused (see NfoError). */
export type NfoErrorReason = 'TOO_LARGE' | 'EMPTY' | 'HOSTILE' | 'MALFORMED' | 'UNSUPPORTED_ROOT';
