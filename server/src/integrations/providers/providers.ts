import type { Redis } from 'ioredis';
import type { Logger } from '../../infra/logger.js';
import { FanartProvider } from './fanart/fanart.provider.js';
import { MusicBrainzProvider } from './musicbrainz/musicbrainz.provider.js';
import type { ProvidersConfig } from './provider-config.js';
import { ProviderProxy } from './provider-proxy.js';
import { cacheHitRate, ProviderStats, type ProviderCounters } from './provider-stats.js';
import { PROVIDER_NAMES, type Capability, type MetadataProvider, type ProviderName } from './provider.types.js';
import { TmdbProvider } from './tmdb/tmdb.provider.js';
import { TvdbProvider } from './tvdb/tvdb.provider.js';

export interface ProviderStatus extends ProviderCounters {
  name: ProviderName;
  capabilities: readonly Capability[];
  /** Only whether a key is set; the key itself never leaves the server. */
  keySet: boolean;
  /** Whether enrichment asks it, and where in the order (1 = first). */
  priority: number | null;
  offline: boolean;
  limitPerSecond: number | null;
  budgetRemaining: number | null;
  cacheHitRate: number | null;
}

/** Every metadata provider with its proxy; one per process, shared by all jobs. */
export class Providers {
  readonly stats: ProviderStats;
  private readonly providers: Record<ProviderName, MetadataProvider>;
  private readonly proxies: Record<ProviderName, ProviderProxy>;

  constructor(
    readonly config: ProvidersConfig,
    redis: Redis,
    prefix: string,
    logger: Logger,
  ) {
    this.stats = new ProviderStats(redis, prefix);
    this.providers = {
      tmdb: new TmdbProvider(config),
      tvdb: new TvdbProvider(config, redis, prefix),
      fanart: new FanartProvider(config),
      musicbrainz: new MusicBrainzProvider(),
    };
    this.proxies = Object.fromEntries(PROVIDER_NAMES.map((name) => [name, new ProviderProxy(name, redis, prefix, config, this.stats, logger)])) as Record<ProviderName, ProviderProxy>;
  }

  /** The providers enrichment asks, in priority order. */
  ordered(): Array<{ provider: MetadataProvider; proxy: ProviderProxy }> {
    return this.config.order.map((name) => ({ provider: this.providers[name], proxy: this.proxies[name] }));
  }

  get(name: ProviderName): { provider: MetadataProvider; proxy: ProviderProxy } {
    return { provider: this.providers[name], proxy: this.proxies[name] };
  }

  async status(): Promise<ProviderStatus[]> {
    const counters = await this.stats.readAll();
    return Promise.all(
      PROVIDER_NAMES.map(async (name) => {
        const budget = await this.proxies[name].budget();
        const position = this.config.order.indexOf(name);
        return {
          ...counters[name],
          name,
          capabilities: this.providers[name].capabilities,
          keySet: name === 'musicbrainz' ? true : Boolean(this.config.settings[name].apiKey),
          priority: position < 0 ? null : position + 1,
          offline: this.config.offline,
          limitPerSecond: budget.limitPerSecond,
          budgetRemaining: budget.remaining,
          cacheHitRate: cacheHitRate(counters[name]),
        };
      }),
    );
  }
}
