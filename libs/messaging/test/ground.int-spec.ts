/**
 * The ground the system stands on, proven against the real services `pnpm stack` runs:
 * a contracts envelope travels through Kafka, is stored in and read back from PostgreSQL, and is
 * published and received over Redis pub/sub, arriving identical and valid each time; malformed
 * messages land in the dead-letter topic with their reason (card data masked) while the consumer
 * goes on with the next message.
 */
import Redis from 'ioredis';

import { Client } from 'pg';
import type { Kafka } from 'kafkajs';
import {
  DeadLetterReason,
  DLQ_HEADERS,
  TOPICS,
  createEnvelope,
  examples,
  validateDeadLetterRecord,
  validateEnvelope,
  type DeadLetterRecordDto,
  type Envelope,
} from '@switchyard/contracts';
import { createTestTopics, eventually, testInfra, uniqueName } from '@switchyard/testing';
import { EnvelopeConsumer, EnvelopeProducer, RedisEnvelopeChannel, createKafka, silentLogger } from '../src';

// Consumer-group joins and topic creation on a real broker take seconds, not milliseconds.
jest.setTimeout(60_000);

const SENDER = { kind: 'sidecar' as const, id: examples.SIDECAR_ID };

function healthEnvelope(sequence: number): Envelope<'health-report'> {
  return createEnvelope('health-report', examples.healthReport({ sequence }), { sender: SENDER });
}

interface ReadBack {
  value: string;
  headers: Record<string, string>;
}

/** Reads every record currently on `topic` (a fresh group from the beginning), until `count` arrived. */
async function readTopic(kafka: Kafka, topic: string, count: number): Promise<ReadBack[]> {
  const consumer = kafka.consumer({ groupId: uniqueName('reader'), maxWaitTimeInMs: 250 });
  const out: ReadBack[] = [];
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ message }) => {
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(message.headers ?? {})) if (v) headers[k] = v.toString();
      out.push({ value: message.value?.toString('utf8') ?? '', headers });
    },
  });
  try {
    await eventually(`${count} records on ${topic}`, () => out.length >= count);
  } finally {
    await consumer.disconnect();
  }
  return out;
}

