import type { OutgoingPolicy } from '../outgoing-http.js';
import { PlayerError, sender, type PlayerClient, type PlayerConnection, type RefreshTarget } from './player-client.js';

interface RpcAnswer<T> {
  result?: T;
  error?: { code: number; message: string };
}

/**
 * Kodi's JSON-RPC over HTTP (`POST /jsonrpc`, HTTP Basic auth when a password is set). A directory
 * is scanned with `VideoLibrary.Scan {directory}` (Kodi adds what is new there), items already in
 * the library under it are re-read with `VideoLibrary.RefreshMovie`/`RefreshTVShow` (new NFO and
 * artwork), and `VideoLibrary.Clean {directory}` drops entries whose files went away.
 */
export function kodiClient(conn: PlayerConnection, policy: OutgoingPolicy): PlayerClient {
  const send = sender(conn.url, policy, 'Kodi');
  const auth: Record<string, string> = conn.credential !== null ? { authorization: `Basic ${Buffer.from(`${conn.username ?? 'kodi'}:${conn.credential}`).toString('base64')}` } : {};
  let nextId = 1;
  const call = async <T>(method: string, params: Record<string, unknown> | undefined, signal?: AbortSignal): Promise<T> => {
    const body = JSON.stringify({ jsonrpc: '2.0', method, ...(params ? { params } : {}), id: nextId++ });
    const res = await send('/jsonrpc', { method: 'POST', headers: { 'content-type': 'application/json', ...auth }, body, signal });
    let answer: RpcAnswer<T>;
    try {
      answer = JSON.parse(res.body) as RpcAnswer<T>;
    } catch {
      throw new PlayerError(`Kodi answered ${method} with something that is not JSON-RPC`);
    }
    if (answer.error) throw new PlayerError(`Kodi refused ${method}: ${answer.error.message} (${answer.error.code})`, answer.error.code === -32602 || answer.error.code === -32601);
    return answer.result as T;
  };
  // Kodi compares source paths with their trailing separator.
  const dir = (d: string) => (/[\\/]$/.test(d) ? d : d + (d.includes('\\') && !d.includes('/') ? '\\' : '/'));
  return {
    async test(signal) {
      const pong = await call<string>('JSONRPC.Ping', undefined, signal);
      if (pong !== 'pong') throw new PlayerError('Kodi did not answer the ping');
      const props = await call<{ version?: { major: number; minor: number }; name?: string }>('Application.GetProperties', { properties: ['version', 'name'] }, signal);
      return `${props.name ?? 'Kodi'} ${props.version ? `${props.version.major}.${props.version.minor}` : ''}`.trim();
    },
    async refresh(targets: readonly RefreshTarget[], signal) {
      for (const t of targets) {
        const directory = dir(t.directory);
        if (t.removed) await call('VideoLibrary.Clean', { directory, showdialogs: false }, signal);
        await call('VideoLibrary.Scan', { directory, showdialogs: false }, signal);
        const filter = { field: 'path', operator: 'startswith', value: directory };
        const movies = await call<{ movies?: Array<{ movieid: number }> }>('VideoLibrary.GetMovies', { filter, properties: [] }, signal);
        for (const m of movies?.movies ?? []) await call('VideoLibrary.RefreshMovie', { movieid: m.movieid, ignorenfo: false }, signal);
        const shows = await call<{ tvshows?: Array<{ tvshowid: number }> }>('VideoLibrary.GetTVShows', { filter, properties: [] }, signal);
        for (const s of shows?.tvshows ?? []) await call('VideoLibrary.RefreshTVShow', { tvshowid: s.tvshowid, ignorenfo: false, refreshepisodes: false }, signal);
      }
    },
  };
}
