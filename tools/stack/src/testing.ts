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
