import { randomUUID } from 'node:crypto';
import { OptionalProps, type Rel } from '@mikro-orm/core';
import { Entity, Index, ManyToOne, PrimaryKey, Property, Unique } from '@mikro-orm/decorators/legacy';
import type { FileClass, FileMatch, MediaInfo, ParsedNameState } from '@marquee/read-models';
import { Title } from '../catalog/title.entity.js';
import { Library } from './library.entity.js';

/** Facts from the name beside the extension class (subtitle flags, artwork kind). */
export interface FileDetails {
  subtitle?: { language: string | null; forced: boolean; sdh: boolean };
  artworkKind?: string;
}

/**
 * For an NFO file, what its last reading did: the content's sha256 and the title it was applied to,
 * so an NFO is applied again only when its content or its title changes. `outcome` says why one
 * was not applied: Marquee published it, it could not be read, no matched file uses it, or it
 * describes something else than its title (a movie NFO beside an episode, music).
 */
export interface NfoApplied {
  sha256: string | null;
  titleId: string | null;
  outcome: 'APPLIED' | 'PUBLISHED' | 'UNREADABLE' | 'UNMATCHED' | 'IGNORED';
}

/**
 * A file under a library root. Rows are written in bulk by the scan phase (media-file.repository.ts);
 * the entity serves the commands that change one file (a manual match).
 */
@Entity({ tableName: 'media_file' })
@Unique({ properties: ['library', 'relPath'] })
@Index({ properties: ['library', 'inode'] })
export class MediaFile {
  [OptionalProps]?: 'id' | 'extra' | 'details' | 'media' | 'probeError' | 'probedAt' | 'hash' | 'parsed' | 'match' | 'title' | 'identifiedAt' | 'missingSince' | 'nfoApplied' | 'nfoReadAt' | 'version' | 'createdAt' | 'updatedAt';

  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne(() => Library, { deleteRule: 'cascade' })
  library!: Rel<Library>;

  /** Relative to the library root, `/`-separated, so a library can move. */
  @Property({ type: 'text' })
  relPath!: string;

  @Property({ type: 'text' })
  class!: FileClass;

  @Property({ type: 'text', nullable: true })
  extra: string | null = null;

  @Property({ type: 'bigint' })
  size!: number;

  @Property({ type: 'double' })
  mtimeMs!: number;

  @Property({ type: 'bigint' })
  inode!: number;

  @Property({ type: 'jsonb', defaultRaw: `'{}'::jsonb` })
  details: FileDetails = {};

  @Property({ type: 'jsonb', nullable: true })
  media: MediaInfo | null = null;

  @Property({ type: 'text', nullable: true })
  probeError: string | null = null;

  @Property({ type: 'timestamptz', nullable: true })
  probedAt: Date | null = null;

  /** OpenSubtitles-style hash (size + first and last 64 KiB) for recognising moved files. */
  @Property({ type: 'text', nullable: true })
  hash: string | null = null;

  @Property({ type: 'jsonb', nullable: true })
  parsed: ParsedNameState | null = null;

  @Property({ type: 'jsonb', nullable: true })
  match: FileMatch | null = null;

  /** The matched title (also inside `match`), kept as a column so merges and purges can follow it. */
  @ManyToOne(() => Title, { nullable: true, deleteRule: 'set null', index: true })
  title: Rel<Title> | null = null;

  @Property({ type: 'timestamptz', nullable: true })
  identifiedAt: Date | null = null;

  @Property({ type: 'timestamptz', nullable: true })
  missingSince: Date | null = null;

  @Property({ type: 'jsonb', nullable: true })
  nfoApplied: NfoApplied | null = null;

  /** For an NFO file: when a scan last read it; null until then, and again once it changes or moves. */
  @Property({ type: 'timestamptz', nullable: true })
  nfoReadAt: Date | null = null;

  @Property({ version: true })
  version!: number;

  @Property({ type: 'timestamptz' })
  createdAt: Date = new Date();

  @Property({ type: 'timestamptz', onUpdate: () => new Date() })
  updatedAt: Date = new Date();
}
