import { randomUUID } from 'node:crypto';
import { Entity, Index, ManyToOne, PrimaryKey, Property, Unique } from '@mikro-orm/decorators/legacy';
import { OptionalProps, type Rel } from '@mikro-orm/core';
import { Title } from './title.entity.js';

/** A provider's id for a title (tmdb 603, imdb tt0133093, anidb 69…); one title per id. */
@Entity({ tableName: 'external_id' })
@Unique({ properties: ['provider', 'value'] })
export class ExternalId {
  [OptionalProps]?: 'id';

  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  // Rel<>: no design-time type metadata, so the circular import is never touched early.
  @ManyToOne(() => Title, { deleteRule: 'cascade' })
  @Index()
  title!: Rel<Title>;

  @Property({ type: 'text' })
  provider!: string;

  @Property({ type: 'text' })
  value!: string;
}
