import { execFile, type ExecFileException } from 'node:child_process';
import path from 'node:path';
import { normalizeLanguageTag } from './classify.js';

export const HDR_FORMATS = ['DV', 'HDR10', 'HLG'] as const;
export type HdrFormat = (typeof HDR_FORMATS)[number];

export interface VideoStreamInfo {
  index: number;
  codec: string | null;
  profile: string | null;
  width: number | null;
  height: number | null;
  /** Frames per second, to three decimals (23.976). */
  frameRate: number | null;
  bitDepth: number | null;
  pixelFormat: string | null;
  hdr: HdrFormat | null;
  default: boolean;
  language: string | null;
}

export interface AudioStreamInfo {
  index: number;
  codec: string | null;
  /** Tells DTS-HD MA from DTS core, AAC LC from HE-AAC. */
  profile: string | null;
  channels: number | null;
  channelLayout: string | null;
  sampleRate: number | null;
  language: string | null;
  title: string | null;
  default: boolean;
}

export interface SubtitleStreamInfo {
  index: number;
  codec: string | null;
  language: string | null;
  title: string | null;
  forced: boolean;
  default: boolean;
  hearingImpaired: boolean;
}

export interface ProbeResult {
  durationSeconds: number | null;
  bitRate: number | null;
  /** ffprobe's demuxer list, e.g. `matroska,webm`. */
  formatName: string | null;
  /** The container as a user names it: `mkv`, `mp4`, `webm`, `avi`, `flac`… */
  container: string | null;
  size?: number;
  /** Container-level tags (title, artist, album…), keys in lower case. */
  tags: Record<string, string>;
  streams: {
    video: VideoStreamInfo[];
    audio: AudioStreamInfo[];
    subtitle: SubtitleStreamInfo[];
  };
}

export type ProbeErrorReason = 'NOT_FOUND' | 'TIMEOUT' | 'UNREADABLE' | 'ABORTED';

export class ProbeError extends Error {
  /** ffprobe's error output, when it ran. */
  readonly stderr: string | null;

  constructor(
    /** NOT_FOUND: ffprobe itself cannot be run; UNREADABLE: ffprobe ran and failed on the file. */
    readonly reason: ProbeErrorReason,
    message: string,
    options?: { cause?: unknown; stderr?: string },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'ProbeError';
    this.stderr = options?.stderr ?? null;
  }
}

export interface ProbeOptions {
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Defaults to `ffprobe` on the PATH. */
  ffprobePath?: string;
}

export const DEFAULT_PROBE_TIMEOUT_MS = 30_000;
/** Files with many attachments (fonts in anime releases) print long stream lists; anything larger is not media. */
const MAX_OUTPUT_BYTES = 16 * 1024 * 1024;
const VERSION_TIMEOUT_MS = 5_000;

/** Reads a media file's container and streams with ffprobe, run without a shell. */
export async function probeFile(absPath: string, opts: ProbeOptions = {}): Promise<ProbeResult> {
  const { timeoutMs = DEFAULT_PROBE_TIMEOUT_MS, signal, ffprobePath = 'ffprobe' } = opts;
  if (signal?.aborted) throw new ProbeError('ABORTED', `Probe of ${absPath} aborted`, { cause: signal.reason });
  const args = ['-v', 'error', '-print_format', 'json', '-show_format', '-show_streams', '--', absPath];
  const stdout = await new Promise<string>((resolve, reject) => {
    execFile(
      ffprobePath,
      args,
      { encoding: 'utf8', maxBuffer: MAX_OUTPUT_BYTES, timeout: timeoutMs, killSignal: 'SIGKILL', signal, windowsHide: true },
      (err, out, stderr) => (err ? reject(toProbeError(err, absPath, stderr, signal, timeoutMs, ffprobePath)) : resolve(out)),
    );
  });
  let json: unknown;
  try {
    json = JSON.parse(stdout);
  } catch (cause) {
    throw new ProbeError('UNREADABLE', `ffprobe printed no readable JSON for ${absPath}`, { cause });
  }
  return toProbeResult(json);
}

