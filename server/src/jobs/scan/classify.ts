import path from 'node:path';

/** Sidecar NFO files larger than this are not read (real ones are a few KB; the reader refuses 5 MB). */
export const MAX_NFO_BYTES = 1024 * 1024;

export type FileClass = 'video' | 'audio' | 'subtitle' | 'artwork' | 'nfo' | 'other';

const BY_EXTENSION: Record<string, FileClass> = Object.fromEntries(
  (
    [
      ['video', ['mkv', 'mp4', 'm4v', 'avi', 'mov', 'wmv', 'ts', 'm2ts', 'webm', 'mpg', 'mpeg', 'flv', 'ogv', 'iso']],
      ['audio', ['flac', 'mp3', 'm4a', 'aac', 'ogg', 'opus', 'wav', 'wv', 'ape', 'alac', 'dsf']],
      ['subtitle', ['srt', 'ass', 'ssa', 'sub', 'idx', 'vtt', 'sup']],
      ['artwork', ['jpg', 'jpeg', 'png', 'webp', 'tbn', 'gif']],
      ['nfo', ['nfo']],
    ] as const
  ).flatMap(([cls, exts]) => exts.map((e) => [e, cls])),
);

/** Classifies a file by its extension (case-insensitive). */
export function classifyFile(file: string): FileClass {
  const ext = path.extname(file).slice(1).toLowerCase();
  return BY_EXTENSION[ext] ?? 'other';
}

export const EXTRA_TYPES = [
  'trailer',
  'featurette',
  'behindthescenes',
  'deleted',
  'interview',
  'scene',
  'short',
  'sample',
  'other',
] as const;
export type ExtraType = (typeof EXTRA_TYPES)[number];

export const ARTWORK_KINDS = [
  'poster',
  'fanart',
  'banner',
  'clearlogo',
  'clearart',
  'discart',
  'landscape',
  'thumb',
  'season-poster',
  'season-banner',
  'season-fanart',
  'other',
] as const;
export type ArtworkKind = (typeof ARTWORK_KINDS)[number];

export interface SubtitleInfo {
  /** ISO 639-1 where one exists (else the ISO 639-2 code), with a region or script kept: `en`, `pt-BR`, `zh-Hant`. */
  language: string | null;
  forced: boolean;
  /** Subtitles for the deaf and hard of hearing (`sdh`, `cc`, `hi` in the name). */
  sdh: boolean;
  default: boolean;
  /** Name words that are neither language nor flag; only known when the video's stem is. */
  title?: string;
}

export interface ArtworkInfo {
  kind: ArtworkKind;
  /** Season the image belongs to; 0 for specials, absent for show-wide (and `season-all`) images. */
  season?: number;
}

export interface FileDescription {
  class: FileClass;
  /** Null for main media; extras must never be taken for the title's own video. */
  extra: ExtraType | null;
  subtitle?: SubtitleInfo;
  artwork?: ArtworkInfo;
}

export interface DescribeOptions {
  /**
   * Name of the video a subtitle belongs to, without extension. With it every word after the
   * stem is read, so unknown words become the subtitle's title; without it only the trailing
   * run of known language and flag words is read, since a title cannot be told from the name.
   */
  videoStem?: string;
}

/**
 * Extras folders (Jellyfin, Plex, Kodi), matched case-insensitively against the folder that
 * directly holds the file.
 */
export const EXTRA_FOLDERS: ReadonlyMap<string, ExtraType> = new Map([
  ['trailers', 'trailer'],
  ['featurettes', 'featurette'],
  ['behind the scenes', 'behindthescenes'],
  ['deleted scenes', 'deleted'],
  ['interviews', 'interview'],
  ['scenes', 'scene'],
  ['shorts', 'short'],
  ['extras', 'other'],
  ['other', 'other'],
  ['samples', 'sample'],
  ['sample', 'sample'],
]);

