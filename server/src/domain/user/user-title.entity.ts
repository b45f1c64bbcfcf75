import { randomUUID } from 'node:crypto';
import { OptionalProps, type Rel } from '@mikro-orm/core';
import { Entity, Enum, Index, ManyToOne, PrimaryKey, Property, Unique } from '@mikro-orm/decorators/legacy';
import { LIBRARY_STATUSES, type HistoryEntry, type LibraryStatus, type PlaybackProgress, type UserTitleState } from '@marquee/read-models';
import { User } from '../../auth/auth.entities.js';
import { Title } from '../catalog/title.entity.js';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/**
 * Everything one user keeps about one title: library status, favourite, rating, notes, playback
 * progress per movie or episode and watch history. Keyed by title (and season/episode numbers
 * inside), never by a media file, so replacing, upgrading or renaming files keeps it; merging
 * titles moves it (user-state.commands.ts). Each part carries the time of its last change: the
 * newest change wins between devices.
 */
@Entity({ tableName: 'user_title' })
@Unique({ properties: ['user', 'title'] })
export class UserTitle {
  [OptionalProps]?: 'id' | 'status' | 'statusAt' | 'favourite' | 'favouriteAt' | 'rating' | 'ratingAt' | 'notes' | 'notesAt' | 'progress' | 'history' | 'version' | 'createdAt' | 'updatedAt';

  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne(() => User, { deleteRule: 'cascade' })
  user!: Rel<User>;

  @ManyToOne(() => Title, { deleteRule: 'cascade' })
  @Index()
  title!: Rel<Title>;

  @Enum({ items: [...LIBRARY_STATUSES], nullable: true })
  status: LibraryStatus | null = null;

  @Property({ type: 'timestamptz', nullable: true })
  statusAt: Date | null = null;

  @Property({ type: 'boolean' })
  favourite: boolean = false;

  @Property({ type: 'timestamptz', nullable: true })
  favouriteAt: Date | null = null;

  @Property({ type: 'smallint', nullable: true })
  rating: number | null = null;

  @Property({ type: 'timestamptz', nullable: true })
  ratingAt: Date | null = null;

  @Property({ type: 'text', nullable: true })
  notes: string | null = null;

  @Property({ type: 'timestamptz', nullable: true })
  notesAt: Date | null = null;

  @Property({ type: 'jsonb', defaultRaw: `'[]'::jsonb` })
  progress: PlaybackProgress[] = [];

  /** Newest first. */
  @Property({ type: 'jsonb', defaultRaw: `'[]'::jsonb` })
  history: HistoryEntry[] = [];

  @Property({ type: 'integer', default: 1 })
  version: number = 1;

  @Property({ type: 'timestamptz' })
  createdAt: Date = new Date();

  @Property({ type: 'timestamptz' })
  updatedAt: Date = new Date();

  toState(): UserTitleState {
    return {
      userId: this.user.id,
      titleId: this.title.id,
      status: this.status,
      statusAt: iso(this.statusAt),
      favourite: this.favourite,
      favouriteAt: iso(this.favouriteAt),
      rating: this.rating,
      ratingAt: iso(this.ratingAt),
      notes: this.notes,
      notesAt: iso(this.notesAt),
      progress: this.progress.map((p) => ({ ...p })),
      history: this.history.map((h) => ({ ...h })),
      createdAt: this.createdAt.toISOString(),
      updatedAt: this.updatedAt.toISOString(),
    };
  }
}
