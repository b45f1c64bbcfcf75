import type { OutgoingPolicy } from '../outgoing-http.js';
import { PlayerError, sender, type PlayerClient, type PlayerConnection } from './player-client.js';

/**
 * Jellyfin (and Emby): `POST /Library/Media/Updated` with every changed path in one request
 * (`Modified`, or `Deleted` where files went away); Jellyfin refreshes just those folders. The API
 * key travels in `Authorization: MediaBrowser Token="…"`.
 */
export function jellyfinClient(conn: PlayerConnection, policy: OutgoingPolicy): PlayerClient {
  const send = sender(conn.url, policy, 'Jellyfin');
  const headers = (): Record<string, string> => {
    if (!conn.credential) throw new PlayerError('Jellyfin needs an API key (Dashboard → API Keys)', true);
    return { authorization: `MediaBrowser Client="Marquee", Device="Marquee", DeviceId="marquee", Version="1", Token="${conn.credential}"` };
  };
  return {
    async test(signal) {
      const res = await send('/System/Info', { headers: { accept: 'application/json', ...headers() }, signal });
      try {
        const info = JSON.parse(res.body) as { ServerName?: string; Version?: string; ProductName?: string };
        return `${info.ProductName ?? 'Jellyfin'} ${info.Version ?? ''}${info.ServerName ? ` (${info.ServerName})` : ''}`.replace(/\s+/g, ' ').trim();
      } catch {
        throw new PlayerError('The server at this URL does not look like Jellyfin');
      }
    },
    async refresh(targets, signal) {
      if (targets.length === 0) return;
      const body = JSON.stringify({ Updates: targets.map((t) => ({ Path: t.directory, UpdateType: t.removed ? 'Deleted' : 'Modified' })) });
      await send('/Library/Media/Updated', { method: 'POST', headers: { 'content-type': 'application/json', ...headers() }, body, signal });
    },
  };
}
