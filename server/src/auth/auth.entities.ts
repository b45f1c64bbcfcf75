import { randomUUID } from 'node:crypto';
import { Entity, Enum, Index, ManyToOne, PrimaryKey, Property, Unique } from '@mikro-orm/decorators/legacy';
import { OptionalProps } from '@mikro-orm/core';

export const ROLES = ['guest', 'member', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** What an API key may do; a key never gets more than its owner's role allows. */
export const SCOPES = ['catalog:read', 'catalog:write', 'library:write', 'jobs', 'admin'] as const;
export type Scope = (typeof SCOPES)[number];

/** A person who signs in. Usernames are unique ignoring case. */
@Entity({ tableName: 'app_user' })
export class User {
  [OptionalProps]?: 'id' | 'createdAt' | 'updatedAt' | 'disabled' | 'lastLoginAt' | 'displayName';

  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  /** As typed, for display; `usernameKey` is what logins match on. */
  @Property({ type: 'text' })
  username!: string;

  @Property({ type: 'text' })
  @Unique()
  usernameKey!: string;

  @Property({ type: 'text', nullable: true })
  displayName: string | null = null;

  /** argon2id, PHC string. */
  @Property({ type: 'text', hidden: true })
  passwordHash!: string;

  @Enum({ items: [...ROLES] })
  role!: Role;

  @Property({ type: 'boolean' })
  disabled: boolean = false;

  @Property({ type: 'timestamptz' })
  createdAt: Date = new Date();

  @Property({ type: 'timestamptz', onUpdate: () => new Date() })
  updatedAt: Date = new Date();

  @Property({ type: 'timestamptz', nullable: true })
  lastLoginAt: Date | null = null;
}

/**
 * One signed-in device: a refresh-token family. Each refresh rotates the token; a token presented
 * twice means it was stolen or replayed, and the whole family is revoked.
 */
@Entity({ tableName: 'auth_session' })
export class Session {
  [OptionalProps]?: 'id' | 'createdAt' | 'lastUsedAt' | 'revokedAt' | 'revokedReason';

  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne(() => User, { deleteRule: 'cascade' })
  @Index()
  user!: User;

  /** The client's User-Agent, shortened. */
  @Property({ type: 'text' })
  device!: string;

  @Property({ type: 'text' })
  address!: string;

  @Property({ type: 'timestamptz' })
  createdAt: Date = new Date();

  @Property({ type: 'timestamptz' })
  lastUsedAt: Date = new Date();

  @Property({ type: 'timestamptz' })
  expiresAt!: Date;

  @Property({ type: 'timestamptz', nullable: true })
  revokedAt: Date | null = null;

  @Property({ type: 'text', nullable: true })
  revokedReason: string | null = null;
}

/** A refresh token of a session, stored as its SHA-256; `usedAt` is set when it is rotated. */
@Entity({ tableName: 'auth_refresh_token' })
export class RefreshToken {
  [OptionalProps]?: 'id' | 'createdAt' | 'usedAt';

  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne(() => Session, { deleteRule: 'cascade' })
  @Index()
  session!: Session;

  @Property({ type: 'text' })
  @Unique()
  tokenHash!: string;

  @Property({ type: 'timestamptz' })
  createdAt: Date = new Date();

  @Property({ type: 'timestamptz', nullable: true })
  usedAt: Date | null = null;
}

/** A key for an integrator: shown once, stored as its SHA-256, listed by prefix. */
@Entity({ tableName: 'api_key' })
export class ApiKey {
  [OptionalProps]?: 'id' | 'createdAt' | 'lastUsedAt' | 'revokedAt' | 'expiresAt';

  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne(() => User, { deleteRule: 'cascade' })
  @Index()
  owner!: User;

  @Property({ type: 'text' })
  name!: string;

  /** The key's public start (`mq_xxxxxxxx`), enough to tell keys apart. */
  @Property({ type: 'text' })
  prefix!: string;

  @Property({ type: 'text' })
  @Unique()
  keyHash!: string;

  @Property({ type: 'text[]' })
  scopes!: Scope[];

  @Property({ type: 'timestamptz', nullable: true })
  expiresAt: Date | null = null;

  @Property({ type: 'timestamptz' })
  createdAt: Date = new Date();

  @Property({ type: 'timestamptz', nullable: true })
  lastUsedAt: Date | null = null;

  @Property({ type: 'timestamptz', nullable: true })
  revokedAt: Date | null = null;
}
