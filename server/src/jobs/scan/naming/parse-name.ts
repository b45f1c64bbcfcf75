/**
 * Media file name parser: turns a library-relative (or absolute) path into a title, year and
 * season/episode numbers. The rules follow guessit, measured against its YAML vectors (see
 * docs/identification.md), plus the folder conventions of Plex, Jellyfin, Sonarr and Radarr.
 *
 * Every regular expression is compiled once at module load and each path segment is scanned a
 * fixed number of times, so this is cheap enough for libraries of 100k files.
 */

export type MediaKind = 'movie' | 'episode';
export type LibraryKind = 'movies' | 'series' | 'anime' | 'mixed';

export interface ParseNameHints {
  /** Forces the kind, like guessit's `--type`; `movie` also turns episode numbering off. */
  kind?: MediaKind;
  /** `movies` and `series` act as a kind hint; `anime` also makes bare episode numbers absolute. */
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

/** A recognised property in one path segment; the title is what no match claims. */
interface Match {
  start: number;
  end: number;
  kind: Kind;
  /** A word that is also common in titles: it only counts when a property or boundary follows it. */
  weak: boolean;
  /** Directly before a year the word is still title ("Immersion French 2011", "Spiders Web 2019"). */
  titleBeforeYear?: boolean;
  value?: string | number;
  ep?: EpisodeToken;
}

interface EpisodeToken {
  seasons: number[];
  episodes: number[];
  /** Anime-style bare number: the episode number is absolute. */
  absolute: boolean;
}

/** What one path segment says on its own. */
interface Segment {
  index: number;
  generic: boolean;
  /** Number of distinct property kinds found; guessit takes the title from the heaviest segment. */
  weight: number;
  title: string | null;
  /** Text after a leading episode marker (`01 - Name`), the title only when no folder names the show. */
  titleAfterMarker: string | null;
  episodeTitle: string | null;
  year: number | null;
  yearInGroup: boolean;
  seasons: number[] | null;
  episodes: number[] | null;
  absolute: number[] | null;
  /** The episode came from a bare number, not from a marker such as `S01E02`. */
  numberedOnly: boolean;
  date: string | null;
  /** A Plex/Jellyfin `Specials` folder: season 0. */
  specials: boolean;
  part: number | null;
  edition: string | null;
  resolution: string | null;
  releaseGroup: string | null;
}

interface SegmentContext {
  /** Look for season/episode numbers at all (off for a movie hint). */
  numbering: boolean;
  /** Known to be an episode: a lone single digit may be the episode number. */
  expectEpisode: boolean;
  animeLibrary: boolean;
  isFile: boolean;
}

// ---------------------------------------------------------------------------------------------
// Patterns

const B = '(?<![\\p{L}\\p{N}])';
const E = '(?![\\p{L}\\p{N}])';

function re(source: string, flags = 'giu'): RegExp {
  return new RegExp(source, flags);
}

function words(alternatives: string[]): RegExp {
  return re(`${B}(?:${alternatives.join('|')})${E}`);
}

/** A slash inside square brackets belongs to a release name (`[720p/MKV]`), not to the path. */
const PATH_SEPARATOR_RE = /[\\/]+(?![^[\]]*\])/;
const EXTENSION_RE =
  /\.(3g2|3gp|asf|avi|divx|flv|iso|m2ts|m4v|mk2|mk3d|mka|mkv|mov|mp4|mpeg|mpg|ogg|ogm|ogv|qt|ra|ram|rm|ts|vob|webm|wmv|srt|idx|sub|ssa|ass|vtt|sup|nfo|torrent|nzb)$/i;

const ID_TAG_RE = /[[{(]\s*(tmdb|imdb|tvdb|anidb)(?:id)?\s*[-=:]\s*([a-z]{0,2}\d+)\s*[\]})]/gi;
const EDITION_TAG_RE = /\{edition-([^}]+)\}/gi;

const SPECIALS_RE = /^specials?$/i;
const GENERIC_FOLDER_RE =
  /^(?:[a-z]:|series|tv|tv[ ._-]?shows?|tv[ ._-]?series|shows|movies?|films?|media|videos?|downloads?|completed?|incoming|unsorted|mnt|home|data|volumes?|share|public|library|anime|__ incomplete __)$/i;

const ROMAN = '(?:X{0,2}(?:IX|IV|V?I{1,3})|X{1,2}V?|V|X{1,2})';
const ROMAN_VALUES: Record<string, number> = { i: 1, v: 5, x: 10 };
const NUMBER_WORDS: Record<string, number> = {
  one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10,
  un: 1, une: 1, deux: 2, trois: 3, quatre: 4, cinq: 5, sept: 7, huit: 8, neuf: 9, dix: 10,
};
const NUM = `(?:\\d{1,4}|${ROMAN}|${Object.keys(NUMBER_WORDS).join('|')})`;
const DIGITS_RE = /^\d+$/;

const CRC_RE = /[[(]([0-9a-f]{8})[\])]/gi;
const HAS_DIGIT_RE = /\d/;
const HAS_HEX_LETTER_RE = /[a-f]/i;
const SIZE_RE = re(`${B}\\d+(?:\\.\\d+)?[ ]?(?:[kmgt]b|[km]bps|[km]bits?)${E}`);
const WEBSITE_RE = re(`${B}(?:www\\.)?(?:[\\p{L}\\p{N}-]+\\.){1,2}(?:com|org|net|ru|info)${E}`);
/** Cheap test that spares the backtracking website scan on the many names without one. */
const TLD_RE = /\.(?:com|org|net|ru|info)(?![\p{L}\p{N}])/iu;

const DATE_YMD_RE = re(`${B}((?:19|20)\\d\\d)[-._ ](0[1-9]|1[0-2])[-._ ](0[1-9]|[12]\\d|3[01])${E}`);
const DATE_DMY_RE = re(`${B}(\\d\\d)[-._](\\d\\d)[-._]((?:19|20)\\d\\d)${E}`);
const DATE_COMPACT_RE = re(`${B}((?:19|20)\\d\\d)(0[1-9]|1[0-2])(0[1-9]|[12]\\d|3[01])${E}`);
const DATE_SHORT_LEADING_RE = /^(\d\d)\.(\d\d)\.(\d\d)(?=[._ -])/;

