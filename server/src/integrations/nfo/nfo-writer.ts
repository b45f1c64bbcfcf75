/**
 * Writes Kodi-style NFO documents (movie, tvshow, season, episode) in the elements Kodi, Jellyfin
 * and tinyMediaManager write, so what nfo-reader.ts reads from a file comes back unchanged when the
 * document is written and read again. Pure: the publish phase decides where the text goes.
 */

import { XMLBuilder } from 'fast-xml-parser';
import type { NfoActor, NfoArtwork, NfoCrewMember, NfoEpisode, NfoEpisodeDocument, NfoFileInfo, NfoItemFields, NfoMovie, NfoSeason, NfoTvShow } from './nfo.types.js';

export type WritableNfo = NfoMovie | NfoTvShow | NfoSeason | NfoEpisodeDocument;

type Node = Record<string, unknown>;

const ATTRIBUTE_PREFIX = '@_';
const TEXT = '#text';

const builder = new XMLBuilder({
  ignoreAttributes: false,
  attributeNamePrefix: ATTRIBUTE_PREFIX,
  textNodeName: TEXT,
  format: true,
  indentBy: '  ',
  suppressEmptyNode: false,
  suppressBooleanAttributes: false,
  processEntities: true,
});

/** Characters XML 1.0 cannot hold at all; they are dropped rather than making the file unreadable. */
const FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

const clean = (value: string): string => value.replace(FORBIDDEN, '');

/** Numbers in plain notation (no exponent), at full precision. */
function numberText(value: number): string {
  return Number.isInteger(value) || (Math.abs(value) < 1e21 && Math.abs(value) >= 1e-6) ? String(value) : value.toFixed(6);
}

function text(value: string | number | boolean | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'number') return numberText(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  return clean(value);
}

/** Adds `name` with the value (skipped when undefined); repeated names become lists, in order. */
function put(node: Node, name: string, value: unknown): void {
  if (value === undefined) return;
  const existing = node[name];
  if (existing === undefined) node[name] = value;
  else if (Array.isArray(existing)) existing.push(value);
  else node[name] = [existing, value];
}

function putText(node: Node, name: string, value: string | number | boolean | undefined): void {
  put(node, name, text(value));
}

function putAll(node: Node, name: string, values: readonly string[]): void {
  for (const value of values) putText(node, name, value);
}

function withAttributes(content: string | Node, attributes: Record<string, string | number | boolean | undefined>): Node {
  const node: Node = typeof content === 'string' ? { [TEXT]: content } : { ...content };
  for (const [key, value] of Object.entries(attributes)) if (value !== undefined) node[ATTRIBUTE_PREFIX + key] = text(value);
  return node;
}

function actorNode(actor: NfoActor): Node {
  const node: Node = {};
  putText(node, 'name', actor.name);
  putText(node, 'role', actor.role);
  putText(node, 'order', actor.order);
  putText(node, 'thumb', actor.thumb);
  if (actor.guestStar) putText(node, 'type', 'GuestStar');
  putText(node, 'tmdbid', actor.tmdbId);
  putText(node, 'imdbid', actor.imdbId);
  putText(node, 'profile', actor.profile);
  return node;
}

/** Crew as Jellyfin writes it: an `<actor>` with a `<type>` that is not cast. */
function crewNode(member: NfoCrewMember): Node {
  const node: Node = {};
  putText(node, 'name', member.name);
  putText(node, 'role', member.role);
  putText(node, 'type', member.type);
  putText(node, 'order', member.order);
  putText(node, 'thumb', member.thumb);
  return node;
}

function putArtwork(node: Node, artwork: readonly NfoArtwork[]): void {
  for (const art of artwork) {
    if (art.kind === 'fanart' && !art.forSet && art.season === undefined) continue;
    const aspect = art.forSet ? `set.${art.kind}` : art.kind;
    put(node, 'thumb', withAttributes(clean(art.url), { aspect, preview: art.preview, type: art.season !== undefined ? 'season' : undefined, season: art.season }));
  }
  const fanart = artwork.filter((a) => a.kind === 'fanart' && !a.forSet && a.season === undefined);
  if (fanart.length) put(node, 'fanart', { thumb: fanart.map((a) => withAttributes(clean(a.url), { preview: a.preview })) });
}

function fileInfoNode(info: NfoFileInfo): Node {
  const details: Node = {};
  for (const v of info.video) {
    const node: Node = {};
    putText(node, 'codec', v.codec);
    putText(node, 'aspect', v.aspect);
    putText(node, 'width', v.width);
    putText(node, 'height', v.height);
    putText(node, 'durationinseconds', v.durationSeconds);
    putText(node, 'stereomode', v.stereoMode);
    putText(node, 'format3d', v.format3d);
    putText(node, 'bitrate', v.bitrate);
    putText(node, 'framerate', v.framerate);
    putText(node, 'scantype', v.scanType);
    put(details, 'video', node);
  }
  for (const a of info.audio) {
    const node: Node = {};
    putText(node, 'codec', a.codec);
    putText(node, 'channels', a.channels);
    putText(node, 'language', a.language);
    putText(node, 'bitrate', a.bitrate);
    put(details, 'audio', node);
  }
  for (const s of info.subtitles) {
    const node: Node = {};
    putText(node, 'language', s.language);
    put(details, 'subtitle', node);
  }
  return { streamdetails: details };
}

