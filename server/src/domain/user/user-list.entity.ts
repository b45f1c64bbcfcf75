import { randomUUID } from 'node:crypto';
import { OptionalProps, type Rel } from '@mikro-orm/core';
import { Entity, Enum, Index, ManyToOne, PrimaryKey, Property, Unique } from '@mikro-orm/decorators/legacy';
import { LIST_VISIBILITIES, type ListEntry, type ListSection, type ListVisibility, type UserListState } from '@marquee/read-models';
import { User } from '../../auth/auth.entities.js';

/** An ordered list of titles a user curates, optionally in sections, with a note per entry. */
@Entity({ tableName: 'user_list' })
export class UserList {
  [OptionalProps]?: 'id' | 'description' | 'visibility' | 'sections' | 'entries' | 'forkedFromSlug' | 'version' | 'createdAt' | 'updatedAt';

  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne(() => User, { deleteRule: 'cascade' })
  @Index()
  owner!: Rel<User>;

  @Property({ type: 'text' })
  name!: string;

  @Property({ type: 'text', nullable: true })
  description: string | null = null;

  @Enum({ items: [...LIST_VISIBILITIES] })
  visibility: ListVisibility = 'PRIVATE';

  /** Random, URL-safe; replaced (and the old one revoked) when the owner revokes the link. */
  @Property({ type: 'text' })
  @Unique()
  slug!: string;

  @Property({ type: 'jsonb', defaultRaw: `'[]'::jsonb` })
  sections: ListSection[] = [];

  /** In list order. */
  @Property({ type: 'jsonb', defaultRaw: `'[]'::jsonb` })
  entries: ListEntry[] = [];

  @Property({ type: 'text', nullable: true })
  forkedFromSlug: string | null = null;

  /** Raised by every change (under a row lock); clients send it back as expectedVersion. */
  @Property({ type: 'integer', default: 1 })
  version: number = 1;

  @Property({ type: 'timestamptz' })
  createdAt: Date = new Date();

  @Property({ type: 'timestamptz' })
  updatedAt: Date = new Date();

  toState(ownerName: string): UserListState {
    return {
      id: this.id,
      ownerId: this.owner.id,
      ownerName,
      name: this.name,
      description: this.description,
      visibility: this.visibility,
      slug: this.slug,
      sections: this.sections.map((s) => ({ ...s })),
      entries: this.entries.map((e) => ({ ...e })),
      forkedFromSlug: this.forkedFromSlug,
      createdAt: this.createdAt.toISOString(),
      updatedAt: this.updatedAt.toISOString(),
    };
  }
}
