import { constants } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { MikroORM } from '@mikro-orm/postgresql';
import { UserStateCommands } from '../../commands/user-state.commands.js';
import { executeBound } from '../../infra/sql.js';
import type { Logger } from '../../infra/logger.js';
import { readNfo } from '../../integrations/nfo/nfo-reader.js';
import { MAX_NFO_BYTES } from './classify.js';


export interface Watch {
  titleId: string;
  seasonNumber: number | null;
  episodeNumber: number | null;
  watchedAt: Date;
}

/** The NFO describing one media file itself: `<stem>.nfo`, else `movie.nfo` beside a movie. */
export function ownNfo(relPath: string, isEpisode: boolean, present: ReadonlySet<string> | ReadonlyMap<string, unknown>): string | null {
  const dir = path.posix.dirname(relPath);
  const at = (name: string) => (dir === '.' ? name : `${dir}/${name}`);
  const stem = at(`${path.posix.basename(relPath, path.posix.extname(relPath))}.nfo`);
  if (present.has(stem)) return stem;
  return !isEpisode && present.has(at('movie.nfo')) ? at('movie.nfo') : null;
}

/**
 * When an NFO says its item was watched (`<watched>true`, or a `<playcount>` above 0), the time of
 * the watch: `<lastplayed>`, else `<dateadded>`, else the NFO file's modification time, so that
 * importing the same NFO again finds the same watch. Kodi keeps only the last play's time, so a
 * play count above 1 is one watch.
 */
export function watchedAt(doc: { watched?: boolean; playCount?: number; lastPlayed?: string; dateAdded?: string }, nfoModified: Date): Date | null {
  if (doc.watched !== true && !(doc.playCount && doc.playCount > 0)) return null;
  for (const value of [doc.lastPlayed, doc.dateAdded]) {
    if (!value) continue;
    const parsed = new Date(value.includes('T') ? value : value.replace(' ', 'T'));
    if (!Number.isNaN(parsed.getTime()) && parsed.getTime() <= Date.now()) return parsed;
  }
  return nfoModified;
}

/**
 * Imports Kodi/Jellyfin watched state from the NFOs of a library's matched files (all of them, or
 * those under `scope`) as the history of the first user. Asked for per scan; idempotent.
 */
export async function importWatchState(
  deps: { orm: MikroORM; logger: Logger },
  library: { id: string; rootPath: string },
  scope: string | null,
  present: ReadonlyMap<string, number>,
): Promise<{ watches: number; titles: number }> {
  const [first] = await executeBound<{ id: string }>(deps.orm.em.fork(), 'select id from app_user order by created_at, id limit 1', []);
  if (!first) return { watches: 0, titles: 0 };
  const files = await executeBound<{ rel_path: string; title_id: string; season: number | null; episodes: number[] | null }>(
    deps.orm.em.fork(),
    `select rel_path, title_id, (match->>'seasonNumber')::int as season, array(select jsonb_array_elements_text(coalesce(match->'episodeNumbers', '[]'::jsonb))::int) as episodes
       from media_file
      where library_id = $1 and title_id is not null and missing_since is null and ($2::text is null or rel_path = $2 or starts_with(rel_path, $2 || '/'))`,
    [library.id, scope],
  );
  const watches: Watch[] = [];
  for (const f of files) {
    const isEpisode = (f.episodes?.length ?? 0) > 0;
    const nfo = ownNfo(f.rel_path, isEpisode, present);
    if (!nfo || (present.get(nfo) ?? Infinity) > MAX_NFO_BYTES) continue;
    try {
      const abs = path.join(library.rootPath, nfo);
      const [text, info] = await Promise.all([readFile(abs, { encoding: 'utf8', flag: constants.O_RDONLY | constants.O_NOFOLLOW }), stat(abs)]);
      const doc = readNfo(text);
      if (doc.kind === 'episode') {
        if (!isEpisode) continue;
        // One <episodedetails> per episode of the file; each says its own number, else the file's.
        doc.episodes.forEach((e, i) => {
          const at = watchedAt(e, info.mtime);
          const episodeNumber = e.episode ?? f.episodes![i];
          if (at && episodeNumber !== undefined) watches.push({ titleId: f.title_id, seasonNumber: e.season ?? f.season ?? 1, episodeNumber, watchedAt: at });
        });
      } else if (doc.kind === 'movie' && !isEpisode) {
        const at = watchedAt(doc, info.mtime);
        if (at) watches.push({ titleId: f.title_id, seasonNumber: null, episodeNumber: null, watchedAt: at });
      }
    } catch (err) {
      deps.logger.info({ nfo, reason: err instanceof Error ? err.message : String(err) }, 'NFO watched state not read');
    }
  }
  const titles = await new UserStateCommands(deps.orm).importHistory(first.id, watches);
  return { watches: watches.length, titles };
}
