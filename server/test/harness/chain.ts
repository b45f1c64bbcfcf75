import { afterAll, beforeAll } from 'vitest';
import { startFakeProviders, type FakeProviders } from './fake-providers.js';
import { useMarquee, type TestMarquee } from './marquee.js';
import type { TestServices } from './services.js';

/**
 * The whole product (api + worker + projector) against the fake providers, tuned for tests that
 * follow an *arr webhook through every phase: players debounced for a second, integrations retried
 * after a second and once only, dead jobs noticed within a second, no provider rate limits.
 */
export function useChainProduct(services: TestServices): { marquee: TestMarquee; fakes: () => FakeProviders } {
  let fakes: FakeProviders | undefined;
  const env: Record<string, string> = {
    MARQUEE_FFPROBE: 'off',
    MARQUEE_OUTGOING_ALLOW_LOOPBACK: 'true',
    MARQUEE_PLAYER_DEBOUNCE_SECONDS: '1',
    MARQUEE_INTEGRATION_RETRY_SECONDS: '1',
    MARQUEE_INTEGRATION_RETRY_LIMIT: '1',
    MARQUEE_JOB_SUPERVISE_SECONDS: '1',
    MARQUEE_PROVIDER_RATE_LIMITS: 'off',
    // The fake providers answer slowly on a loaded machine; a timeout there means a 30 s enrich retry.
    MARQUEE_PROVIDER_TIMEOUT_MS: '5000',
    MARQUEE_PROVIDER_RETRIES: '1',
  };
  // The fakes start before Marquee (which reads their addresses from `env`) and stop after it.
  beforeAll(async () => {
    fakes = await startFakeProviders();
    Object.assign(env, fakes.env);
  }, 120_000);
  afterAll(async () => {
    await fakes?.close();
  });
  const marquee = useMarquee(services, ['api', 'worker', 'projector'], env);
  return {
    marquee,
    fakes: () => {
      if (!fakes) throw new Error('the fake providers are not running');
      return fakes;
    },
  };
}
