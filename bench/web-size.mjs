// First-load JavaScript of a web client page, gzipped: the entry (client manifest), the root
// layout (node 0) and the page's node with every chunk they import, as SvelteKit lists them for
// modulepreload. Reads the build output; run `npm run build -w web` first.
//   node bench/web-size.mjs [route-id ...]    (default: "/", the catalog)
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const web = path.resolve(fileURLToPath(import.meta.url), '../../web');
const serverOut = path.join(web, '.svelte-kit/output/server');
const clientDir = path.join(web, 'build/client');

const listed = (source, name) => JSON.parse(source.match(new RegExp(`${name}\\s*[:=]\\s*(\\[[^\\]]*\\])`))?.[1] ?? '[]');

const manifest = await readFile(path.join(serverOut, 'manifest.js'), 'utf8');
const entry = listed(manifest.match(/client:\s*\{[^}]*\}/)[0].replace(/(\w+):/g, '"$1":'), '"imports"');

/** Node files by the route they render ("/" → src/routes/+page.*). */
const nodes = new Map();
for (const file of await readdir(path.join(serverOut, 'nodes'))) {
	const source = await readFile(path.join(serverOut, 'nodes', file), 'utf8');
	const id = source.match(/(?:universal_id|server_id|component_id)\s*=\s*"([^"]+)"/)?.[1] ?? source.match(/entries\/pages\/([^']*)_page/)?.[1];
	nodes.set(file.replace('.js', ''), { id, imports: listed(source, 'imports') });
}
const pageNode = (route) => {
	const dir = route === '/' ? 'src/routes/' : `src/routes${route}/`;
	for (const [index, node] of nodes) if (node.id?.startsWith(`${dir}+page`)) return index;
	throw new Error(`no page node for route ${route}`);
};

const routes = process.argv.slice(2).length > 0 ? process.argv.slice(2) : ['/'];
for (const route of routes) {
	const files = new Set([...entry, ...nodes.get('0').imports, ...nodes.get(pageNode(route)).imports].filter((file) => file.endsWith('.js')));
	let raw = 0;
	let gzip = 0;
	for (const file of files) {
		const bytes = await readFile(path.join(clientDir, file));
		raw += bytes.length;
		gzip += gzipSync(bytes, { level: 9 }).length;
	}
	const kb = (bytes) => (bytes / 1024).toFixed(1);
	console.log(`${route}: ${files.size} files, ${kb(raw)} KB raw, ${kb(gzip)} KB gzipped (first-load JS)`);
}
