import { createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SeenRequest {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
  /** What the fake noted while answering (e.g. files present at that moment). */
  observed?: string[];
}

export interface FakeHttp {
  server: Server;
  url: string;
  seen: SeenRequest[];
}

/** A local HTTP server (a player, a notification receiver) that records every request and answers with `answer`. */
export async function fakeHttp(answer: (req: SeenRequest) => { status?: number; body: unknown }): Promise<FakeHttp> {
  const seen: SeenRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const s: SeenRequest = { method: req.method!, url: req.url!, headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      const a = answer(s);
      seen.push(s);
      res.writeHead(a.status ?? 200, { 'content-type': 'application/json' });
      res.end(typeof a.body === 'string' ? a.body : JSON.stringify(a.body));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
}

/**
 * The JSON bodies a notification receiver got, each checked against Marquee's webhook signature
 * (`sha256=HMAC(secret, "<timestamp>.<body>")`); throws on the first that does not verify.
 */
export function signedBodies<T>(seen: readonly SeenRequest[], secret: string): T[] {
  return seen.map((r) => {
    const ts = r.headers['x-marquee-timestamp'] as string;
    const expected = `sha256=${createHmac('sha256', secret).update(`${ts}.${r.body}`).digest('hex')}`;
    if (r.headers['x-marquee-signature'] !== expected) throw new Error(`bad signature on a delivery: ${String(r.headers['x-marquee-signature'])}`);
    return JSON.parse(r.body) as T;
  });
}