/** Video name endings that mark an extra, as Jellyfin and Plex name them (`Movie (1999)-trailer.mkv`). */
export const EXTRA_SUFFIXES: ReadonlyMap<string, ExtraType> = new Map([
  ['trailer', 'trailer'],
  ['featurette', 'featurette'],
  ['behindthescenes', 'behindthescenes'],
  ['deleted', 'deleted'],
  ['deletedscene', 'deleted'],
  ['interview', 'interview'],
  ['scene', 'scene'],
  ['short', 'short'],
  ['other', 'other'],
]);

/**
 * Platform litter that looks like media by extension: macOS resource forks (`._Movie.mkv`) and
 * NAS thumbnail or recycle folders. Probing them only produces errors, and their images are
 * not artwork.
 */
export const IGNORED_FOLDERS: ReadonlySet<string> = new Set([
  '@eadir',
  '.@__thumb',
  '#recycle',
  '#snapshot',
  '$recycle.bin',
  '.appledouble',
  'lost+found',
  'system volume information',
]);

/** Compact language table: ISO 639-1, then ISO 639-2 (T and B) codes and names, all matched case-insensitively. */
export const LANGUAGES: readonly (readonly [string, ...string[]])[] = [
  ['en', 'eng', 'english'],
  ['fr', 'fra', 'fre', 'french', 'francais', 'français'],
  ['de', 'deu', 'ger', 'german', 'deutsch'],
  ['es', 'spa', 'spanish', 'espanol', 'español', 'castellano'],
  ['it', 'ita', 'italian', 'italiano'],
  ['pt', 'por', 'portuguese', 'portugues', 'português'],
  ['nl', 'nld', 'dut', 'dutch', 'nederlands', 'flemish'],
  ['sv', 'swe', 'swedish', 'svenska'],
  ['no', 'nor', 'norwegian', 'norsk'],
  ['nb', 'nob', 'bokmal', 'bokmål'],
  ['nn', 'nno', 'nynorsk'],
  ['da', 'dan', 'danish', 'dansk'],
  ['fi', 'fin', 'finnish', 'suomi'],
  ['is', 'isl', 'ice', 'icelandic'],
  ['pl', 'pol', 'polish', 'polski'],
  ['cs', 'ces', 'cze', 'czech', 'cesky', 'čeština'],
  ['sk', 'slk', 'slo', 'slovak'],
  ['sl', 'slv', 'slovenian', 'slovene'],
  ['hu', 'hun', 'hungarian', 'magyar'],
  ['ro', 'ron', 'rum', 'romanian'],
  ['bg', 'bul', 'bulgarian'],
  ['hr', 'hrv', 'croatian', 'hrvatski'],
  ['sr', 'srp', 'serbian'],
  ['bs', 'bos', 'bosnian'],
  ['mk', 'mkd', 'mac', 'macedonian'],
  ['sq', 'sqi', 'alb', 'albanian'],
  ['el', 'ell', 'gre', 'greek'],
  ['tr', 'tur', 'turkish', 'turkce', 'türkçe'],
  ['ru', 'rus', 'russian'],
  ['uk', 'ukr', 'ukrainian'],
  ['be', 'bel', 'belarusian'],
  ['et', 'est', 'estonian'],
  ['lv', 'lav', 'latvian'],
  ['lt', 'lit', 'lithuanian'],
  ['ca', 'cat', 'catalan'],
  ['eu', 'eus', 'baq', 'basque'],
  ['gl', 'glg', 'galician'],
  ['cy', 'cym', 'wel', 'welsh'],
  ['ga', 'gle', 'irish'],
  ['he', 'heb', 'hebrew'],
  ['ar', 'ara', 'arabic'],
  ['fa', 'fas', 'per', 'persian', 'farsi'],
  ['hi', 'hin', 'hindi'],
  ['bn', 'ben', 'bengali'],
  ['ta', 'tam', 'tamil'],
  ['te', 'tel', 'telugu'],
  ['ur', 'urd', 'urdu'],
  ['th', 'tha', 'thai'],
  ['vi', 'vie', 'vietnamese'],
  ['id', 'ind', 'indonesian'],
  ['ms', 'msa', 'may', 'malay'],
  ['tl', 'tgl', 'fil', 'tagalog', 'filipino'],
  ['zh', 'zho', 'chi', 'chinese', 'mandarin'],
  ['ja', 'jpn', 'japanese'],
  ['ko', 'kor', 'korean'],
  ['ka', 'kat', 'geo', 'georgian'],
  ['hy', 'hye', 'arm', 'armenian'],
  ['kk', 'kaz', 'kazakh'],
  ['la', 'lat', 'latin'],
  // Common in release names though not ISO 639 codes.
  ['pt-BR', 'pob', 'brazilian'],
  ['zh-Hans', 'chs'],
  ['zh-Hant', 'cht'],
  ['es-419', 'latino'],
];

