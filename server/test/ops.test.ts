import { describe, expect, it } from 'vitest';
import { useMarquee } from './harness/marquee.js';
import { useTestServices } from './harness/services.js';

const services = useTestServices();
const marquee = useMarquee(services, ['api', 'worker', 'projector']);

describe('operability endpoints', () => {
  it('/health answers', async () => {
    const res = await fetch(`${marquee.url}/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok' });
  });

  it('/ready reports Postgres, Redis, migrations and projector lag', async () => {
    const res = await fetch(`${marquee.url}/ready`);
    const body = (await res.json()) as { status: string; checks: Record<string, { ok: boolean }> };
    expect(res.status).toBe(200);
    expect(body.status).toBe('ready');
    expect(Object.keys(body.checks).sort()).toEqual(['migrations', 'postgres', 'projector', 'redis']);
    expect(body.checks.projector).toMatchObject({ ok: true, lag: 0 });
  });

  it('/metrics exposes HTTP, GraphQL, job and projector metrics', async () => {
    await marquee.gql(`query Probe { titles(first: 1) { totalCount } }`);
    const text = await (await fetch(`${marquee.url}/metrics`)).text();
    expect(text).toMatch(/marquee_http_request_duration_seconds_count\{method="POST",route="\/graphql",status="200"\} \d+/);
    expect(text).toMatch(/marquee_graphql_operation_duration_seconds_count\{operation="Probe",type="query",outcome="ok"\} 1/);
    expect(text).toMatch(/marquee_jobs\{queue="scan-library",state="ready"\} 0/);
    expect(text).toMatch(/marquee_projector_lag_events 0/);
    expect(text).not.toContain('__pgboss');
  });

  it('echoes a sane request id and replaces a hostile one', async () => {
    const ok = await fetch(`${marquee.url}/health`, { headers: { 'x-request-id': 'abc-123' } });
    expect(ok.headers.get('x-request-id')).toBe('abc-123');
    const bad = await fetch(`${marquee.url}/health`, { headers: { 'x-request-id': 'a b <script>' } });
    expect(bad.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('answers malformed JSON with a GraphQL-shaped 400, no HTML, no stack', async () => {
    const res = await fetch(`${marquee.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query": ' });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/application\/json/);
    const body = (await res.json()) as { errors: Array<{ extensions: { code: string } }> };
    expect(body.errors[0]!.extensions.code).toBe('BAD_REQUEST');
    expect(JSON.stringify(body)).not.toMatch(/at \w+ \(|node_modules/);
  });

  it('refuses a body over the limit', async () => {
    const res = await fetch(`${marquee.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ __typename }', padding: 'x'.repeat(2 * 1024 * 1024) }),
    });
    expect(res.status).toBe(413);
  });

  it('refuses a GET without a CSRF preflight header (Apollo CSRF prevention)', async () => {
    const res = await fetch(`${marquee.url}/graphql?query=${encodeURIComponent('{ __typename }')}`);
    expect(res.status).toBe(400);
  });
});
