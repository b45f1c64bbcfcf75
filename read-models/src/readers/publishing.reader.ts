import type { Redis } from 'ioredis';
import { keys, type KeySpace } from '../keys.js';
import type { NamespaceTracker } from '../namespace.js';
import { RECYCLE_ENTRIES, type PublishedFilesDoc, type RecycleEntryDoc } from '../projections/publishing.projection.js';
import { DocumentReader } from './documents.js';
import { readWindow, toPage, type Page, type PageWindow } from './listing-page.js';

/** Published files per title and the recycle bin. */
export class PublishingReader {
  private readonly published: DocumentReader<PublishedFilesDoc>;
  private readonly entries: DocumentReader<RecycleEntryDoc>;

  constructor(
    private readonly redis: Redis,
    private readonly ks: KeySpace,
    private readonly namespaces: NamespaceTracker,
  ) {
    this.published = new DocumentReader(redis, ks, namespaces, 'published');
    this.entries = new DocumentReader(redis, ks, namespaces, 'recycle');
  }

  /** A title's published files; null when nothing was ever published for it. */
  async publishedFiles(titleId: string): Promise<PublishedFilesDoc | null> {
    return (await this.published.getMany([titleId]))[0] ?? null;
  }

  getEntries(ids: readonly string[]): Promise<(RecycleEntryDoc | null)[]> {
    return this.entries.getMany(ids);
  }

  /** The recycle bin, most recently deleted first. */
  async recycleBin(window: PageWindow): Promise<Page<RecycleEntryDoc>> {
    const ns = await this.namespaces.get();
    const w = await readWindow(this.redis, keys.listing(this.ks, ns, RECYCLE_ENTRIES), true, window);
    return toPage(w, await this.entries.getMany(w.entries.map((e) => e.m)));
  }
}
