/**
 * Media file name parser: turns a library-relative (or absolute) path into a title, year and
 * season/episode numbers. Rules follow guessit's behaviour (measured against its YAML vectors,
 * see docs/identification.md) plus folder conventions used by Plex, Jellyfin, Sonarr and Radarr.
 *
 * Every regular expression is compiled once at module load; a call does a fixed number of
 * scans per path segment, so this is safe to run over very large libraries.
 */

export type MediaKind = 'movie' | 'episode';
export type LibraryKind = 'movies' | 'series' | 'anime' | 'mixed';

export interface ParseNameHints {
  /** Forces the kind, like guessit's `--type`; a movie hint disables episode numbering. */
  kind?: MediaKind;
  /** `anime` numbers bare episode numbers absolutely; `movies`/`series` act as a kind hint. */
  libraryKind?: LibraryKind;
}

export interface ExternalIds {
  tmdb?: string;
  imdb?: string;
  tvdb?: string;
  anidb?: string;
}

export interface ParsedName {
  kind: MediaKind;
  title: string | null;
  year: number | null;
  season: number | null;
  /** Every season of a multi-season pack (`S01-S03`, `Seasons 1 & 2`); null for a single season. */
  seasons: number[] | null;
  episode: number | number[] | null;
  absoluteEpisode: number | number[] | null;
  episodeTitle: string | null;
  /** Air date of a daily show, `YYYY-MM-DD`. */
  date: string | null;
  part: number | null;
  edition: string | null;
  resolution: string | null;
  releaseGroup: string | null;
  externalIds: ExternalIds;
}

type Kind =
  | 'crc'
  | 'website'
  | 'size'
  | 'date'
  | 'screen'
  | 'episode'
  | 'bonus'
  | 'film'
  | 'cd'
  | 'part'
  | 'channels'
  | 'vcodec'
  | 'acodec'
  | 'source'
  | 'streaming'
  | 'edition'
  | 'other'
  | 'language'
  | 'year';

interface Match {
  start: number;
  end: number;
  kind: Kind;
  /** A word that is also common in titles: it only counts when another property follows it. */
  weak: boolean;
  /** Directly before a year the word is still title ("Immersion French 2011", "Spiders Web 2019"). */
  titleBeforeYear?: boolean;
  value?: string | number;
  ep?: EpisodeToken;
}

interface EpisodeToken {
  seasons: number[];
  episodes: number[];
  /** Anime-style bare number: the episode is an absolute number. */
  absolute: boolean;
}

interface PartInfo {
  index: number;
  generic: boolean;
  weight: number;
  title: string | null;
  /** Title found after a leading episode marker (`01 - Name`), used only when no folder names the show. */
  titleAfterMarker: string | null;
  episodeTitle: string | null;
  year: number | null;
  yearInGroup: boolean;
  seasons: number[] | null;
  episodes: number[] | null;
  absolute: number[] | null;
  /** Episode came from a bare number rather than a marker such as `S01E02`. */
  numberedOnly: boolean;
  date: string | null;
  /** Season from a Plex/Jellyfin `Specials` folder. */
  specials: boolean;
  part: number | null;
  edition: string | null;
  resolution: string | null;
  releaseGroup: string | null;
}

interface PartContext {
  episodes: boolean;
  episodeHint: boolean;
  anime: boolean;
  isFile: boolean;
}

const B = '(?<![\\p{L}\\p{N}])';
const E = '(?![\\p{L}\\p{N}])';
const SEP = '[ ._-]';

function re(source: string, flags = 'giu'): RegExp {
  return new RegExp(source, flags);
}

function words(alternatives: string[]): RegExp {
  return re(`${B}(?:${alternatives.join('|')})${E}`);
}

const EXTENSION_RE =
  /\.(3g2|3gp|asf|avi|divx|flv|iso|m2ts|m4v|mk2|mk3d|mka|mkv|mov|mp4|mpeg|mpg|ogg|ogm|ogv|qt|ra|ram|rm|ts|vob|webm|wmv|srt|idx|sub|ssa|ass|vtt|sup|nfo|torrent|nzb)$/i;

const ID_TAG_RE = /[[{(]\s*(tmdb|tmdbid|imdb|imdbid|tvdb|tvdbid|anidb|anidbid)\s*[-=:]\s*([a-z]{0,2}\d+)\s*[\]})]/gi;
const EDITION_TAG_RE = /\{edition-([^}]+)\}/gi;

const SPECIALS_RE = /^specials?$/i;
const GENERIC_FOLDER_RE =
  /^(?:[a-z]:|series|tv|tv[ ._-]?shows?|tv[ ._-]?series|shows|movies?|films?|media|videos?|downloads?|completed?|incoming|unsorted|mnt|home|data|volumes?|share|public|library|anime|__ incomplete __)$/i;

const ROMAN = '(?:X{0,2}(?:IX|IV|V?I{1,3})|X{1,2}V?|V|X{1,2})';
const NUMBER_WORDS: Record<string, number> = {
  one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10,
  un: 1, une: 1, deux: 2, trois: 3, quatre: 4, cinq: 5, sept: 7, huit: 8, neuf: 9, dix: 10,
};
const NUM = `(?:\\d{1,4}|${ROMAN}|${Object.keys(NUMBER_WORDS).join('|')})`;

const CRC_RE = /[[(]([0-9a-f]{8})[\])]/gi;
const WEBSITE_RE = re(`${B}(?:www\\.)?(?:[\\p{L}\\p{N}-]+\\.){1,2}(?:com|org|net|ru|info)${E}`);
const SIZE_RE = re(`${B}\\d+(?:\\.\\d+)?[ ]?(?:[kmgt]b|[km]bps|[km]bits?)${E}`);

const DATE_YMD_RE = re(`${B}((?:19|20)\\d\\d)[-._ ](0[1-9]|1[0-2])[-._ ](0[1-9]|[12]\\d|3[01])${E}`);
const DATE_DMY_RE = re(`${B}(\\d\\d)[-._](\\d\\d)[-._]((?:19|20)\\d\\d)${E}`);
const DATE_COMPACT_RE = re(`${B}((?:19|20)\\d\\d)(0[1-9]|1[0-2])(0[1-9]|[12]\\d|3[01])${E}`);
const DATE_SHORT_LEADING_RE = /^(\d\d)\.(\d\d)\.(\d\d)(?=[._ -])/;

const SCREEN_RE = re(`${B}(?:(\\d{3,4})[pi](?:\\d\\d)?|(\\d{3,4})[x*×](\\d{3,4})|(4k))${E}`);
const BARE_SCREEN_RE = re(`${B}(480|576|720|1080|2160)${E}`);

