import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import { BlockList, isIP, type LookupFunction } from 'node:net';

/**
 * Outgoing requests to addresses people configure (players, notification targets). Loopback,
 * link-local (cloud metadata lives there), unspecified and multicast addresses are refused unless
 * configuration allows loopback/link-local (a player on the same host). The check runs on the
 * address actually connected to, after DNS, so a name that later resolves elsewhere cannot slip
 * through.
 */
export interface OutgoingPolicy {
  allowLoopback: boolean;
  allowLinkLocal: boolean;
}

export class OutgoingUrlError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OutgoingUrlError';
  }
}

const loopback = new BlockList();
loopback.addSubnet('127.0.0.0', 8, 'ipv4');
loopback.addAddress('::1', 'ipv6');
const linkLocal = new BlockList();
linkLocal.addSubnet('169.254.0.0', 16, 'ipv4');
linkLocal.addSubnet('fe80::', 10, 'ipv6');
const never = new BlockList();
never.addSubnet('0.0.0.0', 8, 'ipv4');
never.addAddress('::', 'ipv6');
never.addSubnet('224.0.0.0', 4, 'ipv4');
never.addSubnet('ff00::', 8, 'ipv6');
never.addAddress('255.255.255.255', 'ipv4');

/** Why an address may not be called, or null. */
export function refusedAddress(address: string, policy: OutgoingPolicy): string | null {
  const v4mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  const ip = v4mapped ? v4mapped[1]! : address;
  const family = isIP(ip) === 6 ? 'ipv6' : 'ipv4';
  if (never.check(ip, family)) return `${ip} is not a usable destination`;
  if (!policy.allowLoopback && loopback.check(ip, family)) return `${ip} is a loopback address (set MARQUEE_OUTGOING_ALLOW_LOOPBACK=true to allow)`;
  if (!policy.allowLinkLocal && linkLocal.check(ip, family)) return `${ip} is a link-local address (set MARQUEE_OUTGOING_ALLOW_LINK_LOCAL=true to allow)`;
  return null;
}

/** Parses and checks a configured URL: http(s), no credentials in it, and a literal address allowed by policy. */
export function checkOutgoingUrl(raw: string, policy: OutgoingPolicy): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new OutgoingUrlError('must be an absolute http:// or https:// URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new OutgoingUrlError('must be an http:// or https:// URL');
  if (url.username || url.password) throw new OutgoingUrlError('must not carry credentials (use the credential fields)');
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (host.toLowerCase() === 'localhost' || host.toLowerCase().endsWith('.localhost')) {
    if (!policy.allowLoopback) throw new OutgoingUrlError(`${host} is a loopback address (set MARQUEE_OUTGOING_ALLOW_LOOPBACK=true to allow)`);
  } else if (isIP(host)) {
    const refused = refusedAddress(host, policy);
    if (refused) throw new OutgoingUrlError(refused);
  }
  return url;
}

function guardedLookup(policy: OutgoingPolicy): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, '', 0);
      const list = addresses as unknown as LookupAddress[];
      for (const a of list) {
        const refused = refusedAddress(a.address, policy);
        if (refused) return callback(new OutgoingUrlError(`${hostname} resolves to ${refused}`), '', 0);
      }
      if ((options as { all?: boolean }).all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, list);
      const first = list[0]!;
      callback(null, first.address, first.family);
    });
  };
}

export interface OutgoingResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export interface OutgoingRequest {
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  timeoutMs?: number;
  signal?: AbortSignal;
}

/** Answers longer than this are cut (players and webhooks answer with a few KB at most). */
const MAX_BODY = 1024 * 1024;

/** One HTTP request to a checked URL, through the guarded DNS lookup; no redirects are followed. */
export function outgoingRequest(rawUrl: string, policy: OutgoingPolicy, req: OutgoingRequest = {}): Promise<OutgoingResponse> {
  const url = checkOutgoingUrl(rawUrl, policy);
  const client = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const request = client.request(
      url,
      { method: req.method ?? 'GET', headers: { 'user-agent': 'Marquee', ...(req.headers ?? {}) }, lookup: guardedLookup(policy), timeout: req.timeoutMs ?? 10_000, signal: req.signal },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size <= MAX_BODY) chunks.push(chunk);
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    request.on('timeout', () => request.destroy(new Error(`${url.host} did not answer in time`)));
    request.on('error', reject);
    if (req.body !== undefined) request.write(req.body);
    request.end();
  });
}

/** Joins a base URL and a path (keeping a base path such as /jellyfin). */
export function joinUrl(base: string, pathAndQuery: string): string {
  return base.replace(/\/+$/, '') + pathAndQuery;
}
