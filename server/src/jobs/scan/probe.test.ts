import { randomBytes } from 'node:crypto';
import { chmod, copyFile, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeMediaLibrary, mediaClips, type MediaLibraryManifest } from '../../../test/harness/media-library.js';
import { probeAvailable, probeFile, ProbeError, toProbeResult, type ProbeErrorReason } from './probe.js';

const DISPOSITIONS = [
  'default', 'dub', 'original', 'comment', 'lyrics', 'karaoke', 'forced', 'hearing_impaired', 'visual_impaired',
  'clean_effects', 'attached_pic', 'timed_thumbnails', 'captions', 'descriptions', 'metadata', 'dependent', 'still_image',
] as const;

/** ffprobe prints every disposition flag; the captured streams below list only those set. */
function disposition(set: Partial<Record<(typeof DISPOSITIONS)[number], number>>): Record<string, number> {
  return Object.fromEntries(DISPOSITIONS.map((d) => [d, set[d] ?? 0]));
}

// Captured with `ffprobe -v error -print_format json -show_format -show_streams` (ffprobe 5.1) from the
// clips of test/harness/media-library.ts; only the filename was rebased onto /media.
const MATRIX_MKV = {
  streams: [
    {
      index: 0, codec_name: 'h264', codec_long_name: 'H.264 / AVC / MPEG-4 AVC / MPEG-4 part 10',
      profile: 'Constrained Baseline', codec_type: 'video', codec_tag_string: '[0][0][0][0]', codec_tag: '0x0000',
      width: 160, height: 90, coded_width: 160, coded_height: 90, closed_captions: 0, film_grain: 0, has_b_frames: 0,
      sample_aspect_ratio: '1:1', display_aspect_ratio: '16:9', pix_fmt: 'yuv420p', level: 10, color_range: 'tv',
      chroma_location: 'left', field_order: 'progressive', refs: 1, is_avc: 'true', nal_length_size: '4',
      r_frame_rate: '24/1', avg_frame_rate: '24/1', time_base: '1/1000', start_pts: 21, start_time: '0.021000',
      bits_per_raw_sample: '8', extradata_size: 39,
      disposition: disposition({ default: 1 }),
      tags: { ENCODER: 'Lavc59.37.100 libx264', DURATION: '00:00:01.021000000' },
    },
    {
      index: 1, codec_name: 'aac', codec_long_name: 'AAC (Advanced Audio Coding)', profile: 'LC', codec_type: 'audio',
      codec_tag_string: '[0][0][0][0]', codec_tag: '0x0000', sample_fmt: 'fltp', sample_rate: '48000', channels: 2,
      channel_layout: 'stereo', bits_per_sample: 0, r_frame_rate: '0/0', avg_frame_rate: '0/0', time_base: '1/1000',
      start_pts: 0, start_time: '0.000000', extradata_size: 5,
      disposition: disposition({ default: 1 }),
      tags: { language: 'eng', title: 'English 2.0', ENCODER: 'Lavc59.37.100 aac', DURATION: '00:00:01.021000000' },
    },
    {
      index: 2, codec_name: 'subrip', codec_long_name: 'SubRip subtitle', codec_type: 'subtitle',
      codec_tag_string: '[0][0][0][0]', codec_tag: '0x0000', r_frame_rate: '0/0', avg_frame_rate: '0/0',
      time_base: '1/1000', start_pts: 21, start_time: '0.021000',
      disposition: disposition({}),
      tags: { language: 'eng', title: 'English', ENCODER: 'Lavc59.37.100 srt', DURATION: '00:00:00.921000000' },
    },
  ],
  format: {
    filename: '/media/Movies/The Matrix (1999)/The Matrix (1999).mkv', nb_streams: 3, nb_programs: 0,
    format_name: 'matroska,webm', format_long_name: 'Matroska / WebM', start_time: '0.000000', duration: '1.021000',
    size: '16742', bit_rate: '131181', probe_score: 100,
    tags: { title: 'The Matrix', ENCODER: 'Lavf59.27.100' },
  },
};