const LANGUAGE_BY_ALIAS: ReadonlyMap<string, string> = new Map(
  LANGUAGES.flatMap(([code, ...aliases]) => [code, ...aliases].map((alias) => [alias.toLowerCase(), code] as const)),
);

/** `pt-BR`, `pt_br`, `por-BR`, `zh-hant`, `es-419`. */
const LANGUAGE_WITH_REGION = /^([a-z]{2,3})[-_]([a-z]{2}|[a-z]{4}|\d{3})$/i;
const BARE_LANGUAGE_CODE = /^[a-z]{2,3}$/i;
/** Container tags for "no language" rather than a language. */
const NO_LANGUAGE = new Set(['und', 'zxx', 'mis', '']);

/** A known language from one name word, normalised; null for anything else. */
export function parseLanguage(word: string): string | null {
  const lower = word.toLowerCase();
  const direct = LANGUAGE_BY_ALIAS.get(lower);
  if (direct) return direct;
  const m = LANGUAGE_WITH_REGION.exec(lower);
  if (!m) return null;
  const base = LANGUAGE_BY_ALIAS.get(m[1]!);
  if (!base || base.includes('-')) return null;
  const region = m[2]!;
  const formatted = region.length === 4 ? region[0]!.toUpperCase() + region.slice(1) : region.toUpperCase();
  return `${base}-${formatted}`;
}

/**
 * A stream's language tag, normalised like a file name's; codes the table lacks are kept as
 * lower-case codes because a container only ever writes codes, and "undetermined" is null.
 */
export function normalizeLanguageTag(tag: string | null | undefined): string | null {
  const trimmed = tag?.trim() ?? '';
  if (NO_LANGUAGE.has(trimmed.toLowerCase())) return null;
  return parseLanguage(trimmed) ?? (BARE_LANGUAGE_CODE.test(trimmed) ? trimmed.toLowerCase() : null);
}

type SubtitleWord = { flag: 'forced' | 'sdh' | 'default' } | { language: string } | null;

const SUBTITLE_FLAGS: ReadonlyMap<string, 'forced' | 'sdh' | 'default'> = new Map([
  ['forced', 'forced'],
  ['foreign', 'forced'],
  ['sdh', 'sdh'],
  ['cc', 'sdh'],
  ['default', 'default'],
]);
/** `hi` is both Hindi and "hearing impaired"; it means the latter when the name has another language. */
const HI = 'hi';
/** Scene releases put subtitles in `Subs/` named only by language: `Subs/2_English.srt`. */
const SUBS_FOLDER = /^subs?$|^subtitles?$/i;
const SUBS_FOLDER_INDEX = /^\d+_/;

function subtitleWord(word: string): SubtitleWord {
  const lower = word.toLowerCase();
  const flag = SUBTITLE_FLAGS.get(lower);
  if (flag) return { flag };
  const language = parseLanguage(lower);
  return language ? { language } : null;
}

