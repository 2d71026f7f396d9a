import { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { AppModule } from '../app.module';
import { validateSidecarEnv } from '../config/env.validation';
import { MetricsListener } from './metrics.listener';

describe('sidecar metrics listener', () => {
  let app: INestApplication;
  let url: string;

  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [AppModule.forRoot(validateSidecarEnv({}))],
    }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    await app.init();
    const port = await app.get(MetricsListener).listen(0, '127.0.0.1');
    url = `http://127.0.0.1:${port}`;
  });

  afterAll(async () => {
    await app.close();
  });

  it('GET /metrics serves the process metrics in Prometheus text format', async () => {
    const response = await request(url).get('/metrics').expect(200);

    expect(response.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(response.text).toMatch(/^process_cpu_user_seconds_total \d/m);
    expect(response.text).toMatch(/^nodejs_eventloop_lag_seconds \d/m);
  });

  it('answers other paths with 404', async () => {
    await request(url).get('/').expect(404);
  });
});
