import type { Redis } from 'ioredis';
import { keys, type KeySpace } from '../keys.js';
import type { NamespaceTracker } from '../namespace.js';
import { LIBRARY_LISTING, type LibraryDoc } from '../projections/library.projection.js';
import { libraryFilesListing, MISSING_FILES, titleFilesListing, UNMATCHED_FILES, type MediaFileDoc } from '../projections/media-file.projection.js';
import { idOfMember } from '../projections/title.projection.js';
import { DocumentReader } from './documents.js';
import { readWindow, toPage, type Page, type PageWindow } from './listing-page.js';

export type FileListing = { kind: 'library'; libraryId: string } | { kind: 'unmatched' } | { kind: 'missing' };

/** Libraries and their media files. */
export class LibraryReader {
  private readonly libraries: DocumentReader<LibraryDoc>;
  private readonly files: DocumentReader<MediaFileDoc>;

  constructor(
    private readonly redis: Redis,
    private readonly ks: KeySpace,
    private readonly namespaces: NamespaceTracker,
  ) {
    this.libraries = new DocumentReader(redis, ks, namespaces, 'library');
    this.files = new DocumentReader(redis, ks, namespaces, 'file');
  }

  getLibraries(ids: readonly string[]): Promise<(LibraryDoc | null)[]> {
    return this.libraries.getMany(ids);
  }

  getFiles(ids: readonly string[]): Promise<(MediaFileDoc | null)[]> {
    return this.files.getMany(ids);
  }

  /** Every library, by name. */
  async allLibraries(): Promise<LibraryDoc[]> {
    const ns = await this.namespaces.get();
    const members = await this.redis.zrange(keys.listing(this.ks, ns, LIBRARY_LISTING), '0', '-1');
    const docs = await this.libraries.getMany(members.map(idOfMember));
    return docs.filter((d): d is LibraryDoc => d !== null);
  }

  /** A title's files by path, those on disk first; one listing read and one MGET. */
  async filesOfTitle(titleId: string, limit = 200): Promise<MediaFileDoc[]> {
    const ns = await this.namespaces.get();
    const members = await this.redis.zrange(keys.listing(this.ks, ns, titleFilesListing(titleId)), '0', String(limit - 1));
    const docs = await this.files.getMany(members.map(idOfMember));
    return docs.filter((d): d is MediaFileDoc => d !== null);
  }

  /** How many of a title's files are on disk. */
  async presentFileCount(titleId: string): Promise<number> {
    const ns = await this.namespaces.get();
    return this.redis.zcount(keys.listing(this.ks, ns, titleFilesListing(titleId)), 0, 0);
  }

  /** A library's files by path, unmatched files newest first, or missing files latest first. */
  async fileList(listing: FileListing, window: PageWindow): Promise<Page<MediaFileDoc>> {
    const ns = await this.namespaces.get();
    const [name, descending] =
      listing.kind === 'library' ? [libraryFilesListing(listing.libraryId), false] : listing.kind === 'unmatched' ? [UNMATCHED_FILES, true] : [MISSING_FILES, true];
    const w = await readWindow(this.redis, keys.listing(this.ks, ns, name), descending, window);
    return toPage(w, await this.files.getMany(w.entries.map((e) => idOfMember(e.m))));
  }
}