const INCEPTION_MP4 = {
  streams: [
    {
      index: 0, codec_name: 'h264', codec_long_name: 'H.264 / AVC / MPEG-4 AVC / MPEG-4 part 10',
      profile: 'Constrained Baseline', codec_type: 'video', codec_tag_string: 'avc1', codec_tag: '0x31637661',
      width: 160, height: 90, coded_width: 160, coded_height: 90, closed_captions: 0, film_grain: 0, has_b_frames: 0,
      sample_aspect_ratio: '1:1', display_aspect_ratio: '16:9', pix_fmt: 'yuv420p', level: 10, chroma_location: 'left',
      field_order: 'progressive', refs: 1, is_avc: 'true', nal_length_size: '4', id: '0x1', r_frame_rate: '24/1',
      avg_frame_rate: '24/1', time_base: '1/12288', start_pts: 0, start_time: '0.000000', duration_ts: 7680,
      duration: '0.625000', bit_rate: '297305', bits_per_raw_sample: '8', nb_frames: '15', extradata_size: 39,
      disposition: disposition({ default: 1 }),
      tags: { language: 'und', handler_name: 'VideoHandler', vendor_id: '[0][0][0][0]', encoder: 'Lavc59.37.100 libx264' },
    },
    {
      index: 1, codec_name: 'aac', codec_long_name: 'AAC (Advanced Audio Coding)', profile: 'LC', codec_type: 'audio',
      codec_tag_string: 'mp4a', codec_tag: '0x6134706d', sample_fmt: 'fltp', sample_rate: '48000', channels: 2,
      channel_layout: 'stereo', bits_per_sample: 0, id: '0x2', r_frame_rate: '0/0', avg_frame_rate: '0/0',
      time_base: '1/48000', start_pts: 0, start_time: '0.000000', duration_ts: 28800, duration: '0.600000',
      bit_rate: '31184', nb_frames: '30', extradata_size: 5,
      disposition: disposition({ default: 1 }),
      tags: { language: 'eng', handler_name: 'SoundHandler', vendor_id: '[0][0][0][0]' },
    },
  ],
  format: {
    filename: '/media/Movies/Inception (2010) {tmdb-27205}/Inception (2010).mp4', nb_streams: 2, nb_programs: 0,
    format_name: 'mov,mp4,m4a,3gp,3g2,mj2', format_long_name: 'QuickTime / MOV', start_time: '0.000000',
    duration: '0.625000', size: '27390', bit_rate: '350592', probe_score: 100,
    tags: { major_brand: 'isom', minor_version: '512', compatible_brands: 'isomiso2avc1mp41', encoder: 'Lavf59.27.100' },
  },
};

const TRACK_FLAC = {
  streams: [
    {
      index: 0, codec_name: 'flac', codec_long_name: 'FLAC (Free Lossless Audio Codec)', codec_type: 'audio',
      codec_tag_string: '[0][0][0][0]', codec_tag: '0x0000', sample_fmt: 's16', sample_rate: '44100', channels: 1,
      channel_layout: 'mono', bits_per_sample: 0, r_frame_rate: '0/0', avg_frame_rate: '0/0', time_base: '1/44100',
      start_pts: 0, start_time: '0.000000', duration_ts: 22050, duration: '0.500000', bits_per_raw_sample: '16',
      extradata_size: 34,
      disposition: disposition({}),
    },
  ],
  format: {
    filename: '/media/Music/Vangelis/Blade Runner (1994)/01 - Main Titles.flac', nb_streams: 1, nb_programs: 0,
    format_name: 'flac', format_long_name: 'raw FLAC', start_time: '0.000000', duration: '0.500000', size: '14460',
    bit_rate: '231360', probe_score: 100,
    tags: { title: 'Main Titles', artist: 'Vangelis', album: 'Blade Runner', track: '1', date: '1994', encoder: 'Lavf59.27.100' },
  },
};

