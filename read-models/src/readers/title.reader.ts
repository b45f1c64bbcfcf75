import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import { keys, type KeySpace } from '../keys.js';
import type { NamespaceTracker } from '../namespace.js';
import { DocumentReader } from './documents.js';
import { readWindow, toPage, type Page, type PageWindow } from './listing-page.js';
import type { TitleCard } from '../projections/title-card.projection.js';
import {
  idOfMember,
  TITLE_EXTERNAL_ID_INDEX,
  TITLE_LISTING_RECYCLED,
  TITLE_SEARCH_INDEX,
  titleGenreListing,
  TITLE_SORTS,
  titleKindListing,
  type TitleDoc,
  type TitleSort,
} from '../projections/title.projection.js';
import { titleFilesListing } from '../projections/media-file.projection.js';
import { fold } from '../text.js';
import { TITLE_KINDS, type TitleKind } from '../events.js';


export type TitlePage<N = TitleDoc> = Page<N>;

/** What a page's nodes are: full title documents, or title cards. */
export type PageNodes = 'documents' | 'cards';

/** Titles by their files: some file on disk, none on disk, or some file gone missing. */
export const TITLE_FILE_FILTERS = ['WITH_FILES', 'WITHOUT_FILES', 'MISSING_FILES'] as const;
export type TitleFileFilter = (typeof TITLE_FILE_FILTERS)[number];

export interface TitleFilter {
  kinds?: readonly TitleKind[] | null;
  files?: TitleFileFilter | null;
  /** Any of these genres (case and accents ignored). */
  genres?: readonly string[] | null;
  yearFrom?: number | null;
  yearTo?: number | null;
}

export type TitleListQuery = TitleFilter & {
  sort?: TitleSort;
  /** Default: newest/most popular/latest year first; names A→Z. */
  descending?: boolean | null;
} & PageWindow;

export interface TitleFacets {
  kinds: Array<{ kind: TitleKind; count: number }>;
  decades: Array<{ decade: number; count: number }>;
}

const DEFAULT_DESCENDING: Record<TitleSort, boolean> = { CREATED: true, UPDATED: true, POPULARITY: true, YEAR: true, NAME: false };
/** Filtered listings are materialised for this long, so following pages reuse them. */
const FILTER_TTL_SECONDS = 30;

/**
 * Keeps the members of a title listing (KEYS[1]) whose files match a file filter, into KEYS[2]:
 * each title's `title:<id>:files` listing (score 0 on disk, 1 missing) is asked directly, so the
 * answer is exactly what the file read models say at that moment. O(titles in the source); the
 * result is kept like any filtered listing, so following pages reuse it.
 */
const FILES_FILTER_SCRIPT = `
redis.call('DEL', KEYS[2])
local members = redis.call('ZRANGE', KEYS[1], 0, -1, 'WITHSCORES')
local out = {}
for i = 1, #members, 2 do
  local m = members[i]
  local files = ARGV[1] .. string.match(m, '([^%z]*)$') .. ARGV[2]
  local keep
  if ARGV[3] == 'MISSING_FILES' then
    keep = redis.call('ZCOUNT', files, 1, 1) > 0
  else
    keep = (redis.call('ZCOUNT', files, 0, 0) > 0) == (ARGV[3] == 'WITH_FILES')
  end
  if keep then
    out[#out + 1] = members[i + 1]
    out[#out + 1] = m
    if #out >= 1000 then
      redis.call('ZADD', KEYS[2], unpack(out))
      out = {}
    end
  end
end
if #out > 0 then redis.call('ZADD', KEYS[2], unpack(out)) end
redis.call('EXPIRE', KEYS[2], ARGV[4])
return redis.call('ZCARD', KEYS[2])
`;

declare module 'ioredis' {
  interface RedisCommander<Context> {
    marqueeFilesFilter(numKeys: 2, source: string, target: string, filesPrefix: string, filesSuffix: string, mode: TitleFileFilter, ttlSeconds: number): import('ioredis').Result<number, Context>;
  }
}

const withFilesFilter = new WeakSet<Redis>();

/** The only Redis read API the server's title queries may use. */
export class TitleReader {
  private readonly documents: DocumentReader<TitleDoc>;
  private readonly cards: DocumentReader<TitleCard>;

