import type { PathMapping, PlayerKind } from '@marquee/read-models';
import { outgoingRequest, type OutgoingPolicy, type OutgoingRequest, type OutgoingResponse } from '../outgoing-http.js';
import { jellyfinClient } from './jellyfin.client.js';
import { kodiClient } from './kodi.client.js';
import { plexClient } from './plex.client.js';

/** A directory to refresh, as the player sees it; `removed` when files went away from it. */
export interface RefreshTarget {
  directory: string;
  removed: boolean;
}

export interface PlayerConnection {
  kind: PlayerKind;
  url: string;
  username: string | null;
  /** Decrypted password (Kodi), API key (Jellyfin) or token (Plex). */
  credential: string | null;
}

/** What every player integration offers: a probe and a targeted refresh. */
export interface PlayerClient {
  /** A short description of the server ("Kodi 21.1", "Jellyfin 10.9.11 (Living room)"); throws why it cannot be reached. */
  test(signal?: AbortSignal): Promise<string>;
  /** Refreshes the directories (one request per directory where the API allows). */
  refresh(targets: readonly RefreshTarget[], signal?: AbortSignal): Promise<void>;
}

export class PlayerError extends Error {
  constructor(
    message: string,
    /** True for answers that will not change on retry (bad credentials, unknown path). */
    readonly permanent = false,
  ) {
    super(message);
    this.name = 'PlayerError';
  }
}

export type Send = (path: string, req?: OutgoingRequest) => Promise<OutgoingResponse>;

/** A request helper bound to the player's base URL and the outgoing policy. */
export function sender(baseUrl: string, policy: OutgoingPolicy, what: string): Send {
  return async (pathAndQuery, req = {}) => {
    let res: OutgoingResponse;
    try {
      res = await outgoingRequest(baseUrl.replace(/\/+$/, '') + pathAndQuery, policy, req);
    } catch (err) {
      throw new PlayerError(`${what} could not be reached: ${err instanceof Error ? err.message : String(err)}`);
    }
    if (res.status === 401 || res.status === 403) throw new PlayerError(`${what} refused the credentials (HTTP ${res.status})`, true);
    if (res.status >= 400) throw new PlayerError(`${what} answered HTTP ${res.status}`, res.status < 500 && res.status !== 429 && res.status !== 408);
    return res;
  };
}

export function playerClient(conn: PlayerConnection, policy: OutgoingPolicy): PlayerClient {
  switch (conn.kind) {
    case 'KODI':
      return kodiClient(conn, policy);
    case 'JELLYFIN':
      return jellyfinClient(conn, policy);
    case 'PLEX':
      return plexClient(conn, policy);
  }
}

/**
 * Marquee's absolute path as a player (or an *arr host) sees it: the longest matching `from`
 * prefix is replaced by its `to`; with none, the path is unchanged. Separators follow the target
 * (a Windows share keeps backslashes).
 */
export function mapPath(abs: string, mappings: readonly PathMapping[]): string {
  const match = longestPrefix(abs, mappings.map((m) => ({ prefix: m.from, replace: m.to })));
  return match ?? abs;
}

/** The inverse: a path as the other host sees it, back to Marquee's (for *arr webhooks). */
export function unmapPath(foreign: string, mappings: readonly PathMapping[]): string | null {
  return longestPrefix(foreign, mappings.map((m) => ({ prefix: m.to, replace: m.from })));
}

function longestPrefix(input: string, pairs: Array<{ prefix: string; replace: string }>): string | null {
  const norm = (p: string) => p.replace(/[\\/]+$/, '');
  let best: { prefix: string; replace: string } | null = null;
  for (const pair of pairs) {
    const prefix = norm(pair.prefix);
    const rest = input.slice(prefix.length);
    const windows = /^[A-Za-z]:|^\\\\/.test(prefix);
    const same = windows ? input.toLowerCase().startsWith(prefix.toLowerCase()) : input.startsWith(prefix);
    if (!same || (rest !== '' && rest[0] !== '/' && rest[0] !== '\\')) continue;
    if (!best || prefix.length > norm(best.prefix).length) best = pair;
  }
  if (!best) return null;
  const prefix = norm(best.prefix);
  const replace = norm(best.replace);
  const separator = /^[A-Za-z]:|^\\\\/.test(replace) ? '\\' : '/';
  const rest = input.slice(prefix.length).replace(/[\\/]/g, separator);
  return replace + rest;
}
