import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { LRUCache } from 'lru-cache';
import { z } from 'zod';
import type { RedisPubSub } from '../infra/redis.js';
import { AccessTokens } from './access-tokens.js';
import { ApiKey, RefreshToken, ROLES, SCOPES, Session, User, type Role, type Scope } from './auth.entities.js';
import { parse } from '../commands/command-support.js';
import { AuthError } from './auth.errors.js';
import type { Limits } from './limits.js';
import type { Revocations } from './revocations.js';
import { hashPassword, opaqueToken, tokenHash, verifyPassword } from './secrets.js';

/** A signed-in device's family lives this long after its last refresh. */
const SESSION_DAYS = 30;
/**
 * A browser's refresh cookie spent this recently may be presented again without ending the
 * session: two tabs (or a page and a navigation) renewing at once both send the cookie, and no
 * client code can coordinate them. The late one gets a new token of its own in the same family.
 * Tokens an API client presents itself get no grace: any second use ends the family.
 */
export const REFRESH_REUSE_GRACE_MS = 20_000;
/** API keys look like `mq_<8 chars>_<secret>`; the first part is what lists show. */
export const API_KEY_PREFIX = 'mq_';

/** Which scopes each role may hand to its keys. */
const SCOPES_OF_ROLE: Record<Role, readonly Scope[]> = {
  guest: ['catalog:read'],
  member: ['catalog:read', 'catalog:write', 'jobs'],
  admin: SCOPES,
};

export interface Client {
  device: string;
  address: string;
  /** Reached over HTTPS (directly or through a proxy saying so): cookies are then Secure. */
  https: boolean;
}

export interface SignedIn {
  user: User;
  session: Session;
  accessToken: string;
  accessTokenExpiresAt: Date;
  refreshToken: string;
}

export interface KeyPrincipal {
  keyId: string;
  userId: string;
  scopes: Scope[];
}

const username = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(64, 'must be at most 64 characters')
  .regex(/^[\p{L}\p{N}._@-]+$/u, 'may contain letters, digits and . _ @ - only');
const password = z.string().min(8, 'must be at least 8 characters').max(1024, 'must be at most 1024 characters');
const displayName = z.string().trim().max(100, 'must be at most 100 characters').nullish();

const setupInput = z.object({ username, password, displayName });
const createUserInput = setupInput.extend({ role: z.enum(ROLES) });
const updateUserInput = z.object({ role: z.enum(ROLES).nullish(), displayName, password: password.nullish() });
const apiKeyInput = z.object({
  name: z.string().trim().min(1, 'must not be empty').max(100, 'must be at most 100 characters'),
  scopes: z.array(z.enum(SCOPES)).min(1, 'must name at least one scope'),
});

const usernameKey = (name: string) => name.normalize('NFKC').toLowerCase();

const WRONG_LOGIN = 'Wrong username or password';

/**
 * People, sessions and API keys. Passwords are argon2id hashes; refresh tokens and API keys are
 * stored as SHA-256 of 256-bit random secrets; access tokens are short-lived JWTs.
 */
export class AuthCommands {
  /** Set once a user exists: first-run setup is over for good. */
  private setUp = false;
  /**
   * Verified API keys for a short while (revocations flush every process's cache), by the key
   * itself: the cache is in this process's memory only, and a hit then costs no hashing.
   */
  private readonly keys = new LRUCache<string, (KeyPrincipal & { expiresAt: number | null }) | 'invalid'>({ max: 10_000, ttl: 30_000 });

  constructor(
    private readonly orm: MikroORM,
    readonly accessTokens: AccessTokens,
    private readonly limits: Limits,
    readonly revocations: Revocations,
    private readonly pubsub: RedisPubSub,
    private readonly prefix: string,
  ) {}

  private get keyChannel() {
    return `${this.prefix}auth:keys`;
  }

  private unsubscribe: (() => Promise<void>) | null = null;

  async start(): Promise<void> {
    this.unsubscribe = await this.pubsub.subscribe(this.keyChannel, () => this.keys.clear());
  }

  async stop(): Promise<void> {
    await this.unsubscribe?.();
  }

  private async flushKeys(): Promise<void> {
    this.keys.clear();
    await this.pubsub.publish(this.keyChannel, 'flush');
  }

  private em(): EntityManager {
    return this.orm.em.fork();
  }

  async setupRequired(): Promise<boolean> {
    if (this.setUp) return false;
    this.setUp = (await this.em().count(User, {})) > 0;
    return !this.setUp;
  }

