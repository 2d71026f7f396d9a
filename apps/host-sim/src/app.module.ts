/**
 * Root module of the host simulator, which plays the card network / issuer hosts (primary and DR)
 * with fault injection: makes the validated environment injectable and assembles the feature
 * modules. Today only health; the ISO 8583 listener on ISO_PORT and the fault-injection control
 * API arrive with their issues.
 */
import { BeforeApplicationShutdown, DynamicModule, Logger, Module, OnApplicationShutdown } from '@nestjs/common';
import { HostSimEnv } from './config/env.validation';
import { HealthModule } from './health/health.module';

@Module({})
export class AppModule implements BeforeApplicationShutdown, OnApplicationShutdown {
  private readonly logger = new Logger('Lifecycle');

  static forRoot(env: HostSimEnv): DynamicModule {
    return {
      module: AppModule,
      global: true,
      imports: [HealthModule],
      providers: [{ provide: HostSimEnv, useValue: env }],
      exports: [HostSimEnv],
    };
  }

  beforeApplicationShutdown(signal?: string): void {
    this.logger.log(`Shutting down${signal ? ` on ${signal}` : ''}`);
  }

  onApplicationShutdown(): void {
    this.logger.log('Shutdown complete');
  }
}
