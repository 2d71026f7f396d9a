/**
 * Config distribution against the real stack: a version is validated with libs/contracts,
 * numbered by the server, published to compacted `config-updates` (key = scope), to Redis
 * `connection:{id}:config` and to the sidecar's HTTP stream; the rollout shows PENDING until the
 * sidecar acks (REST or Kafka), then APPLIED or REJECTED with the reasons.
 */
import type { AddressInfo } from 'node:net';
import Redis from 'ioredis';
import { Kafka, logLevel, type Consumer } from 'kafkajs';
import request from 'supertest';
import { DEFAULT_CONFIG, TOPICS, createEnvelope, examples } from '@switchyard/contracts';
import { EnvelopeProducer } from '@switchyard/messaging';
import { eventually, testInfra, uniqueName } from '@switchyard/testing';
import { SIDECAR_ID, SseClient, registrationFor } from './delivery-support';
import { ADMIN_TOKEN, startController, type ControllerUnderTest } from './support/controller-app';

jest.setTimeout(90_000);

const admin = { Authorization: `Bearer ${ADMIN_TOKEN}` };

interface EditableDoc {
  scope: string;
  version?: number;
  health: { weights: Record<string, number> };
  failover: Record<string, unknown>;
}

function documentFor(scope: string, change: (doc: EditableDoc) => void = () => undefined) {
  const doc = structuredClone(DEFAULT_CONFIG) as unknown as EditableDoc;
  doc.scope = scope;
  delete doc.version;
  change(doc);
  return doc;
}

