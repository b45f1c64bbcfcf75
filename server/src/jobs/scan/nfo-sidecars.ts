import path from 'node:path/posix';

const at = (dir: string, name: string) => (dir === '.' || dir === '' ? name : `${dir}/${name}`);

/**
 * Every NFO path that may describe a main media file, whether or not it exists: `<stem>.nfo` and
 * `movie.nfo` beside it, `season.nfo` in its folder, then `tvshow.nfo` in its folder and each
 * parent folder up to the root, nearest first.
 */
export function possibleNfoPaths(relPath: string): { stem: string; movie: string; season: string; shows: string[] } {
  const dir = path.dirname(relPath);
  const stem = path.basename(relPath, path.extname(relPath));
  const shows: string[] = [];
  for (let d = dir; ; d = path.dirname(d)) {
    shows.push(at(d, 'tvshow.nfo'));
    if (d === '.' || d === '' || d === '/') break;
  }
  return { stem: at(dir, `${stem}.nfo`), movie: at(dir, 'movie.nfo'), season: at(dir, 'season.nfo'), shows };
}

/**
 * The NFO files a video can take ids and a title from, nearest first: `<stem>.nfo`, `movie.nfo`
 * beside it, then the nearest `tvshow.nfo` in its folder or a parent folder inside the root.
 */
export function nfoCandidates(relPath: string, present: { has(p: string): boolean }): string[] {
  const p = possibleNfoPaths(relPath);
  const show = p.shows.find((s) => present.has(s));
  return [p.stem, p.movie].filter((c) => present.has(c)).concat(show ? [show] : []);
}

/** What describes a file's title, season and episode: its candidates plus `season.nfo` beside it. */
export function describingNfos(relPath: string, present: { has(p: string): boolean }): string[] {
  const season = possibleNfoPaths(relPath).season;
  const out = nfoCandidates(relPath, present);
  return present.has(season) && !out.includes(season) ? [...out, season] : out;
}

/** Folders whose main files an NFO may describe: a `tvshow.nfo` covers its whole folder tree. */
export function nfoScope(nfoPath: string): { dir: string; tree: boolean } {
  return { dir: path.dirname(nfoPath), tree: path.basename(nfoPath).toLowerCase() === 'tvshow.nfo' };
}

/**
 * `nfoCandidates` for many files of one listing: the folder's part (`movie.nfo`, the nearest
 * `tvshow.nfo`) is looked up once per folder, only `<stem>.nfo` once per file. Same answers.
 */
export function nfoCandidateFinder(present: { has(p: string): boolean }): (relPath: string) => string[] {
  const perFolder = new Map<string, string[]>();
  return (relPath) => {
    const dir = path.dirname(relPath);
    let shared = perFolder.get(dir);
    if (!shared) {
      const p = possibleNfoPaths(relPath);
      const show = p.shows.find((s) => present.has(s));
      shared = (present.has(p.movie) ? [p.movie] : []).concat(show ? [show] : []);
      perFolder.set(dir, shared);
    }
    const stem = at(dir, `${path.basename(relPath, path.extname(relPath))}.nfo`);
    return present.has(stem) ? [stem, ...shared] : [...shared];
  };
}
