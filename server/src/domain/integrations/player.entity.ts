import { randomUUID } from 'node:crypto';
import { ArrayType, OptionalProps } from '@mikro-orm/core';
import { Entity, Enum, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { PLAYER_KINDS, type PathMapping, type PlayerKind, type PlayerState } from '@marquee/read-models';

/** A media player connection (Kodi, Jellyfin, Plex). */
@Entity({ tableName: 'player' })
export class Player {
  [OptionalProps]?: 'id' | 'username' | 'credentials' | 'enabled' | 'libraryIds' | 'pathMappings' | 'lastStatus' | 'lastStatusAt' | 'version' | 'createdAt' | 'updatedAt';

  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'text' })
  name!: string;

  @Enum({ items: [...PLAYER_KINDS] })
  kind!: PlayerKind;

  @Property({ type: 'text' })
  url!: string;

  @Property({ type: 'text', nullable: true })
  username: string | null = null;

  /** Sealed with the server's secret (see integrations/secret-box.ts); never read back out. */
  @Property({ type: 'text', nullable: true })
  credentials: string | null = null;

  @Property({ type: 'boolean', default: true })
  enabled = true;

  @Property({ type: ArrayType, columnType: 'uuid[]', default: [] })
  libraryIds: string[] = [];

  @Property({ type: 'jsonb', defaultRaw: `'[]'::jsonb` })
  pathMappings: PathMapping[] = [];

  @Property({ type: 'text', nullable: true })
  lastStatus: string | null = null;

  @Property({ type: 'timestamptz', nullable: true })
  lastStatusAt: Date | null = null;

  @Property({ version: true })
  version!: number;

  @Property({ type: 'timestamptz' })
  createdAt: Date = new Date();

  @Property({ type: 'timestamptz', onUpdate: () => new Date() })
  updatedAt: Date = new Date();

  toState(): PlayerState {
    return {
      id: this.id,
      name: this.name,
      kind: this.kind,
      url: this.url,
      hasCredentials: this.credentials !== null,
      username: this.username,
      enabled: this.enabled,
      libraryIds: [...this.libraryIds],
      pathMappings: this.pathMappings.map((m) => ({ ...m })),
      lastStatus: this.lastStatus,
      lastStatusAt: this.lastStatusAt?.toISOString() ?? null,
      createdAt: this.createdAt.toISOString(),
      updatedAt: this.updatedAt.toISOString(),
    };
  }
}

/**
 * A directory waiting to be refreshed on a player. Rows coalesce (one per player and directory)
 * until the player's debounced sync job drains them.
 */
@Entity({ tableName: 'player_sync_request' })
export class PlayerSyncRequest {
  @PrimaryKey({ type: 'uuid' })
  playerId!: string;

  /** Absolute, as Marquee sees it. */
  @PrimaryKey({ type: 'text' })
  directory!: string;

  @Property({ type: 'uuid' })
  libraryId!: string;

  /** Files went away from it (Kodi then also cleans the directory). */
  @Property({ type: 'boolean', default: false })
  removed = false;

  @Property({ type: 'timestamptz' })
  requestedAt: Date = new Date();
}
