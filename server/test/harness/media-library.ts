import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmod, copyFile, mkdir, mkdtemp, open, rename, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { ExtraType, FileClass } from '../../src/jobs/scan/classify.js';

/**
 * Tiny real media made with ffmpeg (lavfi test sources), each generated once and copied under
 * every name that uses it. Durations differ so no two clips are identical.
 */
export const CLIPS = {
  /** H.264 + AAC (eng) + an embedded SubRip stream (eng), 1 s. */
  'feature-mkv': { ext: 'mkv', durationSeconds: 1 },
  /** H.264 + AAC (eng) in MP4, 0.6 s. */
  'feature-mp4': { ext: 'mp4', durationSeconds: 0.6 },
  /** H.264 + AAC (eng), 0.5 s. */
  'episode-mkv': { ext: 'mkv', durationSeconds: 0.5 },
  /** H.264 + AAC (jpn) + SubRip "Full Subtitles" (eng, default) + SubRip "Signs & Songs" (eng, forced), 0.4 s. */
  'anime-mkv': { ext: 'mkv', durationSeconds: 0.4 },
  /** 10-bit H.264 tagged BT.2020 / PQ (what ffprobe reports for HDR10) + AAC, 0.3 s. */
  'hdr-mkv': { ext: 'mkv', durationSeconds: 0.3 },
  /** FLAC with title, artist, album, track and date tags, 0.5 s. */
  'track-flac': { ext: 'flac', durationSeconds: 0.5 },
  /** One 68x100 JPEG frame. */
  'image-jpg': { ext: 'jpg', durationSeconds: 0 },
} as const;
export type ClipName = keyof typeof CLIPS;

const SIZE = '160x90';
const VIDEO = ['-c:v', 'libx264', '-preset', 'ultrafast', '-tune', 'zerolatency'];
const AUDIO = ['-c:a', 'aac', '-b:a', '32k', '-ac', '2'];

export const SRT_ENGLISH = `1
00:00:00,000 --> 00:00:00,400
Wake up, Neo...

2
00:00:00,400 --> 00:00:00,900
The Matrix has you.
`;

export const SRT_ENGLISH_SDH = `1
00:00:00,000 --> 00:00:00,400
[KEYBOARD CLACKING]
NEO: Wake up...

2
00:00:00,400 --> 00:00:00,900
[PHONE RINGING]
`;

export const SRT_PORTUGUESE_FORCED = `1
00:00:00,000 --> 00:00:00,500
[Em japonês] Estamos num sonho.
`;

function lavfi(source: string, seconds: number): string[] {
  return ['-f', 'lavfi', '-i', `${source}:duration=${seconds}`];
}

