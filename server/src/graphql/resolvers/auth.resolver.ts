import { Arg, Ctx, ID, Int, Mutation, Query, Resolver } from 'type-graphql';
import type { ApiKey, Session, User } from '../../auth/auth.entities.js';
import type { SignedIn } from '../../auth/auth.commands.js';
import { AuthError } from '../../auth/auth.errors.js';
import { REFRESH_COOKIE } from '../../auth/authenticate.js';
import { Access, ADMIN, PUBLIC, SESSION, type Principal } from '../../auth/policy.js';
import type { GraphQLContext } from '../context.js';
import {
  ApiKeyType,
  AuthPayloadType,
  AuthStatusType,
  CreateApiKeyInput,
  CreatedApiKeyType,
  CreateUserInput,
  CredentialsInput,
  SessionType,
  SetupInput,
  UpdateUserInput,
  UserType,
} from '../types/auth.type.js';

const toUser = (u: User): UserType => ({ id: u.id, username: u.username, displayName: u.displayName, role: u.role, disabled: u.disabled, createdAt: u.createdAt, lastLoginAt: u.lastLoginAt });

const toKey = (k: ApiKey): ApiKeyType => ({
  id: k.id,
  name: k.name,
  prefix: k.prefix,
  scopes: k.scopes,
  owner: k.owner.username,
  expiresAt: k.expiresAt,
  createdAt: k.createdAt,
  lastUsedAt: k.lastUsedAt,
});

const toSession = (s: Session, currentId: string | null): SessionType => ({
  id: s.id,
  device: s.device,
  address: s.address,
  createdAt: s.createdAt,
  lastUsedAt: s.lastUsedAt,
  expiresAt: s.expiresAt,
  current: s.id === currentId,
});

/** The user behind a principal (a session's user, or an API key's owner). */
function actor(principal: Principal): string {
  if (principal.kind === 'user' || principal.kind === 'key') return principal.userId;
  throw new AuthError('UNAUTHENTICATED', 'Sign in first');
}

function session(principal: Principal): { userId: string; sessionId: string } {
  if (principal.kind !== 'user') throw new AuthError('UNAUTHENTICATED', 'Sign in first');
  return principal;
}

/** With cookies the tokens go into httpOnly cookies (the web); otherwise into the answer (API clients). */
function payload(signedIn: SignedIn, ctx: GraphQLContext, cookies: boolean): AuthPayloadType {
  if (cookies) ctx.setCookies(ctx.services.authenticator.sessionCookies(signedIn, ctx.client));
  return {
    accessToken: cookies ? null : signedIn.accessToken,
    accessTokenExpiresAt: signedIn.accessTokenExpiresAt,
    refreshToken: cookies ? null : signedIn.refreshToken,
    user: toUser(signedIn.user),
  };
}

@Resolver()
export class AuthResolver {
  @Access(...PUBLIC)
  @Query(() => AuthStatusType, { description: 'Whether first-run setup is needed, and who is signed in' })
  async authStatus(@Ctx() ctx: GraphQLContext): Promise<AuthStatusType> {
    const { principal, services } = ctx;
    const user = principal.kind === 'user' ? await services.auth.user(principal.userId) : null;
    return { setupRequired: await services.auth.setupRequired(), viewer: user ? toUser(user) : null };
  }

  @Access(...PUBLIC)
  @Mutation(() => AuthPayloadType, { description: 'First run only: creates the first admin and signs in. FORBIDDEN once any user exists' })
  async setup(@Arg('input') input: SetupInput, @Arg('cookies', { defaultValue: false }) cookies: boolean, @Ctx() ctx: GraphQLContext): Promise<AuthPayloadType> {
    const signedIn = await ctx.services.auth.setup(input, ctx.client);
    ctx.logger.info({ userId: signedIn.user.id, sessionId: signedIn.session.id, address: ctx.client.address }, 'first admin created');
    return payload(signedIn, ctx, cookies);
  }

  @Access(...PUBLIC)
  @Mutation(() => AuthPayloadType, { description: 'Signs in. Repeated failures lock the account and the address for a while (RATE_LIMITED)' })
  async login(@Arg('input') input: CredentialsInput, @Arg('cookies', { defaultValue: false }) cookies: boolean, @Ctx() ctx: GraphQLContext): Promise<AuthPayloadType> {
    try {
      const signedIn = await ctx.services.auth.login(input, ctx.client);
      ctx.logger.info({ userId: signedIn.user.id, sessionId: signedIn.session.id, address: ctx.client.address }, 'signed in');
      return payload(signedIn, ctx, cookies);
    } catch (err) {
      if (err instanceof AuthError) ctx.logger.warn({ username: String(input.username).slice(0, 64), address: ctx.client.address, outcome: err.code }, 'sign-in refused');
      throw err;
    }
  }

  @Access(...PUBLIC)
  @Mutation(() => AuthPayloadType, {
    description: 'Spends a refresh token for a new access token and refresh token. A token used twice ends its session. Without an argument, the refresh cookie is used',
  })
  async refreshSession(@Arg('refreshToken', () => String, { nullable: true }) refreshToken: string | null, @Ctx() ctx: GraphQLContext): Promise<AuthPayloadType> {
    const token = refreshToken ?? ctx.cookies[REFRESH_COOKIE];
    if (!token) throw new AuthError('BAD_USER_INPUT', 'refreshToken is required', { field: 'refreshToken' });
    try {
      const fromCookie = refreshToken === null;
      return payload(await ctx.services.auth.refresh(token, ctx.client, fromCookie ? 'cookie' : 'client'), ctx, fromCookie);
    } catch (err) {
      if (err instanceof AuthError) ctx.logger.warn({ address: ctx.client.address, reason: err.message }, 'refresh refused');
      throw err;
    }
  }