const SCREEN_RE = re(`${B}(?:(\\d{3,4})[pi](?:\\d\\d)?|(\\d{3,4})[x*×](\\d{3,4})|(4k))${E}`);
/** `720` without `p` is a resolution only next to another property ("2016.05.18.720.HDTV"). */
const BARE_SCREEN_RE = re(`${B}(480|576|720|1080|2160)${E}`);

const SE_RE = re(
  `${B}S(\\d{1,4})(?:[ ._]?-?[ ._]?)(?:EP?|x ?E?)[ ._]?(\\d{1,4})((?:(?:-(?:EP?|x)?|\\+|[ ._]?E|x)\\d{1,4}(?!\\d))*)(?!\\d)`,
);
const EPISODE_TAIL_RE = /(-(?:ep?|x)?|\+|[ ._]?ep?|x)(\d{1,4})/gi;
const SEASON_RANGE_RE = re(`${B}S(\\d{1,2})[ ._]?-[ ._]?S(\\d{1,2})${E}`);
const SEASON_ONLY_RE = re(`${B}S(\\d{1,4})(?=D\\d|Extras?|[^\\p{L}\\p{N}]|$)`);
const NXN_RE = re(`${B}(\\d{1,2}|(?:19|20)\\d\\d)x(\\d{1,3})((?:[x-]\\d{1,3}(?!\\d))*)(?!\\d)`);
const NX_ALL_RE = re(`${B}(\\d{1,2})xAll${E}`);
const SEASON_WORD_RE = re(
  `${B}(?:seasons?|saison|temporada|temp|tem|stagione|seizoen|staffel|sezon)[ ._-]*(${NUM}(?:[ ._]*(?:-|&|and|to|,)[ ._]*${NUM})*)(?:[ ._]?of[ ._]?\\d{1,2})?${E}`,
);
const SEASON_LIST_SPLIT_RE = /[ ._]*(-|&|and|to|,)[ ._]*/i;
const EPISODE_WORD_RE = re(`${B}(?:(?:episodes?|episodio|epi|ep)[ ._]*|E)(\\d{1,4})(?:v\\d)?((?:-E?\\d{1,4}(?!\\d))*)(?!\\d)`);
const CAP_RE = re(`${B}Cap[ ._]?(\\d{3,4})(?:_(\\d{3,4}))?(?!\\d)`);
const OF_RE = re(`${B}(\\d{1,3})[ ._]?of[ ._]?(\\d{1,3})${E}`);
const BONUS_RE = /(?<=[-_ .])x(\d{1,2})(?=[-_ .]|$)/gi;
const FILM_RE = /(?<=[-_ .])f(\d{1,2})(?=[-_ .])/gi;
const CD_RE = re(`${B}(?:cd[ ._-]?(\\d)(?:[ ._]?of[ ._]?\\d)?|(\\d)[ ._]?cd)${E}`);
const PART_RE = re(`${B}(?:part|pt)[ ._-]?(\\d{1,2}|${ROMAN})${E}`);
const CHANNELS_RE = re(`${B}(?:[1-9]\\.[01](?:ch)?|[2-8]ch)${E}`);
const YEAR_RE = re(`${B}(19\\d\\d|20[0-3]\\d)${E}`);
const YEAR_LIKE_RE = /^(?:19|20)\d\d$/;

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
  'web[ .-]?(?:dl|rip|cap|hd|uhd|dlrip)(?:[ .-]?(?:dl|rip))?', 'webdl(?:rip)?', 'hdlight', 'mhd', 'dmrip', 'dm', 'ppv', 'satrip',
  'uhd', 'ultra[ .]?hd', 'dlmux', 'hdtvmux', 'netflixuhd(?:rip)?', 'itunes(?:hd)?', 'hditunes',
]);
/** Bare `WEB` is also an English word ("The Girl in the Spiders Web"). */
const WEB_RE = words(['web']);
const STREAMING_RE = words(['amzn', 'nf', 'netflix', 'hulu', 'dsnp', 'hmax', 'atvp', 'dcu', 'hbo', 'viki', 'mbcvod', 'pcok']);
const EDITION_RE = words(
  [
    'criterion(?:[ ._]collection)?', "director[’']?s?[ ._]cut", 'dc', 'se', 'special[ ._]edition', "collector[’']?s?",
    'edition[ ._]collector', 'extended(?:[ ._](?:cut|version))?', 'unrated', 'uncut', 'uncensored', 'theatrical(?:[ ._]cut)?',
    'alternat(?:iv)?e[ ._]cut', "ultimate(?:[ ._]fan)?(?:[ ._]collector[’']?s)?[ ._](?:edition|collection)", 'limited[ ._]edition',
    'integral[ ._]version', 'fan[ ._]edit', 'final[ ._]cut', 'imax[ ._]edition', 'remastered', 'restored', 'deluxe',
  ].map((e) => `${e}(?:[ ._]edition)?`),
);
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

/** Word-list properties, in claim priority order. */
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

