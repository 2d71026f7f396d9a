/**
 * Command delivery against the real stack (PostgreSQL, Kafka, Redis), through the HTTP API a
 * sidecar uses: the outbox relay hands a committed command to Kafka `failover-commands` (keyed by
 * sidecar id), Redis `failover-commands` and the sidecar's SSE stream, re-sends it until its result
 * arrives and stops after; a reconnecting stream replays what is unfinished; results over Kafka and
 * REST close the command and its failover event (with phases), duplicates change nothing, a result
 * from the wrong sidecar is refused; malformed results are dead-lettered and consumption goes on;
 * a command past its deadline times out and the engine moves to the next target.
 */
import type { AddressInfo } from 'node:net';
import Redis from 'ioredis';
import { Kafka, logLevel, type Consumer } from 'kafkajs';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { DEFAULT_CONFIG, TOPICS, createEnvelope, deadLetterTopic, examples } from '@switchyard/contracts';
import { EnvelopeProducer } from '@switchyard/messaging';
import { eventually, testInfra, uniqueName } from '@switchyard/testing';
import { OutboxRelay } from '../src/commands/outbox-relay.service';
import { CommandEntity, FailoverEventEntity } from '../src/database/entities';
import { LeaderElection } from '../src/leader/leader-election.service';
import { ControllerMetrics } from '../src/observability/controller-metrics';
import { SIDECAR_ID, SseClient, primaryReset, registrationFor } from './delivery-support';
import { ADMIN_TOKEN, startController, type ControllerUnderTest } from './support/controller-app';

jest.setTimeout(90_000);

const admin = { Authorization: `Bearer ${ADMIN_TOKEN}` };

interface Seen {
  key: string | null;
  value: Record<string, unknown>;
}

async function joinedConsumer(kafka: Kafka, topic: string, sink: Seen[]): Promise<Consumer> {
  const consumer = kafka.consumer({ groupId: uniqueName('sy-test-reader'), maxWaitTimeInMs: 200 });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: false });
  const joined = new Promise<void>((resolve) => consumer.on(consumer.events.GROUP_JOIN, () => resolve()));
  await consumer.run({
    eachMessage: async ({ message }) => {
      try {
        sink.push({ key: message.key?.toString() ?? null, value: JSON.parse(message.value?.toString() ?? 'null') });
      } catch {
        sink.push({ key: message.key?.toString() ?? null, value: {} });
      }
    },
  });
  await joined;
  return consumer;
}