// Hand-written in the shape ffprobe 5.1 prints for UHD remuxes (MKV stream side data included).
const HEVC_HDR10 = {
  index: 0, codec_name: 'hevc', codec_long_name: 'H.265 / HEVC (High Efficiency Video Coding)', profile: 'Main 10',
  codec_type: 'video', codec_tag_string: '[0][0][0][0]', codec_tag: '0x0000', width: 3840, height: 2160,
  coded_width: 3840, coded_height: 2160, closed_captions: 0, film_grain: 0, has_b_frames: 2, sample_aspect_ratio: '1:1',
  display_aspect_ratio: '16:9', pix_fmt: 'yuv420p10le', level: 153, color_range: 'tv', color_space: 'bt2020nc',
  color_transfer: 'smpte2084', color_primaries: 'bt2020', chroma_location: 'left', refs: 1, r_frame_rate: '24000/1001',
  avg_frame_rate: '24000/1001', time_base: '1/1000', start_pts: 0, start_time: '0.000000', extradata_size: 2487,
  disposition: disposition({ default: 1 }),
  tags: { BPS: '58323170', DURATION: '02:16:17.169000000', NUMBER_OF_FRAMES: '195993' },
  side_data_list: [
    {
      side_data_type: 'Mastering display metadata', red_x: '35400/50000', red_y: '14600/50000', green_x: '8500/50000',
      green_y: '39850/50000', blue_x: '6550/50000', blue_y: '2300/50000', white_point_x: '15635/50000',
      white_point_y: '16450/50000', min_luminance: '50/10000', max_luminance: '40000000/10000',
    },
    { side_data_type: 'Content light level metadata', max_content: 1000, max_average: 400 },
  ],
};

const DOVI_PROFILE_8 = {
  side_data_type: 'DOVI configuration record', dv_version_major: 1, dv_version_minor: 0, dv_profile: 8, dv_level: 6,
  rpu_present_flag: 1, el_present_flag: 0, bl_present_flag: 1, dv_bl_signal_compatibility_id: 1,
};

function withStreams(...streams: object[]): object {
  return { streams, format: { filename: '/media/x.mkv', format_name: 'matroska,webm', duration: '8177.169000' } };
}

