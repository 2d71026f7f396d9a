import { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { AppModule } from '../app.module';
import { configureApp } from '../app.setup';
import { validateControllerEnv } from '../config/env.validation';

describe('controller health endpoints', () => {
  let app: INestApplication;

  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [AppModule.forRoot(validateControllerEnv({}))],
    }).compile();
    app = configureApp(moduleRef.createNestApplication({ logger: false }));
    await app.init();
  });

  afterAll(async () => {
    await app.close();
  });

  it('GET /livez answers while the process is alive', async () => {
    await request(app.getHttpServer()).get('/livez').expect(200, { status: 'ok' });
  });

  it('GET /readyz reports ready and claims no dependency checks yet', async () => {
    await request(app.getHttpServer()).get('/readyz').expect(200, { status: 'ok', info: {}, error: {}, details: {} });
  });

  it('serves the probes at the root, outside the /api/v1 prefix', async () => {
    await request(app.getHttpServer()).get('/api/v1/livez').expect(404);
  });
});
