import { describe, expect, it } from 'vitest';
import { eventually, useMarquee } from './harness/marquee.js';
import { useTestServices } from './harness/services.js';

const services = useTestServices();
// Production mode: introspection is off for everyone.
const marquee = useMarquee(services, ['api', 'projector'], { NODE_ENV: 'production' });

interface Body {
  data?: { title?: unknown } & Record<string, unknown>;
  errors?: Array<{ message: string; extensions: Record<string, unknown> & { code: string } }>;
}

/** A request Apollo handles itself: the hot path leaves requests with extensions alone. */
async function viaApollo(query: string, variables: Record<string, unknown> = {}) {
  const res = await fetch(`${marquee.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${marquee.adminToken}` },
    body: JSON.stringify({ query, variables, extensions: {} }),
  });
  return { status: res.status, body: (await res.json()) as Body };
}
async function viaFastPath(query: string, variables: Record<string, unknown> = {}, auth: Record<string, string> = { authorization: `Bearer ${marquee.adminToken}` }) {
  const res = await fetch(`${marquee.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...auth }, body: JSON.stringify({ query, variables }) });
  return { status: res.status, body: (await res.json()) as Body };
}

describe('the read hot path', () => {
  it('answers exactly what Apollo answers, for data and for errors', async () => {
    const created = await marquee.gql<{ createTitle: { id: string } }>(`mutation { createTitle(input: { kind: MOVIE, name: "Same Either Way", year: 2001, genres: ["Drama"] }) { id } }`);
    const id = created.data!.createTitle.id;
    const Q = `query Q($id: ID!) { title(id: $id) { id name year genres lockedFields provenance { field source } createdAt artwork { url } seasons { id } } titles(first: 5) { totalCount edges { node { name } } } }`;
    await eventually(async () => ((await viaFastPath(Q, { id })).body.data ? true : undefined), 'projected');
    expect(await viaFastPath(Q, { id })).toEqual(await viaApollo(Q, { id }));

    const missing = { id: '00000000-0000-4000-8000-000000000000' };
    const fast = await viaFastPath(Q, missing);
    expect(fast.body.errors?.[0]?.extensions.code).toBe('NOT_FOUND');
    expect(fast).toEqual(await viaApollo(Q, missing));

    const badVariables = await viaFastPath(Q, { id: 42.5 });
    expect(badVariables).toEqual(await viaApollo(Q, { id: 42.5 }));
  });

  it('does not open introspection where it is off: in production, for everyone but admins', async () => {
    const res = await viaFastPath('{ __schema { types { name } } }', {}, {});
    expect(res.body.data).toBeUndefined();
    expect(res.body.errors?.[0]?.extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
    // The same document, cached for the anonymous caller, still answers an admin.
    const admin = await viaFastPath('{ __schema { types { name } } }');
    expect((admin.body.data as { __schema: { types: unknown[] } }).__schema.types.length).toBeGreaterThan(10);
  });

  it('leaves mutations to Apollo', async () => {
    const res = await viaFastPath(`mutation { createTitle(input: { kind: MOVIE, name: "" }) { id } }`);
    expect(res.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'name' });
  });
});

describe('the hot path in front of Express', () => {
  const Q = JSON.stringify({ query: '{ titles(first: 1) { totalCount } }' });

  it('keeps a sane incoming request id, replaces a hostile one, and answers with its own', async () => {
    const kept = await fetch(`${marquee.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-request-id': 'proxy-123' }, body: Q });
    expect(kept.headers.get('x-request-id')).toBe('proxy-123');
    const hostile = await fetch(`${marquee.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-request-id': 'a b\tc' }, body: Q });
    expect(hostile.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('answers malformed JSON like the Express path does', async () => {
    const res = await fetch(`${marquee.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query": ' });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ errors: [{ message: 'Request body is not valid JSON', extensions: { code: 'BAD_REQUEST' } }] });
  });

  it('hands bodies it does not read (chunked, no length) to Express unchanged', async () => {
    const chunked = new ReadableStream({
      start(controller) {
        controller.enqueue(new TextEncoder().encode(Q));
        controller.close();
      },
    });
    const res = await fetch(`${marquee.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${marquee.adminToken}` }, body: chunked, duplex: 'half' } as RequestInit);
    expect(res.status).toBe(200);
    expect(((await res.json()) as Body).data).toEqual({ titles: { totalCount: expect.any(Number) } });
  });

  it('counts the requests it answers in the HTTP metrics', async () => {
    const before = await fetch(`${marquee.url}/metrics`).then((r) => r.text());
    const count = (text: string) => Number(/marquee_http_request_duration_seconds_count\{method="POST",route="\/graphql",status="200"\} (\d+)/.exec(text)?.[1] ?? 0);
    await viaFastPath('{ titles(first: 1) { totalCount } }');
    const after = await fetch(`${marquee.url}/metrics`).then((r) => r.text());
    expect(count(after)).toBe(count(before) + 1);
  });
});