describe('toProbeResult', () => {
  it('maps a Matroska movie with audio and an embedded subtitle', () => {
    expect(toProbeResult(MATRIX_MKV)).toEqual({
      durationSeconds: 1.021,
      bitRate: 131181,
      formatName: 'matroska,webm',
      container: 'mkv',
      size: 16742,
      tags: { title: 'The Matrix', encoder: 'Lavf59.27.100' },
      streams: {
        video: [
          {
            index: 0, codec: 'h264', profile: 'Constrained Baseline', width: 160, height: 90, frameRate: 24, bitDepth: 8,
            pixelFormat: 'yuv420p', hdr: null, default: true, language: null,
          },
        ],
        audio: [
          {
            index: 1, codec: 'aac', profile: 'LC', channels: 2, channelLayout: 'stereo', sampleRate: 48000, language: 'en',
            title: 'English 2.0', default: true,
          },
        ],
        subtitle: [
          { index: 2, codec: 'subrip', language: 'en', title: 'English', forced: false, default: false, hearingImpaired: false },
        ],
      },
    });
  });

  it('maps an MP4, whose demuxer also reads MOV, to mp4 and drops the undetermined language', () => {
    const result = toProbeResult(INCEPTION_MP4);
    expect(result).toMatchObject({ container: 'mp4', formatName: 'mov,mp4,m4a,3gp,3g2,mj2', durationSeconds: 0.625, size: 27390 });
    expect(result.streams.video).toEqual([expect.objectContaining({ codec: 'h264', language: null, default: true })]);
    expect(result.streams.audio).toEqual([expect.objectContaining({ codec: 'aac', language: 'en', title: null })]);
    expect(result.streams.subtitle).toEqual([]);
  });

  it('maps a FLAC track with its tags', () => {
    const result = toProbeResult(TRACK_FLAC);
    expect(result).toMatchObject({ container: 'flac', durationSeconds: 0.5, bitRate: 231360 });
    expect(result.tags).toMatchObject({ title: 'Main Titles', artist: 'Vangelis', album: 'Blade Runner', track: '1', date: '1994' });
    expect(result.streams.video).toEqual([]);
    expect(result.streams.audio).toEqual([
      { index: 0, codec: 'flac', profile: null, channels: 1, channelLayout: 'mono', sampleRate: 44100, language: null, title: null, default: false },
    ]);
  });

  it.each([
    ['PQ with mastering metadata is HDR10', HEVC_HDR10, 'HDR10'],
    ['PQ alone is HDR10', { ...HEVC_HDR10, side_data_list: undefined }, 'HDR10'],
    ['HLG', { ...HEVC_HDR10, color_transfer: 'arib-std-b67', side_data_list: undefined }, 'HLG'],
    ['a DOVI record wins over the PQ base layer', { ...HEVC_HDR10, side_data_list: [...HEVC_HDR10.side_data_list, DOVI_PROFILE_8] }, 'DV'],
    ['an MP4 Dolby Vision sample entry', { ...HEVC_HDR10, codec_tag_string: 'dvh1', color_transfer: undefined, side_data_list: undefined }, 'DV'],
    ['BT.709', { ...HEVC_HDR10, color_transfer: 'bt709', color_primaries: 'bt709', side_data_list: undefined }, null],
    ['no colour information', { ...HEVC_HDR10, color_transfer: undefined, side_data_list: undefined }, null],
  ])('HDR: %s', (_name, stream, hdr) => {
    expect(toProbeResult(withStreams(stream)).streams.video[0]!.hdr).toBe(hdr);
  });

  it('reads a UHD stream: size, 23.976 fps, bit depth from the pixel format', () => {
    expect(toProbeResult(withStreams(HEVC_HDR10)).streams.video[0]).toEqual({
      index: 0, codec: 'hevc', profile: 'Main 10', width: 3840, height: 2160, frameRate: 23.976, bitDepth: 10,
      pixelFormat: 'yuv420p10le', hdr: 'HDR10', default: true, language: null,
    });
  });

  it('leaves out cover art and attachments, and keeps subtitle flags', () => {
    const result = toProbeResult(
      withStreams(
        HEVC_HDR10,
        {
          index: 1, codec_type: 'audio', codec_name: 'truehd', channels: 8, channel_layout: '7.1', sample_rate: '48000',
          disposition: disposition({ default: 1 }), tags: { language: 'ger', title: 'Deutsch Atmos' },
        },
        {
          index: 2, codec_type: 'subtitle', codec_name: 'hdmv_pgs_subtitle',
          disposition: disposition({ forced: 1 }), tags: { language: 'ger', title: 'Forced' },
        },
        {
          index: 3, codec_type: 'subtitle', codec_name: 'hdmv_pgs_subtitle',
          disposition: disposition({ hearing_impaired: 1 }), tags: { language: 'eng', title: 'SDH' },
        },
        {
          index: 4, codec_type: 'video', codec_name: 'mjpeg', width: 600, height: 900, pix_fmt: 'yuvj420p',
          disposition: disposition({ attached_pic: 1 }), tags: { filename: 'cover.jpg', mimetype: 'image/jpeg' },
        },
        { index: 5, codec_type: 'attachment', codec_name: 'ttf', tags: { filename: 'Roboto.ttf', mimetype: 'application/x-truetype-font' } },
      ),
    );
    expect(result.streams.video.map((v) => v.index)).toEqual([0]);
    expect(result.streams.audio).toEqual([
      {
        index: 1, codec: 'truehd', profile: null, channels: 8, channelLayout: '7.1', sampleRate: 48000, language: 'de',
        title: 'Deutsch Atmos', default: true,
      },
    ]);
    expect(result.streams.subtitle).toEqual([
      { index: 2, codec: 'hdmv_pgs_subtitle', language: 'de', title: 'Forced', forced: true, default: false, hearingImpaired: false },
      { index: 3, codec: 'hdmv_pgs_subtitle', language: 'en', title: 'SDH', forced: false, default: false, hearingImpaired: true },
    ]);
  });

  it('takes the longest stream when the container has no duration, and tolerates a missing format', () => {
    const result = toProbeResult({
      streams: [
        { codec_type: 'audio', duration: '3.5' },
        { codec_type: 'video', duration: '4.25', avg_frame_rate: '0/0', r_frame_rate: '25/1' },
      ],
    });
    expect(result).toMatchObject({ durationSeconds: 4.25, bitRate: null, formatName: null, container: null, tags: {} });
    expect(result).not.toHaveProperty('size');
    expect(result.streams.video[0]).toMatchObject({ index: 1, frameRate: 25, bitDepth: null });
  });

  it.each([
    ['matroska,webm', '/m/a.webm', {}, 'webm'],
    ['mov,mp4,m4a,3gp,3g2,mj2', '/m/a.m4v', {}, 'm4v'],
    ['mov,mp4,m4a,3gp,3g2,mj2', '/m/a.MOV', {}, 'mov'],
    ['mov,mp4,m4a,3gp,3g2,mj2', '/m/a.bin', { major_brand: 'qt  ' }, 'mov'],
    ['mov,mp4,m4a,3gp,3g2,mj2', '/m/a.bin', { major_brand: 'isom' }, 'mp4'],
    ['mpegts', '/m/a.m2ts', {}, 'm2ts'],
    ['mpegts', '/m/a.bin', {}, 'ts'],
    ['asf', '/m/a.wmv', {}, 'wmv'],
    ['avi', '/m/a.avi', {}, 'avi'],
  ])('container of %s at %s is %s', (formatName, filename, tags, expected) => {
    expect(toProbeResult({ streams: [], format: { format_name: formatName, filename, tags } }).container).toBe(expected);
  });

  it.each([[null], [{}], [{ streams: 'none' }], [[]]])('rejects %j as UNREADABLE', (json) => {
    expect(() => toProbeResult(json)).toThrow(expect.objectContaining({ name: 'ProbeError', reason: 'UNREADABLE' }));
  });
});

