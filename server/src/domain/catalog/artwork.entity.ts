import { randomUUID } from 'node:crypto';
import { Entity, Enum, Index, ManyToOne, PrimaryKey, Property, Unique } from '@mikro-orm/decorators/legacy';
import { OptionalProps, type Rel } from '@mikro-orm/core';
import { ARTWORK_KINDS, type ArtworkKind, type ArtworkState } from '@marquee/read-models';
import { Title } from './title.entity.js';

/** An artwork candidate of a title; `selected` marks the one in use per kind (and season). */
@Entity({ tableName: 'artwork' })
@Unique({ properties: ['title', 'kind', 'seasonNumber', 'url'] })
export class Artwork {
  [OptionalProps]?: 'id' | 'seasonNumber' | 'width' | 'height' | 'language' | 'score' | 'provider' | 'selected' | 'selectedBy' | 'votes';

  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne(() => Title, { deleteRule: 'cascade' })
  @Index()
  title!: Rel<Title>;

  @Enum({ items: [...ARTWORK_KINDS] })
  kind!: ArtworkKind;

  @Property({ type: 'integer', nullable: true })
  seasonNumber: number | null = null;

  @Property({ type: 'text' })
  url!: string;

  @Property({ type: 'integer', nullable: true })
  width: number | null = null;

  @Property({ type: 'integer', nullable: true })
  height: number | null = null;

  @Property({ type: 'text', nullable: true })
  language: string | null = null;

  @Property({ type: 'double' })
  score = 0;

  @Property({ type: 'text', nullable: true })
  provider: string | null = null;

  /** The provider's votes or likes for it. */
  @Property({ type: 'integer', nullable: true })
  votes: number | null = null;

  @Property({ type: 'boolean' })
  selected = false;

  @Property({ type: 'text', nullable: true })
  selectedBy: 'user' | 'auto' | null = null;

  toState(): ArtworkState {
    return {
      id: this.id,
      kind: this.kind,
      seasonNumber: this.seasonNumber,
      url: this.url,
      width: this.width,
      height: this.height,
      language: this.language,
      score: this.score,
      provider: this.provider,
      votes: this.votes,
      selected: this.selected,
      selectedBy: this.selectedBy,
    };
  }
}
