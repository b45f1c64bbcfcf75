import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import { createGunzip, createZstdDecompress } from 'node:zlib';
import type { ImportItem } from '../client.js';
import type { HttpClient } from '../http.js';

/**
 * One record of a source, in the source's order. `position` counts records from 0 and is what
 * the checkpoint remembers; `where` says where it is for people (line 12, entry 5, tmdb movie 11).
 * A record the source itself got wrong has `error` instead of `item`: reported and skipped.
 */
export type SourceEntry = { position: number; where: string } & ({ item: ImportItem; error?: undefined } | { item?: undefined; error: string });

export interface Source {
  /** For messages and the summary. */
  readonly description: string;
  /** Changes when the data behind the source changes, so a checkpoint is never applied to other data. */
  fingerprint(): Promise<string>;
  /** Records in a stable order; `from` skips the ones before that position (a resumed run). */
  entries(from: number): AsyncIterable<SourceEntry>;
  /** How many records there are, when known before reading them all (for the progress bar). */
  total(): number | null;
}

/** The file or its data as a whole cannot be read: reported with where it went wrong. */
export class SourceFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SourceFileError';
  }
}

export const isUrl = (location: string) => /^https?:\/\//i.test(location);

/** A local file or an http(s) URL as a byte stream, decompressed when it ends in .gz or .zst. */
export async function openLocation(location: string, http: HttpClient): Promise<Readable> {
  let raw: Readable;
  if (isUrl(location)) {
    const res = await http.request(new URL(location));
    if (!res.body) throw new SourceFileError(`${location}: empty response`);
    raw = Readable.fromWeb(res.body as import('node:stream/web').ReadableStream<Uint8Array>);
  } else {
    try {
      await stat(location);
    } catch (err) {
      throw new SourceFileError(`${location}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message}`);
    }
    raw = createReadStream(location);
  }
  const path = isUrl(location) ? new URL(location).pathname : location;
  if (path.endsWith('.gz')) return raw.pipe(createGunzip());
  if (path.endsWith('.zst')) return raw.pipe(createZstdDecompress());
  return raw;
}

export async function readAll(location: string, http: HttpClient): Promise<string> {
  const chunks: Buffer[] = [];
  try {
    for await (const chunk of await openLocation(location, http)) chunks.push(chunk as Buffer);
  } catch (err) {
    if (err instanceof SourceFileError) throw err;
    throw new SourceFileError(`${location}: ${(err as Error).message}`);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Lines of a stream with their 1-based numbers (a JSONL reader that never holds the whole file). */
export async function* lines(stream: Readable): AsyncIterable<{ line: number; text: string }> {
  let line = 0;
  for await (const text of createInterface({ input: stream, crlfDelay: Infinity })) {
    line += 1;
    yield { line, text };
  }
}

/** A file's fingerprint: size and modification time (cheap), or for a URL the URL itself. */
export async function locationFingerprint(location: string): Promise<string> {
  const basis = isUrl(location) ? location : await stat(location).then((s) => `${location}:${s.size}:${s.mtimeMs}`, () => location);
  return createHash('sha256').update(basis).digest('hex').slice(0, 16);
}

/** JSON.parse with the error said as "offset N" (Node's messages name the position). */
export function parseJson(text: string, where: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new SourceFileError(`${where}: ${(err as Error).message}`);
  }
}

/** The first problem zod found in an item, as "path: message". */
export function firstIssue(error: { issues: Array<{ path: PropertyKey[]; message: string }> }): string {
  const issue = error.issues[0]!;
  return `${issue.path.map(String).join('.') || 'item'}: ${issue.message}`;
}
