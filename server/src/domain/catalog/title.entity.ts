import { randomUUID } from 'node:crypto';
import { Entity, Enum, Index, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { EntityRepositoryType, OptionalProps } from '@mikro-orm/core';
import { TITLE_KINDS, type TitleKind, type TitleState } from '@marquee/read-models';
import { TitleRepository } from './title.repository.js';

@Entity({ tableName: 'title', repository: () => TitleRepository })
export class Title {
  [EntityRepositoryType]?: TitleRepository;
  [OptionalProps]?: 'id' | 'year' | 'version' | 'createdAt' | 'updatedAt';

  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Enum({ items: [...TITLE_KINDS] })
  kind!: TitleKind;

  @Property({ type: 'text' })
  @Index()
  name!: string;

  @Property({ type: 'integer', nullable: true })
  year: number | null = null;

  @Property({ version: true })
  version!: number;

  @Property({ type: 'timestamptz' })
  createdAt: Date = new Date();

  @Property({ type: 'timestamptz', onUpdate: () => new Date() })
  updatedAt: Date = new Date();

  toState(): TitleState {
    return {
      id: this.id,
      kind: this.kind,
      name: this.name,
      year: this.year,
      createdAt: this.createdAt.toISOString(),
      updatedAt: this.updatedAt.toISOString(),
    };
  }
}
