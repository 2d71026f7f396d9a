/**
 * Boots the controller in-process (the same AppModule and HTTP setup main.ts uses) against a
 * fresh test database, for API-level integration tests with supertest.
 */
import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { createTestDatabase, type TestDatabase } from '@switchyard/testing';
import { AppModule } from '../../src/app.module';
import { configureApp } from '../../src/app.setup';
import { validateControllerEnv } from '../../src/config/env.validation';

export const ADMIN_TOKEN = 'test-admin-token-0123456789abcdef';

export interface ControllerUnderTest {
  app: INestApplication;
  db: TestDatabase;
  close(): Promise<void>;
}

export async function startController(env: Record<string, string> = {}): Promise<ControllerUnderTest> {
  const db = await createTestDatabase('sy_api');
  const validated = validateControllerEnv({
    DATABASE_URL: db.url,
    SWITCHYARD_ADMIN_TOKEN: ADMIN_TOKEN,
    CONTROLLER_REPLICA_ID: 'test-replica',
    ...env,
  });
  const moduleRef = await Test.createTestingModule({ imports: [AppModule.forRoot(validated)] }).compile();
  const app = configureApp(moduleRef.createNestApplication({ logger: ['error', 'warn'] }));
  await app.init();
  return {
    app,
    db,
    close: async () => {
      await app.close();
      await db.drop();
    },
  };
}