/** A dash that separates a title from an alternative title or an episode number. */
const DASH_SEP_RE = /[ ._]+-+[ ._]+|--|[ ._]-(?=\d)|_-_/g;
const DASH_NUMBER_RE = /^(?:[ ._]+-+[ ._]+|_-_|[ ._]-)(\d{1,4})(?:v\d)?(?:-(\d{1,4}))?(?![\p{L}\p{N}])/du;
const BARE_NUMBER_RE = re(`${B}(\\d{1,4})(?:v\\d)?((?:-\\d{1,4})?)((?:[ ._]*&[ ._]*\\d{1,4}(?:-\\d{1,4})?)*)${E}`);
const NUMBER_RANGE_RE = /(\d{1,4})(?:-(\d{1,4}))?/g;
const VERSION_RE = /v\d/;
const LEADING_NUMBER_RE = /^(\d{1,4})(?:-(\d{1,4}))?(?:v\d)?(?=\s*-|\.\s|\s|\.|_|$)/;
const NUMBER_THEN_TITLE_RE = /^\s*-|^\.\s/;
const ADJACENT_AFTER_RE = /^[ ._-]*\(?(\d{1,4})(?:-(\d{1,4}))?\)?(?![\p{L}\p{N}]|\.\d)/du;
const ADJACENT_BEFORE_RE = /(?<![\p{L}\p{N}-])(\d{1,4})-(\d{1,4})[ ._-]*$/du;
const CHAIN_GAP_RE = /^[\s._\-([]*(?:(?:&|and|\+)[\s._\-([]*)?$/i;
const LIST_GAP_RE = /&|and|\+/i;

const ANIME_HINT_RE = /fansub|vostfr|\[[0-9a-f]{8}\]|\([0-9a-f]{8}\)/i;
const GROUP_PREFIX_RE = /^\[([^\]]+)\]/;
const RELEASE_GROUP_RE = /-([\p{L}\p{N}@µ]+)(?:\[[^\]]*\])?$/u;

const SEPARATOR_RUN_RE = /[ ._\-~,;:+]+/y;
const LEADING_DASH_RE = /^[ ._]*-/;
const GAP_BOUNDARY_RE = /^[ ._]*[-([{]/;
const WORD_RE = /[\p{L}\p{N}]/u;
const BEFORE_BRACKET_RE = /[([]/;
const TRAILING_DASH_RE = /[-_ ]+$/;
const CLEAN_CHARS_RE = /[ [\](){}+*|=_~#.]/g;
const SPACES_RE = /\s+/g;
const TRAILING_ARTICLE_RE = /^(.*), (the)$/i;
const COUNTRY_SUFFIX_RE = / (?:US|UK|AU|NZ)$/;
const SEPS = new Set(' [](){}+*|=-_~#/\\.,;:');
const OPENERS = '([{';
const CLOSERS: Record<string, string> = { '(': ')', '[': ']', '{': '}' };

// ---------------------------------------------------------------------------------------------
// Small helpers

/** All matches of a global regex from `from` on; `String.prototype.matchAll` would clone the regex per call. */
function matchesOf(pattern: RegExp, text: string, from = 0): RegExpExecArray[] {
  const found: RegExpExecArray[] = [];
  pattern.lastIndex = from;
  for (let m = pattern.exec(text); m !== null; m = pattern.exec(text)) {
    found.push(m);
    if (m[0].length === 0) pattern.lastIndex++;
  }
  return found;
}

function romanOrNumber(text: string): number | null {
  if (DIGITS_RE.test(text)) return Number(text);
  const lower = text.toLowerCase();
  if (lower in NUMBER_WORDS) return NUMBER_WORDS[lower]!;
  let total = 0;
  for (let i = 0; i < lower.length; i++) {
    const value = ROMAN_VALUES[lower[i]!];
    if (value === undefined) return null;
    const next = ROMAN_VALUES[lower[i + 1] ?? ''] ?? 0;
    total += value < next ? -value : value;
  }
  return total || null;
}

/** `from..to` inclusive; an implausible range keeps only `from`. */
function range(from: number, to: number): number[] {
  if (to <= from || to - from > 100) return [from];
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

function overlaps(matches: Match[], start: number, end: number): boolean {
  return matches.some((m) => start < m.end && end > m.start);
}

function claim(matches: Match[], start: number, end: number, kind: Kind, extra: Partial<Match> = {}): void {
  if (end > start && !overlaps(matches, start, end)) matches.push({ start, end, kind, weak: false, ...extra });
}

function claimMatch(matches: Match[], m: RegExpExecArray, kind: Kind, extra: Partial<Match> = {}): void {
  claim(matches, m.index, m.index + m[0].length, kind, extra);
}

function insertMatch(matches: Match[], m: Match): void {
  matches.push(m);
  matches.sort((a, b) => a.start - b.start);
}

function isoDate(year: number, month: number, day: number): string | null {
  if (month < 1 || month > 12 || day < 1 || day > 31) return null;
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

function isSeparator(c: string | undefined): boolean {
  return c !== undefined && SEPS.has(c);
}

/** Only separators between `from` and `to`. */
function isAdjacent(text: string, from: number, to: number): boolean {
  if (to < from) return false;
  for (let i = from; i < to; i++) if (!isSeparator(text[i])) return false;
  return true;
}

function closingIndex(text: string, open: number): number {
  const close = text.indexOf(CLOSERS[text[open]!]!, open + 1);
  return close < 0 ? text.length : close;
}

/** Bounds of the bracket group around `index`, if any. */
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

function sameTitle(a: string, b: string): boolean {
  return a.toLowerCase().replace(SPACES_RE, ' ') === b.toLowerCase().replace(SPACES_RE, ' ');
}

function single(values: number[] | null): number | number[] | null {
  if (!values || values.length === 0) return null;
  return values.length === 1 ? values[0]! : values;
}

// ---------------------------------------------------------------------------------------------
// Property scanning

/** `S01E02-E04`-style tails: a dash is a range, `E`/`x`/`+` add one episode. */
function episodeTail(first: number, tail: string): number[] {
  const episodes = [first];
  for (const m of matchesOf(EPISODE_TAIL_RE, tail)) {
    const value = Number(m[2]);
    const last = episodes[episodes.length - 1]!;
    if (value <= last || value - last > 50) break;
    if (m[1]!.startsWith('-')) episodes.push(...range(last, value).slice(1));
    else episodes.push(value);
  }
  return episodes;
}

/** `1-3`, `1 & 3`, `1 to 5`, `VII`, `sept`. */
function seasonList(text: string): number[] {
  const parts = text.split(SEASON_LIST_SPLIT_RE);
  const seasons: number[] = [];
  for (let i = 0; i < parts.length; i += 2) {
    const value = romanOrNumber(parts[i]!);
    const last = seasons[seasons.length - 1];
    if (value === null || (last !== undefined && value <= last)) break;
    const connector = parts[i - 1]?.toLowerCase();
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
    if (date) claimMatch(matches, m, 'date', { value: date });
  }
  for (const m of matchesOf(DATE_DMY_RE, text)) {
    const [a, b, year] = [Number(m[1]), Number(m[2]), Number(m[3])];
    // Day first unless that is impossible ("03-29-2012").
    const date = b > 12 ? isoDate(year, a, b) : isoDate(year, b, a);
    if (date) claimMatch(matches, m, 'date', { value: date });
  }
  for (const m of matchesOf(DATE_COMPACT_RE, text)) {
    const date = isoDate(Number(m[1]), Number(m[2]), Number(m[3]));
    if (date) claimMatch(matches, m, 'date', { value: date });
  }
  const short = DATE_SHORT_LEADING_RE.exec(text);
  if (short) {
    const date = isoDate(2000 + Number(short[3]), Number(short[2]), Number(short[1]));
    if (date) claimMatch(matches, short, 'date', { value: date });
  }
}

function scanEpisodes(text: string, matches: Match[]): void {
  const token = (seasons: number[], episodes: number[]): Partial<Match> => ({ ep: { seasons, episodes, absolute: false } });
  for (const m of matchesOf(SEASON_RANGE_RE, text)) claimMatch(matches, m, 'episode', token(range(Number(m[1]), Number(m[2])), []));
  for (const m of matchesOf(SE_RE, text)) claimMatch(matches, m, 'episode', token([Number(m[1])], episodeTail(Number(m[2]), m[3]!)));
  for (const m of matchesOf(NXN_RE, text)) claimMatch(matches, m, 'episode', token([Number(m[1])], episodeTail(Number(m[2]), m[3]!)));
  for (const m of matchesOf(NX_ALL_RE, text)) claimMatch(matches, m, 'episode', token([Number(m[1])], []));
  for (const m of matchesOf(SEASON_WORD_RE, text)) {
    const seasons = seasonList(m[1]!);
    if (seasons.length > 0) claimMatch(matches, m, 'episode', token(seasons, []));
  }
  for (const m of matchesOf(SEASON_ONLY_RE, text)) claimMatch(matches, m, 'episode', token([Number(m[1])], []));
  for (const m of matchesOf(CAP_RE, text)) {
    const first = splitHundreds(Number(m[1]));
    const last = m[2] ? Number(m[2]) % 100 : first.episodes[0]!;
    claimMatch(matches, m, 'episode', token(first.seasons, range(first.episodes[0]!, last)));
  }
  for (const m of matchesOf(CD_RE, text)) claimMatch(matches, m, 'cd');
  for (const m of matchesOf(EPISODE_WORD_RE, text)) claimMatch(matches, m, 'episode', token([], episodeTail(Number(m[1]), m[2]!)));
  for (const m of matchesOf(OF_RE, text)) claimMatch(matches, m, 'episode', token([], [Number(m[1])]));
}

/** Claims properties in priority order; a later pattern never takes text an earlier one claimed. */
function scanProperties(text: string, ctx: SegmentContext): Match[] {
  const matches: Match[] = [];
  for (const m of matchesOf(CRC_RE, text)) {
    if (HAS_DIGIT_RE.test(m[1]!) && HAS_HEX_LETTER_RE.test(m[1]!)) claimMatch(matches, m, 'crc');
  }
  for (const m of matchesOf(SIZE_RE, text)) claimMatch(matches, m, 'size');
  if (TLD_RE.test(text)) for (const m of matchesOf(WEBSITE_RE, text)) claimMatch(matches, m, 'website');
  scanDates(text, matches);
  for (const m of matchesOf(SCREEN_RE, text)) claimMatch(matches, m, 'screen', { value: m[4] ? '2160p' : `${m[1] ?? m[3]}p` });
  if (ctx.numbering) scanEpisodes(text, matches);
  else for (const m of matchesOf(CD_RE, text)) claimMatch(matches, m, 'cd');
  for (const m of matchesOf(BONUS_RE, text)) claimMatch(matches, m, 'bonus');
  for (const m of matchesOf(FILM_RE, text)) claimMatch(matches, m, 'film');
  for (const m of matchesOf(PART_RE, text)) claimMatch(matches, m, 'part', { value: romanOrNumber(m[1]!) ?? undefined });
  for (const rule of TOKEN_RULES) {
    for (const m of matchesOf(rule.re, text)) {
      claimMatch(matches, m, rule.kind, { weak: rule.weak, titleBeforeYear: rule.titleBeforeYear, value: m[0] });
    }
  }
  for (const m of matchesOf(YEAR_RE, text)) claimMatch(matches, m, 'year', { value: Number(m[1]) });
  matches.sort((a, b) => a.start - b.start);
  for (const m of matchesOf(BARE_SCREEN_RE, text)) {
    const start = m.index;
    const end = start + m[0].length;
    const neighbour = matches.find((x) => isAdjacent(text, x.end, start) || isAdjacent(text, end, x.start));
    if (neighbour && neighbour.kind !== 'year' && neighbour.kind !== 'episode') claim(matches, start, end, 'screen', { value: `${m[1]}p` });
  }
  return matches.sort((a, b) => a.start - b.start);
}

/**
 * Drops weak tokens (languages, editions, release flags) followed by plain words: there they are
 * part of a title ("The French Connection", "Special Correspondents").
 */
function confirmWeakTokens(text: string, matches: Match[]): Match[] {
  const kept: Match[] = [];
  let next: Match | null = null;
  for (let i = matches.length - 1; i >= 0; i--) {
    const m = matches[i]!;
    if (m.weak) {
      const gap = text.slice(m.end, next ? next.start : text.length);
      const confirmed = WORD_RE.test(gap)
        ? GAP_BOUNDARY_RE.test(gap)
        : next === null || !(m.titleBeforeYear && next.kind === 'year');
      if (!confirmed) continue;
    }
    kept.push(m);
    next = m;
  }
  return kept.reverse();
}

// ---------------------------------------------------------------------------------------------
// Titles

/**
 * Port of guessit's `cleanup`: separators become spaces, except dots between single characters
 * (`S.H.I.E.L.D.`); then separators are stripped from both ends and spaces collapsed.
 */
function cleanTitle(raw: string): string {
  const chars = raw.replace(CLEAN_CHARS_RE, ' ').split('');
  // guessit indexes with Python semantics, where raw[-1] is the last character.
  const at = (i: number) => (i >= 0 ? raw[i] : raw[raw.length + i]);
  const potential: number[] = [];
  for (let i = 0; i < raw.length; i++) {
    if (!isSeparator(raw[i])) continue;
    const before = i >= 1 && isSeparator(at(i - 2)) && !isSeparator(raw[i - 1]);
    const after = i + 2 >= raw.length || (raw[i + 2] === raw[i] && !isSeparator(raw[i + 1]));
    if (before && after) potential.push(i);
  }
  const kept = new Set<string>();
  for (const i of potential) {
    if (potential.includes(i - 2) || potential.includes(i + 2)) {
      chars[i] = raw[i]!;
      kept.add(raw[i]!);
    }
  }
  const strip = (c: string | undefined) => isSeparator(c) && !kept.has(c!);
  let start = 0;
  let end = chars.length;
  while (start < end && strip(chars[start])) start++;
  while (end > start && strip(chars[end - 1])) end--;
  return chars.slice(start, end).join('').replace(SPACES_RE, ' ');
}

/** Cleans a raw title; `Simpsons, The` becomes `The Simpsons` and a trailing country code goes. */
function finishTitle(raw: string): string | null {
  const title = cleanTitle(raw.replace(TRAILING_DASH_RE, ''))
    .replace(TRAILING_ARTICLE_RE, '$2 $1')
    .replace(COUNTRY_SUFFIX_RE, '');
  return WORD_RE.test(title) ? title : null;
}

/** Where the text starting at `from` ends: next property, opening bracket or dash separator. */
function holeEnd(text: string, from: number, matches: Match[]): number {
  let end = matches.find((m) => m.start >= from)?.start ?? text.length;
  for (let i = from + 1; i < end; i++) {
    if (OPENERS.includes(text[i]!) && WORD_RE.test(text.slice(from, i))) {
      end = i;
      break;
    }
  }
  for (const d of matchesOf(DASH_SEP_RE, text, from)) {
    if (d.index >= end) break;
    if (d.index > from && WORD_RE.test(text.slice(from, d.index))) return endsAtBracketedYear(text, end, matches) ? end : d.index;
  }
  return end;
}

/**
 * `Title - Subtitle (2001)`: Plex/Radarr/Jellyfin names write a colon as a dash, so a dash in text
 * that runs straight into a bracketed year belongs to the title, not to an alternative title.
 */
function endsAtBracketedYear(text: string, end: number, matches: Match[]): boolean {
  const year = matches.find((m) => m.start === end + 1);
  return year?.kind === 'year' && OPENERS.includes(text[end] ?? '') && text[year.end] === CLOSERS[text[end]!];
}

function skipSeparators(text: string, from: number): number {
  SEPARATOR_RUN_RE.lastIndex = from;
  return SEPARATOR_RUN_RE.test(text) ? SEPARATOR_RUN_RE.lastIndex : from;
}

/** Plain text right after a marker (an episode title), or null when a property or bracket follows. */
function textAfter(text: string, from: number, matches: Match[]): { title: string | null; end: number } {
  const pos = skipSeparators(text, from);
  if (pos >= text.length || OPENERS.includes(text[pos]!) || matches.some((m) => m.start === pos)) return { title: null, end: pos };
  const end = holeEnd(text, pos, matches);
  return { title: finishTitle(text.slice(pos, end)), end };
}

/**
 * Where the title starts: after separators, bracket groups (`[Group]`, `(1)`) and properties that
 * open the name (`[h265 - HEVC] Riddick`), but a weak word only when a dash follows (`Fr - Paris`).
 */
function titleStartAt(text: string, from: number, matches: Match[]): number {
  let pos = from;
  for (;;) {
    const next = skipSeparators(text, pos);
    if (next !== pos) {
      pos = next;
      continue;
    }
    if (pos < text.length && OPENERS.includes(text[pos]!)) {
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

// ---------------------------------------------------------------------------------------------
// Episodes

/**
 * Groups adjacent episode markers: `S01E02 - S01E03`, `S16 - E29`, `Season 1 Episode 2`,
 * `S01E00 & S01E01`. A bare episode after a complete marker (`S02E31 - Episode 55`) starts a new group.
 */
function episodeGroups(text: string, matches: Match[]): Match[][] {
  const groups: Match[][] = [];
  for (const m of matches) {
    if (m.kind !== 'episode') continue;
    const group = groups[groups.length - 1];
    const last = group?.[group.length - 1];
    const gap = last ? text.slice(last.end, m.start) : '';
    let joins = group !== undefined && CHAIN_GAP_RE.test(gap);
    if (joins && group) {
      const hasSeason = group.some((g) => g.ep!.seasons.length > 0);
      const hasEpisode = group.some((g) => g.ep!.episodes.length > 0);
      joins = m.ep!.seasons.length > 0 ? hasSeason : !hasEpisode || LIST_GAP_RE.test(gap);
    }
    if (joins) group!.push(m);
    else groups.push([m]);
  }
  return groups;
}

/** A bare episode number: `102` is 1x02 and `0307` is 3x07 unless the name is anime-style. */
function numberToken(digits: string, anime: boolean, to?: number): EpisodeToken {
  const value = Number(digits);
  if (to !== undefined) return { seasons: [], episodes: range(value, to), absolute: anime };
  const padded = digits.length > 1 && digits.startsWith('0');
  if (!anime && (padded ? digits.length === 4 : value >= 100)) return splitHundreds(value);
  return { seasons: [], episodes: [value], absolute: anime };
}

/** Anime-style `Title - 12`, `Title - 02-03`. */
function dashNumber(text: string, titleStart: number, matches: Match[], anime: boolean): Match | null {
  for (const d of matchesOf(DASH_SEP_RE, text, titleStart)) {
    if (d.index <= titleStart) continue;
    const m = DASH_NUMBER_RE.exec(text.slice(d.index));
    if (!m) continue;
    const start = d.index + m.indices![1]![0];
    const end = d.index + m[0].length;
    if (overlaps(matches, start, end) || (m[1]!.length === 4 && !m[1]!.startsWith('0'))) continue;
    return { start, end, kind: 'episode', weak: false, ep: numberToken(m[1]!, anime, m[2] ? Number(m[2]) : undefined) };
  }
  return null;
}

/**
 * A number after the title and before the first non-year property: `Show.Name.13.HDTV`,
 * `Show 13-16`, `[Group] Show 06 (720p)`. Not when a year follows (`Apollo 13 (1995)`), not a
 * single digit unless the context says episode (`FooBar.7` is a movie title), and not inside a
 * bracket group unless it is the whole group (`[401]`).
 */
function bareNumber(text: string, titleStart: number, matches: Match[], ctx: SegmentContext, anime: boolean): Match | null {
  const limit = matches.find((m) => m.start >= titleStart && m.kind !== 'year' && m.kind !== 'website' && m.kind !== 'crc')?.start;
  const candidates: Match[] = [];
  for (const m of matchesOf(BARE_NUMBER_RE, text.slice(0, limit))) {
    const start = m.index;
    const end = start + m[0].length;
    if (start <= titleStart || overlaps(matches, start, end)) continue;
    const group = enclosingGroup(text, start);
    if (group && (group[0] !== start - 1 || group[1] !== end)) continue;
    const to = m[2] ? Number(m[2].slice(1)) : undefined;
    const more = matchesOf(NUMBER_RANGE_RE, m[3]!);
    const isRange = to !== undefined || more.length > 0;
    if (!isRange && !anime && !ctx.expectEpisode && m[1]!.length < 2 && !VERSION_RE.test(m[0])) continue;
    if (!anime && m[1]!.length === 4 && !m[1]!.startsWith('0')) continue;
    const token = numberToken(m[1]!, anime, to);
    for (const extra of more) token.episodes.push(...range(Number(extra[1]), Number(extra[2] ?? extra[1])));
    candidates.push({ start, end, kind: 'episode', weak: false, ep: token });
  }
  // Of two numbers in a row the first belongs to the title ("the.100.109").
  const [first, second] = candidates;
  const chosen = first && second && isAdjacent(text, first.end, second.start) ? second : first;
  if (!chosen) return null;
  const following = matches.find((m) => m.start >= chosen.end);
  if (!ctx.expectEpisode && !anime && following?.kind === 'year' && isAdjacent(text, chosen.end, following.start)) {
    const group = enclosingGroup(text, following.start);
    if (!group || isAdjacent(text, chosen.end, group[0])) return null;
  }
  return chosen;
}

/** A number opening the name: `01 - Ep Name`, `003. Show Name`, `[DeadFish] 01 - Tari Tari`. */
function leadingNumber(text: string, from: number, matches: Match[], anime: boolean, expectEpisode: boolean): Match | null {
  const m = LEADING_NUMBER_RE.exec(text.slice(from));
  if (!m || overlaps(matches, from, from + m[0].length)) return null;
  if (matches.some((x) => x.start > from && (x.kind === 'episode' || x.kind === 'year'))) return null;
  const after = text.slice(from + m[0].length);
  const padded = m[1]!.length > 1 && m[1]!.startsWith('0');
  if (!(padded || m[2] || expectEpisode || NUMBER_THEN_TITLE_RE.test(after))) return null;
  if (!padded && !expectEpisode && after.length > 0 && !WORD_RE.test(after)) return null;
  return {
    start: from,
    end: from + m[0].length,
    kind: 'episode',
    weak: false,
    ep: numberToken(m[1]!, anime, m[2] ? Number(m[2]) : undefined),
  };
}

function absoluteMatch(m: RegExpExecArray, offset: number): Match {
  const start = offset + m.indices![1]![0];
  const end = offset + (m.indices![2] ?? m.indices![1])![1];
  return { start, end, kind: 'episode', weak: false, ep: { seasons: [], episodes: [], absolute: true } };
}

/** Absolute numbers written next to a season/episode marker: `S16E03-04 313-314`, `313-314.s16e03-04`. */
function claimAdjacentAbsolute(text: string, group: Match[], matches: Match[], titleStart: number): number[] | null {
  const last = group[group.length - 1]!;
  const candidates: Match[] = [];
  const after = ADJACENT_AFTER_RE.exec(text.slice(last.end));
  if (after && (after[2] || !YEAR_LIKE_RE.test(after[1]!))) candidates.push(absoluteMatch(after, last.end));
  const before = ADJACENT_BEFORE_RE.exec(text.slice(0, group[0]!.start));
  if (before && before.index > titleStart && Number(before[2]) > Number(before[1])) candidates.push(absoluteMatch(before, 0));
  const found = candidates.find((c) => !overlaps(matches, c.start, c.end));
  if (!found) return null;
  insertMatch(matches, found);
  const [from, to] = text.slice(found.start, found.end).split('-').map(Number);
  return to === undefined ? [from!] : range(from!, to);
}

/** Sets the segment's season (first group naming one), episodes (first group naming them) and absolute numbers. */
function applyEpisodes(text: string, groups: Match[][], matches: Match[], seg: Segment, titleStart: number, anime: boolean): Match[] | null {
  const seasonGroup = groups.find((g) => g.some((m) => m.ep!.seasons.length > 0));
  const episodeGroup = groups.find((g) => g.some((m) => m.ep!.episodes.length > 0)) ?? null;
  seg.seasons = seasonGroup ? [...new Set(seasonGroup.flatMap((m) => m.ep!.seasons))] : null;
  if (!episodeGroup) return null;
  seg.episodes = [...new Set(episodeGroup.flatMap((m) => m.ep!.episodes))];
  const written = claimAdjacentAbsolute(text, episodeGroup, matches, titleStart);
  if (written) seg.absolute = written;
  else if (episodeGroup.some((m) => m.ep!.absolute) || (anime && seg.seasons === null)) seg.absolute = seg.episodes;
  return episodeGroup;
}

/** End of an episode group including an absolute number written right after it. */
function episodeGroupEnd(group: Match[], matches: Match[]): number {
  let end = group[group.length - 1]!.end;
  for (const m of matches) {
    if (m.kind === 'episode' && m.start >= end && m.ep!.absolute && m.ep!.episodes.length === 0) end = m.end;
  }
  return end;
}

// ---------------------------------------------------------------------------------------------
// Segments

/** The first year, except one inside the episode title after a marker ("(the oscars of 1963)", "2000 Light Years"). */
function applyYear(text: string, matches: Match[], seg: Segment): void {
  const firstEpisode = matches.find((m) => m.kind === 'episode');
  for (const m of matches) {
    if (m.kind !== 'year') continue;
    const group = enclosingGroup(text, m.start);
    if (firstEpisode && m.start > firstEpisode.end) {
      if (group && WORD_RE.test(text.slice(group[0] + 1, m.start))) continue;
      const next = matches.find((x) => x.start >= m.end);
      if (!group && WORD_RE.test(text.slice(m.end, next?.start).split(BEFORE_BRACKET_RE)[0]!)) continue;
    }
    seg.year = Number(m.value);
    seg.yearInGroup = group !== null;
    return;
  }
}

function emptySegment(index: number): Segment {
  return {
    index,
    generic: false,
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
    specials: false,
    part: null,
    edition: null,
    resolution: null,
    releaseGroup: null,
  };
}

function analyseSegment(text: string, index: number, ctx: SegmentContext): Segment {
  const seg = emptySegment(index);
  const trimmed = text.trim();
  if (!ctx.isFile && SPECIALS_RE.test(trimmed)) return { ...seg, specials: true, seasons: [0] };
  seg.generic = !ctx.isFile && GENERIC_FOLDER_RE.test(trimmed);

  const matches = confirmWeakTokens(text, scanProperties(text, ctx));
  const groupPrefix = GROUP_PREFIX_RE.exec(text);
  const anime =
    ctx.animeLibrary ||
    ANIME_HINT_RE.test(text) ||
    (groupPrefix !== null && !matches.some((m) => m.start > 0 && m.end <= groupPrefix[0].length));

  const film = matches.find((m) => m.kind === 'film');
  const titleStart = titleStartAt(text, film ? film.end : 0, matches);
  // A weak word or a year opening the title is the title's first word ("Proof 2015 S01E10", "2012 2009").
  const leadingWeak = matches.findIndex((m) => m.weak && m.start === titleStart);
  if (leadingWeak >= 0) matches.splice(leadingWeak, 1);
  const leadingYear = matches.findIndex((m) => m.kind === 'year' && m.start === titleStart);
  if (leadingYear >= 0 && WORD_RE.test(text.slice(matches[leadingYear]!.end))) matches.splice(leadingYear, 1);

  let groups = episodeGroups(text, matches);
  // Folders are show, season or release names: a bare number there is part of a title ("Mob Psycho 100").
  if (ctx.numbering && ctx.isFile && groups.length === 0) {
    const numbered =
      dashNumber(text, titleStart, matches, anime) ??
      bareNumber(text, titleStart, matches, ctx, anime) ??
      leadingNumber(text, titleStart, matches, anime, ctx.expectEpisode);
    if (numbered) {
      insertMatch(matches, numbered);
      groups = [[numbered]];
      seg.numberedOnly = true;
    }
  }
  const episodeGroup = applyEpisodes(text, groups, matches, seg, titleStart, anime);

  const opening = matches.find((m) => m.start === titleStart);
  if (opening?.kind === 'episode') {
    const group = groups.find((g) => g[0] === opening) ?? [opening];
    const named = textAfter(text, episodeGroupEnd(group, matches), matches);
    seg.titleAfterMarker = named.title;
    if (named.title !== null) seg.episodeTitle = textAfter(text, named.end, matches).title;
  } else {
    seg.title = finishTitle(text.slice(titleStart, holeEnd(text, titleStart, matches)));
    const marker = episodeGroup ? episodeGroupEnd(episodeGroup, matches) : matches.find((m) => m.kind === 'date')?.end;
    if (marker !== undefined) seg.episodeTitle = textAfter(text, marker, matches).title;
  }
  applyYear(text, matches, seg);

  const kinds = new Set<string>();
  for (const m of matches) {
    if (m.kind === 'episode') {
      if (m.ep!.seasons.length > 0) kinds.add('season');
      if (m.ep!.episodes.length > 0) kinds.add('episode');
    } else {
      kinds.add(m.kind);
    }
    if (m.kind === 'date') seg.date ??= String(m.value);
    if (m.kind === 'screen') seg.resolution ??= String(m.value);
    if (m.kind === 'part' && typeof m.value === 'number') seg.part ??= m.value;
    if (m.kind === 'edition') seg.edition ??= cleanTitle(String(m.value));
  }
  const suffixGroup = RELEASE_GROUP_RE.exec(text);
  const lastMatch = matches[matches.length - 1];
  if (suffixGroup && lastMatch && lastMatch.end <= suffixGroup.index) seg.releaseGroup = suffixGroup[1]!;
  else if (groupPrefix && anime) seg.releaseGroup = groupPrefix[1]!;
  if (seg.releaseGroup) kinds.add('release_group');
  seg.weight = kinds.size;
  return seg;
}

// ---------------------------------------------------------------------------------------------
// Paths

/** Removes id and edition tags from every segment; the tag nearest the file wins. */
function extractTags(segments: string[]): { texts: string[]; ids: ExternalIds; edition: string | null } {
  const ids: ExternalIds = {};
  let edition: string | null = null;
  const texts = [...segments];
  for (let i = texts.length - 1; i >= 0; i--) {
    texts[i] = texts[i]!
      .replace(ID_TAG_RE, (_, name: string, value: string) => {
        const key = name.toLowerCase() as keyof ExternalIds;
        ids[key] ??= key === 'imdb' && !value.startsWith('tt') ? `tt${value}` : value;
        return ' ';
      })
      .replace(EDITION_TAG_RE, (_, value: string) => {
        edition ??= value.trim();
        return ' ';
      });
  }
  return { texts, ids, edition };
}

/**
 * guessit's choice: the segment with the most property kinds (ties go to the one nearest the file),
 * but a segment that also carries a year wins, one with the year in brackets first.
 */
function pickTitleSegment(segments: Segment[]): Segment | null {
  const ordered = segments.filter((s) => !s.generic && s.title !== null).sort((a, b) => b.weight - a.weight || b.index - a.index);
  const withYear = ordered.filter((s) => s.year !== null);
  return withYear.find((s) => s.yearInGroup) ?? withYear[0] ?? ordered[0] ?? null;
}

function kindHintOf(hints: ParseNameHints): MediaKind | undefined {
  if (hints.kind) return hints.kind;
  if (hints.libraryKind === 'movies') return 'movie';
  if (hints.libraryKind === 'series' || hints.libraryKind === 'anime') return 'episode';
  return undefined;
}

/**
 * Folder segments analysed lately: a library's files share their folders (a season folder holds
 * dozens of episodes), and a folder's analysis depends only on its text, its depth and the hints.
 * The segments are never modified once made, so the same object serves every file below it.
 */
const folderCache = new Map<string, Segment>();
const FOLDER_CACHE_SIZE = 4_096;

function folderSegment(text: string, index: number, base: { numbering: boolean; animeLibrary: boolean }): Segment {
  const key = `${base.numbering ? 1 : 0}${base.animeLibrary ? 1 : 0}${index}\u0000${text}`;
  let seg = folderCache.get(key);
  if (!seg) {
    seg = analyseSegment(text, index, { ...base, expectEpisode: false, isFile: false });
    if (folderCache.size >= FOLDER_CACHE_SIZE) folderCache.clear();
    folderCache.set(key, seg);
  }
  return seg;
}

/**
 * Parses a media path into identification fields. Folders give context: the show folder, `Season 01`,
 * `Specials`, and id tags such as `{tmdb-603}` or `[imdbid-tt0133093]`.
 */
export function parseMediaName(path: string, hints: ParseNameHints = {}): ParsedName {
  const kindHint = kindHintOf(hints);
  const rawSegments = path.split(PATH_SEPARATOR_RE).filter((s) => s.trim().length > 0);
  const fileIndex = rawSegments.length - 1;
  if (fileIndex >= 0) rawSegments[fileIndex] = rawSegments[fileIndex]!.replace(EXTENSION_RE, '');
  const { texts, ids, edition: taggedEdition } = extractTags(rawSegments);

  const base = { numbering: kindHint !== 'movie', animeLibrary: hints.libraryKind === 'anime' };
  const folders = texts.slice(0, fileIndex).map((t, i) => folderSegment(t, i, base));
  const nearestFolders = [...folders].reverse();
  const seasonFolder = nearestFolders.find((f) => f.specials || (f.seasons !== null && f.title === null));
  const expectEpisode = kindHint === 'episode' || (kindHint === undefined && seasonFolder !== undefined);
  const file = fileIndex >= 0 ? analyseSegment(texts[fileIndex]!, fileIndex, { ...base, expectEpisode, isFile: true }) : null;
  const segments = file ? [...folders, file] : folders;

  // Library layout `Show/Season 01/<file>`: a file without its own episode marker is named by the show folder.
  const showFolder = seasonFolder && folders.slice(0, seasonFolder.index).reverse().find((f) => !f.generic && f.title !== null);
  const titleSegment = showFolder && file && (file.episodes === null || file.numberedOnly) ? showFolder : pickTitleSegment(segments);
  const title = titleSegment?.title ?? file?.titleAfterMarker ?? null;
  let episodeTitle = file?.episodeTitle ?? null;
  // A numbered file's own title is the series as the release names it ("Kimetsu no Yaiba - 26"), not an episode title.
  if (file && titleSegment && titleSegment !== file) episodeTitle ??= (file.episodes === null ? file.title : null) ?? file.titleAfterMarker;
  if (episodeTitle !== null && title !== null && sameTitle(episodeTitle, title)) episodeTitle = null;

  const dated = file?.date ? file : titleSegment?.date ? titleSegment : null;
  const date = dated?.date ?? null;
  // An obfuscated file ("abc_02.mkv") in a release folder ("Show.S02E05.720p-GRP") takes the folder's marker.
  const numbered =
    file && titleSegment && titleSegment !== file && titleSegment.episodes && !titleSegment.numberedOnly && (file.numberedOnly || !file.episodes)
      ? titleSegment
      : file;
  const folderWithEpisodes = nearestFolders.find((f) => f.episodes);
  const folderSeasons = seasonFolder?.seasons ?? nearestFolders.find((f) => f.seasons)?.seasons ?? null;
  const seasons = numbered?.seasons ?? (date === null ? folderSeasons : null);
  const episodes = numbered?.episodes ?? folderWithEpisodes?.episodes ?? null;
  const absolute = numbered?.episodes ? numbered.absolute : (folderWithEpisodes?.absolute ?? null);
  // guessit reports a year-like season ("S2014E18", "1940x01") as the year too.
  const year = titleSegment?.year ?? file?.year ?? (seasons && seasons[0]! >= 1900 ? seasons[0]! : null);
  // A date beside a separate year is a release date, not an air date ("09.03.08.The.Doors.(1991)").
  const airDate = dated !== null && dated.year === null;

  const kind: MediaKind = kindHint ?? (seasons !== null || episodes !== null || airDate || seasonFolder ? 'episode' : 'movie');
  const isEpisode = kind === 'episode';
  return {
    kind,
    title,
    year,
    season: isEpisode && seasons ? seasons[0]! : null,
    seasons: isEpisode && seasons && seasons.length > 1 ? [...seasons] : null,
    episode: isEpisode ? single(episodes) : null,
    absoluteEpisode: isEpisode ? single(absolute) : null,
    episodeTitle: isEpisode ? episodeTitle : null,
    date,
    part: file?.part ?? titleSegment?.part ?? null,
    edition: taggedEdition ?? file?.edition ?? titleSegment?.edition ?? null,
    resolution: file?.resolution ?? titleSegment?.resolution ?? null,
    releaseGroup: file?.releaseGroup ?? titleSegment?.releaseGroup ?? null,
    externalIds: ids,
  };
}
