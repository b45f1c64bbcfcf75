/**
 * The event contract between the write side (server) and the read side (projector).
 * The server imports these types to append outbox rows; read-models never imports the server.
 * Events carry the aggregate's full state after the change (state transfer), so a projection
 * never needs to look anything up and a replay of the outbox rebuilds every read model.
 */

export const TITLE_KINDS = ['MOVIE', 'SERIES', 'ANIME_SERIES', 'ANIME_MOVIE'] as const;
export type TitleKind = (typeof TITLE_KINDS)[number];

/** Fields a user can edit and lock; automated sources never change a locked one. */
export const TITLE_FIELDS = [
  'kind',
  'name',
  'originalTitle',
  'synonyms',
  'year',
  'overview',
  'runtime',
  'status',
  'rating',
  'votes',
  'popularity',
  'genres',
  'studios',
  'tags',
  'format',
  'releaseSeason',
  'episodeCount',
  /** Cast and crew: lockable like a field (a user's credit edits lock it against enrichment). */
  'credits',
] as const;
export type TitleField = (typeof TITLE_FIELDS)[number];
/** The fields that are plain values on the title (everything lockable but its credits list). */
export type TitleValueField = Exclude<TitleField, 'credits'>;
export const TITLE_VALUE_FIELDS = TITLE_FIELDS.filter((f): f is TitleValueField => f !== 'credits');

export const SEASON_FIELDS = ['name', 'overview', 'airDate'] as const;
export type SeasonField = (typeof SEASON_FIELDS)[number];
export const EPISODE_FIELDS = ['name', 'overview', 'airDate', 'runtime', 'absoluteNumber'] as const;
export type EpisodeField = (typeof EPISODE_FIELDS)[number];

/** Providers whose ids Marquee knows; others are accepted if they look like a provider name. */
export const KNOWN_ID_PROVIDERS = ['tmdb', 'tvdb', 'imdb', 'mal', 'anilist', 'kitsu', 'anidb', 'trakt', 'tvmaze', 'wikidata'] as const;

export const ARTWORK_KINDS = ['POSTER', 'FANART', 'BANNER', 'CLEARLOGO', 'LANDSCAPE', 'THUMB', 'SEASON_POSTER'] as const;
export type ArtworkKind = (typeof ARTWORK_KINDS)[number];

export interface ArtworkState {
  id: string;
  kind: ArtworkKind;
  /** For SEASON_POSTER. */
  seasonNumber: number | null;
  url: string;
  width: number | null;
  height: number | null;
  /** ISO 639-1, or null for artwork without text. */
  language: string | null;
  /** Higher is better (provider votes, resolution, language match). */
  score: number;
  /** The provider's votes or likes for it; null for uploads and providers without votes. */
  votes?: number | null;
  /** Provider that offered it, or null for a user upload. */
  provider: string | null;
  /** At most one selected per kind (per season for season posters). */
  selected: boolean;
  /** Who selected it: a user's choice is never replaced automatically. */
  selectedBy: 'user' | 'auto' | null;
}

export const CREDIT_ROLES = ['ACTOR', 'DIRECTOR', 'WRITER', 'PRODUCER', 'COMPOSER', 'CREATOR', 'VOICE', 'OTHER'] as const;
export type CreditRole = (typeof CREDIT_ROLES)[number];

export interface CreditState {
  personId: string;
  role: CreditRole;
  /** For actors and voices. */
  character: string | null;
  /** Billing order. */
  order: number;
}

