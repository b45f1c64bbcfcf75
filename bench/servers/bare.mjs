// The floor: node:http + ioredis returning the same JSON Marquee's GraphQL returns, from the same
// Redis documents Marquee reads (title documents for the detail, title cards for the listing), with
// no framework and no caching at all.
import { createServer } from 'node:http';
import { Redis } from 'ioredis';

const { PORT, REDIS_URL, DOC_PREFIX, CARD_PREFIX, LISTING } = process.env;
const redis = new Redis(REDIS_URL);

createServer(async (req, res) => {
  const url = new URL(req.url, 'http://x');
  if (url.pathname === '/title') {
    const json = await redis.get(DOC_PREFIX + url.searchParams.get('id'));
    const doc = JSON.parse(json);
    const body = JSON.stringify({ data: { title: { id: doc.id, name: doc.name, year: doc.year, kind: doc.kind, version: doc.version } } });
    res.writeHead(200, { 'content-type': 'application/json' }).end(body);
  } else if (url.pathname === '/titles') {
    const members = await redis.zrevrange(LISTING, 0, 49);
    const docs = await redis.mget(...members.map((m) => CARD_PREFIX + m.slice(m.lastIndexOf('\u0000') + 1)));
    const edges = docs.map((j) => {
      const d = JSON.parse(j);
      return { node: { id: d.id, name: d.name, year: d.year } };
    });
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ data: { titles: { edges } } }));
  } else {
    res.writeHead(404).end();
  }
}).listen(Number(PORT), '127.0.0.1', () => process.send?.('ready'));
