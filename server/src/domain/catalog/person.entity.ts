import { randomUUID } from 'node:crypto';
import { Entity, Enum, Index, ManyToOne, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { OptionalProps, type Rel } from '@mikro-orm/core';
import { CREDIT_ROLES, type CreditRole, type CreditState, type PersonState } from '@marquee/read-models';
import { Title } from './title.entity.js';

/** A person in cast or crew: its own aggregate, shared by every title that credits them. */
@Entity({ tableName: 'person' })
export class Person {
  [OptionalProps]?: 'id' | 'originalName' | 'birthDate' | 'deathDate' | 'biography' | 'version' | 'createdAt' | 'updatedAt';

  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'text' })
  @Index()
  name!: string;

  @Property({ type: 'text', nullable: true })
  originalName: string | null = null;

  @Property({ type: 'text', nullable: true })
  birthDate: string | null = null;

  @Property({ type: 'text', nullable: true })
  deathDate: string | null = null;

  @Property({ type: 'text', nullable: true })
  biography: string | null = null;

  @Property({ version: true })
  version!: number;

  @Property({ type: 'timestamptz' })
  createdAt: Date = new Date();

  @Property({ type: 'timestamptz', onUpdate: () => new Date() })
  updatedAt: Date = new Date();

  toState(): PersonState {
    return {
      id: this.id,
      name: this.name,
      originalName: this.originalName,
      birthDate: this.birthDate,
      deathDate: this.deathDate,
      biography: this.biography,
      createdAt: this.createdAt.toISOString(),
      updatedAt: this.updatedAt.toISOString(),
    };
  }
}

/** A person's part in a title; part of the title aggregate. */
@Entity({ tableName: 'credit' })
export class Credit {
  [OptionalProps]?: 'id' | 'character' | 'order';

  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne(() => Title, { deleteRule: 'cascade' })
  @Index()
  title!: Rel<Title>;

  @ManyToOne(() => Person, { deleteRule: 'cascade' })
  @Index()
  person!: Rel<Person>;

  @Enum({ items: [...CREDIT_ROLES] })
  role!: CreditRole;

  @Property({ type: 'text', nullable: true })
  character: string | null = null;

  @Property({ type: 'integer' })
  order = 0;

  toState(): CreditState {
    return { personId: this.person.id, role: this.role, character: this.character, order: this.order };
  }
}