  /** First run: creates the first admin, only while no user exists. */
  async setup(input: { username: string; password: string; displayName?: string | null }, client: Client): Promise<SignedIn> {
    const valid = parse(setupInput, input);
    const hash = await hashPassword(valid.password);
    const user = await this.em().transactional(async (em) => {
      // Two browsers racing through setup: the lock makes the second see the first's admin.
      await em.execute(`select pg_advisory_xact_lock(hashtext('marquee:first-run-setup'))`);
      if ((await em.count(User, {})) > 0) throw new AuthError('FORBIDDEN', 'Marquee is already set up; sign in instead');
      const admin = em.create(User, { username: valid.username, usernameKey: usernameKey(valid.username), passwordHash: hash, role: 'admin', displayName: valid.displayName ?? null });
      em.persist(admin);
      return admin;
    });
    this.setUp = true;
    return this.startSession(user.id, client);
  }

  async login(input: { username: string; password: string }, client: Client): Promise<SignedIn> {
    const key = usernameKey(String(input.username ?? '').trim());
    await this.limits.checkLogin(key, client.address);
    const user = key ? await this.em().findOne(User, { usernameKey: key }) : null;
    const ok = await verifyPassword(user?.passwordHash ?? null, String(input.password ?? ''));
    if (!user || !ok || user.disabled) {
      await this.limits.loginFailed(key, client.address);
      throw new AuthError('UNAUTHENTICATED', WRONG_LOGIN);
    }
    await this.limits.loginSucceeded(key);
    return this.startSession(user.id, client);
  }

  private async startSession(userId: string, client: Client): Promise<SignedIn> {
    const refreshToken = opaqueToken();
    const { user, session } = await this.em().transactional(async (em) => {
      const user = await em.findOneOrFail(User, userId);
      user.lastLoginAt = new Date();
      const session = em.create(Session, { user, device: client.device.slice(0, 200), address: client.address, expiresAt: this.sessionExpiry() });
      em.persist(session);
      em.persist(em.create(RefreshToken, { session, tokenHash: tokenHash(refreshToken) }));
      return { user, session };
    });
    const access = await this.accessTokens.sign({ userId: user.id, role: user.role, sessionId: session.id });
    return { user, session, accessToken: access.token, accessTokenExpiresAt: access.expiresAt, refreshToken };
  }

  private sessionExpiry(): Date {
    return new Date(Date.now() + SESSION_DAYS * 24 * 3600 * 1000);
  }

  /**
   * Rotates a refresh token: the presented one is spent and a new one issued in the same family.
   * A token that was already spent means someone else has it: the whole family is revoked (for a
   * browser's cookie, only once the grace for concurrent tabs has passed).
   */
  async refresh(token: string, client: Client, from: 'client' | 'cookie' = 'client'): Promise<SignedIn> {
    const next = opaqueToken();
    const outcome = await this.em().transactional(async (em) => {
      const found = await em.findOne(RefreshToken, { tokenHash: tokenHash(token) }, { populate: ['session', 'session.user'] });
      if (!found) return { error: 'unknown' as const };
      const session = found.session;
      if (session.revokedAt || session.expiresAt < new Date() || session.user.disabled) return { error: 'ended' as const };
      // Spend it only if nobody else did first; a second use after the grace window is a reuse.
      const spent = await em.nativeUpdate(RefreshToken, { id: found.id, usedAt: null }, { usedAt: new Date() });
      let usedAt = found.usedAt;
      if (spent === 0 && usedAt === null) {
        // Another request spent it between our read and our update (two tabs at once): when it
        // did decides, so read that (committed, since our update waited for it).
        const [row] = await em.execute<Array<{ used_at: Date | string | null }>>('select used_at from auth_refresh_token where id = ?', [found.id]);
        usedAt = row?.used_at ? new Date(row.used_at) : null;
      }
      const concurrent = from === 'cookie' && spent === 0 && usedAt !== null && Date.now() - usedAt.getTime() <= REFRESH_REUSE_GRACE_MS;
      if (spent === 0 && !concurrent) {
        session.revokedAt = new Date();
        session.revokedReason = 'refresh token reused';
        return { error: 'reused' as const, sessionId: session.id };
      }
      session.lastUsedAt = new Date();
      session.expiresAt = this.sessionExpiry();
      session.address = client.address;
      em.persist(em.create(RefreshToken, { session, tokenHash: tokenHash(next) }));
      return { session, user: session.user };
    });
    if ('error' in outcome) {
      if (outcome.error === 'reused') await this.revocations.revoke([outcome.sessionId]);
      throw new AuthError('UNAUTHENTICATED', outcome.error === 'reused' ? 'This refresh token was already used; the session has been ended, sign in again' : 'The session has ended; sign in again');
    }
    const access = await this.accessTokens.sign({ userId: outcome.user.id, role: outcome.user.role, sessionId: outcome.session.id });
    return { user: outcome.user, session: outcome.session, accessToken: access.token, accessTokenExpiresAt: access.expiresAt, refreshToken: next };
  }

