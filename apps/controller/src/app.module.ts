/**
 * Root module of the controller: the validated environment, the process-wide infrastructure
 * (PostgreSQL, optional Kafka/Redis, clock, events) and the feature modules.
 */
import { BeforeApplicationShutdown, DynamicModule, Logger, Module, OnApplicationShutdown } from '@nestjs/common';
import { AuthModule } from './auth/auth.module';
import { CommandsModule } from './commands/commands.module';
import { ConfigDistributionModule } from './config-distribution/config-distribution.module';
import { ControllerEnv } from './config/env.validation';
import { ConnectionsModule } from './connections/connections.module';
import { EventsModule } from './events/events.module';
import { FailoverModule } from './failover/failover.module';
import { HealthModule } from './health/health.module';
import { HistoryModule } from './history/history.module';
import { CoreModule } from './infrastructure/core.module';
import { DatabaseModule } from './infrastructure/database.module';
import { TransportsModule } from './infrastructure/transports';
import { IngestModule } from './ingest/ingest.module';
import { LeaderModule } from './leader/leader.module';
import { ObservabilityModule } from './observability/observability.module';
import { RegistryModule } from './registry/registry.module';
import { SweepsModule } from './sweeps/sweeps.module';

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
        LeaderModule,
        CommandsModule,
        ConfigDistributionModule,
        SweepsModule,
        ConnectionsModule,
        HistoryModule,
        EventsModule,
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
