/**
 * Process entry point of the host simulator: validate the environment, serve the control API, stop
 * in order on SIGTERM/SIGINT with exit code 0. Logs are JSON lines on stdout/stderr.
 *
 * ISO_PORT is validated but not opened: the ISO 8583 listener arrives with its issue.
 */
import 'reflect-metadata';
import { ConsoleLogger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { EnvValidationError } from '@switchyard/platform';
import { AppModule } from './app.module';
import { validateHostSimEnv } from './config/env.validation';

async function bootstrap(logger: ConsoleLogger): Promise<void> {
  const env = validateHostSimEnv(process.env);
  const app = await NestFactory.create(AppModule.forRoot(env), { logger });
  // useProcessExit: exit 0 after the shutdown hooks instead of re-raising the signal.
  app.enableShutdownHooks(['SIGTERM', 'SIGINT'], { useProcessExit: true });
  await app.listen(env.PORT, env.HOST);
  logger.log(`Listening on http://${env.HOST}:${env.PORT}`, 'Bootstrap');
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
