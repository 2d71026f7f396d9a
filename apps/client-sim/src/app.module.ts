/**
 * Root module of the client simulator, the reference ISO 8583 client application a bank would
 * run beside a sidecar: makes the validated environment injectable and assembles the feature
 * modules. Today only health; the local API (connections, send, config) and the ISO 8583 link on
 * ISO_PORT arrive with their issues.
 */
import { BeforeApplicationShutdown, DynamicModule, Logger, Module, OnApplicationShutdown } from '@nestjs/common';
import { ClientSimEnv } from './config/env.validation';
import { HealthModule } from './health/health.module';

@Module({})
export class AppModule implements BeforeApplicationShutdown, OnApplicationShutdown {
  private readonly logger = new Logger('Lifecycle');

  static forRoot(env: ClientSimEnv): DynamicModule {
    return {
      module: AppModule,
      global: true,
      imports: [HealthModule],
      providers: [{ provide: ClientSimEnv, useValue: env }],
      exports: [ClientSimEnv],
    };
  }

  beforeApplicationShutdown(signal?: string): void {
    this.logger.log(`Shutting down${signal ? ` on ${signal}` : ''}`);
  }

  onApplicationShutdown(): void {
    this.logger.log('Shutdown complete');
  }
}
