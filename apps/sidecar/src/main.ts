/**
 * Process entry point of the sidecar: validate the environment, open the three listeners of the
 * seed (control API, metrics, health probes), stop in order on SIGTERM/SIGINT with exit code 0.
 * Logs are JSON lines on stdout/stderr.
 */
import 'reflect-metadata';
import { ConsoleLogger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { EnvValidationError } from '@switchyard/platform';
import { AppModule } from './app.module';
import { validateSidecarEnv } from './config/env.validation';
import { HealthListener } from './health/health.listener';
import { MetricsListener } from './metrics/metrics.listener';

async function bootstrap(logger: ConsoleLogger): Promise<void> {
  const env = validateSidecarEnv(process.env);
  const app = await NestFactory.create(AppModule.forRoot(env), { logger });
  // useProcessExit: exit 0 after the shutdown hooks instead of re-raising the signal.
  app.enableShutdownHooks(['SIGTERM', 'SIGINT'], { useProcessExit: true });
  await app.listen(env.CONTROL_PORT, env.HOST);
  logger.log(`Control API listening on http://${env.HOST}:${env.CONTROL_PORT}`, 'Bootstrap');
  await app.get(MetricsListener).listen(env.METRICS_PORT, env.HOST);
  // Last, so a successful probe means every listener is open.
  await app.get(HealthListener).listen(env.HEALTH_PORT, env.HOST);
}

const logger = new ConsoleLogger({ json: true });
bootstrap(logger).catch((error: unknown) => {
  if (error instanceof EnvValidationError) {
    logger.error(error.message, undefined, 'Bootstrap');
  } else {
    logger.error('Start-up failed', error instanceof Error ? error.stack : String(error), 'Bootstrap');
  }
  process.exit(1);
});