function toProbeError(
  err: ExecFileException,
  absPath: string,
  stderr: string,
  signal: AbortSignal | undefined,
  timeoutMs: number,
  ffprobePath: string,
): ProbeError {
  if (err.name === 'AbortError' || signal?.aborted) return new ProbeError('ABORTED', `Probe of ${absPath} aborted`, { cause: err });
  if (err.code === 'ENOENT' || err.code === 'EACCES') {
    return new ProbeError('NOT_FOUND', `ffprobe could not be run (${ffprobePath}): ${err.code}`, { cause: err });
  }
  if (err.killed) return new ProbeError('TIMEOUT', `ffprobe took longer than ${timeoutMs} ms on ${absPath}`, { cause: err, stderr });
  const detail = lastLine(stderr, absPath) ?? err.message;
  return new ProbeError('UNREADABLE', `ffprobe could not read ${absPath}: ${detail}`, { cause: err, stderr });
}

/** ffprobe prefixes its last error with the input path, which the message already names. */
function lastLine(stderr: string, absPath: string): string | null {
  const line = stderr.trim().split('\n').at(-1)?.trim();
  if (!line) return null;
  return line.startsWith(`${absPath}: `) ? line.slice(absPath.length + 2) : line;
}

/** ffprobe's version (`5.1.9-0+deb12u1`, `7.1`), or null when it cannot be run. */
export function probeAvailable(ffprobePath = 'ffprobe'): Promise<string | null> {
  return new Promise((resolve) => {
    execFile(ffprobePath, ['-version'], { encoding: 'utf8', timeout: VERSION_TIMEOUT_MS, killSignal: 'SIGKILL' }, (err, out) => {
      resolve(err ? null : (/^ffprobe version (\S+)/.exec(out)?.[1] ?? null));
    });
  });
}

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

function str(v: unknown): string | null {
  return typeof v === 'string' && v !== '' ? v : null;
}

/** ffprobe prints most numbers as strings ("48000", "0.521000"). */
function num(v: unknown): number | null {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
  return Number.isFinite(n) ? n : null;
}

function int(v: unknown): number | null {
  const n = num(v);
  return n === null ? null : Math.round(n);
}

function lowerKeys(tags: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!isObject(tags)) return out;
  for (const [key, value] of Object.entries(tags)) if (typeof value === 'string') out[key.toLowerCase()] = value;
  return out;
}

function flag(disposition: unknown, name: string): boolean {
  return isObject(disposition) && disposition[name] === 1;
}

/** `24000/1001` → 23.976; `0/0` (unknown) → null. */
function rate(v: unknown): number | null {
  const s = str(v);
  if (s === null) return null;
  const [a, b = '1'] = s.split('/');
  const value = Number(a) / Number(b);
  return Number.isFinite(value) && value > 0 ? Math.round(value * 1000) / 1000 : null;
}

/** `yuv420p10le` → 10, `p010le` → 10; plain 8-bit formats carry no number. */
const PIX_FMT_DEPTH = /(\d+)(?:le|be)$/;

function bitDepth(stream: Json): number | null {
  const raw = int(stream.bits_per_raw_sample);
  if (raw !== null && raw > 0) return raw;
  const pixFmt = str(stream.pix_fmt);
  if (pixFmt === null) return null;
  const m = PIX_FMT_DEPTH.exec(pixFmt);
  return m ? Number(m[1]) : 8;
}

const DOVI_SIDE_DATA = 'DOVI configuration record';
/** MP4 sample entries of Dolby Vision streams; ffmpeg before 4.4 exposes no DOVI side data for them. */
const DV_CODEC_TAGS = new Set(['dvhe', 'dvh1', 'dvav', 'dva1', 'dav1']);

/**
 * Dolby Vision wins because a DV stream also carries a PQ or HLG base layer. PQ transfer is
 * reported as HDR10: that is what players make of it, mastering metadata present or not.
 */
function hdr(stream: Json): HdrFormat | null {
  const sideData = Array.isArray(stream.side_data_list) ? stream.side_data_list : [];
  const tag = str(stream.codec_tag_string)?.toLowerCase();
  if (sideData.some((d) => isObject(d) && d.side_data_type === DOVI_SIDE_DATA) || (tag !== undefined && DV_CODEC_TAGS.has(tag))) return 'DV';
  switch (stream.color_transfer) {
    case 'smpte2084':
      return 'HDR10';
    case 'arib-std-b67':
      return 'HLG';
    default:
      return null;
  }
}

