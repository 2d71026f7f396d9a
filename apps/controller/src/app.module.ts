/**
 * Root module of the controller: makes the validated environment injectable and assembles the
 * feature modules (today only health; registry, decisions, commands, config distribution and auth
 * arrive with their issues).
 */
import { BeforeApplicationShutdown, DynamicModule, Logger, Module, OnApplicationShutdown } from '@nestjs/common';
import { ControllerEnv } from './config/env.validation';
import { HealthModule } from './health/health.module';

@Module({})
export class AppModule implements BeforeApplicationShutdown, OnApplicationShutdown {
  private readonly logger = new Logger('Lifecycle');

  static forRoot(env: ControllerEnv): DynamicModule {
    return {
      module: AppModule,
      global: true,
      imports: [HealthModule],
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
