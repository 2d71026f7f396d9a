/**
 * Metrics owns the Prometheus registry and its scrape endpoint on METRICS_PORT. Today it serves
 * prom-client's default process metrics (CPU, memory, event-loop lag, GC, handles); the seed's
 * connection, echo and failover metrics register on the same registry with their features.
 */
import { Module } from '@nestjs/common';
import { collectDefaultMetrics, Registry } from 'prom-client';
import { MetricsListener } from './metrics.listener';

@Module({
  providers: [
    {
      // A registry per application instance rather than prom-client's global one, so tests that
      // boot several instances in one process do not collide on metric names.
      provide: Registry,
      useFactory: (): Registry => {
        const registry = new Registry();
        collectDefaultMetrics({ register: registry });
        return registry;
      },
    },
    MetricsListener,
  ],
  exports: [Registry, MetricsListener],
})
export class MetricsModule {}
