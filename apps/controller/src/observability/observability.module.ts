/** Metrics for Prometheus: one registry for the process, exposed at `/metrics`. */
import { Global, Module } from '@nestjs/common';
import { ConsumerLagCollector } from './consumer-lag.collector';
import { ControllerMetrics } from './controller-metrics';
import { MetricsController } from './metrics.controller';

@Global()
@Module({
  controllers: [MetricsController],
  providers: [ControllerMetrics, ConsumerLagCollector],
  exports: [ControllerMetrics, ConsumerLagCollector],
})
export class ObservabilityModule {}
