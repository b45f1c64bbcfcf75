import { randomUUID } from 'node:crypto';
import { ArrayType, Collection, OptionalProps, type Rel } from '@mikro-orm/core';
import { Entity, ManyToOne, OneToMany, PrimaryKey, Property, Unique } from '@mikro-orm/decorators/legacy';
import type { EpisodeField, EpisodeState, FieldProvenance, SeasonField, SeasonState } from '@marquee/read-models';
import { Title } from './title.entity.js';

@Entity({ tableName: 'season' })
@Unique({ properties: ['title', 'number'] })
export class Season {
  [OptionalProps]?: 'id' | 'name' | 'overview' | 'airDate' | 'provenance' | 'locks';

  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne(() => Title, { deleteRule: 'cascade' })
  title!: Rel<Title>;

  /** 0 holds specials. */
  @Property({ type: 'integer' })
  number!: number;

  @Property({ type: 'text', nullable: true })
  name: string | null = null;

  @Property({ type: 'text', nullable: true })
  overview: string | null = null;

  @Property({ type: 'text', nullable: true })
  airDate: string | null = null;

  @Property({ type: 'jsonb', defaultRaw: `'{}'::jsonb` })
  provenance: Partial<Record<SeasonField, FieldProvenance>> = {};

  @Property({ type: ArrayType, columnType: 'text[]', default: [] })
  locks: SeasonField[] = [];

  @OneToMany(() => Episode, (e) => e.season, { orphanRemoval: true })
  episodes = new Collection<Episode>(this);

  toState(): SeasonState {
    return {
      id: this.id,
      titleId: this.title.id,
      number: this.number,
      name: this.name,
      overview: this.overview,
      airDate: this.airDate,
      provenance: { ...this.provenance },
      locks: [...this.locks],
      episodes: this.episodes
        .getItems()
        .map((e) => e.toState())
        .sort((a, b) => a.number - b.number),
    };
  }
}

@Entity({ tableName: 'episode' })
@Unique({ properties: ['season', 'number'] })
export class Episode {
  [OptionalProps]?: 'id' | 'absoluteNumber' | 'name' | 'overview' | 'airDate' | 'runtime' | 'provenance' | 'locks';

  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne(() => Season, { deleteRule: 'cascade' })
  season!: Rel<Season>;

  @Property({ type: 'integer' })
  number!: number;

  @Property({ type: 'integer', nullable: true })
  absoluteNumber: number | null = null;

  @Property({ type: 'text', nullable: true })
  name: string | null = null;

  @Property({ type: 'text', nullable: true })
  overview: string | null = null;

  @Property({ type: 'text', nullable: true })
  airDate: string | null = null;

  @Property({ type: 'integer', nullable: true })
  runtime: number | null = null;

  @Property({ type: 'jsonb', defaultRaw: `'{}'::jsonb` })
  provenance: Partial<Record<EpisodeField, FieldProvenance>> = {};

  @Property({ type: ArrayType, columnType: 'text[]', default: [] })
  locks: EpisodeField[] = [];

  toState(): EpisodeState {
    return {
      id: this.id,
      number: this.number,
      absoluteNumber: this.absoluteNumber,
      name: this.name,
      overview: this.overview,
      airDate: this.airDate,
      runtime: this.runtime,
      provenance: { ...this.provenance },
      locks: [...this.locks],
    };
  }
}
