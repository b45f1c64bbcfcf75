import type { JobRunReader, KeySpace, LibraryReader, NamespaceTracker, PersonReader, SeasonReader, TitleReader } from '@marquee/read-models';
import type { JobCommands } from '../commands/job.commands.js';
import type { AuthCommands } from '../auth/auth.commands.js';
import type { Authenticator } from '../auth/authenticate.js';
import type { Limits } from '../auth/limits.js';
import type { CatalogCommands } from '../commands/catalog.commands.js';
import type { LibraryCommands } from '../commands/library.commands.js';
import type { PersonCommands } from '../commands/person.commands.js';
import type { Config } from '../infra/config.js';
import type { JobProgressStore } from '../infra/job-progress.js';
import type { Logger } from '../infra/logger.js';
import type { RedisPubSub } from '../infra/redis.js';

/** What GraphQL resolvers may use: commands for writes, readers for reads. */
export interface Services {
  config: Config;
  logger: Logger;
  keySpace: KeySpace;
  catalog: CatalogCommands;
  library: LibraryCommands;
  personCommands: PersonCommands;
  titles: TitleReader;
  seasons: SeasonReader;
  people: PersonReader;
  libraries: LibraryReader;
  jobRunReader: JobRunReader;
  jobs: JobCommands;
  namespaces: NamespaceTracker;
  pubsub: RedisPubSub;
  jobProgress: JobProgressStore;
  /** The shared Redis connection (persisted queries). */
  redis: import('ioredis').Redis;
  auth: AuthCommands;
  authenticator: Authenticator;
  limits: Limits;
}