function clipArgs(name: ClipName, out: string, dir: string): string[] {
  const s = CLIPS[name].durationSeconds;
  const video = lavfi(`testsrc=size=${SIZE}:rate=24`, s);
  const tone = lavfi('sine=frequency=440:sample_rate=48000', s);
  switch (name) {
    case 'feature-mkv':
      return [
        ...video, ...tone, '-i', path.join(dir, 'english.srt'),
        '-map', '0:v', '-map', '1:a', '-map', '2:s', ...VIDEO, '-pix_fmt', 'yuv420p', ...AUDIO, '-c:s', 'srt',
        '-metadata', 'title=The Matrix',
        '-metadata:s:a:0', 'language=eng', '-metadata:s:a:0', 'title=English 2.0',
        '-metadata:s:s:0', 'language=eng', '-metadata:s:s:0', 'title=English',
        '-disposition:v:0', 'default', '-disposition:a:0', 'default', '-disposition:s:0', '0',
        out,
      ];
    case 'feature-mp4':
      return [
        ...lavfi(`testsrc2=size=${SIZE}:rate=24`, s), ...tone,
        ...VIDEO, '-pix_fmt', 'yuv420p', ...AUDIO, '-metadata:s:a:0', 'language=eng', '-movflags', '+faststart', out,
      ];
    case 'episode-mkv':
      return [
        ...lavfi(`smptebars=size=${SIZE}:rate=25`, s), ...tone,
        ...VIDEO, '-pix_fmt', 'yuv420p', ...AUDIO, '-metadata:s:a:0', 'language=eng',
        '-disposition:v:0', 'default', '-disposition:a:0', 'default', out,
      ];
    case 'anime-mkv':
      return [
        ...lavfi(`testsrc2=size=${SIZE}:rate=24000/1001`, s), ...lavfi('sine=frequency=660:sample_rate=48000', s),
        '-i', path.join(dir, 'english.srt'), '-i', path.join(dir, 'english.srt'),
        '-map', '0:v', '-map', '1:a', '-map', '2:s', '-map', '3:s', ...VIDEO, '-pix_fmt', 'yuv420p', ...AUDIO, '-c:s', 'srt',
        '-metadata:s:a:0', 'language=jpn',
        '-metadata:s:s:0', 'language=eng', '-metadata:s:s:0', 'title=Full Subtitles',
        '-metadata:s:s:1', 'language=eng', '-metadata:s:s:1', 'title=Signs & Songs',
        '-disposition:v:0', 'default', '-disposition:a:0', 'default', '-disposition:s:0', 'default', '-disposition:s:1', 'forced',
        out,
      ];
    case 'hdr-mkv':
      return [
        ...lavfi(`testsrc2=size=${SIZE}:rate=24`, s), ...tone,
        ...VIDEO, '-pix_fmt', 'yuv420p10le', '-color_primaries', 'bt2020', '-color_trc', 'smpte2084', '-colorspace', 'bt2020nc',
        ...AUDIO, '-metadata:s:a:0', 'language=eng', out,
      ];
    case 'track-flac':
      return [
        ...lavfi('sine=frequency=330:sample_rate=44100', s), '-c:a', 'flac',
        '-metadata', 'title=Main Titles', '-metadata', 'artist=Vangelis', '-metadata', 'album=Blade Runner',
        '-metadata', 'track=1', '-metadata', 'date=1994', out,
      ];
    case 'image-jpg':
      return [...lavfi('testsrc=size=68x100:rate=1', 1), '-frames:v', '1', '-q:v', '5', out];
  }
}

function ffmpeg(args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile('ffmpeg', ['-nostdin', '-hide_banner', '-v', 'error', '-y', ...args], (err, _out, stderr) =>
      err ? reject(new Error(`ffmpeg ${args.join(' ')} failed: ${stderr || err.message}`, { cause: err })) : resolve(),
    );
  });
}

const CLIP_NAMES = Object.keys(CLIPS) as ClipName[];

/**
 * Names the clip folder after everything that goes into the clips, so a changed recipe gets a new
 * folder. Test workers are killed rather than exited, so a per-process folder could never be
 * removed; one folder per recipe, shared by every process and run, stays bounded instead.
 */
const CLIP_FOLDER = path.join(
  os.tmpdir(),
  `marquee-clips-${createHash('sha256')
    .update(JSON.stringify([SRT_ENGLISH, CLIP_NAMES.map((name) => clipArgs(name, name, '.'))]))
    .digest('hex')
    .slice(0, 16)}`,
);

const clipPaths = (dir: string) =>
  Object.fromEntries(CLIP_NAMES.map((name) => [name, path.join(dir, `${name}.${CLIPS[name].ext}`)])) as Record<ClipName, string>;

let clips: Promise<Record<ClipName, string>> | undefined;

/** Paths of the base clips, generated on first use into a folder of the system's temporary folder. */
export function mediaClips(): Promise<Record<ClipName, string>> {
  clips ??= generateClips().catch((err: unknown) => {
    clips = undefined;
    throw err;
  });
  return clips;
}

const exists = (file: string) => stat(file).then(() => true, () => false);

/**
 * The folder is published by rename once complete, so concurrent workers never see a partial one;
 * a folder that lost files since (to a temporary-folder cleaner) is replaced.
 */
