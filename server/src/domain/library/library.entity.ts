import { randomUUID } from 'node:crypto';
import { ArrayType, OptionalProps } from '@mikro-orm/core';
import { Entity, Enum, PrimaryKey, Property, Unique } from '@mikro-orm/decorators/legacy';
import { LIBRARY_KINDS, type LibraryKind, type LibraryState, type OptionalPhase, type PathMapping, type ScanSummary } from '@marquee/read-models';

@Entity({ tableName: 'library' })
export class Library {
  [OptionalProps]?: 'id' | 'phases' | 'scanSchedule' | 'pathMappings' | 'lastScan' | 'version' | 'createdAt' | 'updatedAt';

  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'text' })
  name!: string;

  /** Absolute, resolved; two libraries never overlap (checked by the commands). */
  @Property({ type: 'text' })
  @Unique()
  rootPath!: string;

  @Enum({ items: [...LIBRARY_KINDS] })
  kind!: LibraryKind;

  @Property({ type: ArrayType, columnType: 'text[]', default: [] })
  phases: OptionalPhase[] = [];

  @Property({ type: 'text', nullable: true })
  scanSchedule: string | null = null;

  @Property({ type: 'jsonb', defaultRaw: `'[]'::jsonb` })
  pathMappings: PathMapping[] = [];

  @Property({ type: 'jsonb', nullable: true })
  lastScan: ScanSummary | null = null;

  @Property({ version: true })
  version!: number;

  @Property({ type: 'timestamptz' })
  createdAt: Date = new Date();

  @Property({ type: 'timestamptz', onUpdate: () => new Date() })
  updatedAt: Date = new Date();

  toState(): LibraryState {
    return {
      id: this.id,
      name: this.name,
      rootPath: this.rootPath,
      kind: this.kind,
      phases: [...this.phases],
      scanSchedule: this.scanSchedule,
      pathMappings: this.pathMappings.map((m) => ({ ...m })),
      lastScan: this.lastScan,
      createdAt: this.createdAt.toISOString(),
      updatedAt: this.updatedAt.toISOString(),
    };
  }
}
