/// <reference types="node" />
import adapter from '@sveltejs/adapter-node';
import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vite';

// In production the server mounts build/handler.js next to /graphql. `vite dev` has no API of
// its own, so it forwards /graphql (HTTP and graphql-ws) to a running `marquee start`.
const devApi = process.env.MARQUEE_DEV_API ?? 'http://localhost:3000';

export default defineConfig({
	plugins: [sveltekit({ adapter: adapter({ out: 'build' }) })],
	server: {
		proxy: {
			'/graphql': { target: devApi, ws: true }
		}
	}
});
