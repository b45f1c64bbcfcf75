import { randomUUID } from 'node:crypto';
import type { LibraryStatistics, MediaFileState, VideoStream } from '@marquee/read-models';
import { describe, expect, it } from 'vitest';
import { eventually, useMarquee } from './harness/marquee.js';
import { usePool, useTestServices } from './harness/services.js';

const services = useTestServices();
const marquee = useMarquee(services, ['api', 'projector']);
const db = usePool(services);

const LIBRARY = randomUUID();
const stream = (width: number, height: number, codec: string): VideoStream => ({ index: 0, codec, profile: null, width, height, frameRate: 24, bitDepth: 8, hdr: null, language: null, default: true });

function file(path: string, over: Partial<MediaFileState> = {}): MediaFileState {
  const now = new Date().toISOString();
  return {
    id: randomUUID(), libraryId: LIBRARY, path, class: 'VIDEO', extra: null, size: 1, modifiedAt: now, subtitle: null, artworkKind: null,
    media: null, probeError: null, parsed: null, match: null, missingSince: null, createdAt: now, updatedAt: now, ...over,
  };
}
const probed = (path: string, video: VideoStream) => file(path, { media: { durationSeconds: 60, bitRate: null, container: 'matroska', video: [video], audio: [], subtitles: [] } });

/** The files' events as the scan phase appends them (state transfer through the outbox). */
async function changed(files: MediaFileState[], version = 1): Promise<void> {
  await db.pool.query(
    `insert into outbox (aggregate_type, aggregate_id, aggregate_version, event_type, payload)
     select 'mediafile', x.id, $2, 'MediaFileChanged', x.p from jsonb_to_recordset($1::jsonb) as x(id text, p jsonb)`,
    [JSON.stringify(files.map((f) => ({ id: f.id, p: f }))), version],
  );
  await db.pool.query(`select pg_notify('marquee_outbox', '')`);
}

type Stats = LibraryStatistics;
const stats = async () =>
  (await marquee.gql<{ libraryStatistics: Stats }>('{ libraryStatistics { videoFiles byResolution { resolution count } byCodec { codec count } videosWithoutNfo titles titlesWithoutPoster } }')).data!.libraryStatistics;
const resolutions = (s: Stats) => Object.fromEntries(s.byResolution.map((r) => [r.resolution, r.count]));
const codecs = (s: Stats) => Object.fromEntries(s.byCodec.map((c) => [c.codec, c.count]));

describe('libraryStatistics', () => {
  it('counts videos by resolution and codec, videos without an NFO and titles without a poster, from the read models', async () => {
    const heat = probed('Movies/Heat (1995)/Heat (1995).mkv', stream(1920, 1080, 'hevc'));
    const dune = probed('Movies/Dune (2021)/Dune (2021).mkv', stream(3840, 2160, 'h264'));
    const dark = probed('Shows/Dark/Season 01/Dark S01E01.mkv', stream(1280, 720, 'h264'));
    const unprobed = file('Movies/Brazil (1985).mkv');
    await changed([
      heat, dune, dark, unprobed,
      file('Movies/Heat (1995)/movie.nfo', { class: 'NFO' }),
      file('Shows/Dark/tvshow.nfo', { class: 'NFO' }),
      file('Movies/Dune (2021)/Dune (2021)-trailer.mkv', { extra: 'trailer' }),
      file('Movies/Gone (2000).mkv', { missingSince: new Date().toISOString() }),
    ]);
    const titles = await Promise.all(['Heat', 'Dune'].map(async (name) => (await marquee.gql<{ createTitle: { id: string } }>(`mutation($n: String!) { createTitle(input: { kind: MOVIE, name: $n }) { id } }`, { n: name })).data!.createTitle.id));
    await marquee.gql(`mutation($id: ID!) { addArtwork(titleId: $id, artwork: [{ kind: POSTER, url: "https://image.tmdb.org/t/p/original/heat.jpg" }]) { id } }`, { id: titles[0] });

    const first = await eventually(async () => {
      const s = await stats();
      return s.videoFiles === 4 && s.titles === 2 && s.titlesWithoutPoster === 1 ? s : undefined;
    }, 'the files and titles projected');
    expect(resolutions(first)).toEqual({ '2160p': 1, '1080p': 1, '720p': 1, SD: 0, UNKNOWN: 1 });
    expect(codecs(first)).toEqual({ hevc: 1, h264: 2, unknown: 1 });
    // Heat has movie.nfo, Dark's episode tvshow.nfo two folders up; Dune and Brazil have none.
    expect(first.videosWithoutNfo).toBe(2);

    // Dune goes missing and Brazil gets probed: the buckets follow the documents.
    await changed([{ ...dune, missingSince: new Date().toISOString() }, { ...unprobed, media: { durationSeconds: 60, bitRate: null, container: 'avi', video: [stream(720, 480, 'mpeg4')], audio: [], subtitles: [] } }], 2);
    const second = await eventually(async () => {
      const s = await stats();
      return s.videoFiles === 3 && resolutions(s).UNKNOWN === 0 ? s : undefined;
    }, 'the changes projected');
    expect(resolutions(second)).toEqual({ '2160p': 0, '1080p': 1, '720p': 1, SD: 1, UNKNOWN: 0 });
    expect(codecs(second)).toEqual({ hevc: 1, h264: 1, mpeg4: 1 });
    expect(second.videosWithoutNfo).toBe(1);
  });

  it('is refused without a signed-in user or a catalog:read key', async () => {
    const res = await marquee.gql('{ libraryStatistics { videoFiles } }', {}, {}, { anonymous: true });
    expect(res.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});