  @Access(...SESSION)
  @Mutation(() => Boolean, { description: 'Ends this session (and clears the cookies)' })
  async logout(@Ctx() ctx: GraphQLContext): Promise<boolean> {
    const { userId, sessionId } = session(ctx.principal);
    await ctx.services.auth.logout(userId, sessionId);
    ctx.setCookies(ctx.services.authenticator.clearedCookies(ctx.client));
    return true;
  }

  @Access(...SESSION)
  @Query(() => UserType, { description: 'The signed-in user' })
  async me(@Ctx() ctx: GraphQLContext): Promise<UserType> {
    const user = await ctx.services.auth.user(session(ctx.principal).userId);
    if (!user) throw new AuthError('UNAUTHENTICATED', 'Sign in first');
    return toUser(user);
  }

  @Access(...SESSION)
  @Query(() => [SessionType], { description: 'Your signed-in devices, most recently used first' })
  async sessions(@Ctx() ctx: GraphQLContext): Promise<SessionType[]> {
    const { userId, sessionId } = session(ctx.principal);
    return (await ctx.services.auth.sessions(userId)).map((s) => toSession(s, sessionId));
  }

  @Access(...SESSION)
  @Mutation(() => Boolean, { description: 'Signs one of your devices out' })
  async revokeSession(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext): Promise<boolean> {
    await ctx.services.auth.revokeSession(session(ctx.principal).userId, id);
    return true;
  }

  @Access(...SESSION)
  @Mutation(() => Int, { description: 'Signs every other device out; returns how many' })
  async revokeOtherSessions(@Ctx() ctx: GraphQLContext): Promise<number> {
    const { userId, sessionId } = session(ctx.principal);
    return ctx.services.auth.revokeOtherSessions(userId, sessionId);
  }

  @Access(...SESSION)
  @Mutation(() => Boolean, { description: 'Changes your password and signs your other devices out' })
  async changePassword(@Arg('currentPassword') current: string, @Arg('newPassword') next: string, @Ctx() ctx: GraphQLContext): Promise<boolean> {
    const { userId, sessionId } = session(ctx.principal);
    await ctx.services.auth.changePassword(userId, sessionId, current, next);
    return true;
  }

  @Access(...ADMIN)
  @Query(() => [UserType])
  async users(@Ctx() ctx: GraphQLContext): Promise<UserType[]> {
    return (await ctx.services.auth.users()).map(toUser);
  }

  @Access(...ADMIN)
  @Mutation(() => UserType)
  async createUser(@Arg('input') input: CreateUserInput, @Ctx() ctx: GraphQLContext): Promise<UserType> {
    return toUser(await ctx.services.auth.createUser(input));
  }

  @Access(...ADMIN)
  @Mutation(() => UserType)
  async updateUser(@Arg('input') input: UpdateUserInput, @Ctx() ctx: GraphQLContext): Promise<UserType> {
    return toUser(await ctx.services.auth.updateUser(actor(ctx.principal), input));
  }

  @Access(...ADMIN)
  @Mutation(() => Boolean, { description: 'Deletes a user with their sessions and API keys' })
  async deleteUser(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext): Promise<boolean> {
    await ctx.services.auth.deleteUser(actor(ctx.principal), id);
    return true;
  }

  @Access(...SESSION)
  @Query(() => [ApiKeyType], { description: 'Your API keys; all: true lists everyone\'s (admins)' })
  async apiKeys(@Arg('all', { defaultValue: false }) all: boolean, @Ctx() ctx: GraphQLContext): Promise<ApiKeyType[]> {
    return (await ctx.services.auth.apiKeys(this.keyOwner(ctx, all))).map(toKey);
  }

  @Access(...SESSION)
  @Mutation(() => CreatedApiKeyType, { description: 'Creates an API key for you; the key is in this answer only' })
  async createApiKey(@Arg('input') input: CreateApiKeyInput, @Ctx() ctx: GraphQLContext): Promise<CreatedApiKeyType> {
    const { key, apiKey } = await ctx.services.auth.createApiKey(session(ctx.principal).userId, input);
    ctx.logger.info({ keyId: apiKey.id, prefix: apiKey.prefix, scopes: apiKey.scopes }, 'API key created');
    return { key, apiKey: toKey(apiKey) };
  }

  @Access(...SESSION)
  @Mutation(() => Boolean, { description: 'Revokes one of your keys (admins: any key)' })
  async revokeApiKey(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext): Promise<boolean> {
    const principal = session(ctx.principal);
    await ctx.services.auth.revokeApiKey(ctx.principal.kind === 'user' && ctx.principal.role === 'admin' ? null : principal.userId, id);
    return true;
  }

  private keyOwner(ctx: GraphQLContext, all: boolean): string | null {
    const principal = session(ctx.principal);
    if (!all) return principal.userId;
    if (ctx.principal.kind === 'user' && ctx.principal.role === 'admin') return null;
    throw new AuthError('FORBIDDEN', 'Only admins may list every API key', { field: 'all' });
  }
}