describe('config distribution (Kafka + Redis + HTTP stream)', () => {
  const infra = testInfra();
  const link = uniqueName('cfg-link');
  const scope = `connection:${link}`;
  let c: ControllerUnderTest;
  let http: ReturnType<typeof request>;
  let sidecarToken: string;
  let kafka: Kafka;
  let consumer: Consumer;
  let producer: EnvelopeProducer;
  let redis: Redis;
  let sse: SseClient;
  const updates: Array<{ key: string | null; value: unknown }> = [];

  beforeAll(async () => {
    c = await startController({
      KAFKA_BROKERS: infra.kafkaBrokers.join(','),
      REDIS_URL: infra.redisUrl,
      KAFKA_CONSUMER_GROUP: uniqueName('sy-config'),
    });
    await c.app.listen(0, '127.0.0.1');
    const port = (c.app.getHttpServer().address() as AddressInfo).port;
    http = request(c.app.getHttpServer());
    sidecarToken = (await http.post('/api/v1/tokens').set(admin).send({ role: 'sidecar' }).expect(201)).body.token;
    await http
      .post('/api/v1/sidecars/register')
      .set({ Authorization: `Bearer ${sidecarToken}` })
      .send(registrationFor([link]))
      .expect(200);
    kafka = new Kafka({ clientId: 'sy-config-test', brokers: infra.kafkaBrokers, logLevel: logLevel.NOTHING });
    consumer = kafka.consumer({ groupId: uniqueName('sy-config-reader'), maxWaitTimeInMs: 200 });
    await consumer.connect();
    await consumer.subscribe({ topic: TOPICS.CONFIG_UPDATES, fromBeginning: false });
    const joined = new Promise<void>((resolve) => consumer.on(consumer.events.GROUP_JOIN, () => resolve()));
    await consumer.run({
      eachMessage: async ({ message }) => {
        updates.push({ key: message.key?.toString() ?? null, value: JSON.parse(message.value?.toString() ?? 'null') });
      },
    });
    await joined;
    producer = new EnvelopeProducer(kafka);
    await producer.connect();
    redis = new Redis(infra.redisUrl);
    sse = new SseClient(
      `http://127.0.0.1:${port}/api/v1/sidecars/commands/stream?sidecarId=${encodeURIComponent(SIDECAR_ID)}`,
      sidecarToken,
    );
    await sse.opened();
  });

  afterAll(async () => {
    sse?.close();
    await consumer?.disconnect();
    await producer?.disconnect();
    redis?.disconnect();
    await c?.close();
  });

  it('numbers, validates and publishes a version on Kafka, Redis and the stream', async () => {
    const created = await http.post('/api/v1/config/versions').set(admin).send(documentFor(scope)).expect(201);
    expect(created.body).toMatchObject({ scope, version: 1, createdBy: expect.any(String) });
    expect(created.body.publishedAt).not.toBeNull();

    await eventually('config-updates carries it', () => updates.some((u) => u.key === scope));
    const onKafka = updates.find((u) => u.key === scope)!;
    expect(onKafka.value).toMatchObject({
      type: 'config-update',
      sender: { kind: 'controller' },
      payload: { scope, version: 1, failover: DEFAULT_CONFIG.failover },
    });
    expect(JSON.parse((await redis.get(`connection:${link}:config`)) ?? 'null')).toMatchObject({ scope, version: 1 });
    await eventually('the stream carries it', () => sse.configs().some((e) => e.id === `${scope}@1`));
    expect(sse.configs().find((e) => e.id === `${scope}@1`)!.envelope).toMatchObject({
      type: 'config-update',
      payload: { scope, version: 1 },
    });

    // An explicit version must be the next one; otherwise someone published in between.
    const stale = await http
      .post('/api/v1/config/versions')
      .set(admin)
      .send({ ...documentFor(scope), version: 1 })
      .expect(409);
    expect(stale.body).toMatchObject({ status: 409, latestVersion: 1, nextVersion: 2 });
    await http
      .post('/api/v1/config/versions')
      .set(admin)
      .send({ ...documentFor(scope, (d) => (d.failover.commandDeadlineMs = 20_000)), version: 2 })
      .expect(201);

    // Invalid documents: 400 naming each field, nothing stored.
    const bad = await http
      .post('/api/v1/config/versions')
      .set(admin)
      .send(
        documentFor(scope, (d) => {
          d.health.weights.application = 99;
          d.failover.colour = 'red';
        }),
      )
      .expect(400);
    expect((bad.body.errors as Array<{ path: string }>).map((e) => e.path).sort()).toEqual([
      'failover.colour',
      'health.weights',
    ]);
    await http.post('/api/v1/config/versions').set(admin).send([1, 2]).expect(400);
    const viewer = (await http.post('/api/v1/tokens').set(admin).send({ role: 'viewer' }).expect(201)).body.token;
    await http
      .post('/api/v1/config/versions')
      .set({ Authorization: `Bearer ${viewer}` })
      .send(documentFor(scope))
      .expect(403);

    const list = await http.get('/api/v1/config/versions').query({ scope }).set(admin).expect(200);
    expect(list.body.items.map((v: { version: number }) => v.version)).toEqual([2, 1]);
    const v2 = await http.get(`/api/v1/config/versions/${scope}/2`).set(admin).expect(200);
    expect(v2.body.document.failover.commandDeadlineMs).toBe(20_000);
    await http.get(`/api/v1/config/versions/${scope}/3`).set(admin).expect(404);
    const badPath = await http.get('/api/v1/config/versions/everywhere/zero').set(admin).expect(400);
    expect(badPath.body.errors.map((e: { path: string }) => e.path)).toEqual(['scope', 'version']);

    // The REST fallback: what is in force for this sidecar.
    const effective = await http
      .get('/api/v1/config')
      .query({ sidecarId: SIDECAR_ID })
      .set({ Authorization: `Bearer ${sidecarToken}` })
      .expect(200);
    expect(effective.body.documents.map((d: { scope: string; version: number }) => `${d.scope}@${d.version}`)).toEqual([
      `${scope}@2`,
    ]);
  });

  it('shows the rollout: PENDING until the sidecar acks, then APPLIED or REJECTED with the reasons', async () => {
    const before = await http.get('/api/v1/config/rollout').query({ scope }).set(admin).expect(200);
    expect(before.body).toMatchObject({
      scope,
      version: 2,
      summary: { APPLIED: 0, REJECTED: 0, PENDING: 1 },
      sidecars: [{ sidecarId: SIDECAR_ID, status: 'PENDING', ackedAt: null }],
    });

    const ack = examples.configAck({
      scope: scope as `connection:${string}`,
      version: 2,
      appliedAt: new Date().toISOString(),
    });
    const first = await http
      .post('/api/v1/config-acks')
      .set({ Authorization: `Bearer ${sidecarToken}` })
      .send(ack)
      .expect(200);
    expect(first.body).toEqual({ disposition: 'recorded' });
    const again = await http
      .post('/api/v1/config-acks')
      .set({ Authorization: `Bearer ${sidecarToken}` })
      .send(ack)
      .expect(200);
    expect(again.body).toEqual({ disposition: 'unchanged' });
    const applied = await http.get('/api/v1/config/rollout').query({ scope, version: '2' }).set(admin).expect(200);
    expect(applied.body).toMatchObject({
      summary: { APPLIED: 1, REJECTED: 0, PENDING: 0 },
      sidecars: [{ sidecarId: SIDECAR_ID, status: 'APPLIED', errors: [] }],
    });

    // Version 1, rejected over Kafka with the reason.
    const rejected = examples.configAck({
      scope: scope as `connection:${string}`,
      version: 1,
      status: 'REJECTED',
      errors: [{ path: 'connection.spec', message: 'unknown ISO 8583 spec on this sidecar' }],
      appliedAt: new Date().toISOString(),
    });
    await producer.send({
      topic: TOPICS.COMMAND_RESULTS,
      envelope: createEnvelope('config-ack', rejected, { sender: { kind: 'sidecar', id: SIDECAR_ID } }),
    });
    await eventually('the Kafka ack recorded', async () => {
      const r = await http.get('/api/v1/config/rollout').query({ scope, version: '1' }).set(admin);
      return r.body.summary?.REJECTED === 1;
    });
    const v1 = await http.get('/api/v1/config/rollout').query({ scope, version: '1' }).set(admin).expect(200);
    expect(v1.body.sidecars).toEqual([
      {
        sidecarId: SIDECAR_ID,
        status: 'REJECTED',
        errors: [{ path: 'connection.spec', message: 'unknown ISO 8583 spec on this sidecar' }],
        ackedAt: rejected.appliedAt,
      },
    ]);

    await http
      .post('/api/v1/config-acks')
      .set({ Authorization: `Bearer ${sidecarToken}` })
      .send({ ...ack, version: 9 })
      .expect(404);
    await http.get('/api/v1/config/rollout').query({ scope: 'nowhere' }).set(admin).expect(400);
    await http.get('/api/v1/config/rollout').query({ scope: 'connection:absent-link' }).set(admin).expect(404);
    const metrics = (await http.get('/metrics').expect(200)).text;
    expect(metrics).toMatch(/switchyard_config_acks_total\{status="APPLIED"\} 1/);
    expect(metrics).toMatch(/switchyard_config_acks_total\{status="REJECTED"\} 1/);
  });
});