const SE_RE = re(
  `${B}S(\\d{1,4})(?:[ ._]?-?[ ._]?)(?:EP?|x ?E?)[ ._]?(\\d{1,4})((?:(?:-(?:EP?|x)?|\\+|[ ._]?E|x)\\d{1,4}(?!\\d))*)(?!\\d)`,
);
const SE_TAIL_RE = /(-(?:ep?|x)?|\+|[ ._]?ep?|x)(\d{1,4})/gi;
const SEASON_RANGE_RE = re(`${B}S(\\d{1,2})[ ._]?-[ ._]?S(\\d{1,2})${E}`);
const SEASON_ONLY_RE = re(`${B}S(\\d{1,4})(?=D\\d|Extras?|[^\\p{L}\\p{N}]|$)`);
const NXN_RE = re(`${B}(\\d{1,2}|(?:19|20)\\d\\d)x(\\d{1,3})((?:[x-]\\d{1,3}(?!\\d))*)(?!\\d)`);
const NX_ALL_RE = re(`${B}(\\d{1,2})xAll${E}`);
const SEASON_WORD_RE = re(
  `${B}(?:seasons?|saison|temporada|temp|tem|stagione|seizoen|staffel|sezon)${SEP}*(${NUM}(?:[ ._]*(?:-|&|and|to|,)[ ._]*${NUM})*)(?:[ ._]?of[ ._]?\\d{1,2})?${E}`,
);
const SEASON_LIST_SPLIT_RE = /[ ._]*(-|&|and|to|,)[ ._]*/i;
const EPISODE_WORD_RE = re(
  `${B}(?:(?:episodes?|episodio|epi|ep)[ ._]*|E)(\\d{1,4})(?:v\\d)?((?:-E?\\d{1,4}(?!\\d))*)(?!\\d)`,
);
const CAP_RE = re(`${B}Cap[ ._]?(\\d{3,4})(?:_(\\d{3,4}))?(?!\\d)`);
const OF_RE = re(`${B}(\\d{1,3})[ ._]?of[ ._]?(\\d{1,3})${E}`);
const BONUS_RE = /(?<=[-_ .])x(\d{1,2})(?=[-_ .]|$)/gi;
const FILM_RE = /(?<=[-_ .])f(\d{1,2})(?=[-_ .])/gi;
const CD_RE = re(`${B}(?:cd[ ._-]?(\\d)(?:[ ._]?of[ ._]?\\d)?|(\\d)[ ._]?cd)${E}`);
const PART_RE = re(`${B}(?:part|pt)[ ._-]?(\\d{1,2}|${ROMAN})${E}`);
const CHANNELS_RE = re(`${B}(?:[1-9]\\.[01](?:ch)?|[2-8]ch)${E}`);
const YEAR_RE = re(`${B}(19\\d\\d|20[0-3]\\d)${E}`);

const VCODEC_RE = words([
  'x26[45]', 'h[ .]?26[2-5]', 'hevc(?:10)?', 'avc(?:hd)?', 'xvid', 'divx', 'dvdivx', 'vc-?1', 'mpeg-?2', 'mpg2',
  'vp[6-9]', '(?:8|10|12)[-.]?bits?', 'hi10p?', 'yuv420p10', 'bt[ .]?(?:709|2020)', 'dxva',
]);
const ACODEC_RE = words([
  'aac(?:[ .]?2(?:[ .]0)?|-?lc)?', 'he-?aac', 'lc-aac', 'ac3d?', 'e-?ac-?3', 'dts(?:[-. ]?(?:hd|es|x))?(?:[-. ]?ma|[-. ]hra)?',
  'dtshd', 'dtsma', 'truehd', 'atmos(?:[1-9]\\.[01])?', 'dolby(?:[ .](?:atmos|digital))?', 'flac(?:\\d\\.\\d)?',
  'mp3', 'mp2', 'opus', 'l?pcm', 'vorbis', 'dd(?:p|\\+)?(?:[257][. ]?[01])?', 'dd-?ex', 'lame\\d*',
]);
const SOURCE_RE = words([
  'blu[ .-]?ray(?:rip|mux)?', 'bd(?:rip|mux|ripmux|r)?', 'br(?:rip|mux|ripmux)?', 'hd[ .-]?dvd', 'dvd(?:rip|r|scr|mux|5|9)?',
  'dvd-(?:rip|r)', 'hd[ .-]?rip', 'a?hdtv(?:rip|mux)?', 'pdtv', 'sdtv', 'ldtv', 'dsr(?:ip)?', 'dvb(?:-?rip)?', 'tvrip(?:hd)?',
  'vhs(?:[ .]?rip)?', 'hd[ .-]?cam', 'cam', 'hd[ .-]?ts', 'telesync', 'hd[ .-]?tc', 'scr', 'r5',
  'web[ .-]?(?:dl|rip|cap|hd|uhd|dlrip)(?:[ .-]?(?:dl|rip))?', 'webdl(?:rip)?', 'hdlight', 'mhd', 'dmrip', 'dm', 'ppv', 'satrip', 'uhd', 'ultra[ .]?hd', 'dlmux', 'hdtvmux',
  'netflixuhd(?:rip)?', 'itunes(?:hd)?', 'hditunes',
]);
/** Bare `WEB` is also an English word ("The Girl in the Spiders Web"). */
const WEB_RE = words(['web']);
const STREAMING_RE = words(['amzn', 'nf', 'netflix', 'hulu', 'dsnp', 'hmax', 'atvp', 'dcu', 'hbo', 'viki', 'mbcvod', 'pcok']);
const EDITION_RE = words([
  'criterion(?:[ ._]collection)?', "director[’']?s?[ ._]cut", 'dc', 'se', "special[ ._]edition", "collector[’']?s?",
  'edition[ ._]collector', 'extended(?:[ ._](?:cut|version))?', 'unrated', 'uncut', 'uncensored', 'theatrical(?:[ ._]cut)?',
  'alternat(?:iv)?e[ ._]cut', "ultimate(?:[ ._]fan)?(?:[ ._]collector[’']?s)?[ ._](?:edition|collection)", 'limited[ ._]edition',
  'integral[ ._]version', 'fan[ ._]edit', 'final[ ._]cut', 'imax[ ._]edition', 'remastered', 'restored', 'deluxe',
].map((e) => `${e}(?:[ ._]edition)?`));
const OTHER_RE = words([
  'proper', 'repack', 'rerip', 'real(?=[ ._](?:proper|repack))', 'limited', 'internal', 'read[ ._]?nfo', 'nfofix', 'dirfix',
  'prooffix', 'samplefix', 'proof', 'sample', 'fix', 'stv', 'festival', 'docu', 'doku', '(?:the[ ._])?complete', 'complet',
  '3d', 'hdr(?:10(?:\\+|plus)?)?', 'dv', 'dovi', 'dolby[ ._]vision', 'sdr', 'imax', 'upscaled?', 'remux', 'convert',
  'fastsub', 'subbed', 'dubbed', 'dub', 'dublado', 'legendado', 'legendas?', 'subtitulado', 'subtitles', 'subforced', 'hc',
  'hardsub', 'ws', 'mux', 'preair', 'om', 'open[ ._]matte', 'oar', '2in1', 'colorized', 'hybrid', 'hq', 'ld', 'md', 'retail',
  'xxx', 'ntsc', 'pal', 'secam', 'hfr', '\\d{2,3}fps', 'obfuscated', 'scrambled', 'xpost', 'postbot', 'asrequested', 'custom',
  'extras?', 'bonus', 'trailer', 'ova', 'oav', 'oad', 'ona', 'v\\d', 'mkv', 'mp4',
]);
const LANGUAGE_RE = words([
  'english', 'eng', 'french', 'fr', 'fre', 'truefrench', 'vff', 'vfq', 'vfi', 'vf2?', 'vostfr', 'vost', 'vo', 'german', 'ger',
  'deutsch', 'swissgerman', 'spanish', 'espa[nñ]ol', 'esp', 'castellano', 'spa', 'italian', 'ita', 'portuguese', 'pt-br', 'pt',
  'russian', 'rus', 'ukr', 'ukrainian', 'japanese', 'jpn', 'korean', 'kor', 'chinese', 'dutch', 'nl', 'flemish', 'swedish',
  'swesub', 'danish', 'norwegian', 'finnish', 'polish', 'pl', 'hungarian', 'hun', 'czech', 'cz', 'hebrew', 'heb', 'hindi',
  'telugu', 'tamil', 'arabic', 'turkish', 'greek', 'latino', 'multi', 'dual(?:[ ._-]audio)?', 'dl', 'subs?', 'nl-?subs',
  'hebsubs', 'eng[ .]subs',
]);