async function probeError(promise: Promise<unknown>): Promise<ProbeError> {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ProbeError);
  return err as ProbeError;
}

describe('probeFile', () => {
  let dir: string;
  let library: MediaLibraryManifest;
  const at = (rel: string) => path.join(library.root, ...rel.split('/'));

  /** A stand-in ffprobe: a shell script, so timeouts and odd output can be staged. */
  async function fakeFfprobe(name: string, body: string): Promise<string> {
    const file = path.join(dir, name);
    await writeFile(file, `#!/bin/sh\n${body}\n`);
    await chmod(file, 0o755);
    return file;
  }

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'marquee-probe-'));
    library = await makeMediaLibrary(path.join(dir, 'library'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reports the installed ffprobe version', async () => {
    expect(await probeAvailable()).toMatch(/^\S+$/);
    expect(await probeAvailable(path.join(os.tmpdir(), 'no-such-ffprobe'))).toBeNull();
  });

  it('reads a Matroska movie: video, audio and the embedded subtitle', async () => {
    const file = at('Movies/The Matrix (1999)/The Matrix (1999).mkv');
    const result = await probeFile(file);
    expect(result).toMatchObject({ container: 'mkv', formatName: 'matroska,webm', size: (await stat(file)).size, tags: { title: 'The Matrix' } });
    expect(result.durationSeconds).toBeCloseTo(1, 1);
    expect(result.bitRate).toBeGreaterThan(0);
    expect(result.streams).toEqual({
      video: [
        {
          index: 0, codec: 'h264', profile: expect.any(String), width: 160, height: 90, frameRate: 24, bitDepth: 8,
          pixelFormat: 'yuv420p', hdr: null, default: true, language: null,
        },
      ],
      audio: [
        {
          index: 1, codec: 'aac', profile: 'LC', channels: 2, channelLayout: 'stereo', sampleRate: 48000, language: 'en',
          title: 'English 2.0', default: true,
        },
      ],
      subtitle: [{ index: 2, codec: 'subrip', language: 'en', title: 'English', forced: false, default: false, hearingImpaired: false }],
    });
  });

  it('reads an MP4, anime subtitle flags, HDR10 and FLAC tags', async () => {
    const [mp4, anime, hdr, flac] = await Promise.all(
      [
        'Movies/Inception (2010) {tmdb-27205}/Inception (2010).mp4',
        'Anime/Frieren/[SubsPlease] Frieren - 01 (1080p) [ABCD1234].mkv',
        'Movies/Dune (2021)/Dune (2021).mkv',
        'Music/Vangelis/Blade Runner (1994)/01 - Main Titles.flac',
      ].map((rel) => probeFile(at(rel))),
    );
    expect(mp4).toMatchObject({
      container: 'mp4',
      streams: { video: [{ codec: 'h264', width: 160 }], audio: [{ codec: 'aac', language: 'en' }], subtitle: [] },
    });
    expect(anime!.streams.video[0]!.frameRate).toBe(23.976);
    expect(anime!.streams.audio).toEqual([expect.objectContaining({ language: 'ja', default: true })]);
    expect(anime!.streams.subtitle).toEqual([
      { index: 2, codec: 'subrip', language: 'en', title: 'Full Subtitles', forced: false, default: true, hearingImpaired: false },
      { index: 3, codec: 'subrip', language: 'en', title: 'Signs & Songs', forced: true, default: false, hearingImpaired: false },
    ]);
    expect(hdr!.streams.video[0]).toMatchObject({ hdr: 'HDR10', bitDepth: 10, pixelFormat: 'yuv420p10le' });
    expect(flac).toMatchObject({ container: 'flac', tags: { artist: 'Vangelis', album: 'Blade Runner' }, streams: { video: [], subtitle: [] } });
    expect(flac!.streams.audio).toEqual([expect.objectContaining({ codec: 'flac', channels: 1, sampleRate: 44100 })]);
  });

  it('passes a name that starts with a dash as a file, not an option', async () => {
    const file = path.join(dir, '-show_data.mkv');
    await copyFile((await mediaClips())['episode-mkv'], file);
    expect((await probeFile(file)).streams.video).toHaveLength(1);
  });

  it.each<[string, () => Promise<string>, ProbeErrorReason, RegExp]>([
    [
      'random bytes named .mkv',
      async () => {
        const file = path.join(dir, 'broken.mkv');
        await writeFile(file, randomBytes(4096));
        return file;
      },
      'UNREADABLE',
      /Invalid data|could not read/,
    ],
    ['a file that does not exist', async () => path.join(dir, 'gone.mkv'), 'UNREADABLE', /No such file or directory/],
    [
      'an empty file',
      async () => {
        const file = path.join(dir, 'empty.mp4');
        await writeFile(file, '');
        return file;
      },
      'UNREADABLE',
      /could not read/,
    ],
  ])('fails on %s with %s', async (_name, make, reason, message) => {
    const file = await make();
    const err = await probeError(probeFile(file));
    expect(err.reason).toBe(reason);
    expect(err.message).toMatch(message);
    expect(err.message).toContain(file);
    expect(err.stderr).toBeTruthy();
  });

  it('fails with NOT_FOUND when ffprobe is missing', async () => {
    const err = await probeError(probeFile(at('Movies/Dune (2021)/Dune (2021).mkv'), { ffprobePath: path.join(dir, 'no-such-ffprobe') }));
    expect(err.reason).toBe('NOT_FOUND');
  });

  it('kills ffprobe on timeout', async () => {
    const slow = await fakeFfprobe('slow-ffprobe', 'exec sleep 30');
    const started = Date.now();
    const err = await probeError(probeFile(at('Movies/Dune (2021)/Dune (2021).mkv'), { ffprobePath: slow, timeoutMs: 200 }));
    expect(err.reason).toBe('TIMEOUT');
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('kills ffprobe on abort, and does not start it when already aborted', async () => {
    const slow = await fakeFfprobe('slow-ffprobe-2', 'exec sleep 30');
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const err = await probeError(probeFile(at('Movies/Dune (2021)/Dune (2021).mkv'), { ffprobePath: slow, signal: controller.signal }));
    expect(err.reason).toBe('ABORTED');
    const never = await fakeFfprobe('never-ffprobe', `touch '${path.join(dir, 'ran')}'`);
    const early = await probeError(probeFile(at('Movies/Dune (2021)/Dune (2021).mkv'), { ffprobePath: never, signal: AbortSignal.abort() }));
    expect(early.reason).toBe('ABORTED');
    await expect(stat(path.join(dir, 'ran'))).rejects.toThrow();
  });

  it('fails with UNREADABLE when ffprobe prints something other than JSON', async () => {
    const chatty = await fakeFfprobe('chatty-ffprobe', 'echo "not json"');
    const err = await probeError(probeFile(at('Movies/Dune (2021)/Dune (2021).mkv'), { ffprobePath: chatty }));
    expect(err.reason).toBe('UNREADABLE');
  });
});