describe('command delivery: outbox relay, stream, results, deadlines (Kafka + Redis + HTTP)', () => {
  const infra = testInfra();
  const links = {
    resend: uniqueName('link-resend'),
    replay: uniqueName('link-replay'),
    kafka: uniqueName('link-kafka'),
    deadline: uniqueName('link-deadline'),
  };
  let c: ControllerUnderTest;
  let http: ReturnType<typeof request>;
  let baseUrl: string;
  let db: DataSource;
  let sidecarToken: string;
  let kafka: Kafka;
  let producer: EnvelopeProducer;
  let redisSub: Redis;
  const consumers: Consumer[] = [];
  const kafkaCommands: Seen[] = [];
  const deadLetters: Seen[] = [];
  const redisCommands: Array<Record<string, unknown>> = [];
  const streams: SseClient[] = [];
  let sequence = 100;
  const replicaId = uniqueName('delivery-replica');

  function stream(): SseClient {
    const s = new SseClient(
      `${baseUrl}/api/v1/sidecars/commands/stream?sidecarId=${encodeURIComponent(SIDECAR_ID)}`,
      sidecarToken,
    );
    streams.push(s);
    return s;
  }

  async function failover(connectionId: string): Promise<{ commandId: string; failoverEventId: string }> {
    const res = await http
      .put(`/api/v1/connections/${connectionId}/health`)
      .set({ Authorization: `Bearer ${sidecarToken}` })
      .send(primaryReset(connectionId, sequence++))
      .expect(200);
    const decision = (res.body.decisions as Array<{ action: string; commandId: string; failoverEventId: string }>).find(
      (d) => d.commandId,
    );
    expect(decision).toMatchObject({ action: 'FAILOVER' });
    return decision!;
  }

  const command = (id: string) => db.getRepository(CommandEntity).findOneByOrFail({ id });
  const event = (id: string) => db.getRepository(FailoverEventEntity).findOneByOrFail({ id });

  function result(commandId: string, connectionId: string, overrides: Record<string, unknown> = {}) {
    return examples.commandResult({
      commandId,
      connectionId,
      sidecarId: SIDECAR_ID,
      epoch: 1,
      deliveredVia: 'http',
      ...overrides,
    });
  }

  beforeAll(async () => {
    c = await startController({
      KAFKA_BROKERS: infra.kafkaBrokers.join(','),
      REDIS_URL: infra.redisUrl,
      KAFKA_CONSUMER_GROUP: uniqueName('sy-delivery'),
      CONTROLLER_REPLICA_ID: replicaId,
    });
    await c.app.listen(0, '127.0.0.1');
    baseUrl = `http://127.0.0.1:${(c.app.getHttpServer().address() as AddressInfo).port}`;
    http = request(c.app.getHttpServer());
    db = c.app.get(DataSource);
    sidecarToken = (await http.post('/api/v1/tokens').set(admin).send({ role: 'sidecar' }).expect(201)).body.token;
    await http
      .post('/api/v1/sidecars/register')
      .set({ Authorization: `Bearer ${sidecarToken}` })
      .send(registrationFor(Object.values(links)))
      .expect(200);

    kafka = new Kafka({ clientId: 'sy-delivery-test', brokers: infra.kafkaBrokers, logLevel: logLevel.NOTHING });
    consumers.push(await joinedConsumer(kafka, TOPICS.FAILOVER_COMMANDS, kafkaCommands));
    consumers.push(await joinedConsumer(kafka, deadLetterTopic(TOPICS.COMMAND_RESULTS), deadLetters));
    producer = new EnvelopeProducer(kafka);
    await producer.connect();
    redisSub = new Redis(infra.redisUrl);
    redisSub.on('message', (_channel: string, message: string) => redisCommands.push(JSON.parse(message)));
    await redisSub.subscribe('failover-commands');
    await eventually('this replica to lead', () => c.app.get(LeaderElection).isLeader(), 10_000);
  });

  afterAll(async () => {
    for (const s of streams) s.close();
    await Promise.all(consumers.map((k) => k.disconnect()));
    await producer?.disconnect();
    redisSub?.disconnect();
    await c?.close();
  });

  it('hands a committed command to Kafka (keyed by sidecar id), Redis and the stream, re-sends it until the result, then stops', async () => {
    const sse = stream();
    await sse.opened();
    expect(sse.status).toBe(200);

    const { commandId, failoverEventId } = await failover(links.resend);

    await eventually('the command on all three paths', () => {
      return (
        kafkaCommands.some((m) => (m.value.payload as { commandId?: string })?.commandId === commandId) &&
        redisCommands.some((m) => (m.payload as { commandId?: string })?.commandId === commandId) &&
        sse.commands().some((e) => e.id === commandId)
      );
    });
    const onKafka = kafkaCommands.find((m) => (m.value.payload as { commandId?: string }).commandId === commandId)!;
    expect(onKafka.key).toBe(SIDECAR_ID);
    expect(onKafka.value).toMatchObject({
      type: 'command',
      sender: { kind: 'controller', id: replicaId },
      sidecarId: SIDECAR_ID,
      connectionId: links.resend,
      epoch: 1,
      payload: { commandId, type: 'TRIGGER_FAILOVER', params: { targetEndpointId: 'dr-1', failoverEventId } },
    });
    const onStream = sse.commands().find((e) => e.id === commandId)!;
    expect(onStream.envelope).toMatchObject({ type: 'command', payload: { commandId } });

    await eventually('delivery recorded per path', async () => {
      const row = await command(commandId);
      return Boolean(row.delivered.kafka && row.delivered.redis && row.delivered.http);
    });
    let row = await command(commandId);
    expect(row.status).toBe('DELIVERED');
    expect(row.firstDeliveredAt).not.toBeNull();

    // No result yet: the relay sends it again (1 s backoff), on every path.
    await eventually('a re-send', async () => (await command(commandId)).attempts >= 2, 10_000);
    await eventually(
      'the second copy on the stream',
      () => sse.commands().filter((e) => e.id === commandId).length >= 2,
    );

    const posted = await http
      .post('/api/v1/command-results')
      .set({ Authorization: `Bearer ${sidecarToken}` })
      .send(result(commandId, links.resend))
      .expect(200);
    expect(posted.body).toEqual({ commandId, disposition: 'recorded', status: 'SUCCEEDED' });

    row = await command(commandId);
    expect(row.status).toBe('SUCCEEDED');
    expect(row.ackedAt).not.toBeNull();
    expect(row.result?.status).toBe('SUCCESS');
    const ev = await event(failoverEventId);
    expect(ev.outcome).toBe('SUCCEEDED');
    expect(ev.phases.map((p) => p.name)).toEqual(['ASSESS', 'MAIN']);
    expect(ev.phases[1]).toMatchObject({ durationMs: 850, outcome: 'SUCCESS', detail: 'DR link signed on' });
    expect(ev.deliveredAt?.getTime()).toBe(row.firstDeliveredAt?.getTime());
    expect(ev.completedAt).not.toBeNull();
    expect(ev.durationMs).toBeGreaterThanOrEqual(0);
    // The engine took the outcome: the link is on dr-1 now.
    const [{ active_endpoint_id }] = (await db.query('select active_endpoint_id from connections where id = $1', [
      links.resend,
    ])) as [{ active_endpoint_id: string }];
    expect(active_endpoint_id).toBe('dr-1');

    // It stops: even made due again, a finished command is never re-sent.
    const attempts = row.attempts;
    const copies = sse.commands().filter((e) => e.id === commandId).length;
    await db.query(`update commands set next_attempt_at = now() - interval '1 second' where id = $1`, [commandId]);
    const relay = c.app.get(OutboxRelay);
    const cycles = relay.cycles;
    await eventually('two more relay cycles', () => relay.cycles >= cycles + 2, 10_000);
    expect((await command(commandId)).attempts).toBe(attempts);
    expect(sse.commands().filter((e) => e.id === commandId)).toHaveLength(copies);

    // A duplicate result changes nothing.
    const ackedAt = (await command(commandId)).ackedAt;
    const dup = await http
      .post('/api/v1/command-results')
      .set({ Authorization: `Bearer ${sidecarToken}` })
      .send(
        result(commandId, links.resend, {
          status: 'FAILED',
          error: { code: 'EXECUTION_FAILED', message: 'late copy' },
        }),
      )
      .expect(200);
    expect(dup.body).toMatchObject({ disposition: 'duplicate', status: 'SUCCEEDED' });
    expect((await command(commandId)).ackedAt?.getTime()).toBe(ackedAt?.getTime());
    expect((await event(failoverEventId)).outcome).toBe('SUCCEEDED');

    // The ops view shows the whole life of the command.
    const view = await http.get(`/api/v1/commands/${commandId}`).set(admin).expect(200);
    expect(view.body).toMatchObject({
      commandId,
      status: 'SUCCEEDED',
      sidecarId: SIDECAR_ID,
      connectionId: links.resend,
      failoverEventId,
      nextAttemptAt: null,
      delivery: { kafka: expect.any(String), redis: expect.any(String), http: expect.any(String) },
      result: { status: 'SUCCESS' },
    });
    const list = await http
      .get('/api/v1/commands')
      .query({ connectionId: links.resend, status: 'SUCCEEDED', limit: '5' })
      .set(admin)
      .expect(200);
    expect(list.body.items.map((i: { commandId: string }) => i.commandId)).toEqual([commandId]);

    const metrics = (await http.get('/metrics').expect(200)).text;
    for (const path of ['kafka', 'redis', 'http']) {
      expect(metrics).toMatch(new RegExp(`switchyard_command_delivery_seconds_count\\{path="${path}"\\} [1-9]`));
    }
    expect(metrics).toMatch(/switchyard_commands_total\{type="TRIGGER_FAILOVER",status="SUCCEEDED"\} [1-9]/);
    expect(metrics).toMatch(/switchyard_leader 1/);
  });

  it('replays unfinished commands to a reconnecting stream', async () => {
    for (const s of streams.splice(0)) s.close();
    const { commandId } = await failover(links.replay);
    await eventually('the command on Kafka', () =>
      kafkaCommands.some((m) => (m.value.payload as { commandId?: string })?.commandId === commandId),
    );
    // Park it: no re-send will come, so what the new stream gets can only be the replay.
    await db.query(`update commands set next_attempt_at = now() + interval '1 hour' where id = $1`, [commandId]);
    expect((await command(commandId)).delivered.http).toBeUndefined();

    const sse = stream();
    await eventually('the replayed command', () => sse.commands().some((e) => e.id === commandId));
    await eventually('HTTP delivery recorded', async () => Boolean((await command(commandId)).delivered.http));
  });

  it('closes commands from results over Kafka; refuses the wrong sidecar; a DUPLICATE receipt closes nothing; dead-letters malformed results and goes on', async () => {
    const { commandId, failoverEventId } = await failover(links.kafka);
    await eventually('delivered', async () => (await command(commandId)).status === 'DELIVERED');
    const metrics = c.app.get(ControllerMetrics);
    const handled = async () =>
      (await metrics.ingested.get()).values.find(
        (v) => v.labels.source === 'kafka' && v.labels.type === 'command-result',
      )?.value ?? 0;

    // Over REST from a token bound to another sidecar: 409, nothing changes.
    const otherToken = (await http.post('/api/v1/tokens').set(admin).send({ role: 'sidecar' }).expect(201)).body.token;
    const wrong = await http
      .post('/api/v1/command-results')
      .set({ Authorization: `Bearer ${otherToken}` })
      .send(result(commandId, links.kafka, { sidecarId: 'payments/someone-else' }))
      .expect(409);
    expect(wrong.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(wrong.body.detail).toMatch(/issued to sidecar payments\/acquirer-7d9f-x2k4q, not payments\/someone-else/);

    // Over Kafka from another sidecar: ignored (logged).
    const before = await handled();
    await producer.send({
      topic: TOPICS.COMMAND_RESULTS,
      envelope: createEnvelope(
        'command-result',
        result(commandId, links.kafka, { sidecarId: 'payments/someone-else', deliveredVia: 'kafka' }),
        { sender: { kind: 'sidecar', id: 'payments/someone-else' } },
      ),
    });
    await eventually('the wrong result handled', async () => (await handled()) > before);
    expect((await command(commandId)).status).toBe('DELIVERED');

    // "I already have this command id": a receipt for a copy, not the outcome.
    const receipt = await http
      .post('/api/v1/command-results')
      .set({ Authorization: `Bearer ${sidecarToken}` })
      .send(result(commandId, links.kafka, { status: 'REJECTED', error: { code: 'DUPLICATE', message: 'seen' } }))
      .expect(200);
    expect(receipt.body).toMatchObject({ disposition: 'receipt', status: 'DELIVERED' });

    // Malformed messages go to command-results.dlq with the reason; the consumer goes on.
    const badKey = uniqueName('garbage');
    await producer.sendRaw(TOPICS.COMMAND_RESULTS, [
      { key: badKey, value: '{"not json' },
      { key: badKey, value: JSON.stringify({ schemaVersion: 1, type: 'command-result', payload: {} }) },
    ]);
    // Other controllers on this broker (other test files) dead-letter them too: ours name this replica.
    const ours = () => deadLetters.filter((d) => d.key === badKey && d.value.consumer === `controller:${replicaId}`);
    await eventually('both dead-lettered', () => ours().length >= 2);
    const reasons = ours().map((d) => d.value.reason);
    expect(reasons).toEqual(['INVALID_JSON', 'INVALID_ENVELOPE']);

    await producer.send({
      topic: TOPICS.COMMAND_RESULTS,
      envelope: createEnvelope(
        'command-result',
        result(commandId, links.kafka, {
          status: 'FAILED',
          deliveredVia: 'kafka',
          error: { code: 'EXECUTION_FAILED', message: 'DR host refused the sign-on' },
        }),
        { sender: { kind: 'sidecar', id: SIDECAR_ID } },
      ),
    });
    await eventually('the Kafka result recorded', async () => (await command(commandId)).status === 'FAILED');
    const row = await command(commandId);
    expect(row.statusDetail).toBe('EXECUTION_FAILED: DR host refused the sign-on');
    const ev = await event(failoverEventId);
    expect(ev.outcome).toBe('FAILED');
    expect(ev.phases).toHaveLength(2);
    // The engine moved on from the failed switch: the next target is dr-2.
    await eventually('the next decision', async () => {
      const next = await db.getRepository(FailoverEventEntity).findBy({ connectionId: links.kafka });
      return next.some((e) => e.toEndpointId === 'dr-2' && e.outcome === 'PENDING');
    });
  });

  it('times a command out at its deadline (reason recorded) and the engine moves to the next target', async () => {
    const doc = { ...structuredClone(DEFAULT_CONFIG), scope: `connection:${links.deadline}` } as Record<
      string,
      unknown
    >;
    delete doc.version;
    (doc.failover as { commandDeadlineMs: number }).commandDeadlineMs = 1_500;
    await http.post('/api/v1/config/versions').set(admin).send(doc).expect(201);

    const sse = stream();
    const { commandId, failoverEventId } = await failover(links.deadline);
    // The connection's config version is in force: the deadline is 1.5 s after the decision.
    const issued = await command(commandId);
    expect(issued.deadline.getTime() - (await event(failoverEventId)).decidedAt.getTime()).toBe(1_500);
    await eventually('the command on the stream', () => sse.commands().some((e) => e.id === commandId));

    await eventually('TIMEOUT', async () => (await command(commandId)).status === 'TIMEOUT', 15_000);
    const row = await command(commandId);
    expect(row.statusDetail).toMatch(
      new RegExp(
        `^no result from sidecar payments/acquirer-7d9f-x2k4q by its deadline ${row.deadline.toISOString()}; sent [1-9] time\\(s\\) over http, kafka, redis$`,
      ),
    );
    const ev = await event(failoverEventId);
    expect(ev.outcome).toBe('TIMED_OUT');
    expect(ev.outcomeDetail).toBe(row.statusDetail);
    expect(ev.completedAt).not.toBeNull();
    expect(ev.durationMs).toBeGreaterThanOrEqual(1_500);

    await eventually('a failover to dr-2 with its own command', async () => {
      const events = await db.getRepository(FailoverEventEntity).findBy({ connectionId: links.deadline });
      const next = events.find((e) => e.toEndpointId === 'dr-2' && e.action === 'FAILOVER');
      if (!next) return false;
      const cmds = await db.getRepository(CommandEntity).findBy({ failoverEventId: next.id });
      return cmds.length === 1 && cmds[0]!.epoch === 2;
    });
    // The timed-out command is not re-sent, not even on the stream.
    const copies = sse.commands().filter((e) => e.id === commandId).length;
    const relay = c.app.get(OutboxRelay);
    const cycles = relay.cycles;
    await eventually('two more relay cycles', () => relay.cycles >= cycles + 2, 10_000);
    expect(sse.commands().filter((e) => e.id === commandId)).toHaveLength(copies);
  });

  it('validates the command views and the result body (problem+json naming the field)', async () => {
    const bad = await http
      .get('/api/v1/commands')
      .query({ status: 'DONE', limit: '0', colour: 'red' })
      .set(admin)
      .expect(400);
    const paths = (bad.body.errors as Array<{ path: string }>).map((e) => e.path).sort();
    expect(paths).toEqual(['colour', 'limit', 'status']);
    await http.get('/api/v1/commands/not-a-uuid').set(admin).expect(400);
    await http.get('/api/v1/commands/6f1c2a52-3b0e-4c8e-9d5b-000000000000').set(admin).expect(404);
    await http.get('/api/v1/commands').query({ cursor: 'bm9wZQ' }).set(admin).expect(400);
    const body = await http
      .post('/api/v1/command-results')
      .set({ Authorization: `Bearer ${sidecarToken}` })
      .send({ ...result('6f1c2a52-3b0e-4c8e-9d5b-1a2b3c4d5e6f', links.resend), status: 'MAYBE' })
      .expect(400);
    expect(body.body.errors.map((e: { path: string }) => e.path)).toContain('status');
    await http
      .post('/api/v1/command-results')
      .set({ Authorization: `Bearer ${sidecarToken}` })
      .send(result('6f1c2a52-3b0e-4c8e-9d5b-000000000000', links.resend))
      .expect(404);
    await http
      .get('/api/v1/commands')
      .set({ Authorization: `Bearer ${sidecarToken}` })
      .expect(403);
    await http
      .get('/api/v1/sidecars/commands/stream')
      .query({ sidecarId: 'no slash' })
      .set({ Authorization: `Bearer ${sidecarToken}` })
      .expect(400);

    // Pagination: pages never overlap and end with a null cursor.
    const seen = new Set<string>();
    let cursor: string | null = null;
    for (let page = 0; page < 50; page++) {
      const res: { body: { items: Array<{ commandId: string }>; nextCursor: string | null } } = await http
        .get('/api/v1/commands')
        .query({ limit: '1', ...(cursor ? { cursor } : {}) })
        .set(admin)
        .expect(200);
      for (const i of res.body.items) {
        expect(seen.has(i.commandId)).toBe(false);
        seen.add(i.commandId);
      }
      cursor = res.body.nextCursor;
      if (!cursor) break;
    }
    const [{ n }] = (await db.query('select count(*)::int as n from commands')) as [{ n: number }];
    expect(seen.size).toBe(n);
  });
});
