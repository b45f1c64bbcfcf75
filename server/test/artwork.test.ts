import { describe, expect, it } from 'vitest';
import { eventually, useMarquee } from './harness/marquee.js';
import { useTestServices } from './harness/services.js';

const services = useTestServices();
const marquee = useMarquee(services, ['api', 'projector']);

type Art = { id: string; kind: string; url: string; selected: boolean; selectedBy: string | null; seasonNumber: number | null };
const ART = `query($id: ID!) { title(id: $id) { version all: artwork { id kind url selected selectedBy seasonNumber } inUse: artwork(selectedOnly: true) { kind url selectedBy seasonNumber } posters: artwork(kind: POSTER) { url } } }`;
type Read = { version: number; all: Art[]; inUse: Art[]; posters: Array<{ url: string }> };

async function read(id: string, minVersion: number): Promise<Read> {
  return eventually(async () => {
    const res = await marquee.gql<{ title: Read }>(ART, { id });
    return res.data && res.data.title.version >= minVersion ? res.data.title : undefined;
  }, 'artwork projected');
}

const ADD = `mutation($id: ID!, $art: [ArtworkInput!]!) { addArtwork(titleId: $id, artwork: $art) { version } }`;

describe('artwork', () => {
  it('uses the best candidate per kind and season, keeps a user choice, and falls back when one is removed', async () => {
    const created = await marquee.gql<{ createTitle: { id: string } }>(`mutation { createTitle(input: { kind: SERIES, name: "Twin Peaks" }) { id } }`);
    const id = created.data!.createTitle.id;
    const added = await marquee.gql(ADD, {
      id,
      art: [
        { kind: 'POSTER', url: 'https://img.example/p1.jpg', score: 5, width: 1000, height: 1500, language: 'en', provider: 'tmdb' },
        { kind: 'POSTER', url: 'https://img.example/p2.jpg', score: 8, provider: 'tvdb' },
        { kind: 'FANART', url: 'https://img.example/f1.jpg', score: 1 },
        { kind: 'SEASON_POSTER', seasonNumber: 1, url: 'https://img.example/s1.jpg', score: 2 },
      ],
    });
    expect(added.errors).toBeUndefined();
    let t = await read(id, 2);
    expect(t.inUse.map((a) => [a.kind, a.url, a.selectedBy])).toEqual([
      ['FANART', 'https://img.example/f1.jpg', 'auto'],
      ['POSTER', 'https://img.example/p2.jpg', 'auto'],
      ['SEASON_POSTER', 'https://img.example/s1.jpg', 'auto'],
    ]);
    expect(t.posters.map((p) => p.url)).toEqual(['https://img.example/p2.jpg', 'https://img.example/p1.jpg']);

    const p1 = t.all.find((a) => a.url.endsWith('p1.jpg'))!;
    await marquee.gql(`mutation($id: ID!, $a: ID!) { selectArtwork(titleId: $id, artworkId: $a) { id } }`, { id, a: p1.id });
    // A better candidate later does not replace the user's choice.
    await marquee.gql(ADD, { id, art: [{ kind: 'POSTER', url: 'https://img.example/p3.jpg', score: 99 }] });
    t = await read(id, 4);
    expect(t.inUse.find((a) => a.kind === 'POSTER')).toMatchObject({ url: 'https://img.example/p1.jpg', selectedBy: 'user' });

    await marquee.gql(`mutation($id: ID!, $a: ID!) { removeArtwork(titleId: $id, artworkId: $a) { id } }`, { id, a: p1.id });
    t = await read(id, 5);
    expect(t.inUse.find((a) => a.kind === 'POSTER')).toMatchObject({ url: 'https://img.example/p3.jpg', selectedBy: 'auto' });
  });

  it.each([
    [{ kind: 'POSTER', url: 'file:///etc/passwd' }, '0.url'],
    [{ kind: 'SEASON_POSTER', url: 'https://img.example/x.jpg' }, '0.seasonNumber'],
    [{ kind: 'POSTER', url: 'https://img.example/x.jpg', language: 'english' }, '0.language'],
  ])('refuses %j naming %s', async (art, field) => {
    const created = await marquee.gql<{ createTitle: { id: string } }>(`mutation { createTitle(input: { kind: MOVIE, name: "X" }) { id } }`);
    const res = await marquee.gql(ADD, { id: created.data!.createTitle.id, art: [art] });
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
  });
});