describe('the ground: contracts over real Kafka, PostgreSQL and Redis', () => {
  const infra = testInfra();
  const topic = uniqueName('it.health-reports');
  const dlq = `${topic}.dlq`;
  let kafka: Kafka;
  let producer: EnvelopeProducer;
  // kafkajs keeps every topic a producer has used in its metadata requests; deleting one while the
  // producer lives breaks its later sends. So test topics are dropped after the producer is gone.
  const drops: Array<() => Promise<void>> = [];

  beforeAll(async () => {
    drops.push(await createTestTopics(infra.kafkaBrokers, [{ name: topic, partitions: 3 }, { name: dlq }]));
    kafka = createKafka({ brokers: infra.kafkaBrokers, clientId: 'ground-test', logger: silentLogger });
    producer = new EnvelopeProducer(kafka);
    await producer.connect();
  });

  afterAll(async () => {
    await producer.disconnect();
    for (const drop of drops) await drop();
  });

  it('round-trips an envelope through Kafka and PostgreSQL unchanged and still valid', async () => {
    const received: Envelope[] = [];
    const consumer = new EnvelopeConsumer({
      kafka,
      groupId: uniqueName('ground'),
      contractTopic: TOPICS.HEALTH_REPORTS,
      topic,
      deadLetterTopic: dlq,
      deadLetterProducer: producer,
      handler: async (env) => {
        received.push(env);
      },
      fromBeginning: true,
      logger: silentLogger,
    });
    await consumer.start();
    const sent = healthEnvelope(1);
    try {
      await producer.send({ topic, envelope: sent });
      await eventually('the envelope to arrive', () => received.some((e) => e.messageId === sent.messageId));
    } finally {
      await consumer.stop();
    }
    const viaKafka = received.find((e) => e.messageId === sent.messageId)!;
    expect(viaKafka).toEqual(JSON.parse(JSON.stringify(sent)));

    const schema = uniqueName('ground');
    const pg = new Client({ connectionString: infra.databaseUrl });
    await pg.connect();
    try {
      await pg.query(`create schema ${schema}`);
      await pg.query(
        `create table ${schema}.envelopes (message_id uuid primary key, type text not null, body jsonb not null)`,
      );
      await pg.query(`insert into ${schema}.envelopes values ($1, $2, $3)`, [
        viaKafka.messageId,
        viaKafka.type,
        viaKafka,
      ]);
      const { rows } = await pg.query<{ body: unknown }>(`select body from ${schema}.envelopes where message_id = $1`, [
        viaKafka.messageId,
      ]);
      const back = validateEnvelope(rows[0]!.body);
      expect(back.ok).toBe(true);
      expect(rows[0]!.body).toEqual(viaKafka);
    } finally {
      await pg.query(`drop schema if exists ${schema} cascade`);
      await pg.end();
    }
  });

  it('dead-letters malformed messages with the reason, masks card data, and goes on', async () => {
    const badTopic = uniqueName('it.dlq-health-reports');
    const badDlq = `${badTopic}.dlq`;
    drops.push(await createTestTopics(infra.kafkaBrokers, [{ name: badTopic }, { name: badDlq }]));
    const handled: number[] = [];
    const consumer = new EnvelopeConsumer({
      kafka,
      groupId: uniqueName('ground-dlq'),
      contractTopic: TOPICS.HEALTH_REPORTS,
      topic: badTopic,
      deadLetterTopic: badDlq,
      deadLetterProducer: producer,
      handler: async (env) => {
        if (env.type === 'health-report') handled.push(env.payload.sequence);
      },
      fromBeginning: true,
      logger: silentLogger,
    });
    try {
      const wrongType = createEnvelope('command-result', examples.commandResult(), { sender: SENDER });
      const badPayload = healthEnvelope(3) as unknown as { payload: { score: number } };
      badPayload.payload.score = 250;
      // One partition: order is kept, so "goes on" means every valid message after a bad one arrives.
      await producer.send({ topic: badTopic, envelope: healthEnvelope(1) });
      await producer.sendRaw(badTopic, [
        { key: 'k', value: `{"note":"pan ${examples.TEST_PAN}",` },
        { key: 'k', value: JSON.stringify(wrongType) },
        { key: 'k', value: JSON.stringify(badPayload) },
      ]);
      await producer.send({ topic: badTopic, envelope: healthEnvelope(2) });
      await consumer.start();
      await eventually('both valid messages handled', () => handled.length === 2);
      expect(handled).toEqual([1, 2]);
      expect(consumer.stats()).toMatchObject({ received: 5, handled: 2, deadLettered: 3 });

      const dead = await readTopic(kafka, badDlq, 3);
      const records = dead.map((d) => JSON.parse(d.value) as DeadLetterRecordDto);
      for (const r of records) expect(validateDeadLetterRecord(r).ok).toBe(true);
      expect(records.map((r) => r.reason)).toEqual([
        DeadLetterReason.INVALID_JSON,
        DeadLetterReason.TYPE_NOT_ALLOWED_ON_TOPIC,
        DeadLetterReason.INVALID_PAYLOAD,
      ]);
      expect(records[1]!.errors[0]!.path).toBe('type');
      expect(records[2]!.errors.map((e) => e.path)).toContain('payload.score');
      expect(records.every((r) => r.originalTopic === badTopic && r.consumer.startsWith('ground-dlq'))).toBe(true);
      expect(dead.map((d) => d.headers[DLQ_HEADERS.REASON])).toEqual(records.map((r) => r.reason));
      // Nothing lost: the original bytes are kept, with the PAN masked.
      expect(records[0]!.value).toContain('pan 411111');
      expect(dead.map((d) => d.value).join('\n')).not.toContain(examples.TEST_PAN);
    } finally {
      await consumer.stop();
    }
  });

  it('dead-letters a valid message whose handler keeps failing, after retries, and goes on', async () => {
    const t = uniqueName('it.retry-health-reports');
    drops.push(await createTestTopics(infra.kafkaBrokers, [{ name: t }, { name: `${t}.dlq` }]));
    const attempts = new Map<number, number>();
    const handled: number[] = [];
    const consumer = new EnvelopeConsumer({
      kafka,
      groupId: uniqueName('ground-retry'),
      contractTopic: TOPICS.HEALTH_REPORTS,
      topic: t,
      deadLetterTopic: `${t}.dlq`,
      deadLetterProducer: producer,
      maxAttempts: 3,
      retryBackoffMs: 1,
      handler: async (env) => {
        if (env.type !== 'health-report') return;
        const seq = env.payload.sequence;
        attempts.set(seq, (attempts.get(seq) ?? 0) + 1);
        if (seq === 1) throw new Error(`store unavailable for card ${examples.TEST_PAN}`);
        handled.push(seq);
      },
      fromBeginning: true,
      logger: silentLogger,
    });
    try {
      await producer.sendBatch([
        { topic: t, envelope: healthEnvelope(1) },
        { topic: t, envelope: healthEnvelope(2) },
      ]);
      await consumer.start();
      await eventually('the message after the failing one', () => handled.includes(2));
      expect(attempts.get(1)).toBe(3);
      const [dead] = await readTopic(kafka, `${t}.dlq`, 1);
      const record = JSON.parse(dead!.value) as DeadLetterRecordDto;
      expect(record.reason).toBe(DeadLetterReason.PROCESSING_FAILED);
      expect(record.errors[0]!.message).toContain('handler failed 3 times');
      expect(dead!.value).not.toContain(examples.TEST_PAN);
    } finally {
      await consumer.stop();
    }
  });

  it('publishes and receives envelopes over Redis pub/sub; an invalid one is dead-lettered and the subscriber goes on', async () => {
    const publisher = new Redis(infra.redisUrl, { lazyConnect: true });
    const subscriber = publisher.duplicate();
    await Promise.all([publisher.connect(), subscriber.connect()]);
    const received: Envelope[] = [];
    const invalid: DeadLetterRecordDto[] = [];
    const channel = new RedisEnvelopeChannel({
      publisher,
      subscriber,
      consumerName: 'ground-redis',
      logger: silentLogger,
      onInvalid: async (record) => {
        invalid.push(record);
      },
    });
    const name = uniqueName('it-health-events');
    try {
      await channel.subscribe({
        channel: name,
        contractTopic: TOPICS.HEALTH_REPORTS,
        handler: (env) => void received.push(env),
      });
      const first = healthEnvelope(1);
      expect(await channel.publish(name, first)).toBe(1);
      await publisher.publish(name, `{"schemaVersion":1,"pan":"${examples.TEST_PAN}"}`);
      const second = healthEnvelope(2);
      await channel.publish(name, second);
      await eventually('two envelopes and one invalid message', () => received.length === 2 && invalid.length === 1);
      expect(received.map((e) => e.messageId)).toEqual([first.messageId, second.messageId]);
      expect(received[0]).toEqual(JSON.parse(JSON.stringify(first)));
      expect(invalid[0]!.reason).toBe(DeadLetterReason.INVALID_ENVELOPE);
      expect(invalid[0]!.originalTopic).toBe(`redis:${name}`);
      expect(JSON.stringify(invalid[0])).not.toContain(examples.TEST_PAN);
    } finally {
      publisher.disconnect();
      subscriber.disconnect();
    }
  });
});
