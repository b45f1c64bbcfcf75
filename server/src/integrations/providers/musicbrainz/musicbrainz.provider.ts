import type { ProviderProxy } from '../provider-proxy.js';
import { isoDate, text, type Capability, type MetadataProvider, type ProviderTitle, type TitleQuery } from '../provider.types.js';

type Json = Record<string, any>;

const MBID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export interface MusicArtist {
  mbid: string;
  name: string;
  sortName: string | null;
  type: string | null;
  country: string | null;
  begin: string | null;
  end: string | null;
  disambiguation: string | null;
}

export interface MusicAlbum {
  mbid: string;
  title: string;
  primaryType: string | null;
  secondaryTypes: string[];
  firstReleaseDate: string | null;
  tags: string[];
  /** Releases of the group (editions), as MBIDs. */
  releases: string[];
}

export interface MusicRecording {
  mbid: string;
  title: string;
  /** Milliseconds. */
  length: number | null;
  firstReleaseDate: string | null;
  artists: Array<{ mbid: string; name: string; joinPhrase: string }>;
  isrcs: string[];
}

/** A partial ISO date as MusicBrainz gives them (YYYY, YYYY-MM or YYYY-MM-DD). */
function partialDate(v: unknown): string | null {
  return typeof v === 'string' && /^\d{4}(-\d{2}(-\d{2})?)?$/.test(v) ? (v.length === 10 ? isoDate(v) : v) : null;
}

/**
 * MusicBrainz WS/2 (JSON). Music titles are not in the catalog yet, so enrichment never asks it;
 * the lookups are here, behind the same proxy (1 request per second by default, as MusicBrainz
 * asks), for the music phase to use.
 */
export class MusicBrainzProvider implements MetadataProvider {
  readonly name = 'musicbrainz' as const;
  readonly capabilities: readonly Capability[] = ['music', 'search'];

  supports(_query: TitleQuery): boolean {
    return false;
  }

  async lookup(_query: TitleQuery, _proxy: ProviderProxy): Promise<ProviderTitle | null> {
    return null;
  }

  async test(proxy: ProviderProxy): Promise<void> {
    await proxy.request({ path: '/artist', query: { query: 'artist:Vangelis', limit: 1, fmt: 'json' }, cache: false });
  }

  private async get(proxy: ProviderProxy, entity: string, mbid: string, inc: string): Promise<Json | null> {
    if (!MBID.test(mbid)) return null;
    return (await proxy.request<Json>({ path: `/${entity}/${mbid}`, query: { inc, fmt: 'json' } })).body;
  }

  async artist(proxy: ProviderProxy, mbid: string): Promise<MusicArtist | null> {
    const a = await this.get(proxy, 'artist', mbid, 'aliases');
    if (!a || !text(a.name)) return null;
    return {
      mbid: a.id,
      name: text(a.name)!,
      sortName: text(a['sort-name']),
      type: text(a.type),
      country: text(a.country),
      begin: partialDate(a['life-span']?.begin),
      end: partialDate(a['life-span']?.end),
      disambiguation: text(a.disambiguation),
    };
  }

  async releaseGroup(proxy: ProviderProxy, mbid: string): Promise<MusicAlbum | null> {
    const g = await this.get(proxy, 'release-group', mbid, 'releases+tags');
    if (!g || !text(g.title)) return null;
    return {
      mbid: g.id,
      title: text(g.title)!,
      primaryType: text(g['primary-type']),
      secondaryTypes: ((g['secondary-types'] as unknown[] | undefined) ?? []).filter((t): t is string => typeof t === 'string'),
      firstReleaseDate: partialDate(g['first-release-date']),
      tags: ((g.tags as Json[] | undefined) ?? []).sort((a, b) => (b.count ?? 0) - (a.count ?? 0)).map((t) => text(t.name, 100)).filter((t): t is string => Boolean(t)),
      releases: ((g.releases as Json[] | undefined) ?? []).map((r) => r.id).filter((id): id is string => typeof id === 'string' && MBID.test(id)),
    };
  }

  async recording(proxy: ProviderProxy, mbid: string): Promise<MusicRecording | null> {
    const r = await this.get(proxy, 'recording', mbid, 'artist-credits+isrcs');
    if (!r || !text(r.title)) return null;
    return {
      mbid: r.id,
      title: text(r.title)!,
      length: Number.isInteger(r.length) && r.length > 0 ? r.length : null,
      firstReleaseDate: partialDate(r['first-release-date']),
      artists: ((r['artist-credit'] as Json[] | undefined) ?? []).filter((c) => typeof c.artist?.id === 'string').map((c) => ({ mbid: c.artist.id, name: text(c.name) ?? text(c.artist.name) ?? '', joinPhrase: typeof c.joinphrase === 'string' ? c.joinphrase : '' })),
      isrcs: ((r.isrcs as unknown[] | undefined) ?? []).filter((i): i is string => typeof i === 'string'),
    };
  }
}
