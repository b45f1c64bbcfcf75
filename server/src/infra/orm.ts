import 'reflect-metadata';
import { fileURLToPath } from 'node:url';
import { ReflectMetadataProvider } from '@mikro-orm/decorators/legacy';
import { MigrationGenerator, Migrator } from '@mikro-orm/migrations';
import { defineConfig, MikroORM, type Options } from '@mikro-orm/postgresql';
import { SourceRecord } from '../domain/catalog/source-record.entity.js';
import { Title } from '../domain/catalog/title.entity.js';
import { Artwork } from '../domain/catalog/artwork.entity.js';
import { ExternalId } from '../domain/catalog/external-id.entity.js';
import { Credit, Person } from '../domain/catalog/person.entity.js';
import { Episode, Season } from '../domain/catalog/season.entity.js';
import { OutboxEvent } from '../domain/outbox/outbox.entity.js';
import { ApiKey, RefreshToken, Session, User } from '../auth/auth.entities.js';
import { Player, PlayerSyncRequest } from '../domain/integrations/player.entity.js';
import { EventStreamState, NotificationDelivery, NotificationTarget } from '../domain/integrations/notification.entity.js';
import { JobRun } from '../domain/library/job-run.entity.js';
import { Library } from '../domain/library/library.entity.js';
import { MediaFile } from '../domain/library/media-file.entity.js';
import { UserList } from '../domain/user/user-list.entity.js';
import { UserTitle } from '../domain/user/user-title.entity.js';
import { AssetSource, CachedAsset, PublishedFile } from '../domain/asset/asset.entity.js';
import { RecycleEntry } from '../domain/recycle/recycle-entry.entity.js';

/** The one migrations folder at the top of the repository (the same depth from src/ and dist/). */
export const MIGRATIONS_DIR = fileURLToPath(new URL('../../../migrations', import.meta.url));

export const entities = [Title, ExternalId, Artwork, Person, Credit, Season, Episode, SourceRecord, OutboxEvent, User, Session, RefreshToken, ApiKey, Library, MediaFile, JobRun, UserTitle, UserList, CachedAsset, AssetSource, PublishedFile, RecycleEntry, Player, PlayerSyncRequest, NotificationTarget, NotificationDelivery, EventStreamState];

/**
 * Migrations are plain ES modules so the same files run under tsc output, vitest and the CLI
 * without a compile step of their own.
 */
class EsmMigrationGenerator extends MigrationGenerator {
  override generateMigrationFile(className: string, diff: { up: string[]; down: string[] }): string {
    let ret = `import { Migration } from '@mikro-orm/migrations';\n\n`;
    ret += `export class ${className} extends Migration {\n`;
    ret += `  async up() {\n`;
    diff.up.forEach((sql) => (ret += this.createStatement(sql, 4)));
    ret += `  }\n`;
    if (diff.down.length > 0) {
      ret += `\n  async down() {\n`;
      diff.down.forEach((sql) => (ret += this.createStatement(sql, 4)));
      ret += `  }\n`;
    }
    ret += `}\n`;
    return ret;
  }
}

export function ormOptions(clientUrl: string, overrides: Partial<Options> = {}): Options {
  return defineConfig({
    clientUrl,
    entities,
    metadataProvider: ReflectMetadataProvider,
    extensions: [Migrator],
    discovery: { checkDuplicateTableNames: true },
    migrations: {
      path: MIGRATIONS_DIR,
      glob: '*.js',
      emit: 'js',
      generator: EsmMigrationGenerator,
      snapshot: true,
      snapshotName: '.snapshot-marquee',
      // The snapshot is part of the repository: only `migration:create` may change it.
      snapshotOnMigrate: false,
      silent: true,
    },
    pool: { min: 0, max: 10 },
    debug: false,
    ...overrides,
  });
}

export async function createOrm(clientUrl: string, overrides: Partial<Options> = {}): Promise<MikroORM> {
  return MikroORM.init(ormOptions(clientUrl, overrides));
}

export async function pendingMigrations(orm: MikroORM): Promise<string[]> {
  const pending = await orm.migrator.getPending();
  return pending.map((m) => m.name);
}

export async function migrate(orm: MikroORM): Promise<string[]> {
  const applied = await orm.migrator.up();
  return applied.map((m) => m.name);
}
