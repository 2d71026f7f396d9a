import { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { AppModule } from '../app.module';
import { validateHostSimEnv } from '../config/env.validation';

describe('host-sim health endpoint', () => {
  let app: INestApplication;

  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [AppModule.forRoot(validateHostSimEnv({}))],
    }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    await app.init();
  });

  afterAll(async () => {
    await app.close();
  });

  it('GET /health reports UP', async () => {
    await request(app.getHttpServer()).get('/health').expect(200, { status: 'UP' });
  });
});
