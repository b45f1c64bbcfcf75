import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** One registry per process role set; gauges that need I/O are collected at scrape time. */
export class Metrics {
  readonly registry = new Registry();
  readonly httpDuration: Histogram<'method' | 'route' | 'status'>;
  readonly graphqlDuration: Histogram<'operation' | 'type' | 'outcome'>;
  readonly projectedEvents: Counter;
  readonly projectorLag: Gauge;
  readonly projectorDeadLetters: Counter;
  readonly jobs: Gauge<'queue' | 'state'>;

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'marquee_' });
    this.httpDuration = new Histogram({
      name: 'marquee_http_request_duration_seconds',
      help: 'HTTP request duration by route',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [this.registry],
    });
    this.graphqlDuration = new Histogram({
      name: 'marquee_graphql_operation_duration_seconds',
      help: 'GraphQL operation duration by operation name and type',
      labelNames: ['operation', 'type', 'outcome'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [this.registry],
    });
    this.projectedEvents = new Counter({
      name: 'marquee_projector_events_total',
      help: 'Outbox events applied to read models by this process',
      registers: [this.registry],
    });
    this.projectorDeadLetters = new Counter({
      name: 'marquee_projector_dead_letters_total',
      help: 'Outbox events set aside because no projection could apply them',
      registers: [this.registry],
    });
    this.projectorLag = new Gauge({
      name: 'marquee_projector_lag_events',
      help: 'Committed outbox events not yet applied to the active read-model namespace',
      registers: [this.registry],
    });
    this.jobs = new Gauge({
      name: 'marquee_jobs',
      help: 'Jobs per queue and state',
      labelNames: ['queue', 'state'],
      registers: [this.registry],
    });
  }
}