/** Demuxers that read several containers; the file's extension, then the MP4 brand, tells which one it was. */
const FORMAT_FAMILIES: Record<string, readonly string[]> = {
  matroska: ['mkv', 'mka', 'mks', 'webm'],
  mov: ['mp4', 'm4v', 'm4a', 'mov', '3gp', '3g2', 'mj2'],
  mpegts: ['ts', 'm2ts', 'mts'],
  asf: ['wmv', 'wma', 'asf'],
  ogg: ['ogg', 'ogv', 'oga', 'opus'],
};
const CONTAINER_BY_FORMAT: Record<string, string> = {
  matroska: 'mkv',
  mov: 'mp4',
  mpegts: 'ts',
  mpeg: 'mpeg',
  asf: 'asf',
  ogg: 'ogg',
};
const QUICKTIME_BRAND = 'qt';

function container(formatName: string | null, filename: string | null, tags: Record<string, string>): string | null {
  if (formatName === null) return null;
  const demuxer = formatName.split(',')[0]!;
  const ext = filename === null ? '' : path.extname(filename).slice(1).toLowerCase();
  const family = FORMAT_FAMILIES[demuxer];
  if (family?.includes(ext)) return ext;
  if (demuxer === 'mov' && tags.major_brand?.trim() === QUICKTIME_BRAND) return 'mov';
  return CONTAINER_BY_FORMAT[demuxer] ?? demuxer;
}

/** Maps ffprobe's `-show_format -show_streams` JSON to what a scan stores. Pure. */
export function toProbeResult(json: unknown): ProbeResult {
  if (!isObject(json) || !Array.isArray(json.streams)) throw new ProbeError('UNREADABLE', 'ffprobe output has no stream list');
  const format = isObject(json.format) ? json.format : {};
  const tags = lowerKeys(format.tags);
  const formatName = str(format.format_name);
  const result: ProbeResult = {
    durationSeconds: num(format.duration) ?? longestStream(json.streams),
    bitRate: int(format.bit_rate),
    formatName,
    container: container(formatName, str(format.filename), tags),
    tags,
    streams: { video: [], audio: [], subtitle: [] },
  };
  const size = int(format.size);
  if (size !== null) result.size = size;
  for (const [position, stream] of json.streams.entries()) {
    if (!isObject(stream)) continue;
    const index = int(stream.index) ?? position;
    const streamTags = lowerKeys(stream.tags);
    const language = normalizeLanguageTag(streamTags.language);
    const title = streamTags.title ?? null;
    const isDefault = flag(stream.disposition, 'default');
    const codec = str(stream.codec_name);
    switch (stream.codec_type) {
      case 'video':
        // Cover art embedded in MKV, MP4 or FLAC is a one-frame "video" stream.
        if (flag(stream.disposition, 'attached_pic')) break;
        result.streams.video.push({
          index,
          codec,
          profile: str(stream.profile),
          width: int(stream.width),
          height: int(stream.height),
          frameRate: rate(stream.avg_frame_rate) ?? rate(stream.r_frame_rate),
          bitDepth: bitDepth(stream),
          pixelFormat: str(stream.pix_fmt),
          hdr: hdr(stream),
          default: isDefault,
          language,
        });
        break;
      case 'audio':
        result.streams.audio.push({
          index,
          codec,
          profile: str(stream.profile),
          channels: int(stream.channels),
          channelLayout: str(stream.channel_layout),
          sampleRate: int(stream.sample_rate),
          language,
          title,
          default: isDefault,
        });
        break;
      case 'subtitle':
        result.streams.subtitle.push({
          index,
          codec,
          language,
          title,
          forced: flag(stream.disposition, 'forced'),
          default: isDefault,
          hearingImpaired: flag(stream.disposition, 'hearing_impaired'),
        });
        break;
    }
  }
  return result;
}

function longestStream(streams: unknown[]): number | null {
  let longest: number | null = null;
  for (const s of streams) {
    const d = isObject(s) ? num(s.duration) : null;
    if (d !== null && (longest === null || d > longest)) longest = d;
  }
  return longest;
}
