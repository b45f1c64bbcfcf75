import { OptionalProps } from '@mikro-orm/core';
import { Entity, Index, PrimaryKey, Property, Unique } from '@mikro-orm/decorators/legacy';
import { randomUUID } from 'node:crypto';

/**
 * A file in the content-addressed cache (`<data>/cache/ab/cd/<sha256>.<ext>`): downloaded
 * artwork and the NFO text Marquee published, stored once however many places use it.
 */
@Entity({ tableName: 'cached_asset' })
export class CachedAsset {
  [OptionalProps]?: 'width' | 'height' | 'createdAt';

  @PrimaryKey({ type: 'text' })
  sha256!: string;

  /** File extension in the cache (jpg, png, webp, nfo). */
  @Property({ type: 'text' })
  ext!: string;

  /** jpeg, png, webp, gif… for images (from sharp); nfo for NFO text. */
  @Property({ type: 'text' })
  format!: string;

  @Property({ type: 'integer', nullable: true })
  width: number | null = null;

  @Property({ type: 'integer', nullable: true })
  height: number | null = null;

  @Property({ type: 'bigint' })
  size!: number;

  @Property({ type: 'timestamptz' })
  createdAt: Date = new Date();
}

/** Which cached image an artwork URL gave, so a URL already downloaded is never fetched again. */
@Entity({ tableName: 'asset_source' })
export class AssetSource {
  [OptionalProps]?: 'fetchedAt';

  @PrimaryKey({ type: 'text' })
  url!: string;

  @Property({ type: 'text' })
  @Index()
  sha256!: string;

  @Property({ type: 'timestamptz' })
  fetchedAt: Date = new Date();
}

/**
 * The manifest: every file Marquee wrote into a library, with the hash of what it wrote. A file on
 * disk whose hash is neither `sha256` nor `pendingSha256` was changed by someone else.
 */
@Entity({ tableName: 'published_file' })
@Unique({ properties: ['libraryId', 'relPath'] })
export class PublishedFile {
  [OptionalProps]?: 'id' | 'titleId' | 'pendingSha256' | 'sha256' | 'warning' | 'createdAt' | 'updatedAt';

  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'uuid' })
  libraryId!: string;

  /** Relative to the library root, `/`-separated. */
  @Property({ type: 'text' })
  relPath!: string;

  @Property({ type: 'uuid', nullable: true })
  @Index()
  titleId: string | null = null;

  /** nfo or artwork. */
  @Property({ type: 'text' })
  role!: string;

  /** movie, tvshow, season, episode for NFOs; poster, fanart, season-poster… for artwork. */
  @Property({ type: 'text' })
  kind!: string;

  /** What is on disk as Marquee last wrote it (null before the first write completed). */
  @Property({ type: 'text', nullable: true })
  sha256: string | null = null;

  /** What a write in progress is putting there (set before the rename, cleared after). */
  @Property({ type: 'text', nullable: true })
  pendingSha256: string | null = null;

  @Property({ type: 'bigint' })
  size!: number;

  /** Why the last publish or verify left the file alone (e.g. edited by hand). */
  @Property({ type: 'text', nullable: true })
  warning: string | null = null;

  @Property({ type: 'timestamptz' })
  createdAt: Date = new Date();

  @Property({ type: 'timestamptz', onUpdate: () => new Date() })
  updatedAt: Date = new Date();
}
