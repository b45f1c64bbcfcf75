/// <reference types="node" />
import adapter from '@sveltejs/adapter-node';
import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vite';

// In production the server mounts build/handler.js next to /graphql. `vite dev` has no API of
// its own, so it forwards /graphql (HTTP and graphql-ws) to a running `marquee start`.
const devApi = process.env.MARQUEE_DEV_API ?? 'http://localhost:3000';

export default defineConfig({
	plugins: [
		sveltekit({
			adapter: adapter({ out: 'build' }),
			// The pages' Content-Security-Policy (the server sends helmet's other headers). 'hash':
			// SvelteKit adds the hash of each inline script it writes (hydration data) to script-src.
			csp: {
				mode: 'hash',
				directives: {
					'default-src': ['self'],
					'script-src': ['self'],
					// 'self' covers same-origin WebSockets in current browsers; ws:/wss: are for
					// those that do not match WebSocket schemes to 'self' (graphql-ws on /graphql).
					'connect-src': ['self', 'ws:', 'wss:'],
					'img-src': ['self', 'data:', 'https:'],
					// Stylesheets and <style> elements from this origin only. Style attributes must
					// be allowed: SvelteKit's route announcer carries one (sveltejs/kit#11993), and
					// app.html's body wrapper another.
					'style-src': ['self'],
					'style-src-attr': ['unsafe-inline'],
					'font-src': ['self'],
					'object-src': ['none'],
					'frame-ancestors': ['none'],
					'base-uri': ['self'],
					'form-action': ['self']
				}
			}
		})
	],
	server: {
		proxy: {
			'/graphql': { target: devApi, ws: true }
		}
	}
});
