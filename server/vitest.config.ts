import { defineConfig } from 'vitest/config';
// Imported so a tsconfig change invalidates vitest's transform cache (decorator metadata).
import tsconfig from '../tsconfig.json' with { type: 'json' };

export default defineConfig({
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
