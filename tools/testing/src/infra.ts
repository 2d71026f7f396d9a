/**
 * For integration tests (`*.int-spec.ts`): the endpoints of the real stack that jest's
 * globalSetup brought up, and unique names so test files never share a topic, key or schema.
 */
import { randomBytes } from 'node:crypto';

export interface TestInfra {
  databaseUrl: string;
  kafkaBrokers: string[];
  redisUrl: string;
}

export function testInfra(): TestInfra {
  const databaseUrl = process.env.SWITCHYARD_TEST_DATABASE_URL;
  const brokers = process.env.SWITCHYARD_TEST_KAFKA_BROKERS;
  const redisUrl = process.env.SWITCHYARD_TEST_REDIS_URL;
  if (!databaseUrl || !brokers || !redisUrl) {
    throw new Error(
      'integration test run without the stack: run it through `pnpm test` (jest globalSetup starts ' +
        'PostgreSQL, Kafka and Redis), not with SWITCHYARD_TEST_TIER=unit',
    );
  }
  return { databaseUrl, kafkaBrokers: brokers.split(','), redisUrl };
}

/** `prefix-<8 hex>`: safe as a Kafka topic, Redis key part, PostgreSQL schema or consumer group. */
export function uniqueName(prefix: string): string {
  return `${prefix}_${randomBytes(4).toString('hex')}`;
}

/**
 * Creates topics for one test file (unique names, so tests never read each other's messages) and
 * waits until each has a leader. Returns a function that deletes them.
 */
export async function createTestTopics(
  brokers: string[],
  topics: Array<{ name: string; partitions?: number }>,
): Promise<() => Promise<void>> {
  const { Kafka, logLevel } = await import('kafkajs');
  const admin = new Kafka({ clientId: 'switchyard-test-admin', brokers, logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    await admin.createTopics({
      waitForLeaders: true,
      topics: topics.map((t) => ({ topic: t.name, numPartitions: t.partitions ?? 1, replicationFactor: 1 })),
    });
  } finally {
    await admin.disconnect();
  }
  return async () => {
    const cleanup = new Kafka({ clientId: 'switchyard-test-admin', brokers, logLevel: logLevel.NOTHING }).admin();
    await cleanup.connect();
    try {
      await cleanup.deleteTopics({ topics: topics.map((t) => t.name) });
    } finally {
      await cleanup.disconnect();
    }
  };
}

/** Resolves when `check` is true; rejects naming `what` after `timeoutMs` (no fixed sleeps in tests). */
export async function eventually(
  what: string,
  check: () => boolean | Promise<boolean>,
  timeoutMs = 20_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
