import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import sharp from 'sharp';

export interface ImageCdn {
  url: string;
  /** The bytes served at a path (made on first request, then the same every time). */
  bytesOf(path: string): Promise<Buffer>;
  hits: Map<string, number>;
  close(): Promise<void>;
}

/**
 * A stand-in for the providers' image CDNs (image.tmdb.org, assets.fanart.tv): every `.jpg` path
 * answers a real JPEG of its own colour, `.png` a real PNG, so each URL has distinct content and a
 * test can compare what landed beside the media with what the URL served.
 */
export async function startImageCdn(): Promise<ImageCdn> {
  const made = new Map<string, Promise<Buffer>>();
  const hits = new Map<string, number>();
  const bytesOf = (path: string): Promise<Buffer> => {
    let bytes = made.get(path);
    if (!bytes) {
      const [r, g, b] = createHash('sha256').update(path).digest();
      const image = sharp({ create: { width: 60, height: 90, channels: 3, background: { r: r!, g: g!, b: b! } } });
      bytes = (path.endsWith('.png') ? image.png() : image.jpeg({ quality: 70 })).toBuffer();
      made.set(path, bytes);
    }
    return bytes;
  };
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    hits.set(path, (hits.get(path) ?? 0) + 1);
    if (!/\.(jpe?g|png)$/i.test(path)) {
      res.writeHead(404).end();
      return;
    }
    bytesOf(path).then(
      (body) => res.writeHead(200, { 'content-type': path.endsWith('.png') ? 'image/png' : 'image/jpeg', 'content-length': body.length }).end(body),
      () => res.writeHead(500).end(),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    bytesOf,
    hits,
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
