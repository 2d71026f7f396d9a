import { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { AppModule } from '../app.module';
import { validateClientSimEnv } from '../config/env.validation';

describe('client-sim health endpoint', () => {
  let app: INestApplication;

  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [AppModule.forRoot(validateClientSimEnv({}))],
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

  it('GET /actuator/health reports UP', async () => {
    await request(app.getHttpServer()).get('/actuator/health').expect(200, { status: 'UP' });
  });
});
