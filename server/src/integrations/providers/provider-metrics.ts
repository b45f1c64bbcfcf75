import { Gauge, type Registry } from 'prom-client';
import { BREAKER_STATES, COUNTERS } from './provider-stats.js';
import type { Providers, ProviderStatus } from './providers.js';

/**
 * Provider metrics, read from the shared Redis counters at scrape time so every process reports
 * the whole installation's numbers: calls by outcome, cache hit rate, budget and breaker state
 * (1 for the current state). The registry reads gauges concurrently, so each reads the status.
 */
export function registerProviderMetrics(registry: Registry, providers: Providers): void {
  const gauge = (name: string, help: string, labelNames: string[], fill: (g: Gauge, s: ProviderStatus) => void) =>
    new Gauge({
      name,
      help,
      labelNames,
      registers: [registry],
      async collect() {
        const status = await providers.status();
        this.reset();
        for (const s of status) fill(this, s);
      },
    });
  gauge('marquee_provider_calls', 'Provider calls by outcome (requests, cacheHits, staleHits, cacheMisses, errors, throttled, timeouts, retries, rejected), all workers', ['provider', 'outcome'], (g, s) => {
    for (const c of COUNTERS) g.set({ provider: s.name, outcome: c }, s[c]);
  });
  gauge('marquee_provider_cache_hit_ratio', 'Share of provider lookups answered from the cache', ['provider'], (g, s) => {
    if (s.cacheHitRate !== null) g.set({ provider: s.name }, s.cacheHitRate);
  });
  gauge('marquee_provider_budget_remaining', 'Requests left in the current rate-limit window (absent: no limit)', ['provider'], (g, s) => {
    if (s.budgetRemaining !== null) g.set({ provider: s.name }, s.budgetRemaining);
  });
  gauge('marquee_provider_breaker_state', 'Circuit breaker state per provider (1 = current state)', ['provider', 'state'], (g, s) => {
    for (const state of BREAKER_STATES) g.set({ provider: s.name, state }, s.breaker === state ? 1 : 0);
  });
}
