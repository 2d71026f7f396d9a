/**
 * HTTP wiring shared by main.ts and the tests, so a test boots the same routes the process serves:
 * the `/api/v1` prefix (probes at the root), problem+json for every error, bounded JSON bodies.
 */
import { type INestApplication } from '@nestjs/common';
import { json, type Express } from 'express';
import { ProblemJsonFilter, bodyParserProblems, rejectNulCharacters } from './common/problem/problem-json.filter';
import { HEALTH_ROUTES } from './health/health.controller';
import { METRICS_ROUTE } from './observability/metrics.controller';
import { setupOpenApi } from './openapi/openapi.setup';

export const API_PREFIX = 'api/v1';

export function configureApp(app: INestApplication): INestApplication {
  app.setGlobalPrefix(API_PREFIX, { exclude: [...HEALTH_ROUTES, METRICS_ROUTE] });
  app.useGlobalFilters(new ProblemJsonFilter());
  // Our JSON parser runs before Nest's default one (which then sees a parsed body and skips):
  // bounded size, and unreadable bodies answered as problem+json without quoting them.
  const express = app.getHttpAdapter().getInstance() as Express;
  express.use(json({ limit: '1mb', type: ['application/json', 'application/*+json'] }));
  express.use(bodyParserProblems);
  express.use(rejectNulCharacters);
  setupOpenApi(app);
  return app;
}