/** The elements every video NFO shares, in the order Kodi writes them. */
function itemNode(item: NfoItemFields, head: (node: Node) => void = () => undefined): Node {
  const node: Node = {};
  putText(node, 'title', item.title);
  putText(node, 'originaltitle', item.originalTitle);
  putText(node, 'sorttitle', item.sortTitle);
  head(node);
  if (item.ratings.length) {
    put(node, 'ratings', {
      rating: item.ratings.map((r) => {
        const rating: Node = {};
        putText(rating, 'value', r.value);
        putText(rating, 'votes', r.votes);
        return withAttributes(rating, { name: r.name, max: r.max, default: r.default });
      }),
    });
  }
  putText(node, 'rating', item.communityRating);
  putText(node, 'votes', item.votes);
  putText(node, 'userrating', item.userRating);
  putText(node, 'criticrating', item.criticRating);
  putText(node, 'top250', item.top250);
  putText(node, 'outline', item.outline);
  putText(node, 'plot', item.plot);
  putText(node, 'tagline', item.tagline);
  putText(node, 'runtime', item.runtime);
  putArtwork(node, item.artwork);
  putText(node, 'mpaa', item.mpaa);
  putText(node, 'certification', item.certification);
  putText(node, 'customrating', item.customRating);
  putText(node, 'playcount', item.playCount);
  putText(node, 'lastplayed', item.lastPlayed);
  putText(node, 'watched', item.watched);
  for (const [provider, id] of Object.entries(item.uniqueIds)) {
    put(node, 'uniqueid', withAttributes(clean(id), { type: provider, default: item.defaultId === provider ? true : undefined }));
  }
  putAll(node, 'genre', item.genres);
  putAll(node, 'country', item.countries);
  putAll(node, 'credits', item.credits);
  putAll(node, 'director', item.directors);
  putText(node, 'premiered', item.premiered);
  putText(node, 'year', item.year);
  putText(node, 'releasedate', item.releaseDate);
  putText(node, 'enddate', item.endDate);
  putAll(node, 'studio', item.studios);
  putAll(node, 'trailer', item.trailers);
  putText(node, 'language', item.language);
  putText(node, 'countrycode', item.countryCode);
  if (item.fileInfo) put(node, 'fileinfo', fileInfoNode(item.fileInfo));
  for (const actor of item.actors) put(node, 'actor', actorNode(actor));
  for (const member of item.crew) put(node, 'actor', crewNode(member));
  putAll(node, 'tag', item.tags);
  putText(node, 'dateadded', item.dateAdded);
  return node;
}

function movieNode(movie: NfoMovie): Node {
  const node = itemNode(movie);
  for (const set of movie.sets) {
    const content: Node = {};
    putText(content, 'name', set.name);
    putText(content, 'overview', set.overview);
    put(node, 'set', withAttributes(content, { tmdbcolid: set.tmdbId, order: set.order }));
  }
  return node;
}

function tvShowNode(show: NfoTvShow): Node {
  const node = itemNode(show, (n) => putText(n, 'showtitle', show.showTitle));
  putText(node, 'status', show.status);
  putText(node, 'episodeguide', show.episodeGuide);
  putText(node, 'airs_dayofweek', show.airsDayOfWeek);
  putText(node, 'airs_time', show.airsTime);
  for (const season of show.namedSeasons) put(node, 'namedseason', withAttributes(clean(season.name), { number: season.number }));
  return node;
}

function seasonNode(season: NfoSeason): Node {
  return itemNode(season, (n) => putText(n, 'seasonnumber', season.seasonNumber));
}

function episodeNode(episode: NfoEpisode): Node {
  return itemNode(episode, (n) => {
    putText(n, 'showtitle', episode.showTitle);
    putText(n, 'season', episode.season);
    putText(n, 'episode', episode.episode);
    putText(n, 'episodenumberend', episode.episodeNumberEnd);
    putText(n, 'displayseason', episode.displaySeason);
    putText(n, 'displayepisode', episode.displayEpisode);
    putText(n, 'airsafter_season', episode.airsAfterSeason);
    putText(n, 'airsbefore_season', episode.airsBeforeSeason);
    putText(n, 'airsbefore_episode', episode.airsBeforeEpisode);
    putText(n, 'aired', episode.aired);
  });
}

const DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes" ?>\n';

/**
 * The NFO text of a document. A multi-episode file is one `<episodedetails>` root per episode, one
 * after another, as Kodi writes it.
 */
export function writeNfo(doc: WritableNfo): string {
  switch (doc.kind) {
    case 'movie':
      return DECLARATION + builder.build({ movie: movieNode(doc) });
    case 'tvshow':
      return DECLARATION + builder.build({ tvshow: tvShowNode(doc) });
    case 'season':
      return DECLARATION + builder.build({ season: seasonNode(doc) });
    case 'episode':
      return DECLARATION + doc.episodes.map((e) => builder.build({ episodedetails: episodeNode(e) })).join('');
  }
}