  constructor(
    private readonly redis: Redis,
    private readonly ks: KeySpace,
    private readonly namespaces: NamespaceTracker,
  ) {
    if (!withFilesFilter.has(redis)) {
      redis.defineCommand('marqueeFilesFilter', { lua: FILES_FILTER_SCRIPT });
      withFilesFilter.add(redis);
    }
    this.documents = new DocumentReader(redis, ks, namespaces, 'title');
    this.cards = new DocumentReader(redis, ks, namespaces, 'titlecard');
  }

  /** One MGET for the whole batch; missing documents come back as null. */
  getMany(ids: readonly string[]): Promise<(TitleDoc | null)[]> {
    return this.documents.getMany(ids);
  }

  /** Active titles, sorted and filtered, with cursors that stay valid while titles change. */
  list(query: TitleListQuery): Promise<TitlePage>;
  /** The same page with title cards (the fields listings show) as nodes. */
  list(query: TitleListQuery, nodes: 'cards'): Promise<TitlePage<TitleCard>>;
  async list(query: TitleListQuery, nodes: PageNodes = 'documents'): Promise<TitlePage<TitleDoc | TitleCard>> {
    const ns = await this.namespaces.get();
    const sort = query.sort ?? 'CREATED';
    const continuing = 'after' in query ? query.after : 'before' in query ? query.before : null;
    const key = await this.filtered(ns, TITLE_SORTS[sort], query, !continuing);
    return this.page(key, query.descending ?? DEFAULT_DESCENDING[sort], query, nodes);
  }

  /** The recycle bin, most recently deleted first. */
  listRecycled(window: PageWindow): Promise<TitlePage>;
  listRecycled(window: PageWindow, nodes: 'cards'): Promise<TitlePage<TitleCard>>;
  async listRecycled(window: PageWindow, nodes: PageNodes = 'documents'): Promise<TitlePage<TitleDoc | TitleCard>> {
    const ns = await this.namespaces.get();
    return this.page(keys.listing(this.ks, ns, TITLE_LISTING_RECYCLED), true, window, nodes);
  }

  /** Counts per kind (ignoring the kind filter) and per decade (ignoring the year filter). */
  async facets(filter: TitleFilter): Promise<TitleFacets> {
    const ns = await this.namespaces.get();
    const base = TITLE_SORTS.CREATED;
    const withoutKinds = await this.filtered(ns, base, { ...filter, kinds: null }, true);
    const withoutYears = await this.filtered(ns, base, { ...filter, yearFrom: null, yearTo: null }, true);
    const years = this.tempKey(ns, 'years', filter);
    const decadesFrom = 1870;
    const decadesTo = 2100;
    const p = this.redis.pipeline();
    for (const kind of TITLE_KINDS) p.zintercard(2, withoutKinds, keys.listing(this.ks, ns, titleKindListing(kind)));
    p.zinterstore(years, 2, withoutYears, keys.listing(this.ks, ns, TITLE_SORTS.YEAR), 'WEIGHTS', 0, 1);
    for (let d = decadesFrom; d < decadesTo; d += 10) p.zcount(years, d, d + 9);
    p.unlink(years);
    const out = ((await p.exec()) ?? []).map(([err, v]) => {
      if (err) throw err;
      return v as number;
    });
    const kinds = TITLE_KINDS.map((kind, i) => ({ kind, count: out[i]! }));
    const decades: TitleFacets['decades'] = [];
    for (let d = decadesFrom, i = TITLE_KINDS.length + 1; d < decadesTo; d += 10, i++) if (out[i]! > 0) decades.push({ decade: d, count: out[i]! });
    return { kinds, decades };
  }