  /** Ends sessions of a user (all of them, or the ones given), effective at once in every process. */
  private async endSessions(userId: string, reason: string, filter: { only?: string[]; except?: string } = {}): Promise<number> {
    const em = this.em();
    const where: Record<string, unknown> = { user: userId, revokedAt: null };
    if (filter.only) where.id = { $in: filter.only };
    if (filter.except) where.id = { ...(where.id as object), $ne: filter.except };
    const sessions = await em.find(Session, where);
    for (const s of sessions) {
      s.revokedAt = new Date();
      s.revokedReason = reason;
    }
    await em.flush();
    await this.revocations.revoke(sessions.map((s) => s.id));
    return sessions.length;
  }

  logout(userId: string, sessionId: string): Promise<number> {
    return this.endSessions(userId, 'signed out', { only: [sessionId] });
  }

  async revokeSession(userId: string, sessionId: string): Promise<void> {
    if ((await this.endSessions(userId, 'revoked', { only: [sessionId] })) === 0) throw new AuthError('NOT_FOUND', `Session ${sessionId} was not found`, { field: 'id' });
  }

  revokeOtherSessions(userId: string, currentSessionId: string): Promise<number> {
    return this.endSessions(userId, 'revoked with all others', { except: currentSessionId });
  }

  /** The user's active sessions, most recently used first. */
  sessions(userId: string): Promise<Session[]> {
    return this.em().find(Session, { user: userId, revokedAt: null, expiresAt: { $gt: new Date() } }, { orderBy: { lastUsedAt: 'desc' } });
  }

  async changePassword(userId: string, sessionId: string, current: string, next: string): Promise<void> {
    const secret = parse(z.object({ newPassword: password }), { newPassword: next }).newPassword;
    const em = this.em();
    const user = await em.findOneOrFail(User, userId);
    if (!(await verifyPassword(user.passwordHash, current))) throw new AuthError('BAD_USER_INPUT', 'The current password is wrong', { field: 'currentPassword' });
    user.passwordHash = await hashPassword(secret);
    await em.flush();
    await this.endSessions(userId, 'password changed', { except: sessionId });
  }

  // --- users (admins) ---------------------------------------------------------------------------

  user(id: string): Promise<User | null> {
    return this.em().findOne(User, id);
  }

  users(): Promise<User[]> {
    return this.em().find(User, {}, { orderBy: { usernameKey: 'asc' } });
  }

  async createUser(input: { username: string; password: string; role: Role; displayName?: string | null }): Promise<User> {
    const valid = parse(createUserInput, input);
    const name = valid.username;
    const hash = await hashPassword(valid.password);
    const em = this.em();
    if (await em.count(User, { usernameKey: usernameKey(name) })) throw new AuthError('CONFLICT', `The username ${name} is taken`, { field: 'username' });
    const user = em.create(User, { username: name, usernameKey: usernameKey(name), passwordHash: hash, role: valid.role, displayName: valid.displayName ?? null });
    await em.persist(user).flush();
    this.setUp = true;
    return user;
  }

  /** Role, display name, password or disabled; a change of role, password or access ends the user's sessions. */
  async updateUser(actorId: string, input: { id: string; role?: Role | null; disabled?: boolean | null; displayName?: string | null; password?: string | null }): Promise<User> {
    const em = this.em();
    const user = await em.findOne(User, input.id);
    if (!user) throw new AuthError('NOT_FOUND', `User ${input.id} was not found`, { field: 'id' });
    const valid = parse(updateUserInput, { role: input.role, displayName: input.displayName, password: input.password });
    const role = valid.role ?? user.role;
    const disabled = input.disabled ?? user.disabled;
    if (user.role === 'admin' && (role !== 'admin' || disabled) && (await this.activeAdmins(em, user.id)) === 0) {
      throw new AuthError('CONFLICT', 'Marquee needs at least one active admin', { field: input.role != null ? 'role' : 'disabled' });
    }
    if (actorId === user.id && disabled) throw new AuthError('BAD_USER_INPUT', 'You cannot disable yourself', { field: 'disabled' });
    const endSessions = role !== user.role || (disabled && !user.disabled) || input.password != null;
    user.role = role;
    user.disabled = disabled;
    if (input.displayName !== undefined) user.displayName = valid.displayName ?? null;
    if (valid.password != null) user.passwordHash = await hashPassword(valid.password);
    await em.flush();
    if (endSessions) {
      await this.endSessions(user.id, 'account changed by an admin');
      await this.flushKeys();
    }
    return user;
  }