async function generateClips(): Promise<Record<ClipName, string>> {
  const found = await Promise.all(Object.values(clipPaths(CLIP_FOLDER)).map(exists));
  if (found.every(Boolean)) return clipPaths(CLIP_FOLDER);
  const staging = await mkdtemp(`${CLIP_FOLDER}.staging-`);
  try {
    // mkdtemp makes it private; other users running tests on the machine read the clips too.
    await chmod(staging, 0o755);
    await writeFile(path.join(staging, 'english.srt'), SRT_ENGLISH);
    const out = clipPaths(staging);
    await Promise.all(CLIP_NAMES.map((name) => ffmpeg(clipArgs(name, out[name], staging))));
    if (found.some(Boolean)) await rm(CLIP_FOLDER, { recursive: true, force: true });
    await rename(staging, CLIP_FOLDER).catch((err: NodeJS.ErrnoException) => {
      // Another process published the same clips first.
      if (err.code !== 'ENOTEMPTY' && err.code !== 'EEXIST') throw err;
    });
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
  return clipPaths(CLIP_FOLDER);
}

export interface Expectation {
  class: FileClass;
  /** Null (the default) for main media. */
  extra?: ExtraType | null;
  title?: string;
  year?: number;
  season?: number;
  /** Within the season, or absolute when there is no season (anime). */
  episode?: number;
  /** Provider ids the file's folder name or NFO carries. */
  ids?: Record<string, string>;
}

export interface LibraryEntry {
  /** Relative to the library root, `/`-separated. */
  path: string;
  source: { clip: ClipName } | { text: string };
  expect: Expectation;
}

export interface ManifestEntry extends Expectation {
  path: string;
  extra: ExtraType | null;
  /** The base clip copied here, for media. */
  clip?: ClipName;
  size: number;
}

export interface MediaLibraryManifest {
  root: string;
  files: ManifestEntry[];
  byClass: Record<FileClass, number>;
}

export const MATRIX_NFO = `<?xml version="1.0" encoding="UTF-8" standalone="yes" ?>
<movie>
  <title>The Matrix</title>
  <originaltitle>The Matrix</originaltitle>
  <sorttitle>Matrix</sorttitle>
  <year>1999</year>
  <premiered>1999-03-31</premiered>
  <runtime>136</runtime>
  <mpaa>Rated R</mpaa>
  <tagline>Welcome to the Real World.</tagline>
  <plot>Set in the 22nd century, The Matrix tells the story of a computer hacker who joins a group of underground insurgents fighting the vast and powerful computers who now rule the earth.</plot>
  <uniqueid type="imdb" default="true">tt0133093</uniqueid>
  <uniqueid type="tmdb">603</uniqueid>
  <genre>Action</genre>
  <genre>Science Fiction</genre>
  <studio>Warner Bros. Pictures</studio>
  <country>United States of America</country>
  <set>
    <name>The Matrix Collection</name>
  </set>
  <director>Lana Wachowski</director>
  <director>Lilly Wachowski</director>
  <credits>Lana Wachowski</credits>
  <credits>Lilly Wachowski</credits>
  <actor>
    <name>Keanu Reeves</name>
    <role>Neo</role>
    <order>0</order>
  </actor>
  <actor>
    <name>Laurence Fishburne</name>
    <role>Morpheus</role>
    <order>1</order>
  </actor>
  <actor>
    <name>Carrie-Anne Moss</name>
    <role>Trinity</role>
    <order>2</order>
  </actor>
</movie>
`;

export const BREAKING_BAD_NFO = `<?xml version="1.0" encoding="UTF-8" standalone="yes" ?>
<tvshow>
  <title>Breaking Bad</title>
  <originaltitle>Breaking Bad</originaltitle>
  <year>2008</year>
  <premiered>2008-01-20</premiered>
  <status>Ended</status>
  <mpaa>TV-MA</mpaa>
  <plot>Walter White, a New Mexico chemistry teacher, is diagnosed with Stage III cancer and given a prognosis of only two years left to live. He becomes filled with a sense of fearlessness and an unrelenting desire to secure his family's financial future at any cost as he enters the dangerous world of drugs and crime.</plot>
  <uniqueid type="tvdb" default="true">81189</uniqueid>
  <uniqueid type="tmdb">1396</uniqueid>
  <uniqueid type="imdb">tt0903747</uniqueid>
  <genre>Drama</genre>
  <genre>Crime</genre>
  <studio>AMC</studio>
  <namedseason number="1">Season 1</namedseason>
  <actor>
    <name>Bryan Cranston</name>
    <role>Walter White</role>
    <order>0</order>
  </actor>
  <actor>
    <name>Aaron Paul</name>
    <role>Jesse Pinkman</role>
    <order>1</order>
  </actor>
</tvshow>
`;

export const BREAKING_BAD_SEASON_NFO = `<?xml version="1.0" encoding="UTF-8" standalone="yes" ?>
<season>
  <title>Season 1</title>
  <seasonnumber>1</seasonnumber>
  <premiered>2008-01-20</premiered>
  <plot>High school chemistry teacher Walter White's life is suddenly transformed by a dire medical diagnosis.</plot>
  <uniqueid type="tvdb" default="true">30272</uniqueid>
  <uniqueid type="tmdb">3572</uniqueid>
</season>
`;

const MATRIX = 'Movies/The Matrix (1999)';
const INCEPTION = 'Movies/Inception (2010) {tmdb-27205}';
const BREAKING_BAD = 'Series/Breaking Bad (2008)';
const FRIEREN = 'Anime/Frieren';
const matrix = { title: 'The Matrix', year: 1999 };
const inception = { title: 'Inception', year: 2010, ids: { tmdb: '27205' } };
const breakingBad = { title: 'Breaking Bad', year: 2008 };

/** Movies (one HDR), a series with show and season NFOs, anime with absolute numbering, music, and their extras and sidecars. */
export const DEFAULT_LAYOUT: readonly LibraryEntry[] = [
  { path: `${MATRIX}/The Matrix (1999).mkv`, source: { clip: 'feature-mkv' }, expect: { class: 'video', ...matrix } },
  { path: `${MATRIX}/The Matrix (1999).en.srt`, source: { text: SRT_ENGLISH }, expect: { class: 'subtitle' } },
  { path: `${MATRIX}/The Matrix (1999).en.sdh.srt`, source: { text: SRT_ENGLISH_SDH }, expect: { class: 'subtitle' } },
  { path: `${MATRIX}/movie.nfo`, source: { text: MATRIX_NFO }, expect: { class: 'nfo', ...matrix, ids: { imdb: 'tt0133093', tmdb: '603' } } },
  { path: `${MATRIX}/poster.jpg`, source: { clip: 'image-jpg' }, expect: { class: 'artwork' } },
  { path: `${MATRIX}/fanart.jpg`, source: { clip: 'image-jpg' }, expect: { class: 'artwork' } },
  { path: `${MATRIX}/Trailers/The Matrix - Official Trailer.mp4`, source: { clip: 'feature-mp4' }, expect: { class: 'video', extra: 'trailer' } },
  { path: `${MATRIX}/The Matrix (1999)-sample.mkv`, source: { clip: 'episode-mkv' }, expect: { class: 'video', extra: 'sample' } },
  { path: `${MATRIX}/notes.txt`, source: { text: 'Ripped from the 4K UHD disc.\n' }, expect: { class: 'other' } },
  { path: `${INCEPTION}/Inception (2010).mp4`, source: { clip: 'feature-mp4' }, expect: { class: 'video', ...inception } },
  { path: `${INCEPTION}/Inception (2010).pt-BR.forced.srt`, source: { text: SRT_PORTUGUESE_FORCED }, expect: { class: 'subtitle' } },
  { path: `${INCEPTION}/trailer.mp4`, source: { clip: 'feature-mp4' }, expect: { class: 'video', extra: 'trailer' } },
  { path: 'Movies/Dune (2021)/Dune (2021).mkv', source: { clip: 'hdr-mkv' }, expect: { class: 'video', title: 'Dune', year: 2021 } },
  { path: `${BREAKING_BAD}/tvshow.nfo`, source: { text: BREAKING_BAD_NFO }, expect: { class: 'nfo', ...breakingBad, ids: { tvdb: '81189', tmdb: '1396', imdb: 'tt0903747' } } },
  { path: `${BREAKING_BAD}/poster.jpg`, source: { clip: 'image-jpg' }, expect: { class: 'artwork' } },
  { path: `${BREAKING_BAD}/season01-poster.jpg`, source: { clip: 'image-jpg' }, expect: { class: 'artwork', season: 1 } },
  { path: `${BREAKING_BAD}/Season 01/season.nfo`, source: { text: BREAKING_BAD_SEASON_NFO }, expect: { class: 'nfo', ...breakingBad, season: 1 } },
  {
    path: `${BREAKING_BAD}/Season 01/Breaking Bad - S01E01 - Pilot.mkv`,
    source: { clip: 'episode-mkv' },
    expect: { class: 'video', ...breakingBad, season: 1, episode: 1 },
  },
  {
    path: `${BREAKING_BAD}/Season 01/Breaking Bad - S01E01 - Pilot-thumb.jpg`,
    source: { clip: 'image-jpg' },
    expect: { class: 'artwork', season: 1, episode: 1 },
  },
  {
    path: `${BREAKING_BAD}/Season 01/Breaking Bad - S01E02 - Cat's in the Bag....mkv`,
    source: { clip: 'episode-mkv' },
    expect: { class: 'video', ...breakingBad, season: 1, episode: 2 },
  },
  {
    path: `${BREAKING_BAD}/Season 01/Breaking Bad - S01E02 - Cat's in the Bag....en.srt`,
    source: { text: SRT_ENGLISH },
    expect: { class: 'subtitle', season: 1, episode: 2 },
  },
  {
    path: `${FRIEREN}/[SubsPlease] Frieren - 01 (1080p) [ABCD1234].mkv`,
    source: { clip: 'anime-mkv' },
    expect: { class: 'video', title: 'Frieren', episode: 1 },
  },
  {
    path: `${FRIEREN}/[SubsPlease] Frieren - 02 (1080p) [EF567890].mkv`,
    source: { clip: 'anime-mkv' },
    expect: { class: 'video', title: 'Frieren', episode: 2 },
  },
  {
    path: 'Music/Vangelis/Blade Runner (1994)/01 - Main Titles.flac',
    source: { clip: 'track-flac' },
    expect: { class: 'audio', title: 'Main Titles', year: 1994 },
  },
];

/**
 * Writes a library of real media under `root` (which may exist) and says what each file is
 * expected to be. Takes about a second when the clips are first generated, then only copies.
 */
export async function makeMediaLibrary(root: string, layout: readonly LibraryEntry[] = DEFAULT_LAYOUT): Promise<MediaLibraryManifest> {
  const base = layout.some((e) => 'clip' in e.source) ? await mediaClips() : undefined;
  const files = await Promise.all(
    layout.map(async ({ path: rel, source, expect }): Promise<ManifestEntry> => {
      const abs = path.join(root, ...rel.split('/'));
      await mkdir(path.dirname(abs), { recursive: true });
      if ('clip' in source) await copyFile(base![source.clip], abs);
      else await writeFile(abs, source.text);
      const { size } = await stat(abs);
      return { ...expect, extra: expect.extra ?? null, path: rel, size, ...('clip' in source ? { clip: source.clip } : {}) };
    }),
  );
  const byClass: Record<FileClass, number> = { video: 0, audio: 0, subtitle: 0, artwork: 0, nfo: 0, other: 0 };
  for (const f of files) byClass[f.class] += 1;
  return { root, files, byClass };
}

const ADJECTIVES = [
  'Silent', 'Crimson', 'Hidden', 'Broken', 'Golden', 'Last', 'Electric', 'Frozen', 'Wild', 'Dark',
  'Burning', 'Lost', 'Iron', 'Hollow', 'Endless', 'Midnight', 'Savage', 'Quiet', 'Shattered', 'Distant',
  'Velvet', 'Restless', 'Pale', 'Scarlet', 'Bitter', 'Northern', 'Secret', 'Fallen', 'Crooked', 'Eternal',
  'Little', 'Strange',
];
const NOUNS = [
  'River', 'Empire', 'Garden', 'Horizon', 'Kingdom', 'Signal', 'Harbor', 'Machine', 'Orchard', 'Frontier',
  'Lantern', 'Witness', 'Country', 'Station', 'Mirror', 'Voyage', 'Winter', 'Circus', 'Highway', 'Island',
  'Monument', 'Prophet', 'Shadow', 'Thunder', 'Valley', 'Engine', 'Fortress', 'Canyon', 'Archive', 'Meadow',
  'Compass', 'Summit',
];
const EPISODE_WORDS = ['Pilot', 'Reunion', 'The Crossing', 'Aftermath', 'Blood Money', 'Homecoming', 'Exit Wounds', 'Finale'];
const GROUPS = ['SPARKS', 'FGT', 'NTb', 'playWEB', 'FLUX'];
const ANIME_GROUPS = ['SubsPlease', 'Erai-raws', 'Judas'];

const pad = (n: number) => String(n).padStart(2, '0');

/** A distinct title for every `i`: adjective × noun, then numbered sequels. */
function syntheticTitle(i: number): { title: string; year: number } {
  const combos = ADJECTIVES.length * NOUNS.length;
  const k = i % combos;
  const sequel = Math.floor(i / combos);
  const title = `The ${ADJECTIVES[k % ADJECTIVES.length]} ${NOUNS[Math.floor(k / ADJECTIVES.length)]}${sequel > 0 ? ` ${sequel + 1}` : ''}`;
  return { title, year: 1950 + ((i * 7) % 75) };
}

/** The files of the `i`th title of a synthetic tree, cycling through the layouts real libraries use. */
function* syntheticTitleFiles(i: number): Generator<string> {
  const { title, year } = syntheticTitle(i);
  switch (i % 4) {
    case 0: {
      const dir = `Movies/${title} (${year})`;
      const name = `${title} (${year})`;
      yield `${dir}/${name}.mkv`;
      yield `${dir}/${name}.en.srt`;
      yield `${dir}/movie.nfo`;
      yield `${dir}/poster.jpg`;
      yield `${dir}/fanart.jpg`;
      if (i % 12 === 0) yield `${dir}/Trailers/${title} - Official Trailer.mp4`;
      break;
    }
    case 1: {
      const release = `${title.replaceAll(' ', '.')}.${year}.1080p.BluRay.x264-${GROUPS[i % GROUPS.length]}`;
      yield `Movies/${release}/${release}.mkv`;
      yield `Movies/${release}/${release}.nfo`;
      if (i % 3 === 0) yield `Movies/${release}/Sample/${release.toLowerCase()}-sample.mkv`;
      break;
    }
    case 2: {
      const dir = `Series/${title} (${year})`;
      yield `${dir}/tvshow.nfo`;
      yield `${dir}/poster.jpg`;
      const seasons = 1 + (i % 3);
      for (let s = 1; s <= seasons; s++) {
        yield `${dir}/season${pad(s)}-poster.jpg`;
        for (let e = 1; e <= 8; e++) {
          const name = `${title} - S${pad(s)}E${pad(e)} - ${EPISODE_WORDS[(e - 1) % EPISODE_WORDS.length]}`;
          yield `${dir}/Season ${pad(s)}/${name}.mkv`;
          if (e % 2 === 1) yield `${dir}/Season ${pad(s)}/${name}.en.srt`;
        }
      }
      break;
    }
    default: {
      const group = ANIME_GROUPS[i % ANIME_GROUPS.length];
      for (let e = 1; e <= 12; e++) {
        const hash = ((i * 2654435761 + e * 40503) >>> 0).toString(16).toUpperCase().padStart(8, '0');
        yield `Anime/${title}/[${group}] ${title} - ${pad(e)} (1080p) [${hash}].mkv`;
      }
    }
  }
}

export interface SyntheticTree {
  /** Relative paths of the files written, `/`-separated, in creation order. */
  files: string[];
  /** Folders that directly hold files; their parents are created too but not counted. */
  directories: number;
}

/** Open files at once while writing a synthetic tree; enough to keep the disk busy without running out of descriptors. */
const WRITE_CONCURRENCY = 64;

/**
 * Writes `count` empty files named like a real movie, series and anime library, for
 * benchmarks of listing and naming. No media is generated, so 100k files take seconds.
 */
export async function makeSyntheticTree(root: string, count: number): Promise<SyntheticTree> {
  const files: string[] = [];
  for (let i = 0; files.length < count; i++) {
    for (const file of syntheticTitleFiles(i)) {
      files.push(file);
      if (files.length === count) break;
    }
  }
  const directories = new Set(files.map((f) => f.slice(0, f.lastIndexOf('/'))));
  for (const dir of directories) await mkdir(path.join(root, dir), { recursive: true });
  let next = 0;
  const worker = async () => {
    while (next < files.length) {
      const handle = await open(path.join(root, files[next++]!), 'w');
      await handle.close();
    }
  };
  await Promise.all(Array.from({ length: Math.min(WRITE_CONCURRENCY, files.length) }, worker));
  return { files, directories: directories.size };
}
