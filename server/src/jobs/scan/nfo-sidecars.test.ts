import { describe, expect, it } from 'vitest';
import { nfoCandidateFinder, nfoCandidates } from './nfo-sidecars.js';

describe('nfoCandidateFinder', () => {
  const present = new Set([
    'Movies/Heat (1995)/Heat (1995).mkv',
    'Movies/Heat (1995)/Heat (1995).nfo',
    'Movies/Heat (1995)/movie.nfo',
    'Movies/Heat (1995)/Heat (1995) - trailer.mkv',
    'Movies/Alien (1979)/Alien (1979).mkv',
    'Movies/Alien (1979)/movie.nfo',
    'Movies/Bare (2001)/Bare (2001).mkv',
    'Series/Show (2010)/tvshow.nfo',
    'Series/Show (2010)/Season 01/Show - S01E01.mkv',
    'Series/Show (2010)/Season 01/Show - S01E01.nfo',
    'Series/Show (2010)/Season 01/Show - S01E02.mkv',
    'Series/Show (2010)/Season 02/Extras/Show - S02 making of.mkv',
    'tvshow.nfo',
    'loose.mkv',
    'loose.nfo',
    'movie.mkv',
    'movie.nfo',
  ]);
  const files = [...present].filter((p) => p.endsWith('.mkv'));

  it('answers as nfoCandidates does, for files in any order (the folder part is shared)', () => {
    const find = nfoCandidateFinder(present);
    for (const f of [...files, ...files.reverse()]) expect(find(f), f).toEqual(nfoCandidates(f, present));
  });

  it('finds the stem NFO per file and the folder NFOs once for all', () => {
    const find = nfoCandidateFinder(present);
    expect(find('Series/Show (2010)/Season 01/Show - S01E01.mkv')).toEqual(['Series/Show (2010)/Season 01/Show - S01E01.nfo', 'Series/Show (2010)/tvshow.nfo']);
    expect(find('Series/Show (2010)/Season 01/Show - S01E02.mkv')).toEqual(['Series/Show (2010)/tvshow.nfo']);
    expect(find('Movies/Bare (2001)/Bare (2001).mkv')).toEqual(['tvshow.nfo']);
  });
});
