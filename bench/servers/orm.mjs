// What a non-CQRS design pays: the same answers resolved through MikroORM on Postgres.
import 'reflect-metadata';
import { createServer } from 'node:http';
import { createOrm } from '../../server/dist/infra/orm.js';
import { Title } from '../../server/dist/domain/catalog/title.entity.js';

const { PORT, DATABASE_URL } = process.env;
const orm = await createOrm(DATABASE_URL, { pool: { min: 2, max: 10 } });

createServer(async (req, res) => {
  const url = new URL(req.url, 'http://x');
  const em = orm.em.fork();
  if (url.pathname === '/title') {
    const t = await em.findOneOrFail(Title, { id: url.searchParams.get('id') });
    const body = JSON.stringify({ data: { title: { id: t.id, name: t.name, year: t.year, kind: t.kind, version: t.version } } });
    res.writeHead(200, { 'content-type': 'application/json' }).end(body);
  } else if (url.pathname === '/titles') {
    const titles = await em.find(Title, { deletedAt: null }, { orderBy: { createdAt: 'desc' }, limit: 50 });
    const edges = titles.map((t) => ({ node: { id: t.id, name: t.name, year: t.year } }));
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ data: { titles: { edges } } }));
  } else {
    res.writeHead(404).end();
  }
}).listen(Number(PORT), '127.0.0.1', () => process.send?.('ready'));