function describeSubtitle(stem: string, parent: string | undefined, videoStem: string | undefined): SubtitleInfo {
  let words: string[];
  let titled = false;
  if (videoStem !== undefined && stem.toLowerCase().startsWith(videoStem.toLowerCase())) {
    words = stem.slice(videoStem.length).split('.').filter((w) => w !== '');
    titled = true;
  } else if (parent !== undefined && SUBS_FOLDER.test(parent) && !stem.includes('.')) {
    words = [stem.replace(SUBS_FOLDER_INDEX, '')];
  } else {
    // The first word is always the video's name, so `Up.srt` is not read as a language.
    const all = stem.split('.');
    let start = all.length;
    while (start > 1 && subtitleWord(all[start - 1]!) !== null) start--;
    words = all.slice(start);
  }
  const info: SubtitleInfo = { language: null, forced: false, sdh: false, default: false };
  const titleWords: string[] = [];
  let hindi = false;
  for (const word of words) {
    const parsed = subtitleWord(word);
    if (parsed === null) titleWords.push(word);
    else if ('flag' in parsed) info[parsed.flag] = true;
    else if (parsed.language === HI) hindi = true;
    else info.language ??= parsed.language;
  }
  if (hindi) {
    if (info.language === null) info.language = HI;
    else info.sdh = true;
  }
  if (titled && titleWords.length > 0) info.title = titleWords.join('.');
  return info;
}

/** `poster`, `fanart3`, `backdrop-2` — an image kind alone, as the whole name or after `<name>-`. */
const ARTWORK_NAMES: ReadonlyMap<string, ArtworkKind> = new Map([
  ['poster', 'poster'],
  ['folder', 'poster'],
  ['cover', 'poster'],
  ['fanart', 'fanart'],
  ['backdrop', 'fanart'],
  ['background', 'fanart'],
  ['banner', 'banner'],
  ['logo', 'clearlogo'],
  ['clearlogo', 'clearlogo'],
  ['clearart', 'clearart'],
  // Jellyfin's name for clear art.
  ['art', 'clearart'],
  ['disc', 'discart'],
  ['discart', 'discart'],
  ['cdart', 'discart'],
  ['landscape', 'landscape'],
  ['thumb', 'thumb'],
]);
const SEASON_KINDS: Partial<Record<ArtworkKind, ArtworkKind>> = {
  poster: 'season-poster',
  banner: 'season-banner',
  fanart: 'season-fanart',
};
const ARTWORK_WORD = /^(?:(.*)[-._])?([a-z]+)(?:[-_]?\d+)?$/;
/** Kodi season art beside the show: `season01-poster`, `season-specials-banner`, `season-all-poster`, `season02`. */
const SEASON_ARTWORK = /^season[-_ ]?(\d{1,4}|specials|all)(?:-([a-z]+))?$/;
const SEASON_FOLDER = /^(?:season|series|staffel|saison|temporada)[ ._-]*(\d{1,4})$|^s(\d{1,2})$/i;
const SPECIALS_FOLDER = /^specials?$/i;

function seasonOfFolder(folder: string | undefined): number | undefined {
  if (folder === undefined) return undefined;
  if (SPECIALS_FOLDER.test(folder)) return 0;
  const m = SEASON_FOLDER.exec(folder);
  return m ? Number(m[1] ?? m[2]) : undefined;
}

function describeArtwork(stem: string, parent: string | undefined): ArtworkInfo {
  const lower = stem.toLowerCase();
  const season = SEASON_ARTWORK.exec(lower);
  if (season) {
    const kind = season[2] === undefined ? 'poster' : ARTWORK_NAMES.get(season[2]);
    if (kind === undefined) return { kind: 'other' };
    const number = season[1] === 'all' ? undefined : season[1] === 'specials' ? 0 : Number(season[1]);
    return withSeason(SEASON_KINDS[kind] ?? kind, number);
  }
  const m = ARTWORK_WORD.exec(lower);
  const kind = m ? ARTWORK_NAMES.get(m[2]!) : undefined;
  // `folder.jpg` is a convention only as the whole name.
  if (kind === undefined || (m![1] !== undefined && m![2] === 'folder')) return { kind: 'other' };
  // In a season folder a bare `poster.jpg` is the season's; `<episode>-thumb.jpg` stays the episode's.
  const folderSeason = seasonOfFolder(parent);
  if (folderSeason !== undefined && m![1] === undefined) return withSeason(SEASON_KINDS[kind] ?? kind, folderSeason);
  return { kind };
}