const TOKEN_RULES: { re: RegExp; kind: Kind; weak: boolean; titleBeforeYear?: boolean }[] = [
  { re: CHANNELS_RE, kind: 'channels', weak: false },
  { re: VCODEC_RE, kind: 'vcodec', weak: false },
  { re: ACODEC_RE, kind: 'acodec', weak: false },
  { re: SOURCE_RE, kind: 'source', weak: false },
  { re: WEB_RE, kind: 'source', weak: true, titleBeforeYear: true },
  { re: STREAMING_RE, kind: 'streaming', weak: true },
  { re: EDITION_RE, kind: 'edition', weak: true },
  { re: OTHER_RE, kind: 'other', weak: true },
  { re: LANGUAGE_RE, kind: 'language', weak: true, titleBeforeYear: true },
];

const DASH_SEP_RE = /[ ._]+-+[ ._]+|--|[ ._]-(?=\d)|_-_/g;
const LEADING_SKIP_RE = /^[ ._\-~,;:+]+/;
const LEADING_DASH_RE = /^[ ._]*-/;
const NUMBER_RANGE_RE = /(\d{1,4})(?:-(\d{1,4}))?/g;
const BARE_NUMBER_RE = re(`${B}(\\d{1,4})(?:v\\d)?((?:-\\d{1,4})?)((?:[ ._]*&[ ._]*\\d{1,4}(?:-\\d{1,4})?)*)${E}`);
const DASH_NUMBER_RE = /^(?:[ ._]+-+[ ._]+|_-_|[ ._]-)(\d{1,4})(?:v\d)?(?:-(\d{1,4}))?(?![\p{L}\p{N}])/u;
const LEADING_NUMBER_RE = /^(\d{1,4})(?:-(\d{1,4}))?(?:v\d)?(?=\s*-|\.\s|\s|\.|_|$)/;
const ADJACENT_AFTER_RE = /^[ ._-]*\(?(\d{1,4})(?:-(\d{1,4}))?\)?(?![\p{L}\p{N}]|\.\d)/u;
const ADJACENT_BEFORE_RE = /(?<![\p{L}\p{N}])(\d{1,4})-(\d{1,4})[ ._-]*$/u;
const LIST_GAP_RE = /&|and|\+/i;
const CHAIN_GAP_RE = /^[\s._\-([]*(?:(?:&|and|\+)[\s._\-([]*)?$/i;
const ANIME_HINT_RE = /fansub|vostfr|\[[0-9a-f]{8}\]|\([0-9a-f]{8}\)/i;
const GROUP_PREFIX_RE = /^\[([^\]]+)\]/;
const RELEASE_GROUP_RE = /-([\p{L}\p{N}@µ]+)(?:\[[^\]]*\])?$/u;
const COUNTRY_SUFFIX_RE = / (?:US|UK|AU|NZ)$/;
const WORD_RE = /[\p{L}\p{N}]/u;
const TRAILING_DASH_RE = /[-_ ]+$/;
const CLEAN_CHARS_RE = /[ [\](){}+*|=_~#.]/g;
const SEPS = ' [](){}+*|=-_~#/\\.,;:';
const OPENERS = '([{';
const CLOSERS: Record<string, string> = { '(': ')', '[': ']', '{': '}' };

/** All matches of a global regex from `from` on; `String.prototype.matchAll` would clone the regex per call. */
function matchesOf(re: RegExp, text: string, from = 0): RegExpExecArray[] {
  const found: RegExpExecArray[] = [];
  re.lastIndex = from;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    found.push(m);
    if (m[0].length === 0) re.lastIndex++;
  }
  return found;
}

function romanOrNumber(text: string): number | null {
  const lower = text.toLowerCase();
  if (/^\d+$/.test(text)) return Number(text);
  if (lower in NUMBER_WORDS) return NUMBER_WORDS[lower]!;
  const values: Record<string, number> = { i: 1, v: 5, x: 10 };
  let total = 0;
  for (let i = 0; i < lower.length; i++) {
    const v = values[lower[i]!];
    if (v === undefined) return null;
    const next = values[lower[i + 1] ?? ''] ?? 0;
    total += v < next ? -v : v;
  }
  return total || null;
}

function range(from: number, to: number): number[] {
  if (to <= from || to - from > 100) return [from];
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

function overlaps(matches: Match[], start: number, end: number): boolean {
  return matches.some((m) => start < m.end && end > m.start);
}

function claim(matches: Match[], start: number, end: number, kind: Kind, extra: Partial<Match> = {}): boolean {
  if (end <= start || overlaps(matches, start, end)) return false;
  matches.push({ start, end, kind, weak: false, ...extra });
  return true;
}

function isoDate(year: number, month: number, day: number): string | null {
  if (month < 1 || month > 12 || day < 1 || day > 31) return null;
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** Parses `S01E02-E04`-style tails: `-` is a range, `E`/`x`/`+` add one episode. */
function episodeTail(first: number, tail: string): number[] {
  const episodes = [first];
  for (const m of matchesOf(SE_TAIL_RE, tail)) {
    const value = Number(m[2]);
    const last = episodes[episodes.length - 1]!;
    if (value <= last || value - last > 50) break;
    if (m[1]!.startsWith('-')) episodes.push(...range(last, value).slice(1));
    else episodes.push(value);
  }
  return episodes;
}

function seasonList(text: string): number[] {
  const parts = text.split(SEASON_LIST_SPLIT_RE);
  const seasons: number[] = [];
  for (let i = 0; i < parts.length; i += 2) {
    const value = romanOrNumber(parts[i]!);
    if (value === null) break;
    const connector = parts[i - 1]?.toLowerCase();
    const last = seasons[seasons.length - 1];
    if (last !== undefined && value <= last) break;
    if (last !== undefined && (connector === '-' || connector === 'to')) seasons.push(...range(last, value).slice(1));
    else seasons.push(value);
  }
  return seasons;
}

function splitHundreds(value: number): EpisodeToken {
  return { seasons: [Math.floor(value / 100)], episodes: [value % 100], absolute: false };
}

function scanDates(text: string, matches: Match[]): void {
  for (const m of matchesOf(DATE_YMD_RE, text)) {
    const date = isoDate(Number(m[1]), Number(m[2]), Number(m[3]));
    if (date) claim(matches, m.index, m.index + m[0].length, 'date', { value: date });
  }
  for (const m of matchesOf(DATE_DMY_RE, text)) {
    const [a, b] = [Number(m[1]), Number(m[2])];
    const date = a > 12 ? isoDate(Number(m[3]), b, a) : b > 12 ? isoDate(Number(m[3]), a, b) : isoDate(Number(m[3]), b, a);
    if (date) claim(matches, m.index, m.index + m[0].length, 'date', { value: date });
  }
  for (const m of matchesOf(DATE_COMPACT_RE, text)) {
    const date = isoDate(Number(m[1]), Number(m[2]), Number(m[3]));
    if (date) claim(matches, m.index, m.index + m[0].length, 'date', { value: date });
  }
  const short = DATE_SHORT_LEADING_RE.exec(text);
  if (short) {
    const date = isoDate(2000 + Number(short[3]), Number(short[2]), Number(short[1]));
    if (date) claim(matches, 0, short[0].length, 'date', { value: date });
  }
}

function scanEpisodes(text: string, matches: Match[]): void {
  const ep = (m: RegExpMatchArray, token: EpisodeToken) => claim(matches, m.index!, m.index! + m[0].length, 'episode', { ep: token });
  for (const m of matchesOf(SEASON_RANGE_RE, text)) {
    ep(m, { seasons: range(Number(m[1]), Number(m[2])), episodes: [], absolute: false });
  }
  for (const m of matchesOf(SE_RE, text)) {
    ep(m, { seasons: [Number(m[1])], episodes: episodeTail(Number(m[2]), m[3] ?? ''), absolute: false });
  }
  for (const m of matchesOf(NXN_RE, text)) {
    ep(m, { seasons: [Number(m[1])], episodes: episodeTail(Number(m[2]), m[3] ?? ''), absolute: false });
  }
  for (const m of matchesOf(NX_ALL_RE, text)) ep(m, { seasons: [Number(m[1])], episodes: [], absolute: false });
  for (const m of matchesOf(SEASON_WORD_RE, text)) {
    const seasons = seasonList(m[1]!);
    if (seasons.length > 0) ep(m, { seasons, episodes: [], absolute: false });
  }
  for (const m of matchesOf(SEASON_ONLY_RE, text)) ep(m, { seasons: [Number(m[1])], episodes: [], absolute: false });
  for (const m of matchesOf(CAP_RE, text)) {
    const first = splitHundreds(Number(m[1]));
    const last = m[2] ? Number(m[2]) % 100 : first.episodes[0]!;
    ep(m, { seasons: first.seasons, episodes: range(first.episodes[0]!, last), absolute: false });
  }
  for (const m of matchesOf(CD_RE, text)) claim(matches, m.index, m.index + m[0].length, 'cd');
  for (const m of matchesOf(EPISODE_WORD_RE, text)) {
    ep(m, { seasons: [], episodes: episodeTail(Number(m[1]), m[2] ?? ''), absolute: false });
  }
  for (const m of matchesOf(OF_RE, text)) ep(m, { seasons: [], episodes: [Number(m[1])], absolute: false });
}

function scanProperties(text: string, ctx: PartContext): Match[] {
  const matches: Match[] = [];
  for (const m of matchesOf(CRC_RE, text)) {
    if (/\d/.test(m[1]!) && /[a-f]/i.test(m[1]!)) claim(matches, m.index, m.index + m[0].length, 'crc');
  }
  for (const m of matchesOf(SIZE_RE, text)) claim(matches, m.index, m.index + m[0].length, 'size');
  for (const m of matchesOf(WEBSITE_RE, text)) claim(matches, m.index, m.index + m[0].length, 'website');
  scanDates(text, matches);
  for (const m of matchesOf(SCREEN_RE, text)) {
    const height = m[1] ?? m[3];
    claim(matches, m.index, m.index + m[0].length, 'screen', { value: m[4] ? '2160p' : `${height}p` });
  }
  if (ctx.episodes) scanEpisodes(text, matches);
  else for (const m of matchesOf(CD_RE, text)) claim(matches, m.index, m.index + m[0].length, 'cd');
  for (const m of matchesOf(BONUS_RE, text)) claim(matches, m.index, m.index + m[0].length, 'bonus');
  for (const m of matchesOf(FILM_RE, text)) claim(matches, m.index, m.index + m[0].length, 'film');
  for (const m of matchesOf(PART_RE, text)) {
    claim(matches, m.index, m.index + m[0].length, 'part', { value: romanOrNumber(m[1]!) ?? undefined });
  }
  for (const rule of TOKEN_RULES) {
    for (const m of matchesOf(rule.re, text)) {
      claim(matches, m.index, m.index + m[0].length, rule.kind, { weak: rule.weak, titleBeforeYear: rule.titleBeforeYear, value: m[0] });
    }
  }
  for (const m of matchesOf(YEAR_RE, text)) claim(matches, m.index, m.index + m[0].length, 'year', { value: Number(m[1]) });
  matches.sort((a, b) => a.start - b.start);
  for (const m of matchesOf(BARE_SCREEN_RE, text)) {
    const start = m.index;
    const end = start + m[0].length;
    if (overlaps(matches, start, end)) continue;
    const neighbour = matches.find((x) => isAdjacent(text, x.end, start) || isAdjacent(text, end, x.start));
    if (neighbour && neighbour.kind !== 'year' && neighbour.kind !== 'episode') claim(matches, start, end, 'screen', { value: `${m[1]}p` });
  }
  matches.sort((a, b) => a.start - b.start);
  return matches;
}

function isAdjacent(text: string, from: number, to: number): boolean {
  if (to < from) return false;
  for (let i = from; i < to; i++) if (!SEPS.includes(text[i]!)) return false;
  return true;
}

function isBoundaryGap(gap: string): 'adjacent' | 'boundary' | 'words' {
  const trimmed = gap.replace(LEADING_SKIP_RE, '');
  if (!WORD_RE.test(gap)) return 'adjacent';
  const first = gap.search(/[^ ._]/);
  if (first >= 0 && (OPENERS.includes(gap[first]!) || gap.slice(first).startsWith('-') || /^[ ._]+-/.test(gap))) return 'boundary';
  return trimmed.length === 0 ? 'adjacent' : 'words';
}

/**
 * Drops weak tokens (languages, editions, flags) that are followed by plain words: there they
 * are part of a title ("The French Connection", "Special Correspondents").
 */
function confirmWeakTokens(text: string, matches: Match[]): Match[] {
  const kept: Match[] = [];
  let next: Match | null = null;
  for (let i = matches.length - 1; i >= 0; i--) {
    const m = matches[i]!;
    if (m.weak) {
      const gap = text.slice(m.end, next ? next.start : text.length);
      const kind = isBoundaryGap(gap);
      const confirmed =
        kind === 'boundary' || (kind === 'adjacent' && (next === null || !(m.titleBeforeYear && next.kind === 'year')));
      if (!confirmed) continue;
    }
    kept.push(m);
    next = m;
  }
  return kept.reverse();
}

function closingIndex(text: string, open: number): number {
  const close = text.indexOf(CLOSERS[text[open]!]!, open + 1);
  return close < 0 ? text.length : close;
}

/** Whether `index` sits inside a bracket group, and the group's bounds. */
function enclosingGroup(text: string, index: number): [number, number] | null {
  for (let i = index - 1; i >= 0; i--) {
    const c = text[i]!;
    if (c === ')' || c === ']' || c === '}') return null;
    if (OPENERS.includes(c)) {
      const close = closingIndex(text, i);
      return close >= index ? [i, close] : null;
    }
  }
  return null;
}

/**
 * Port of guessit's `cleanup`: separators become spaces, except dots between single characters
 * (`S.H.I.E.L.D.`), then separators are stripped from both ends and spaces collapsed.
 */
function cleanTitle(raw: string): string {
  const chars = raw.replace(CLEAN_CHARS_RE, ' ').split('');
  const isSep = (c: string | undefined) => c !== undefined && SEPS.includes(c);
  const at = (i: number) => (i >= 0 ? raw[i] : raw[raw.length + i]);
  const potential: number[] = [];
  for (let i = 0; i < raw.length; i++) {
    if (!isSep(raw[i])) continue;
    const before = i - 1 >= 0 && isSep(at(i - 2)) && !isSep(raw[i - 1]);
    const after = i + 2 >= raw.length || (raw[i + 2] === raw[i] && !isSep(raw[i + 1]));
    if (before && after) potential.push(i);
  }
  const kept = new Set<string>();
  for (const i of potential) {
    if (potential.includes(i - 2) || potential.includes(i + 2)) {
      chars[i] = raw[i]!;
      kept.add(raw[i]!);
    }
  }
  const strip = SEPS.split('').filter((c) => !kept.has(c));
  let start = 0;
  let end = chars.length;
  while (start < end && strip.includes(chars[start]!)) start++;
  while (end > start && strip.includes(chars[end - 1]!)) end--;
  return chars.slice(start, end).join('').replace(/ +/g, ' ');
}

function finishTitle(raw: string): string | null {
  let title = cleanTitle(raw.replace(TRAILING_DASH_RE, ''));
  const article = /^(.*), the$/i.exec(title);
  if (article) title = `${title.slice(-3)} ${article[1]}`;
  title = title.replace(COUNTRY_SUFFIX_RE, '');
  return WORD_RE.test(title) ? title : null;
}

/** Index where the hole starting at `from` ends: next property, bracket, or dash separator. */
function holeEnd(text: string, from: number, matches: Match[]): number {
  let end = text.length;
  for (const m of matches) {
    if (m.start >= from) {
      end = m.start;
      break;
    }
  }
  for (let i = from + 1; i < end; i++) {
    if (OPENERS.includes(text[i]!) && WORD_RE.test(text.slice(from, i))) {
      end = i;
      break;
    }
  }
  for (const d of matchesOf(DASH_SEP_RE, text, from)) {
    if (d.index >= end) break;
    if (d.index > from && WORD_RE.test(text.slice(from, d.index))) return d.index;
  }
  return end;
}

/** The plain text right after a marker (episode title), or null when a property or bracket follows. */
/** End of an episode group including any absolute number written right after it. */
function lastEpisodeEnd(chain: Match[], matches: Match[]): number {
  let end = chain[chain.length - 1]!.end;
  for (const m of matches) if (m.kind === 'episode' && m.start >= end && m.ep!.episodes.length === 0 && m.ep!.seasons.length === 0) end = m.end;
  return end;
}

function holeAfter(text: string, from: number, matches: Match[]): { title: string | null; end: number } {
  const pos = from + (LEADING_SKIP_RE.exec(text.slice(from))?.[0].length ?? 0);
  if (pos >= text.length || OPENERS.includes(text[pos]!) || matches.some((m) => m.start === pos)) return { title: null, end: pos };
  const end = holeEnd(text, pos, matches);
  return { title: finishTitle(text.slice(pos, end)), end };
}

function skipLeading(text: string, from: number, matches: Match[]): number {
  let pos = from;
  for (;;) {
    const rest = text.slice(pos);
    const sep = LEADING_SKIP_RE.exec(rest);
    if (sep) {
      pos += sep[0].length;
      continue;
    }
    const c = text[pos];
    if (c !== undefined && OPENERS.includes(c)) {
      pos = closingIndex(text, pos) + 1;
      continue;
    }
    const m = matches.find((x) => x.start === pos);
    if (m && m.kind !== 'episode' && m.kind !== 'year' && (!m.weak || LEADING_DASH_RE.test(text.slice(m.end)))) {
      pos = m.end;
      continue;
    }
    return pos;
  }
}

/**
 * Groups adjacent episode markers: `S01E02 - S01E03`, `S16 - E29`, `Season 1 Episode 2`,
 * `S01E00 & S01E01`. A bare episode after a complete marker (`S02E31 - Episode 55`) starts a new group.
 */
function episodeChains(text: string, matches: Match[]): Match[][] {
  const chains: Match[][] = [];
  for (const m of matches) {
    if (m.kind !== 'episode') continue;
    const chain = chains[chains.length - 1];
    const last = chain?.[chain.length - 1];
    const gap = last ? text.slice(last.end, m.start) : '';
    let joins = chain !== undefined && CHAIN_GAP_RE.test(gap);
    if (joins && chain) {
      const chainHasSeason = chain.some((c) => c.ep!.seasons.length > 0);
      const chainHasEpisode = chain.some((c) => c.ep!.episodes.length > 0);
      joins = m.ep!.seasons.length > 0 ? chainHasSeason : !chainHasEpisode || LIST_GAP_RE.test(gap);
    }
    if (joins) chain!.push(m);
    else chains.push([m]);
  }
  return chains;
}

/** A bare episode number: `102` is 1x02 and `0307` is 3x07 unless the name is anime-style. */
function numberToken(digits: string, anime: boolean, to?: number): EpisodeToken {
  const value = Number(digits);
  if (to !== undefined) return { seasons: [], episodes: range(value, to), absolute: anime };
  const padded = digits.length > 1 && digits.startsWith('0');
  if (!anime && (padded ? digits.length === 4 : value >= 100)) return splitHundreds(value);
  return { seasons: [], episodes: [value], absolute: anime };
}

function bareNumbers(text: string, from: number, matches: Match[], ctx: PartContext, anime: boolean): Match | null {
  const limit = matches.find((m) => m.start >= from && m.kind !== 'year' && m.kind !== 'website' && m.kind !== 'crc')?.start ?? text.length;
  const candidates: Match[] = [];
  for (const m of matchesOf(BARE_NUMBER_RE, text.slice(0, limit))) {
    const start = m.index;
    const end = start + m[0].length;
    if (start <= from || overlaps(matches, start, end)) continue;
    const group = enclosingGroup(text, start);
    if (group && (group[0] !== start - 1 || group[1] !== end)) continue;
    const to = m[2] ? Number(m[2].slice(1)) : undefined;
    const more = matchesOf(NUMBER_RANGE_RE, m[3] ?? '');
    const isRange = to !== undefined || more.length > 0;
    if (!isRange && !anime && !ctx.episodeHint && m[1]!.length < 2 && !/v\d/.test(m[0])) continue;
    if (!anime && m[1]!.length === 4 && !m[1]!.startsWith('0')) continue;
    const token = numberToken(m[1]!, anime, to);
    for (const extra of more) token.episodes.push(...range(Number(extra[1]), Number(extra[2] ?? extra[1])));
    candidates.push({ start, end, kind: 'episode', weak: false, ep: token });
  }
  if (candidates.length === 0) return null;
  let chosen = candidates[0]!;
  const second = candidates[1];
  if (second && isAdjacent(text, chosen.end, second.start)) chosen = second;
  const following = matches.find((m) => m.start >= chosen.end);
  if (!ctx.episodeHint && !anime && following?.kind === 'year' && isAdjacent(text, chosen.end, following.start)) {
    const group = enclosingGroup(text, following.start);
    if (!group || isAdjacent(text, chosen.end, group[0])) return null;
  }
  return chosen;
}

function leadingNumber(text: string, from: number, matches: Match[], anime: boolean, force: boolean): Match | null {
  const m = LEADING_NUMBER_RE.exec(text.slice(from));
  if (!m || overlaps(matches, from, from + m[0].length)) return null;
  const after = text.slice(from + m[0].length);
  const padded = m[1]!.startsWith('0') && m[1]!.length > 1;
  const dashed = /^\s*-|^\.\s/.test(after);
  const hasLaterMarker = matches.some((x) => x.start > from && (x.kind === 'episode' || x.kind === 'year'));
  if (hasLaterMarker || !(padded || dashed || m[2] || force)) return null;
  if (after.length > 0 && !WORD_RE.test(after) && !force && !padded) return null;
  const to = m[2] ? Number(m[2]) : undefined;
  return {
    start: from,
    end: from + m[0].length,
    kind: 'episode',
    weak: false,
    ep: numberToken(m[1]!, anime, to),
  };
}

function insertMatch(matches: Match[], m: Match): void {
  matches.push(m);
  matches.sort((a, b) => a.start - b.start);
}

function analysePart(text: string, index: number, ctx: PartContext): PartInfo {
  const trimmed = text.trim();
  const info: PartInfo = {
    index,
    generic: !ctx.isFile && GENERIC_FOLDER_RE.test(trimmed),
    weight: 0,
    title: null,
    titleAfterMarker: null,
    episodeTitle: null,
    year: null,
    yearInGroup: false,
    seasons: null,
    episodes: null,
    absolute: null,
    numberedOnly: false,
    date: null,
    specials: !ctx.isFile && SPECIALS_RE.test(trimmed),
    part: null,
    edition: null,
    resolution: null,
    releaseGroup: null,
  };
  if (info.specials) {
    info.seasons = [0];
    return info;
  }

  const matches = confirmWeakTokens(text, scanProperties(text, ctx));
  const groupPrefix = GROUP_PREFIX_RE.exec(text);
  const anime =
    ctx.anime ||
    ANIME_HINT_RE.test(text) ||
    (groupPrefix !== null && !matches.some((m) => m.start > 0 && m.end <= groupPrefix[0].length));

  let titleStart = skipLeading(text, 0, matches);
  const film = matches.find((m) => m.kind === 'film');
  if (film) titleStart = skipLeading(text, film.end, matches);
  // A weak word opening the title is the title's first word ("Proof 2015 S01E10").
  const leadingWeak = matches.findIndex((m) => m.weak && m.start === titleStart);
  if (leadingWeak >= 0) matches.splice(leadingWeak, 1);
  // A year opening the name is part of the title: "2001 A Space Odyssey 1968", "2012 2009".
  const leadingYear = matches.findIndex((m) => m.kind === 'year' && m.start === titleStart);
  if (leadingYear >= 0 && WORD_RE.test(text.slice(matches[leadingYear]!.end))) matches.splice(leadingYear, 1);

  let chains = episodeChains(text, matches);
  if (ctx.episodes && chains.length === 0) {
    const numbered =
      dashNumber(text, titleStart, matches, anime) ??
      bareNumbers(text, titleStart, matches, ctx, anime) ??
      leadingNumber(text, titleStart, matches, anime, ctx.episodeHint);
    if (numbered) {
      insertMatch(matches, numbered);
      chains = [[numbered]];
      info.numberedOnly = true;
    }
  }
  const episodeChain = applyEpisodes(text, chains, matches, info, titleStart, anime);

  if (matches.find((m) => m.start === titleStart)?.kind === 'episode') {
    const chain = chains.find((c) => c[0]!.start === titleStart) ?? [matches.find((m) => m.start === titleStart)!];
    const named = holeAfter(text, chain[chain.length - 1]!.end, matches);
    info.titleAfterMarker = named.title;
    if (named.title !== null) info.episodeTitle = holeAfter(text, named.end, matches).title;
  } else {
    info.title = finishTitle(text.slice(titleStart, holeEnd(text, titleStart, matches)));
    if (episodeChain) info.episodeTitle = holeAfter(text, lastEpisodeEnd(episodeChain, matches), matches).title;
  }
  applyYear(text, matches, info);

  const kinds = new Set<string>();
  for (const m of matches) {
    if (m.kind === 'episode') {
      if (m.ep!.seasons.length > 0) kinds.add('season');
      if (m.ep!.episodes.length > 0) kinds.add('episode');
    } else {
      kinds.add(m.kind);
    }
    if (m.kind === 'date') info.date ??= String(m.value);
    if (m.kind === 'screen') info.resolution ??= String(m.value);
    if (m.kind === 'part' && typeof m.value === 'number') info.part ??= m.value;
    if (m.kind === 'edition') info.edition ??= cleanTitle(String(m.value));
  }
  const lastMatch = matches[matches.length - 1];
  const group = RELEASE_GROUP_RE.exec(text);
  if (group && lastMatch && lastMatch.end <= group.index) info.releaseGroup = group[1]!;
  else if (groupPrefix && anime) info.releaseGroup = groupPrefix[1]!;
  if (info.releaseGroup) kinds.add('release_group');
  info.weight = kinds.size;
  return info;
}

function dashNumber(text: string, titleStart: number, matches: Match[], anime: boolean): Match | null {
  for (const d of matchesOf(DASH_SEP_RE, text, titleStart)) {
    if (d.index <= titleStart) continue;
    const m = DASH_NUMBER_RE.exec(text.slice(d.index));
    if (!m) continue;
    const start = d.index + m[0].indexOf(m[1]!);
    const end = d.index + m[0].length;
    if (overlaps(matches, start, end)) continue;
    if (m[1]!.length === 4 && !m[1]!.startsWith('0')) continue;
    const to = m[2] ? Number(m[2]) : undefined;
    return { start, end, kind: 'episode', weak: false, ep: numberToken(m[1]!, anime, to) };
  }
  return null;
}

/** Picks the season and episode numbers (first group that has each) and any absolute numbers. */
function applyEpisodes(text: string, chains: Match[][], matches: Match[], info: PartInfo, titleStart: number, anime: boolean): Match[] | null {
  let seasons: number[] | null = null;
  let episodeChain: Match[] | null = null;
  for (const chain of chains) {
    const chainSeasons = [...new Set(chain.flatMap((m) => m.ep!.seasons))];
    if (!seasons && chainSeasons.length > 0) seasons = chainSeasons;
    if (!episodeChain && chain.some((m) => m.ep!.episodes.length > 0)) episodeChain = chain;
  }
  info.seasons = seasons;
  if (!episodeChain) return null;
  info.episodes = [...new Set(episodeChain.flatMap((m) => m.ep!.episodes))];
  const written = adjacentAbsolute(text, episodeChain, matches, titleStart);
  if (written) info.absolute = written;
  else if (episodeChain.some((m) => m.ep!.absolute) || (anime && seasons === null)) info.absolute = info.episodes;
  return episodeChain;
}

/** Absolute numbers written next to a season/episode marker: `S16E03-04 313-314`, `313-314.s16e03-04`. */
function adjacentAbsolute(text: string, chain: Match[], matches: Match[], titleStart: number): number[] | null {
  const first = chain[0]!;
  const last = chain[chain.length - 1]!;
  const after = ADJACENT_AFTER_RE.exec(text.slice(last.end));
  const toNumbers = (m: RegExpExecArray, offset: number): number[] | null => {
    const start = offset + m[0].indexOf(m[1]!);
    const end = start + m[0].trimEnd().replace(/[ ._-]+$/, '').length - m[0].indexOf(m[1]!);
    if (overlaps(matches, start, end)) return null;
    const from = Number(m[1]);
    if (/^(?:19|20)\d\d$/.test(m[1]!) && !m[2]) return null;
    const numbers = m[2] ? range(from, Number(m[2])) : [from];
    matches.push({ start, end, kind: 'episode', weak: false, ep: { seasons: [], episodes: [], absolute: true } });
    matches.sort((a, b) => a.start - b.start);
    return numbers;
  };
  if (after) {
    const numbers = toNumbers(after, last.end);
    if (numbers) return numbers;
  }
  const before = ADJACENT_BEFORE_RE.exec(text.slice(0, first.start));
  if (before && before.index > titleStart) return toNumbers(before, before.index);
  return null;
}

function applyYear(text: string, matches: Match[], info: PartInfo): void {
  const firstEpisode = matches.find((m) => m.kind === 'episode');
  for (const m of matches) {
    if (m.kind !== 'year') continue;
    const group = enclosingGroup(text, m.start);
    // After the episode marker a year inside words belongs to the episode title ("the oscars of 1963").
    if (firstEpisode && m.start > firstEpisode.end) {
      if (group && WORD_RE.test(text.slice(group[0] + 1, m.start))) continue;
      const next = matches.find((x) => x.start >= m.end);
      if (!group && WORD_RE.test(text.slice(m.end, next ? next.start : text.length).split(/[([]/)[0]!)) continue;
    }
    info.year = Number(m.value);
    info.yearInGroup = group !== null;
    return;
  }
}

function extractIds(parts: string[]): { parts: string[]; ids: ExternalIds; edition: string | null } {
  const ids: ExternalIds = {};
  let edition: string | null = null;
  const cleaned = parts.map((part) => part);
  for (let i = cleaned.length - 1; i >= 0; i--) {
    cleaned[i] = cleaned[i]!.replace(ID_TAG_RE, (_, name: string, value: string) => {
      const key = name.toLowerCase().replace(/id$/, '') as keyof ExternalIds;
      ids[key] ??= key === 'imdb' && !value.startsWith('tt') ? `tt${value}` : value;
      return ' ';
    });
    cleaned[i] = cleaned[i]!.replace(EDITION_TAG_RE, (_, value: string) => {
      edition ??= value.trim();
      return ' ';
    });
  }
  return { parts: cleaned, ids, edition };
}

function sameTitle(a: string, b: string): boolean {
  return a.toLowerCase().replace(/\s+/g, ' ') === b.toLowerCase().replace(/\s+/g, ' ');
}

function single(values: number[] | null): number | number[] | null {
  if (!values || values.length === 0) return null;
  return values.length === 1 ? values[0]! : values;
}

function pickTitlePart(parts: PartInfo[]): PartInfo | null {
  const ordered = parts.filter((p) => !p.generic).sort((a, b) => b.weight - a.weight || b.index - a.index);
  const primary = ordered.find((p) => p.title !== null) ?? null;
  const withYear = ordered.filter((p) => p.title !== null && p.year !== null);
  return withYear.find((p) => p.yearInGroup) ?? withYear[0] ?? primary;
}

/**
 * Parses a media path (folders give context: show folder, `Season 01`, `Specials`, id tags such as
 * `{tmdb-603}` / `[imdbid-tt0133093]`) into identification fields.
 */
export function parseMediaName(path: string, hints: ParseNameHints = {}): ParsedName {
  const kindHint: MediaKind | undefined =
    hints.kind ?? (hints.libraryKind === 'movies' ? 'movie' : hints.libraryKind === 'series' || hints.libraryKind === 'anime' ? 'episode' : undefined);
  const segments = path.split(/[\\/]+/).filter((s) => s.trim().length > 0);
  const last = segments.length - 1;
  const hasExtension = last >= 0 && EXTENSION_RE.test(segments[last]!);
  if (hasExtension) segments[last] = segments[last]!.replace(EXTENSION_RE, '');
  const { parts: texts, ids, edition: taggedEdition } = extractIds(segments);

  const baseCtx = { episodes: kindHint !== 'movie', anime: hints.libraryKind === 'anime' };
  const folders = texts.slice(0, last).map((t, i) => analysePart(t, i, { ...baseCtx, episodeHint: false, isFile: false }));
  const seasonFolder = [...folders].reverse().find((f) => f.specials || (f.seasons !== null && f.title === null));
  const episodeContext = kindHint === 'episode' || seasonFolder !== undefined;
  const file =
    last >= 0 ? analysePart(texts[last]!, last, { ...baseCtx, episodeHint: episodeContext && kindHint !== 'movie', isFile: true }) : null;
  const parts = file ? [...folders, file] : folders;

  // Library layout `Show/Season 01/<file>`: a file without its own episode marker is named by the show folder.
  const showFolder = seasonFolder
    ? folders.slice(0, seasonFolder.index).reverse().find((f) => !f.generic && f.title !== null)
    : undefined;
  const titlePart = showFolder && file && (file.episodes === null || file.numberedOnly) ? showFolder : pickTitlePart(parts);
  let title = titlePart?.title ?? null;
  let episodeTitle = file?.episodeTitle ?? null;
  if (file && titlePart && titlePart !== file) episodeTitle ??= file.title ?? file.titleAfterMarker;
  if (episodeTitle !== null && title !== null && sameTitle(episodeTitle, title)) episodeTitle = null;
  if (title === null && file?.titleAfterMarker) title = file.titleAfterMarker;

  const nearestFolders = [...folders].reverse();
  const dated = file?.date ? file : titlePart?.date ? titlePart : null;
  const date = dated?.date ?? null;
  const folderSeasons = seasonFolder?.seasons ?? nearestFolders.find((f) => f.seasons)?.seasons ?? null;
  // An obfuscated file ("abc_02.mkv") inside a release folder ("Show.S02E05.720p-GRP"): trust the folder's marker.
  const numbers =
    file && titlePart && titlePart !== file && titlePart.episodes && !titlePart.numberedOnly && (file.numberedOnly || !file.episodes)
      ? titlePart
      : (file ?? null);
  const seasons = numbers?.seasons ?? (date === null ? folderSeasons : null);
  const episodes = numbers?.episodes ?? nearestFolders.find((f) => f.episodes)?.episodes ?? null;
  const absolute = numbers?.episodes ? numbers.absolute : (nearestFolders.find((f) => f.episodes)?.absolute ?? null);
  let year = titlePart?.year ?? file?.year ?? null;
  if (year === null && seasons && seasons[0]! >= 1900) year = seasons[0]!;
  // A date next to a separate year is a release date, not an air date ("09.03.08.The.Doors.(1991)").
  const datedShow = dated !== null && dated.year === null;

  const kind: MediaKind =
    kindHint ?? (seasons !== null || episodes !== null || datedShow || seasonFolder !== undefined ? 'episode' : 'movie');
  const isEpisode = kind === 'episode';
  return {
    kind,
    title,
    year,
    season: isEpisode && seasons ? seasons[0]! : null,
    seasons: isEpisode && seasons && seasons.length > 1 ? seasons : null,
    episode: isEpisode ? single(episodes) : null,
    absoluteEpisode: isEpisode ? single(absolute) : null,
    episodeTitle: isEpisode ? episodeTitle : null,
    date,
    part: file?.part ?? titlePart?.part ?? null,
    edition: taggedEdition ?? file?.edition ?? titlePart?.edition ?? null,
    resolution: file?.resolution ?? titlePart?.resolution ?? null,
    releaseGroup: file?.releaseGroup ?? titlePart?.releaseGroup ?? null,
    externalIds: ids,
  };
}
