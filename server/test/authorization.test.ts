import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  buildSchema,
  getNamedType,
  getNullableType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLObjectType,
} from 'graphql';
import { createClient } from 'graphql-ws';
import { beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { TEST_SERVICE_TOKEN, useMarquee } from './harness/marquee.js';
import { useTestServices } from './harness/services.js';

/**
 * Every operation of schema.graphql against every kind of principal. The expected rule of each
 * operation is written down here, independently of the server's code; an operation missing from
 * this table (or a table entry missing from the schema) fails the test.
 */
type RuleSet = 'PUBLIC' | 'SESSION' | 'SERVICE' | 'CATALOG_READ' | 'CATALOG_WRITE' | 'LIBRARY_WRITE' | 'JOBS' | 'ADMIN';

const EXPECTED: Record<string, RuleSet> = {
  'Query.authStatus': 'PUBLIC',
  'Query.me': 'SESSION',
  'Query.sessions': 'SESSION',
  'Query.apiKeys': 'SESSION',
  'Query.users': 'ADMIN',
  'Query.title': 'CATALOG_READ',
  'Query.titles': 'CATALOG_READ',
  'Query.titleByExternalId': 'CATALOG_READ',
  'Query.titleFacets': 'CATALOG_READ',
  'Query.searchTitles': 'CATALOG_READ',
  'Query.season': 'CATALOG_READ',
  'Query.person': 'CATALOG_READ',
  'Query.recycledTitles': 'CATALOG_WRITE',
  'Mutation.setup': 'PUBLIC',
  'Mutation.login': 'PUBLIC',
  'Mutation.refreshSession': 'PUBLIC',
  'Mutation.logout': 'SESSION',
  'Mutation.revokeSession': 'SESSION',
  'Mutation.revokeOtherSessions': 'SESSION',
  'Mutation.changePassword': 'SESSION',
  'Mutation.createApiKey': 'SESSION',
  'Mutation.revokeApiKey': 'SESSION',
  'Mutation.createUser': 'ADMIN',
  'Mutation.updateUser': 'ADMIN',
  'Mutation.deleteUser': 'ADMIN',
  'Mutation.purgeTitle': 'ADMIN',
  'Mutation.createTitle': 'CATALOG_WRITE',
  'Mutation.updateTitle': 'CATALOG_WRITE',
  'Mutation.lockTitleFields': 'CATALOG_WRITE',
  'Mutation.unlockTitleFields': 'CATALOG_WRITE',
  'Mutation.setExternalIds': 'CATALOG_WRITE',
  'Mutation.upsertSeasons': 'CATALOG_WRITE',
  'Mutation.removeSeason': 'CATALOG_WRITE',
  'Mutation.mergeTitles': 'CATALOG_WRITE',
  'Mutation.deleteTitle': 'CATALOG_WRITE',
  'Mutation.restoreTitle': 'CATALOG_WRITE',
  'Mutation.setCredits': 'CATALOG_WRITE',
  'Mutation.addArtwork': 'CATALOG_WRITE',
  'Mutation.selectArtwork': 'CATALOG_WRITE',
  'Mutation.removeArtwork': 'CATALOG_WRITE',
  'Mutation.createPerson': 'CATALOG_WRITE',
  'Mutation.updatePerson': 'CATALOG_WRITE',
  'Mutation.scanLibrary': 'LIBRARY_WRITE',
  'Mutation.internalImportTitles': 'SERVICE',
  'Mutation.internalScheduleImport': 'SERVICE',
  'Mutation.internalUnscheduleImport': 'SERVICE',
  'Mutation.internalRunImport': 'SERVICE',
  'Query.internalImportSchedules': 'SERVICE',
  'Query.internalImportRuns': 'SERVICE',
  'Query.internalExportTitles': 'SERVICE',
  'Mutation.rebuildReadModels': 'ADMIN',
  'Mutation.verifyReadModels': 'ADMIN',
  'Query.libraryStatistics': 'CATALOG_READ',
  'Subscription.titleChanged': 'CATALOG_READ',
  'Subscription.jobProgress': 'JOBS',
  'Subscription.jobRunChanged': 'JOBS',
  'Query.libraries': 'CATALOG_READ',
  'Query.library': 'CATALOG_READ',
  'Query.mediaFile': 'CATALOG_READ',
  'Query.mediaFiles': 'CATALOG_READ',
  'Query.parseName': 'CATALOG_READ',
  'Query.jobRuns': 'JOBS',
  'Query.jobRun': 'JOBS',
  'Query.phases': 'JOBS',
  'Mutation.createLibrary': 'LIBRARY_WRITE',
  'Query.players': 'ADMIN',
  'Query.player': 'ADMIN',
  'Query.notificationTargets': 'ADMIN',
  'Query.notificationEventTypes': 'ADMIN',
  'Query.notificationDeliveries': 'ADMIN',
  'Mutation.createPlayer': 'ADMIN',
  'Mutation.updatePlayer': 'ADMIN',
  'Mutation.deletePlayer': 'ADMIN',
  'Mutation.testPlayer': 'ADMIN',
  'Mutation.createNotificationTarget': 'ADMIN',
  'Mutation.updateNotificationTarget': 'ADMIN',
  'Mutation.deleteNotificationTarget': 'ADMIN',
  'Mutation.testNotificationTarget': 'ADMIN',
  'Subscription.lifecycleEvents': 'JOBS',
  'Mutation.updateLibrary': 'LIBRARY_WRITE',
  'Mutation.deleteLibrary': 'LIBRARY_WRITE',
  'Mutation.scanPath': 'LIBRARY_WRITE',
  'Mutation.matchFile': 'LIBRARY_WRITE',
  'Mutation.unmatchFile': 'LIBRARY_WRITE',
  'Mutation.retryJob': 'JOBS',
  'Mutation.cancelJob': 'JOBS',
  'Query.myTitleState': 'SESSION',
  'Query.myLibrary': 'SESSION',
  'Query.continueWatching': 'SESSION',
  'Query.upNext': 'SESSION',
  'Query.watchHistory': 'SESSION',
  'Query.exportMyState': 'SESSION',
  'Query.myLists': 'SESSION',
  'Query.myList': 'SESSION',
  'Query.publicList': 'PUBLIC',
  'Query.publicLists': 'PUBLIC',
  'Mutation.setTitleState': 'SESSION',
  'Mutation.reportProgress': 'SESSION',
  'Mutation.markWatched': 'SESSION',
  'Mutation.removeHistoryEntry': 'SESSION',
  'Mutation.createList': 'SESSION',
  'Mutation.updateList': 'SESSION',
  'Mutation.deleteList': 'SESSION',
  'Mutation.revokeListLink': 'SESSION',
  'Mutation.forkList': 'SESSION',
  'Mutation.addListEntry': 'SESSION',
  'Mutation.updateListEntry': 'SESSION',
  'Mutation.removeListEntry': 'SESSION',
  'Mutation.addListSection': 'SESSION',
  'Mutation.updateListSection': 'SESSION',
  'Mutation.removeListSection': 'SESSION',
  'Mutation.arrangeList': 'SESSION',
  'Query.providers': 'ADMIN',
  'Mutation.enrichTitle': 'CATALOG_WRITE',
  'Mutation.uploadArtwork': 'CATALOG_WRITE',
  'Mutation.publishTitle': 'LIBRARY_WRITE',
  'Mutation.verifyLibrary': 'LIBRARY_WRITE',
  'Mutation.repairMissingArtwork': 'LIBRARY_WRITE',
  'Mutation.deleteMediaFile': 'LIBRARY_WRITE',
  'Query.recycleBin': 'CATALOG_WRITE',
  'Query.recycleEntry': 'CATALOG_WRITE',
  'Mutation.restoreRecycleEntry': 'CATALOG_WRITE',
  'Mutation.purgeRecycleEntry': 'ADMIN',
  'Mutation.purgeRecycleBin': 'ADMIN',
};

type PrincipalName =
  | 'anonymous'
  | 'guest'
  | 'member'
  | 'admin'
  | 'key:catalog:read'
  | 'key:catalog:write'
  | 'key:library:write'
  | 'key:jobs'
  | 'key:admin'
  | 'service';

const PRINCIPALS: PrincipalName[] = ['anonymous', 'guest', 'member', 'admin', 'key:catalog:read', 'key:catalog:write', 'key:library:write', 'key:jobs', 'key:admin', 'service'];

/** Who each rule set lets in. */
const ALLOWED: Record<RuleSet, PrincipalName[]> = {
  PUBLIC: ['anonymous', 'guest', 'member', 'admin', 'key:catalog:read', 'key:catalog:write', 'key:library:write', 'key:jobs', 'key:admin'],
  SESSION: ['guest', 'member', 'admin'],
  SERVICE: ['service'],
  CATALOG_READ: ['guest', 'member', 'admin', 'key:catalog:read'],
  CATALOG_WRITE: ['member', 'admin', 'key:catalog:write'],
  LIBRARY_WRITE: ['admin', 'key:library:write'],
  JOBS: ['member', 'admin', 'key:jobs'],
  ADMIN: ['admin', 'key:admin'],
};

const services = useTestServices();
const marquee = useMarquee(services, ['api', 'projector']);
const schema = buildSchema(readFileSync(new URL('../../schema.graphql', import.meta.url), 'utf8'));
const headers: Partial<Record<PrincipalName, Record<string, string>>> = { anonymous: {}, service: { 'x-marquee-service-token': TEST_SERVICE_TOKEN } };

const SCOPE_ENUM: Record<string, string> = { 'catalog:read': 'CATALOG_READ', 'catalog:write': 'CATALOG_WRITE', 'library:write': 'LIBRARY_WRITE', jobs: 'JOBS', admin: 'ADMIN' };

beforeAll(async () => {
  headers.admin = { authorization: `Bearer ${marquee.adminToken}` };
  for (const role of ['guest', 'member'] as const) {
    const input = { username: `${role}-user`, password: `${role} password 123`, role: role.toUpperCase() };
    await marquee.gql(`mutation($input: CreateUserInput!) { createUser(input: $input) { id } }`, { input });
    const login = await marquee.gql<{ login: { accessToken: string } }>(`mutation($input: Credentials!) { login(input: $input) { accessToken } }`, {
      input: { username: input.username, password: input.password },
    }, {}, { anonymous: true });
    headers[role] = { authorization: `Bearer ${login.data!.login.accessToken}` };
  }
  for (const [scope, name] of Object.entries(SCOPE_ENUM)) {
    const res = await marquee.gql<{ createApiKey: { key: string } }>(`mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { key } }`, { input: { name: scope, scopes: [name] } });
    headers[`key:${scope}` as PrincipalName] = { 'x-api-key': res.data!.createApiKey.key };
  }
});

/** A value of an input type good enough to get past GraphQL validation. */
function sample(type: GraphQLInputType): unknown {
  const inner = getNullableType(type) as GraphQLInputType;
  if (isListType(inner)) return [sample(inner.ofType)];
  if (isEnumType(inner)) return inner.getValues()[0]!.value;
  if (isInputObjectType(inner)) {
    return Object.fromEntries(Object.values(inner.getFields()).filter((f) => isNonNullType(f.type)).map((f) => [f.name, sample(f.type)]));
  }
  if (isScalarType(inner)) {
    switch (inner.name) {
      case 'ID':
        return randomUUID();
      case 'Int':
      case 'Float':
        return 1;
      case 'Boolean':
        return false;
      case 'DateTimeISO':
        return '2030-01-01T00:00:00.000Z';
      default:
        return 'x';
    }
  }
  throw new Error(`no sample for ${String(type)}`);
}

function operation(kind: 'query' | 'mutation' | 'subscription', field: GraphQLField<unknown, unknown>) {
  const required = field.args.filter((a) => isNonNullType(a.type));
  const variables = Object.fromEntries(required.map((a) => [a.name, sample(a.type)]));
  const defs = required.map((a) => `$${a.name}: ${String(a.type)}`).join(', ');
  const args = required.map((a) => `${a.name}: $${a.name}`).join(', ');
  const selection = isObjectType(getNamedType(field.type)) ? ' { __typename }' : '';
  return { query: `${kind}${defs ? `(${defs})` : ''} { ${field.name}${args ? `(${args})` : ''}${selection} }`, variables };
}

interface Outcome {
  denied: boolean;
  detail: string;
}

/** Denied means refused by an access rule: UNAUTHENTICATED/FORBIDDEN naming the operation. */
function judge(name: string, errors: Array<{ message: string; extensions?: Record<string, unknown> }> | undefined): Outcome {
  const error = errors?.[0];
  const code = error?.extensions?.code;
  const denied = (code === 'UNAUTHENTICATED' || code === 'FORBIDDEN') && (error?.message.includes(`use ${name}`) ?? false);
  return { denied, detail: error ? `${String(code)}: ${error.message}` : 'ok' };
}

async function viaHttp(name: string, principal: PrincipalName, kind: 'query' | 'mutation', field: GraphQLField<unknown, unknown>): Promise<Outcome> {
  const { query, variables } = operation(kind, field);
  const res = await marquee.gql(query, variables, headers[principal], { anonymous: principal === 'anonymous' });
  return judge(name, res.errors);
}

let scanLibraryId: string | null = null;

async function queueScan(): Promise<void> {
  if (!scanLibraryId) {
    const root = await mkdtemp(path.join(tmpdir(), 'marquee-authz-'));
    const res = await marquee.gql<{ createLibrary: { id: string } }>(`mutation($i: CreateLibraryInput!) { createLibrary(input: $i) { id } }`, { i: { name: 'Trigger', rootPath: root, kind: 'MOVIES' } });
    scanLibraryId = res.data!.createLibrary.id;
  }
  await marquee.gql(`mutation($l: ID!) { scanLibrary(libraryId: $l) { id } }`, { l: scanLibraryId });
}

async function viaWebSocket(name: string, principal: PrincipalName, field: GraphQLField<unknown, unknown>): Promise<Outcome> {
  const h = headers[principal]!;
  const connectionParams = h.authorization ? { authorization: h.authorization } : h['x-api-key'] ? { apiKey: h['x-api-key'] } : h['x-marquee-service-token'] ? { serviceToken: h['x-marquee-service-token'] } : {};
  const client = createClient({ url: marquee.url.replace('http', 'ws') + '/graphql', webSocketImpl: WebSocket, retryAttempts: 0, connectionParams });
  const { query, variables } = operation('subscription', field);
  // A trigger is only needed (and only fired) while the subscription is still waiting; one that
  // started is awaited, so none outlives the test.
  let timer: NodeJS.Timeout | undefined;
  let trigger: Promise<unknown> = Promise.resolve();
  const later = (fire: () => Promise<unknown>) => {
    timer = setTimeout(() => (trigger = fire()), 300);
  };
  try {
    return await new Promise<Outcome>((resolve) => {
      let settled = false;
      const done = (o: Outcome) => {
        if (!settled) resolve(o);
        settled = true;
      };
      client.subscribe(
        { query, variables },
        {
          next: (msg) => done(msg.errors?.length ? judge(name, msg.errors as never) : { denied: false, detail: 'event' }),
          error: (err) => done(Array.isArray(err) ? judge(name, err) : { denied: false, detail: String((err as Error).message ?? err) }),
          complete: () => done({ denied: false, detail: 'complete' }),
        },
      );
      // An allowed titleChanged (or lifecycleEvents: title.added) waits for a change: make one.
      if (field.name === 'titleChanged' || field.name === 'lifecycleEvents') {
        later(() => marquee.gql(`mutation { createTitle(input: { kind: MOVIE, name: "Trigger" }) { id } }`));
      }
      // An allowed jobRunChanged waits for a job: queue a scan.
      if (field.name === 'jobRunChanged') later(queueScan);
    });
  } finally {
    clearTimeout(timer);
    await trigger;
    await client.dispose();
  }
}

describe('authorization of every operation', () => {
  const roots: Array<['query' | 'mutation' | 'subscription', GraphQLObjectType | null | undefined]> = [
    ['query', schema.getQueryType()],
    ['mutation', schema.getMutationType()],
    ['subscription', schema.getSubscriptionType()],
  ];
  const operations = roots.flatMap(([kind, type]) => Object.values(type?.getFields() ?? {}).map((field) => ({ kind, field, name: `${type!.name}.${field.name}` })));

  it('has an expected rule for every operation in schema.graphql, and no stale entries', () => {
    const names = operations.map((o) => o.name);
    expect(names.filter((n) => !(n in EXPECTED))).toEqual([]);
    expect(Object.keys(EXPECTED).filter((n) => !names.includes(n))).toEqual([]);
  });

  it('guards sensitive fields: only admins see when a user last signed in', async () => {
    const Q = `{ me { username lastLoginAt } }`;
    const asMember = await marquee.gql<{ me: { lastLoginAt: string | null } }>(Q, {}, headers.member);
    expect(asMember.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const asAdmin = await marquee.gql<{ me: { lastLoginAt: string | null } }>(Q, {}, headers.admin);
    expect(asAdmin.errors).toBeUndefined();
    expect(asAdmin.data!.me.lastLoginAt).toMatch(/^\d{4}-/);
  });

  it('allows and denies each operation for each principal as the rules say', async () => {
    const mismatches: string[] = [];
    // Signing out ends the principal's session: it goes last.
    const ordered = [...operations].sort((a, b) => Number(a.name === 'Mutation.logout') - Number(b.name === 'Mutation.logout'));
    for (const { kind, field, name } of ordered) {
      for (const principal of PRINCIPALS) {
        const expectAllowed = ALLOWED[EXPECTED[name]!].includes(principal);
        const outcome = kind === 'subscription' ? await viaWebSocket(name, principal, field) : await viaHttp(name, principal, kind, field);
        if (outcome.denied === expectAllowed) mismatches.push(`${name} as ${principal}: expected ${expectAllowed ? 'allow' : 'deny'}, got ${outcome.detail}`);
      }
    }
    expect(mismatches).toEqual([]);
  }, 240_000);

});

