import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';
// Imported so a tsconfig change invalidates vitest's transform cache (decorator metadata).
import tsconfig from '../tsconfig.json' with { type: 'json' };

const require = createRequire(import.meta.url);

export default defineConfig({
  resolve: {
    // graphql 16 ships CJS (main) and ESM (module) builds; Node loads the CJS one for type-graphql,
    // so test code must get the same module or graphql-js refuses types "from another realm".
    alias: [
      { find: /^graphql$/, replacement: require.resolve('graphql') },
      // Test the read-models source, not whatever its dist was last built from.
      { find: /^@marquee\/read-models$/, replacement: new URL('../read-models/src/index.ts', import.meta.url).pathname },
    ],
  },
  test: {
    name: 'server',
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    globalSetup: ['test/harness/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    env: { MARQUEE_TSCONFIG_TARGET: tsconfig.compilerOptions.target },
  },
});
