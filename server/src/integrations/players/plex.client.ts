import type { OutgoingPolicy } from '../outgoing-http.js';
import { PlayerError, sender, type PlayerClient, type PlayerConnection } from './player-client.js';

interface Sections {
  MediaContainer?: { Directory?: Array<{ key: string; title?: string; Location?: Array<{ path: string }> }> };
}

/**
 * Plex: the library section whose location holds the directory is found with `GET
 * /library/sections`, then refreshed partially with `GET /library/sections/<key>/refresh?path=<dir>`
 * (Plex's own "scan this folder"). The token travels in `X-Plex-Token`.
 */
export function plexClient(conn: PlayerConnection, policy: OutgoingPolicy): PlayerClient {
  const send = sender(conn.url, policy, 'Plex');
  const headers = (): Record<string, string> => {
    if (!conn.credential) throw new PlayerError('Plex needs a token (X-Plex-Token)', true);
    return { accept: 'application/json', 'x-plex-token': conn.credential, 'x-plex-product': 'Marquee', 'x-plex-client-identifier': 'marquee' };
  };
  const sections = async (signal?: AbortSignal) => {
    const res = await send('/library/sections', { headers: headers(), signal });
    try {
      return (JSON.parse(res.body) as Sections).MediaContainer?.Directory ?? [];
    } catch {
      throw new PlayerError('The server at this URL does not look like Plex');
    }
  };
  const under = (dir: string, root: string) => {
    const r = root.replace(/[\\/]+$/, '');
    return dir === r || dir.startsWith(r + '/') || dir.startsWith(r + '\\');
  };
  return {
    async test(signal) {
      const list = await sections(signal);
      return `Plex (${list.length} librar${list.length === 1 ? 'y' : 'ies'})`;
    },
    async refresh(targets, signal) {
      if (targets.length === 0) return;
      const list = await sections(signal);
      for (const t of targets) {
        const section = list.find((s) => (s.Location ?? []).some((l) => under(t.directory, l.path)));
        if (!section) throw new PlayerError(`No Plex library contains ${t.directory}; check the path mappings`, true);
        await send(`/library/sections/${encodeURIComponent(section.key)}/refresh?path=${encodeURIComponent(t.directory)}`, { headers: headers(), signal });
      }
    },
  };
}
