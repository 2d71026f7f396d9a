/**
 * Root module of the sidecar: makes the validated environment injectable and assembles the
 * feature modules. Today: health probes and Prometheus metrics on their own ports; the control
 * API (the Nest HTTP application on CONTROL_PORT) has no routes yet. Connection lifecycle,
 * health reporting, failover execution, configuration and commands arrive with their issues.
 */
import { BeforeApplicationShutdown, DynamicModule, Logger, Module, OnApplicationShutdown } from '@nestjs/common';
import { SidecarEnv } from './config/env.validation';
import { HealthModule } from './health/health.module';
import { MetricsModule } from './metrics/metrics.module';

@Module({})
export class AppModule implements BeforeApplicationShutdown, OnApplicationShutdown {
  private readonly logger = new Logger('Lifecycle');

  static forRoot(env: SidecarEnv): DynamicModule {
    return {
      module: AppModule,
      global: true,
      imports: [HealthModule, MetricsModule],
      providers: [{ provide: SidecarEnv, useValue: env }],
      exports: [SidecarEnv],
    };
  }

  beforeApplicationShutdown(signal?: string): void {
    this.logger.log(`Shutting down${signal ? ` on ${signal}` : ''}`);
  }

  onApplicationShutdown(): void {
    this.logger.log('Shutdown complete');
  }
}
