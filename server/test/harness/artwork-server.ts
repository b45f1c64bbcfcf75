import { createServer, type Server } from 'node:http';
import sharp from 'sharp';

export interface ArtworkServer {
  url: string;
  /** The bytes served at each path. */
  images: Record<string, Buffer>;
  /** How many times each path was requested. */
  hits: Map<string, number>;
  close(): Promise<void>;
}

const solid = (width: number, height: number, rgb: [number, number, number]) =>
  sharp({ create: { width, height, channels: 3, background: { r: rgb[0], g: rgb[1], b: rgb[2] } } });

/**
 * A local stand-in for an artwork CDN: real JPEG and PNG bytes (made with sharp), a copy of one
 * image under a second URL (same content, different address), and a path that always fails.
 */
export async function startArtworkServer(): Promise<ArtworkServer> {
  const poster = await solid(200, 300, [200, 30, 30]).jpeg({ quality: 80 }).toBuffer();
  const fanart = await solid(320, 180, [30, 60, 200]).jpeg({ quality: 80 }).toBuffer();
  const images: Record<string, Buffer> = {
    '/poster.jpg': poster,
    '/fanart.jpg': fanart,
    '/fanart-mirror.jpg': fanart,
    '/logo.png': await sharp({ create: { width: 120, height: 40, channels: 4, background: { r: 255, g: 255, b: 255, alpha: 0.5 } } }).png().toBuffer(),
    '/show-poster.jpg': await solid(200, 300, [20, 160, 40]).jpeg({ quality: 80 }).toBuffer(),
    '/season1.jpg': await solid(200, 300, [120, 120, 20]).jpeg({ quality: 80 }).toBuffer(),
  };
  const hits = new Map<string, number>();
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    hits.set(path, (hits.get(path) ?? 0) + 1);
    const body = images[path];
    if (!body) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': path.endsWith('.png') ? 'image/png' : 'image/jpeg', 'content-length': body.length }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    images,
    hits,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
