/**
 * Root module of the controller: the validated environment, the process-wide infrastructure
 * (PostgreSQL, optional Kafka/Redis, clock, events) and the feature modules.
 */
import { BeforeApplicationShutdown, DynamicModule, Logger, Module, OnApplicationShutdown } from '@nestjs/common';
import { AuthModule } from './auth/auth.module';
import { ControllerEnv } from './config/env.validation';
import { FailoverModule } from './failover/failover.module';
import { HealthModule } from './health/health.module';
import { CoreModule } from './infrastructure/core.module';
import { DatabaseModule } from './infrastructure/database.module';
import { TransportsModule } from './infrastructure/transports';
import { IngestModule } from './ingest/ingest.module';
import { ObservabilityModule } from './observability/observability.module';
import { RegistryModule } from './registry/registry.module';

@Module({})
export class AppModule implements BeforeApplicationShutdown, OnApplicationShutdown {
  private readonly logger = new Logger('Lifecycle');

  static forRoot(env: ControllerEnv): DynamicModule {
    return {
      module: AppModule,
      global: true,
      imports: [
        CoreModule,
        ObservabilityModule,
        DatabaseModule,
        TransportsModule,
        HealthModule,
        AuthModule,
        RegistryModule,
        FailoverModule,
        IngestModule,
      ],
      providers: [{ provide: ControllerEnv, useValue: env }],
      exports: [ControllerEnv],
    };
  }

  beforeApplicationShutdown(signal?: string): void {
    this.logger.log(`Shutting down${signal ? ` on ${signal}` : ''}`);
  }

  onApplicationShutdown(): void {
    this.logger.log('Shutdown complete');
  }
}
