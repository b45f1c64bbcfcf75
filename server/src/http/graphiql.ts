import { createRequire } from 'node:module';
import path from 'node:path';
import express, { type RequestHandler, type Router } from 'express';

const require = createRequire(import.meta.url);

/** The files GraphiQL needs, served from node_modules: no CDN, works offline. */
const dirOf = (pkg: string) => path.dirname(require.resolve(`${pkg}/package.json`));
const ASSETS: Record<string, string> = {
  'react.js': path.join(dirOf('react'), 'umd/react.production.min.js'),
  'react-dom.js': path.join(dirOf('react-dom'), 'umd/react-dom.production.min.js'),
  'graphiql.js': path.join(dirOf('graphiql'), 'graphiql.min.js'),
  'graphiql.css': path.join(dirOf('graphiql'), 'graphiql.min.css'),
};

/** Started by a file of its own: the page's CSP allows no inline script. */
const INIT = `const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
const fetcher = GraphiQL.createFetcher({ url: '/graphql', subscriptionUrl: scheme + '//' + location.host + '/graphql' });
ReactDOM.createRoot(document.getElementById('graphiql')).render(React.createElement(GraphiQL, { fetcher, defaultEditorToolsVisibility: true }));
`;

const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Marquee GraphiQL</title>
<link rel="stylesheet" href="/graphiql/assets/graphiql.css">
<style>html, body, #graphiql { height: 100%; margin: 0; }</style>
</head>
<body>
<div id="graphiql">Loading GraphiQL…</div>
<script src="/graphiql/assets/react.js"></script>
<script src="/graphiql/assets/react-dom.js"></script>
<script src="/graphiql/assets/graphiql.js"></script>
<script src="/graphiql/assets/init.js"></script>
</body>
</html>
`;

const CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self' ws: wss:; frame-ancestors 'none'; base-uri 'self'; form-action 'self'";

/**
 * GraphiQL at /graphiql, for whoever may introspect the schema (everyone in development, admins in
 * production, signed in through the web's cookies); others get 404. It talks to /graphql with the
 * browser's cookies.
 */
export function graphiqlRoutes(mayUse: RequestHandler): Router {
  const router = express.Router();
  router.get('/graphiql', mayUse, (_req, res) => {
    res.set('content-security-policy', CSP).type('html').send(PAGE);
  });
  router.get('/graphiql/assets/init.js', (_req, res) => {
    res.type('application/javascript').send(INIT);
  });
  router.get('/graphiql/assets/:file', (req, res, next) => {
    const file = ASSETS[req.params.file];
    if (!file) return next();
    res.sendFile(file, { maxAge: '1d', headers: { 'content-type': file.endsWith('.css') ? 'text/css; charset=utf-8' : 'application/javascript; charset=utf-8' } });
  });
  return router;
}
