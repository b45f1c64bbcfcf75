import { DateTimeISOResolver } from 'graphql-scalars';
import { Field, ID, InputType, ObjectType, registerEnumType } from 'type-graphql';
import { ADMIN, Access } from '../../auth/policy.js';
import type { Role as RoleName, Scope } from '../../auth/auth.entities.js';

export const Role = { GUEST: 'guest', MEMBER: 'member', ADMIN: 'admin' } as const satisfies Record<string, RoleName>;
registerEnumType(Role, { name: 'Role', description: 'guest: read only; member: edits the catalog; admin: everything, including users and libraries' });

export const ApiScope = {
  CATALOG_READ: 'catalog:read',
  CATALOG_WRITE: 'catalog:write',
  LIBRARY_WRITE: 'library:write',
  JOBS: 'jobs',
  ADMIN: 'admin',
} as const satisfies Record<string, Scope>;
registerEnumType(ApiScope, { name: 'ApiScope', description: 'What an API key may do' });

@ObjectType('User', { simpleResolvers: true })
export class UserType {
  @Field(() => ID)
  id!: string;

  @Field()
  username!: string;

  @Field(() => String, { nullable: true })
  displayName!: string | null;

  @Field(() => Role)
  role!: RoleName;

  @Field()
  disabled!: boolean;

  @Field(() => DateTimeISOResolver)
  createdAt!: Date;

  // Sensitive: who signed in when is for admins only.
  @Access(...ADMIN)
  @Field(() => DateTimeISOResolver, { nullable: true, simple: false, description: 'Admins only' })
  lastLoginAt!: Date | null;
}

@ObjectType('AuthPayload', { simpleResolvers: true, description: 'A signed-in session. With cookies: true the tokens travel as httpOnly cookies and are null here' })
export class AuthPayloadType {
  @Field(() => String, { nullable: true, description: 'Bearer token for the Authorization header; expires after 15 minutes' })
  accessToken!: string | null;

  @Field(() => DateTimeISOResolver)
  accessTokenExpiresAt!: Date;

  @Field(() => String, { nullable: true, description: 'Single use: refreshSession spends it and returns a new one' })
  refreshToken!: string | null;

  @Field(() => UserType)
  user!: UserType;
}

@ObjectType('AuthStatus', { simpleResolvers: true })
export class AuthStatusType {
  @Field({ description: 'True until the first admin is created with setup' })
  setupRequired!: boolean;

  @Field(() => UserType, { nullable: true, description: 'The signed-in user, if any' })
  viewer!: UserType | null;
}

@ObjectType('Session', { simpleResolvers: true, description: 'A signed-in device' })
export class SessionType {
  @Field(() => ID)
  id!: string;

  @Field()
  device!: string;

  @Field()
  address!: string;

  @Field(() => DateTimeISOResolver)
  createdAt!: Date;

  @Field(() => DateTimeISOResolver)
  lastUsedAt!: Date;

  @Field(() => DateTimeISOResolver)
  expiresAt!: Date;

  @Field({ description: 'The session making this request' })
  current!: boolean;
}

@ObjectType('ApiKey', { simpleResolvers: true })
export class ApiKeyType {
  @Field(() => ID)
  id!: string;

  @Field()
  name!: string;

  @Field({ description: 'The start of the key, to tell keys apart; the key itself is shown once' })
  prefix!: string;

  @Field(() => [ApiScope])
  scopes!: Scope[];

  @Field()
  owner!: string;

  @Field(() => DateTimeISOResolver, { nullable: true })
  expiresAt!: Date | null;

  @Field(() => DateTimeISOResolver)
  createdAt!: Date;

  @Field(() => DateTimeISOResolver, { nullable: true })
  lastUsedAt!: Date | null;
}

@ObjectType('CreatedApiKey', { simpleResolvers: true })
export class CreatedApiKeyType {
  @Field({ description: 'The key: shown this once, store it now' })
  key!: string;

  @Field(() => ApiKeyType)
  apiKey!: ApiKeyType;
}

@InputType('Credentials')
export class CredentialsInput {
  @Field()
  username!: string;

  @Field()
  password!: string;
}

@InputType('SetupInput')
export class SetupInput extends CredentialsInput {
  @Field(() => String, { nullable: true })
  displayName?: string | null;
}

@InputType('CreateUserInput')
export class CreateUserInput extends SetupInput {
  @Field(() => Role)
  role!: RoleName;
}

@InputType('UpdateUserInput', { description: 'Changing role or password, or disabling, ends the user\'s sessions' })
export class UpdateUserInput {
  @Field(() => ID)
  id!: string;

  @Field(() => Role, { nullable: true })
  role?: RoleName | null;

  @Field(() => Boolean, { nullable: true })
  disabled?: boolean | null;

  @Field(() => String, { nullable: true })
  displayName?: string | null;

  @Field(() => String, { nullable: true })
  password?: string | null;
}

@InputType('CreateApiKeyInput')
export class CreateApiKeyInput {
  @Field()
  name!: string;

  @Field(() => [ApiScope], { description: 'At most what your role allows' })
  scopes!: Scope[];

  @Field(() => DateTimeISOResolver, { nullable: true })
  expiresAt?: Date | null;
}
