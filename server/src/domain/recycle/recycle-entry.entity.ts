import { OptionalProps } from '@mikro-orm/core';
import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { randomUUID } from 'node:crypto';

export const RECYCLE_KINDS = ['TITLE', 'MEDIA_FILE', 'ARTWORK', 'PUBLISHED_FILE'] as const;
export type RecycleKind = (typeof RECYCLE_KINDS)[number];

/** A file moved into the recycle bin: where it was, where it is now, and what it held. */
export interface RecycledFile {
  libraryId: string;
  relPath: string;
  /** Relative to the data directory's recycle-bin folder. */
  stored: string;
  sha256: string;
  size: number;
  /** The manifest row the file had, when Marquee wrote it. */
  manifest?: { role: string; kind: string; titleId: string | null } | null;
}

/**
 * One delete: a title, a media file record, an artwork candidate or a published file, with the
 * rows needed to restore it and the files moved to `<data>/recycle-bin/<date>/<id>/`.
 */
@Entity({ tableName: 'recycle_entry' })
export class RecycleEntry {
  [OptionalProps]?: 'id' | 'titleId' | 'libraryId' | 'records' | 'files' | 'deletedAt' | 'version';

  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'text' })
  kind!: RecycleKind;

  /** What the user sees (a title's name, a file's path). */
  @Property({ type: 'text' })
  label!: string;

  @Property({ type: 'uuid', nullable: true })
  @Index()
  titleId: string | null = null;

  @Property({ type: 'uuid', nullable: true })
  libraryId: string | null = null;

  /** Rows to put back (a media file or artwork row), as they were. */
  @Property({ type: 'jsonb', defaultRaw: `'{}'::jsonb` })
  records: Record<string, unknown> = {};

  @Property({ type: 'jsonb', defaultRaw: `'[]'::jsonb` })
  files: RecycledFile[] = [];

  @Property({ type: 'text' })
  folder!: string;

  @Property({ type: 'timestamptz' })
  @Index()
  deletedAt: Date = new Date();

  @Property({ version: true })
  version!: number;
}