function withSeason(kind: ArtworkKind, season: number | undefined): ArtworkInfo {
  return season === undefined ? { kind } : { kind, season };
}

/** `trailer.mp4`, `sample.mkv`, `trailer2.mkv`: the whole name says what the extra is. */
const EXTRA_ALONE = /^(trailer|sample)\d*$/;
/** `-trailer`, `.trailer`, `_trailer`, `-featurette`… at the end, optionally numbered. */
const EXTRA_SUFFIX = new RegExp(`(?:-(${[...EXTRA_SUFFIXES.keys()].join('|')})|[._](trailer))(?:[-._ ]?\\d+)?$`);
/**
 * A `sample` word set off by `-`, `.` or `_` (`Movie-sample`, `movie.720p.sample`,
 * `sample-movie.720p`). Not inside a word (`Resampled`) or a spaced title (`The Sample Movie`),
 * and not before a year, where it is a title word of a dotted name (`The.Sample.2019.1080p`).
 */
const SAMPLE_WORD = /(?:^|[-._])sample\d*(?:$|[-._](?!(?:19|20)\d{2}(?!\d)))/;

function videoExtra(stem: string): ExtraType | null {
  const lower = stem.toLowerCase();
  const alone = EXTRA_ALONE.exec(lower);
  if (alone) return alone[1] as ExtraType;
  const suffix = EXTRA_SUFFIX.exec(lower);
  if (suffix) return EXTRA_SUFFIXES.get(suffix[1] ?? suffix[2]!)!;
  return SAMPLE_WORD.test(lower) ? 'sample' : null;
}

const SEPARATOR = path.sep === '/' ? '/' : /[\\/]/;
const APPLE_DOUBLE = '._';
const TRASH_FOLDER = /^\.trash(?:es|-\d+)?$/i;

/**
 * What a file in a library is, from its path relative to the library root alone: class,
 * extra type, subtitle language and flags, artwork kind. Pure and allocation-light, because a
 * scan runs it on every path of the library.
 */
export function describeFile(relPath: string, options: DescribeOptions = {}): FileDescription {
  const segments = relPath.split(SEPARATOR);
  const name = segments[segments.length - 1]!;
  const dot = name.lastIndexOf('.');
  const stem = dot > 0 ? name.slice(0, dot) : name;
  let cls = dot > 0 ? (BY_EXTENSION[name.slice(dot + 1).toLowerCase()] ?? 'other') : 'other';
  if (cls !== 'other' && (name.startsWith(APPLE_DOUBLE) || inIgnoredFolder(segments))) cls = 'other';
  const parent = segments.length > 1 ? segments[segments.length - 2] : undefined;
  // A folder at the library root is a title or a category (`Other/`), never an extras folder.
  let extra = segments.length > 2 ? (EXTRA_FOLDERS.get(parent!.toLowerCase()) ?? null) : null;
  if (extra === null && cls === 'video') extra = videoExtra(stem);
  const description: FileDescription = { class: cls, extra };
  if (cls === 'subtitle') description.subtitle = describeSubtitle(stem, parent, options.videoStem);
  else if (cls === 'artwork') description.artwork = describeArtwork(stem, parent);
  return description;
}

function inIgnoredFolder(segments: string[]): boolean {
  for (let i = 0; i < segments.length - 1; i++) {
    const folder = segments[i]!.toLowerCase();
    if (IGNORED_FOLDERS.has(folder) || TRASH_FOLDER.test(folder)) return true;
  }
  return false;
}
