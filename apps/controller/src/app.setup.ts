/**
 * HTTP wiring shared by main.ts and the tests, so a test boots the same routes the process serves.
 */
import { INestApplication } from '@nestjs/common';
import { HEALTH_ROUTES } from './health/health.controller';

export const API_PREFIX = 'api/v1';

export function configureApp(app: INestApplication): INestApplication {
  app.setGlobalPrefix(API_PREFIX, { exclude: [...HEALTH_ROUTES] });
  return app;
}