export interface PersonState {
  id: string;
  name: string;
  originalName: string | null;
  /** YYYY-MM-DD. */
  birthDate: string | null;
  deathDate: string | null;
  biography: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface ExternalIdState {
  provider: string;
  value: string;
}

export const TITLE_STATUSES = ['ANNOUNCED', 'IN_PRODUCTION', 'RELEASED', 'CONTINUING', 'ENDED', 'CANCELLED'] as const;
export type TitleStatus = (typeof TITLE_STATUSES)[number];

/** How a work was released (anime catalogs tell TV series, films, OVAs, ONAs and specials apart). */
export const TITLE_FORMATS = ['TV', 'MOVIE', 'OVA', 'ONA', 'SPECIAL'] as const;
export type TitleFormat = (typeof TITLE_FORMATS)[number];

/** The broadcast season a title premiered in (with its year). */
export const RELEASE_SEASONS = ['WINTER', 'SPRING', 'SUMMER', 'FALL'] as const;
export type ReleaseSeason = (typeof RELEASE_SEASONS)[number];

/** Who set a field: a person, or one of the automated sources. */
export const FIELD_SOURCES = ['user', 'provider', 'nfo', 'parser'] as const;
export type FieldSource = (typeof FIELD_SOURCES)[number];

export interface FieldProvenance {
  source: FieldSource;
  /** Provider or catalog name for automated sources (e.g. `tmdb`, `anidb`). */
  origin: string | null;
  at: string;
}

export interface TitleState {
  id: string;
  kind: TitleKind;
  name: string;
  originalTitle: string | null;
  synonyms: string[];
  year: number | null;
  overview: string | null;
  /** Minutes. */
  runtime: number | null;
  status: TitleStatus | null;
  /** 0–10. */
  rating: number | null;
  votes: number | null;
  popularity: number | null;
  genres: string[];
  /** Studios for films and anime, networks for series. */
  studios: string[];
  tags: string[];
  format: TitleFormat | null;
  releaseSeason: ReleaseSeason | null;
  /** Episodes the source lists for the whole title. */
  episodeCount: number | null;
  externalIds: ExternalIdState[];
  /** Cast and crew in billing order; names live in the people's own documents. */
  credits: CreditState[];
  /** Every artwork candidate, selected or not. */
  artwork: ArtworkState[];
  /** Seasons in number order; details live in their own documents. */
  seasons: SeasonSummary[];
  provenance: Partial<Record<TitleField, FieldProvenance>>;
  locks: TitleField[];
  /** Set while the title is in the recycle bin. */
  deletedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface SeasonSummary {
  id: string;
  number: number;
  name: string | null;
  episodeCount: number;
}

export interface EpisodeState {
  id: string;
  number: number;
  /** Absolute number across seasons, for anime. */
  absoluteNumber: number | null;
  name: string | null;
  overview: string | null;
  /** YYYY-MM-DD. */
  airDate: string | null;
  runtime: number | null;
  provenance: Partial<Record<EpisodeField, FieldProvenance>>;
  locks: EpisodeField[];
}

export interface SeasonState {
  id: string;
  titleId: string;
  number: number;
  name: string | null;
  overview: string | null;
  airDate: string | null;
  provenance: Partial<Record<SeasonField, FieldProvenance>>;
  locks: SeasonField[];
  /** In number order. */
  episodes: EpisodeState[];
}

interface EventBase<A extends string, T extends string, P> {
  aggregateType: A;
  aggregateId: string;
  aggregateVersion: number;
  type: T;
  payload: P;
}

export type TitleCreated = EventBase<'title', 'TitleCreated', TitleState>;
export type TitleUpdated = EventBase<'title', 'TitleUpdated', TitleState>;
/** Moved to the recycle bin (restorable). */
export type TitleDeleted = EventBase<'title', 'TitleDeleted', TitleState>;
export type TitleRestored = EventBase<'title', 'TitleRestored', TitleState>;
/** Gone for good. */
export type TitlePurged = EventBase<'title', 'TitlePurged', { id: string }>;

/** Seasons belong to the title aggregate: their events carry the title's id and version. */
export type SeasonChanged = EventBase<'title', 'SeasonChanged', SeasonState>;
export type SeasonRemoved = EventBase<'title', 'SeasonRemoved', { id: string; titleId: string }>;

export type TitleEvent = TitleCreated | TitleUpdated | TitleDeleted | TitleRestored | TitlePurged | SeasonChanged | SeasonRemoved;

export type PersonCreated = EventBase<'person', 'PersonCreated', PersonState>;
export type PersonUpdated = EventBase<'person', 'PersonUpdated', PersonState>;
export type PersonEvent = PersonCreated | PersonUpdated;

export const LIBRARY_KINDS = ['MOVIES', 'SERIES', 'ANIME', 'MIXED'] as const;
export type LibraryKind = (typeof LIBRARY_KINDS)[number];

/** Phases after scanning that a library can switch off (scanning always runs). */
export const OPTIONAL_PHASES = ['enrich', 'publish', 'sync-players', 'verify', 'notify'] as const;
export type OptionalPhase = (typeof OPTIONAL_PHASES)[number];

export interface PathMapping {
  /** A path prefix as Marquee sees it (inside the library root). */
  from: string;
  /** The same place as media players (or an *arr host) see it. */
  to: string;
}

export interface ScanSummary {
  at: string;
  durationMs: number;
  files: number;
  added: number;
  changed: number;
  moved: number;
  missing: number;
  restored: number;
  probed: number;
  matched: number;
  unmatched: number;
}

export interface LibraryState {
  id: string;
  name: string;
  /** Absolute path of the root; files are stored relative to it. */
  rootPath: string;
  kind: LibraryKind;
  phases: OptionalPhase[];
  /** Cron expression, or null for manual scans only. */
  scanSchedule: string | null;
  pathMappings: PathMapping[];
  lastScan: ScanSummary | null;
  createdAt: string;
  updatedAt: string;
}

export const FILE_CLASSES = ['VIDEO', 'AUDIO', 'SUBTITLE', 'ARTWORK', 'NFO', 'OTHER'] as const;
export type FileClass = (typeof FILE_CLASSES)[number];

export interface VideoStream {
  index: number;
  codec: string | null;
  profile: string | null;
  width: number | null;
  height: number | null;
  frameRate: number | null;
  bitDepth: number | null;
  hdr: string | null;
  language: string | null;
  default: boolean;
}

export interface AudioStream {
  index: number;
  codec: string | null;
  channels: number | null;
  channelLayout: string | null;
  language: string | null;
  title: string | null;
  default: boolean;
}

export interface SubtitleStream {
  index: number;
  codec: string | null;
  language: string | null;
  title: string | null;
  forced: boolean;
  default: boolean;
}

export interface MediaInfo {
  durationSeconds: number | null;
  bitRate: number | null;
  container: string | null;
  video: VideoStream[];
  audio: AudioStream[];
  subtitles: SubtitleStream[];
}

/** What the name of a file says (see the scan phase's filename parser). */
export interface ParsedNameState {
  kind: 'movie' | 'episode';
  title: string | null;
  year: number | null;
  season: number | null;
  episodes: number[];
  absoluteEpisodes: number[];
}

export const MATCH_METHODS = ['MANUAL', 'PATH_ID', 'NFO_ID', 'NFO', 'TITLE_YEAR', 'TITLE', 'FUZZY'] as const;
export type MatchMethod = (typeof MATCH_METHODS)[number];

export interface FileMatch {
  /** Null when no title reached the confidence threshold. */
  titleId: string | null;
  seasonNumber: number | null;
  episodeNumbers: number[];
  method: MatchMethod | null;
  /** 0–1. */
  confidence: number;
  /** The best candidate below the threshold, offered for a manual match. */
  suggestedTitleId: string | null;
  /** A manual match: scans never change it. */
  locked: boolean;
}

export interface MediaFileState {
  id: string;
  libraryId: string;
  /** Relative to the library root, with `/` separators. */
  path: string;
  class: FileClass;
  /** Trailer, featurette, sample…; null for main media. */
  extra: string | null;
  size: number;
  modifiedAt: string;
  /** Subtitle language and flags from the name. */
  subtitle: { language: string | null; forced: boolean; sdh: boolean } | null;
  /** Artwork kind from the name (poster, fanart, season-poster…). */
  artworkKind: string | null;
  media: MediaInfo | null;
  /** Why ffprobe could not read the file, when it could not. */
  probeError: string | null;
  parsed: ParsedNameState | null;
  match: FileMatch | null;
  /** Set while the file is gone from disk (restorable: it comes back if the file does). */
  missingSince: string | null;
  createdAt: string;
  updatedAt: string;
}

export const JOB_RUN_STATES = ['CREATED', 'ACTIVE', 'RETRY', 'COMPLETED', 'FAILED', 'CANCELLED'] as const;
export type JobRunState = (typeof JOB_RUN_STATES)[number];

export interface JobRunStateDoc {
  id: string;
  queue: string;
  libraryId: string | null;
  titleId: string | null;
  /** The path of a targeted scan, relative to the library root. */
  target: string | null;
  state: JobRunState;
  done: number;
  total: number;
  message: string | null;
  error: string | null;
  /** 1 for the first run, more after retries. */
  attempt: number;
  /** True when the job exhausted its retries and sits in the dead-letter queue. */
  deadLettered: boolean;
  output: Record<string, unknown> | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

export type LibraryChanged = EventBase<'library', 'LibraryChanged', LibraryState>;
export type LibraryRemoved = EventBase<'library', 'LibraryRemoved', { id: string }>;
export type LibraryEvent = LibraryChanged | LibraryRemoved;

export type MediaFileChanged = EventBase<'mediafile', 'MediaFileChanged', MediaFileState>;
export type MediaFileRemoved = EventBase<'mediafile', 'MediaFileRemoved', { id: string }>;
export type MediaFileEvent = MediaFileChanged | MediaFileRemoved;

export type JobRunChanged = EventBase<'jobrun', 'JobRunChanged', JobRunStateDoc>;

/** A file Marquee published into a library (an entry of its manifest). */
export interface PublishedFileState {
  libraryId: string;
  /** Relative to the library root, `/`-separated. */
  path: string;
  /** NFO or ARTWORK. */
  role: 'NFO' | 'ARTWORK';
  /** movie, tvshow, season, episode; poster, fanart, season-poster… */
  kind: string;
  sha256: string | null;
  size: number;
  /** Why the last publish or verify left it alone (edited by hand…), else null. */
  warning: string | null;
  updatedAt: string;
}

/** Every file published for a title, replaced as a whole after each publish. */
export interface PublishedFilesState {
  titleId: string;
  files: PublishedFileState[];
  publishedAt: string;
}

export const RECYCLE_ENTRY_KINDS = ['TITLE', 'MEDIA_FILE', 'ARTWORK', 'PUBLISHED_FILE'] as const;
export type RecycleEntryKind = (typeof RECYCLE_ENTRY_KINDS)[number];

export interface RecycleEntryState {
  id: string;
  kind: RecycleEntryKind;
  label: string;
  titleId: string | null;
  libraryId: string | null;
  /** The files moved into the bin, by where they were. */
  files: Array<{ libraryId: string; path: string; size: number }>;
  deletedAt: string;
  /** When the purge phase removes it for good. */
  purgeAfter: string;
}

export type PublishedFilesChanged = EventBase<'published', 'PublishedFilesChanged', PublishedFilesState>;
export type RecycleEntryChanged = EventBase<'recycle', 'RecycleEntryChanged', RecycleEntryState>;
/** Restored or purged. */
export type RecycleEntryRemoved = EventBase<'recycle', 'RecycleEntryRemoved', { id: string }>;
export type PublishingEvent = PublishedFilesChanged | RecycleEntryChanged | RecycleEntryRemoved;

export type DomainEvent = TitleEvent | PersonEvent | LibraryEvent | MediaFileEvent | JobRunChanged | UserStateEvent | PublishingEvent | IntegrationEvent;
export type DomainEventType = DomainEvent['type'];
export type AggregateType = DomainEvent['aggregateType'];

/** An outbox row as the projector reads it. */
export type OutboxRecord = DomainEvent & {
  /** Monotonic outbox id. */
  id: string;
  /** The writing transaction's id (xid8 as text); see projector.ts for why it matters. */
  txId: string;
  occurredAt: string;
};

/** Postgres channel the server NOTIFYs in the writing transaction. */
export const OUTBOX_CHANNEL = 'marquee_outbox';

// ── Per-user state and lists (issue 10) ─────────────────────────────────────────────────────────

export const LIBRARY_STATUSES = ['WATCHING', 'PLANNED', 'COMPLETED', 'ON_HOLD', 'DROPPED'] as const;
export type LibraryStatus = (typeof LIBRARY_STATUSES)[number];

/**
 * Where a user is in a movie (season and episode null) or an episode. Keyed by the title and the
 * episode's numbers, never by a media file, so upgrades and renames keep it.
 */
export interface PlaybackProgress {
  seasonNumber: number | null;
  episodeNumber: number | null;
  /** Seconds. */
  position: number;
  /** Seconds. */
  duration: number;
  /** When the device recorded it; the newest wins between devices. */
  updatedAt: string;
}

export const HISTORY_SOURCES = ['USER', 'PLAYBACK', 'NFO', 'IMPORT'] as const;
export type HistorySource = (typeof HISTORY_SOURCES)[number];

export interface HistoryEntry {
  id: string;
  seasonNumber: number | null;
  episodeNumber: number | null;
  watchedAt: string;
  source: HistorySource;
}

/** A user's state about one title; the aggregate id is `<userId>:<titleId>`. */
export interface UserTitleState {
  userId: string;
  titleId: string;
  status: LibraryStatus | null;
  statusAt: string | null;
  favourite: boolean;
  favouriteAt: string | null;
  /** 1–10. */
  rating: number | null;
  ratingAt: string | null;
  notes: string | null;
  notesAt: string | null;
  progress: PlaybackProgress[];
  /** Newest first. */
  history: HistoryEntry[];
  createdAt: string;
  updatedAt: string;
}

export const LIST_VISIBILITIES = ['PRIVATE', 'UNLISTED', 'PUBLIC'] as const;
export type ListVisibility = (typeof LIST_VISIBILITIES)[number];

export interface ListSection {
  id: string;
  name: string;
}

export interface ListEntry {
  id: string;
  titleId: string;
  /** Null: before the first section. */
  sectionId: string | null;
  note: string | null;
}

export interface UserListState {
  id: string;
  ownerId: string;
  /** What a public page shows of the owner: the display name (or username), nothing else. */
  ownerName: string;
  name: string;
  description: string | null;
  visibility: ListVisibility;
  /** The stable public address of an unlisted or public list. */
  slug: string;
  sections: ListSection[];
  /** In list order; entries of a section keep this order within it. */
  entries: ListEntry[];
  /** The list this one was duplicated from. */
  forkedFromSlug: string | null;
  createdAt: string;
  updatedAt: string;
}

export type UserTitleChanged = EventBase<'usertitle', 'UserTitleChanged', UserTitleState>;
export type UserTitleRemoved = EventBase<'usertitle', 'UserTitleRemoved', { userId: string; titleId: string }>;
export type UserListChanged = EventBase<'userlist', 'UserListChanged', UserListState>;
export type UserListRemoved = EventBase<'userlist', 'UserListRemoved', { id: string; ownerId: string; slug: string }>;
/** A list's old link stops working (a new slug replaced it). */
export type UserListLinkRevoked = EventBase<'userlist', 'UserListLinkRevoked', { id: string; slug: string }>;
export type UserStateEvent = UserTitleChanged | UserTitleRemoved | UserListChanged | UserListRemoved | UserListLinkRevoked;
// --- players, notification targets, deliveries and the lifecycle event stream (integrations) ---

export const PLAYER_KINDS = ['KODI', 'JELLYFIN', 'PLEX'] as const;
export type PlayerKind = (typeof PLAYER_KINDS)[number];

/** A media player Marquee asks to refresh; its credentials never leave the server. */
export interface PlayerState {
  id: string;
  name: string;
  kind: PlayerKind;
  /** Base URL (http://host:port), without credentials. */
  url: string;
  /** Whether a credential (password, API key or token) is stored. */
  hasCredentials: boolean;
  /** Kodi's user name (its password is a credential); null for the others. */
  username: string | null;
  enabled: boolean;
  /** Libraries it refreshes for; empty means all. */
  libraryIds: string[];
  /** Marquee path prefix → the same place as the player sees it. */
  pathMappings: PathMapping[];
  /** The last refresh or probe: OK, or why it failed. */
  lastStatus: string | null;
  lastStatusAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export const NOTIFICATION_KINDS = ['WEBHOOK', 'DISCORD', 'SLACK', 'NTFY', 'GOTIFY'] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export interface NotificationTargetState {
  id: string;
  name: string;
  kind: NotificationKind;
  /** The URL without its query string or credentials (a token may sit there). */
  displayUrl: string;
  /** Whether a secret (HMAC key, or the service's token) is stored. */
  hasSecret: boolean;
  enabled: boolean;
  /** Lifecycle event types delivered; empty means every type. */
  events: string[];
  createdAt: string;
  updatedAt: string;
}

export const DELIVERY_STATES = ['PENDING', 'DELIVERED', 'RETRYING', 'DEAD'] as const;
export type DeliveryState = (typeof DELIVERY_STATES)[number];

export interface NotificationDeliveryState {
  id: string;
  targetId: string;
  eventId: string;
  eventType: string;
  state: DeliveryState;
  attempts: number;
  /** HTTP status of the last attempt (null when it never got an answer). */
  lastStatus: number | null;
  lastError: string | null;
  /** True for a delivery the test button sent. */
  test: boolean;
  createdAt: string;
  updatedAt: string;
  deliveredAt: string | null;
}

export type PlayerChanged = EventBase<'player', 'PlayerChanged', PlayerState>;
export type PlayerRemoved = EventBase<'player', 'PlayerRemoved', { id: string }>;
export type NotificationTargetChanged = EventBase<'notificationtarget', 'NotificationTargetChanged', NotificationTargetState>;
export type NotificationTargetRemoved = EventBase<'notificationtarget', 'NotificationTargetRemoved', { id: string }>;
export type NotificationDeliveryChanged = EventBase<'notificationdelivery', 'NotificationDeliveryChanged', NotificationDeliveryState>;

/**
 * A lifecycle fact that no aggregate event carries (a *arr health report, a player going offline),
 * appended to the outbox so the event stream delivers it like the rest.
 */
export interface LifecycleFact {
  type: string;
  libraryId?: string | null;
  titleId?: string | null;
  fileId?: string | null;
  path?: string | null;
  data: Record<string, unknown>;
}
export type LifecycleRaised = EventBase<'lifecycle', 'LifecycleRaised', LifecycleFact>;

export type IntegrationEvent = PlayerChanged | PlayerRemoved | NotificationTargetChanged | NotificationTargetRemoved | NotificationDeliveryChanged | LifecycleRaised;
