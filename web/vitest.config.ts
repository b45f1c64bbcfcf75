import { defineConfig } from 'vitest/config';

// Separate from vite.config.ts on purpose: the unit tests cover plain TypeScript and the
// end-to-end test drives the built product from outside; neither needs SvelteKit's plugins.
export default defineConfig({
	test: {
		include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
		environment: 'node',
		testTimeout: 120_000,
		hookTimeout: 180_000,
		// The end-to-end file starts a whole product and a browser; keep it alone.
		fileParallelism: false
	}
});
