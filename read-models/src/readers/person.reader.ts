import type { Redis } from 'ioredis';
import { keys, type KeySpace } from '../keys.js';
import type { NamespaceTracker } from '../namespace.js';
import { DocumentReader } from './documents.js';
import type { PersonDoc } from '../projections/person.projection.js';
import { personCreditsListing } from '../projections/title.projection.js';
import type { CreditRole } from '../events.js';

export interface FilmographyEntry {
  titleId: string;
  role: CreditRole;
  character: string | null;
}

/** People and their filmographies. */
export class PersonReader {
  private readonly documents: DocumentReader<PersonDoc>;

  constructor(
    private readonly redis: Redis,
    private readonly ks: KeySpace,
    private readonly namespaces: NamespaceTracker,
  ) {
    this.documents = new DocumentReader(redis, ks, namespaces, 'person');
  }

  /** One MGET for the whole batch; missing documents come back as null. */
  getMany(ids: readonly string[]): Promise<(PersonDoc | null)[]> {
    return this.documents.getMany(ids);
  }

  /** Newest titles first. */
  async filmography(personId: string, first = 500): Promise<FilmographyEntry[]> {
    const ns = await this.namespaces.get();
    const members = await this.redis.zrevrange(keys.listing(this.ks, ns, personCreditsListing(personId)), 0, first - 1);
    return members.map((m) => {
      const [titleId, role, character] = m.split('\u0000');
      return { titleId: titleId!, role: role as CreditRole, character: character ? character : null };
    });
  }
}
