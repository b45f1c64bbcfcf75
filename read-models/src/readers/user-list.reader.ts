import type { Redis } from 'ioredis';
import { keys, type KeySpace } from '../keys.js';
import type { NamespaceTracker } from '../namespace.js';
import { PUBLIC_LISTS, userListsListing, type PublicListDoc, type UserListDoc } from '../projections/user-list.projection.js';
import { DocumentReader } from './documents.js';
import { readWindow, toPage, type Page, type PageWindow } from './listing-page.js';

/**
 * A revoked link, written by the command right after its transaction commits, so the old address
 * answers NOT_FOUND at once, before the projector has removed the public document. Slugs are
 * random and never reused, so the marker never hides a later list.
 */
export const revokedLinkKey = (ks: KeySpace, slug: string) => `${ks.prefix}lists:revoked:${slug}`;

/** Users' lists (the owner's view) and the public documents of shared ones. */
export class UserListReader {
  private readonly lists: DocumentReader<UserListDoc>;
  private readonly shared: DocumentReader<PublicListDoc>;

  constructor(
    private readonly redis: Redis,
    private readonly ks: KeySpace,
    private readonly namespaces: NamespaceTracker,
  ) {
    this.lists = new DocumentReader(redis, ks, namespaces, 'userlist');
    this.shared = new DocumentReader(redis, ks, namespaces, 'publiclist');
  }

  getLists(ids: readonly string[]): Promise<(UserListDoc | null)[]> {
    return this.lists.getMany(ids);
  }

  /** A user's lists, latest change first. */
  async listsOf(userId: string, limit = 500): Promise<UserListDoc[]> {
    const ns = await this.namespaces.get();
    const ids = await this.redis.zrevrange(keys.listing(this.ks, ns, userListsListing(userId)), 0, limit - 1);
    return (await this.lists.getMany(ids)).filter((d): d is UserListDoc => d !== null);
  }

  /** The public view of an unlisted or public list; null when there is none or its link was revoked. */
  async bySlug(slug: string): Promise<PublicListDoc | null> {
    const [revoked, [doc]] = await Promise.all([this.redis.exists(revokedLinkKey(this.ks, slug)), this.shared.getMany([slug])]);
    return revoked ? null : (doc ?? null);
  }

  /** Public lists (never unlisted ones), latest change first. */
  async publicLists(window: PageWindow): Promise<Page<PublicListDoc>> {
    const ns = await this.namespaces.get();
    const w = await readWindow(this.redis, keys.listing(this.ks, ns, PUBLIC_LISTS), true, window);
    return toPage(w, await this.shared.getMany(w.entries.map((e) => e.m)));
  }
}