  async deleteUser(actorId: string, id: string): Promise<void> {
    const em = this.em();
    const user = await em.findOne(User, id);
    if (!user) throw new AuthError('NOT_FOUND', `User ${id} was not found`, { field: 'id' });
    if (user.id === actorId) throw new AuthError('BAD_USER_INPUT', 'You cannot delete yourself', { field: 'id' });
    if (user.role === 'admin' && (await this.activeAdmins(em, user.id)) === 0) throw new AuthError('CONFLICT', 'Marquee needs at least one active admin', { field: 'id' });
    const sessions = await em.find(Session, { user: user.id, revokedAt: null });
    await em.remove(user).flush();
    await this.revocations.revoke(sessions.map((s) => s.id));
    await this.flushKeys();
  }

  private activeAdmins(em: EntityManager, except: string): Promise<number> {
    return em.count(User, { role: 'admin', disabled: false, id: { $ne: except } });
  }

  // --- API keys ---------------------------------------------------------------------------------

  /** Creates a key; the secret is returned here once and never stored. */
  async createApiKey(ownerId: string, input: { name: string; scopes: Scope[]; expiresAt?: Date | null }): Promise<{ key: string; apiKey: ApiKey }> {
    const valid = parse(apiKeyInput, { name: input.name, scopes: input.scopes });
    const name = valid.name;
    const scopes = [...new Set(valid.scopes)];
    if (input.expiresAt && input.expiresAt.getTime() <= Date.now()) throw new AuthError('BAD_USER_INPUT', 'expiresAt must be in the future', { field: 'expiresAt' });
    const em = this.em();
    const owner = await em.findOneOrFail(User, ownerId);
    const allowed = SCOPES_OF_ROLE[owner.role];
    const beyond = scopes.filter((s) => !allowed.includes(s));
    if (beyond.length) throw new AuthError('FORBIDDEN', `A ${owner.role} cannot grant ${beyond.join(', ')}`, { field: 'scopes' });
    const id = opaqueToken(6);
    const key = `${API_KEY_PREFIX}${id}_${opaqueToken()}`;
    const apiKey = em.create(ApiKey, { owner, name, prefix: `${API_KEY_PREFIX}${id}`, keyHash: tokenHash(key), scopes, expiresAt: input.expiresAt ?? null });
    await em.persist(apiKey).flush();
    return { key, apiKey };
  }

  /** A user's keys (an admin with `all` sees everyone's), newest first; revoked ones are gone. */
  apiKeys(ownerId: string | null): Promise<ApiKey[]> {
    return this.em().find(ApiKey, ownerId ? { owner: ownerId, revokedAt: null } : { revokedAt: null }, { orderBy: { createdAt: 'desc' }, populate: ['owner'] });
  }

  async revokeApiKey(ownerId: string | null, id: string): Promise<void> {
    const em = this.em();
    const key = await em.findOne(ApiKey, ownerId ? { id, owner: ownerId, revokedAt: null } : { id, revokedAt: null });
    if (!key) throw new AuthError('NOT_FOUND', `API key ${id} was not found`, { field: 'id' });
    key.revokedAt = new Date();
    await em.flush();
    await this.flushKeys();
  }

  /** The principal of a presented key, or null (unknown, revoked, expired, or its owner disabled). */
  async authenticateKey(key: string): Promise<KeyPrincipal | null> {
    if (!key.startsWith(API_KEY_PREFIX) || key.length > 200) return null;
    let cached = this.keys.get(key);
    if (cached === undefined) {
      const hash = tokenHash(key);
      const em = this.em();
      const found = await em.findOne(ApiKey, { keyHash: hash, revokedAt: null }, { populate: ['owner'] });
      cached = found && !found.owner.disabled ? { keyId: found.id, userId: found.owner.id, scopes: found.scopes, expiresAt: found.expiresAt?.getTime() ?? null } : 'invalid';
      this.keys.set(key, cached);
      // Last use is recorded when the cache is filled: at most about twice a minute per key.
      if (cached !== 'invalid') await em.nativeUpdate(ApiKey, { id: cached.keyId }, { lastUsedAt: new Date() });
    }
    if (cached === 'invalid' || (cached.expiresAt !== null && cached.expiresAt <= Date.now())) return null;
    return { keyId: cached.keyId, userId: cached.userId, scopes: cached.scopes };
  }
}