  /**
   * Prefix search over names, original titles and synonyms (folded, so case and accents do not
   * matter). Every word of the query must prefix some word of the title, or the whole query must
   * prefix a whole name. Ranked by popularity, then name.
   */
  async search(text: string, first: number): Promise<TitleDoc[]> {
    const phrase = fold(text);
    if (!phrase) return [];
    const ns = await this.namespaces.get();
    const index = keys.listing(this.ks, ns, TITLE_SEARCH_INDEX);
    const prefixIds = async (prefix: string) => {
      const members = await this.redis.zrangebylex(index, `[${prefix}`, `[${prefix}\u{10FFFF}`, 'LIMIT', 0, 5000);
      return new Set(members.map((m) => m.slice(m.lastIndexOf('\u0000') + 1)));
    };
    const words = phrase.split(' ');
    const [phraseIds, ...wordIds] = await Promise.all([prefixIds(phrase), ...(words.length > 1 ? words.map(prefixIds) : [])]);
    const ids = new Set(phraseIds);
    if (wordIds.length) {
      const [smallest, ...rest] = [...wordIds].sort((a, b) => a.size - b.size);
      for (const id of smallest!) if (rest.every((s) => s.has(id))) ids.add(id);
    }
    const docs = (await this.getMany([...ids].slice(0, 2000))).filter((d): d is TitleDoc => d !== null && !d.deletedAt);
    docs.sort((a, b) => (b.popularity ?? 0) - (a.popularity ?? 0) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    return docs.slice(0, first);
  }

  /** The title a provider's id belongs to, if any. */
  async idByExternalId(provider: string, value: string): Promise<string | null> {
    const ns = await this.namespaces.get();
    const prefix = `${provider}:${value}\u0000`;
    const [member] = await this.redis.zrangebylex(keys.listing(this.ks, ns, TITLE_EXTERNAL_ID_INDEX), `[${prefix}`, `[${prefix}\u{10FFFF}`, 'LIMIT', 0, 1);
    return member ? idOfMember(member) : null;
  }

  private tempKey(ns: string, kind: string, spec: unknown): string {
    const hash = createHash('sha1').update(JSON.stringify(spec)).digest('base64url');
    return keys.listing(this.ks, ns, `q:${kind}:${hash}`);
  }

  /**
   * The sorted listing restricted to the filter: the listing itself when there is none, else an
   * intersection stored under a key derived from the query (kept briefly so later pages reuse it).
   */
  private async filtered(ns: string, listing: string, filter: TitleFilter, fresh: boolean): Promise<string> {
    const base = keys.listing(this.ks, ns, listing);
    const kinds = filter.kinds?.length ? [...new Set(filter.kinds)].sort() : null;
    const genres = filter.genres?.length ? [...new Set(filter.genres.map(fold))].filter(Boolean).sort() : null;
    const hasYears = filter.yearFrom != null || filter.yearTo != null;
    const files = filter.files ?? null;
    if (!kinds && !genres && !hasYears && !files) return base;
    const key = this.tempKey(ns, 'f', { listing, kinds, genres, from: filter.yearFrom ?? null, to: filter.yearTo ?? null, files });
    if (!fresh && (await this.redis.exists(key))) return key;
    const sources = [base];
    const temps: string[] = [];
    const m = this.redis.multi();
    if (kinds) {
      const kindKeys = kinds.map((k) => keys.listing(this.ks, ns, titleKindListing(k)));
      if (kindKeys.length === 1) sources.push(kindKeys[0]!);
      else {
        const union = `${key}:kinds`;
        m.zunionstore(union, kindKeys.length, ...kindKeys);
        sources.push(union);
        temps.push(union);
      }
    }
    if (genres) {
      const genreKeys = genres.map((g) => keys.listing(this.ks, ns, titleGenreListing(g)));
      const union = `${key}:genres`;
      m.zunionstore(union, genreKeys.length, ...genreKeys);
      sources.push(union);
      temps.push(union);
    }
    if (hasYears) {
      const years = `${key}:years`;
      m.zrangestore(years, keys.listing(this.ks, ns, TITLE_SORTS.YEAR), filter.yearFrom ?? '-inf', filter.yearTo ?? '+inf', 'BYSCORE');
      sources.push(years);
      temps.push(years);
    }
    // With a file filter, the other filters' intersection is its source.
    let source = base;
    if (sources.length > 1) {
      source = files ? `${key}:pre` : key;
      m.zinterstore(source, sources.length, ...sources, 'WEIGHTS', 1, ...sources.slice(1).map(() => 0));
      if (files) temps.push(source);
      else m.expire(key, FILTER_TTL_SECONDS);
    }
    if (files) {
      const filesKey = keys.listing(this.ks, ns, titleFilesListing('\u0000'));
      const [filesPrefix, filesSuffix] = filesKey.split('\u0000') as [string, string];
      m.marqueeFilesFilter(2, source, key, filesPrefix, filesSuffix, files, FILTER_TTL_SECONDS);
    }
    if (temps.length) m.unlink(...temps);
    await m.exec();
    return key;
  }

  private async page(key: string, descending: boolean, window: PageWindow, nodes: PageNodes): Promise<TitlePage<TitleDoc | TitleCard>> {
    const w = await readWindow(this.redis, key, descending, window);
    const ids = w.entries.map((e) => idOfMember(e.m));
    const docs = nodes === 'cards' ? await this.cards.getMany(ids) : await this.getMany(ids);
    return toPage<TitleDoc | TitleCard>(w, docs);
  }
}
