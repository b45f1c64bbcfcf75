/** Provider names and ids as NFO files spell them, mapped to the names Marquee stores. */

const PROVIDER_ALIASES: Readonly<Record<string, string>> = {
  imdb_id: 'imdb',
  themoviedb: 'tmdb',
  tmdbcol: 'tmdbcollection',
  tmdbcolid: 'tmdbcollection',
  tmdbset: 'tmdbcollection',
  collectionnumber: 'tmdbcollection',
  thetvdb: 'tvdb',
  myanimelist: 'mal',
};

/** Names writers use for "no idea" (Kodi 17 writes `type="unknown"` for its default scraper). */
const MEANINGLESS_PROVIDERS = new Set(['unknown', 'default', 'id']);

const PROVIDER_NAME = /^[a-z][a-z0-9_.-]{0,31}$/;

/** The stored name of a provider, or undefined when the name is unusable. */
export function normaliseProvider(raw: string): string | undefined {
  const name = raw.trim().toLowerCase();
  const provider = Object.hasOwn(PROVIDER_ALIASES, name) ? PROVIDER_ALIASES[name]! : name;
  if (!PROVIDER_NAME.test(provider) || MEANINGLESS_PROVIDERS.has(provider)) return undefined;
  return provider;
}

/** An id worth keeping: writers put 0, -1 or nothing where they have none. */
export function normaliseId(raw: string): string | undefined {
  const id = raw.trim();
  if (id === '' || id.length > 200 || /\s/.test(id) || /^(?:0+|-1)$/.test(id)) return undefined;
  return id;
}

/** URL-looking tokens considered per file: real NFOs have a handful; this bounds hostile text. */
const MAX_URLS = 64;
const MAX_URL_LENGTH = 2048;

/** The provider id a page URL names, if it is one of the pages Kodi, Radarr and Sonarr link. */
function idFromUrl(url: URL): readonly [provider: string, id: string] | undefined {
  const host = url.hostname.toLowerCase().replace(/^(?:www|m)\./, '');
  const path = url.pathname;
  let match: RegExpExecArray | null;
  switch (host) {
    case 'imdb.com':
      match = /^\/(?:[a-z]{2}\/)?title\/(tt\d{5,12})(?:\/|$)/.exec(path);
      return match ? ['imdb', match[1]!] : undefined;
    case 'themoviedb.org':
      match = /^\/(movie|tv|collection)\/(\d+)(?:[-/]|$)/.exec(path);
      if (!match) return undefined;
      return [match[1] === 'collection' ? 'tmdbcollection' : 'tmdb', match[2]!];
    case 'thetvdb.com': {
      const id = url.searchParams.get('seriesid') ?? url.searchParams.get('id');
      if (id !== null && /^\d+$/.test(id)) return ['tvdb', id];
      match = /^\/(?:dereferrer\/)?series\/(\d+)(?:\/|$)/.exec(path);
      return match ? ['tvdb', match[1]!] : undefined;
    }
    case 'anidb.net': {
      const aid = url.searchParams.get('aid');
      if (aid !== null && /^\d+$/.test(aid)) return ['anidb', aid];
      match = /^\/(?:anime\/|a)(\d+)(?:\/|$)/.exec(path);
      return match ? ['anidb', match[1]!] : undefined;
    }
    case 'myanimelist.net':
    case 'anilist.co':
    case 'kitsu.io':
    case 'kitsu.app':
      match = /^\/anime\/(\d+)(?:\/|$)/.exec(path);
      if (!match) return undefined;
      return [host === 'myanimelist.net' ? 'mal' : host === 'anilist.co' ? 'anilist' : 'kitsu', match[1]!];
    case 'tvmaze.com':
      match = /^\/shows\/(\d+)(?:\/|$)/.exec(path);
      return match ? ['tvmaze', match[1]!] : undefined;
    default:
      return undefined;
  }
}

/** A URL as people paste it into text: "<https://…>", or followed by punctuation. */
function withoutWrapping(token: string): string {
  let end = token.length;
  while (end > 0 && '>)].,;'.includes(token[end - 1]!)) end--;
  return token.slice(token.startsWith('<') ? 1 : 0, end);
}

/**
 * Ids from provider URLs in free text: a URL-only NFO, or the lines Kodi allows after the XML.
 * A bare IMDb id counts too. Text is split on whitespace and each URL parsed, so no pattern ever
 * runs over more than one bounded token.
 */
export function idsFromUrls(text: string): Array<readonly [provider: string, id: string]> {
  const found: Array<readonly [string, string]> = [];
  let urls = 0;
  for (const token of text.split(/\s+/)) {
    if (token.length > MAX_URL_LENGTH) continue;
    if (/^tt\d{7,12}$/.test(token)) {
      found.push(['imdb', token]);
      continue;
    }
    if (!/^<?https?:\/\//i.test(token) || ++urls > MAX_URLS) continue;
    const url = URL.parse(withoutWrapping(token));
    const id = url && idFromUrl(url);
    if (id) found.push(id);
  }
  return found;
}
