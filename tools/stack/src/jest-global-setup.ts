/**
 * jest globalSetup: the same `stackUp` as `pnpm stack up`, so `pnpm test` works from nothing.
 * Test workers find the endpoints in SWITCHYARD_TEST_* (workers start after this and inherit env).
 */
import { loadStackConfig } from './config';
import { stackUp } from './stack';

export default async function globalSetup(): Promise<void> {
  const cfg = loadStackConfig();
  const t0 = Date.now();
  const log = (line: string) => process.stderr.write(`[stack] ${line}\n`);
  const { status, started } = await stackUp(cfg, log);
  const unhealthy = Object.entries(status)
    .filter(([, s]) => !s.healthy)
    .map(([name, s]) => `${name}: ${s.error ?? 'unhealthy'}`);
  if (unhealthy.length > 0) throw new Error(`the test stack is not healthy: ${unhealthy.join('; ')}`);
  if (status.kafka.missingTopics.length > 0)
    throw new Error(`Kafka topics missing: ${status.kafka.missingTopics.join(', ')}`);
  log(`ready in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  process.env.SWITCHYARD_TEST_DATABASE_URL = status.postgres.testUrl;
  process.env.SWITCHYARD_TEST_KAFKA_BROKERS = status.kafka.brokers.join(',');
  process.env.SWITCHYARD_TEST_REDIS_URL = status.redis.url;
  // Only what this run started is stopped in globalTeardown; a stack a developer brought up stays.
  process.env.SWITCHYARD_TEST_STACK_STARTED = started.join(',');
}
