import { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { AppModule } from '../app.module';
import { validateSidecarEnv } from '../config/env.validation';
import { HealthListener } from './health.listener';

describe('sidecar health listener', () => {
  let app: INestApplication;
  let url: string;

  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [AppModule.forRoot(validateSidecarEnv({}))],
    }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    await app.init();
    const port = await app.get(HealthListener).listen(0, '127.0.0.1');
    url = `http://127.0.0.1:${port}`;
  });

  afterAll(async () => {
    await app.close();
  });

  it('GET /livez answers while the process is alive', async () => {
    await request(url).get('/livez').expect(200, { status: 'ok' });
  });

  it('GET /readyz reports ready and claims no dependency checks yet', async () => {
    await request(url).get('/readyz').expect(200, { status: 'ok', info: {}, error: {}, details: {} });
  });

  it('answers unknown paths with 404 and other methods with 405', async () => {
    await request(url).get('/healthz').expect(404);
    await request(url).post('/livez').expect(405).expect('Allow', 'GET, HEAD');
  });

  it('stops listening when the application closes', async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [AppModule.forRoot(validateSidecarEnv({}))],
    }).compile();
    const other = moduleRef.createNestApplication({ logger: false });
    await other.init();
    const port = await other.get(HealthListener).listen(0, '127.0.0.1');

    await other.close();

    await expect(fetch(`http://127.0.0.1:${port}/livez`)).rejects.toThrow();
  });
});
