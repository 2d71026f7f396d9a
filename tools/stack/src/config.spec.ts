import { loadStackConfig, StackConfigError } from './config';
import { stackTopics } from './topics';

describe('loadStackConfig', () => {
  it('defaults to local services on non-standard loopback ports', () => {
    const cfg = loadStackConfig({});
    expect(cfg.postgres.port).toBe(55432);
    expect(cfg.kafka.port).toBe(59092);
    expect(cfg.redis.port).toBe(56379);
    expect(cfg.external).toEqual({
      databaseUrl: undefined,
      testDatabaseUrl: undefined,
      kafkaBrokers: undefined,
      redisUrl: undefined,
    });
    expect(cfg.stateDir.endsWith('.stack')).toBe(true);
  });

  it('takes endpoints from the environment', () => {
    const cfg = loadStackConfig({
      DATABASE_URL: 'postgres://u:p@db.internal:5432/sy',
      KAFKA_BROKERS: 'k1:9092, k2:9092',
      REDIS_URL: 'redis://cache:6379',
    });
    expect(cfg.external.databaseUrl).toBe('postgres://u:p@db.internal:5432/sy');
    expect(cfg.external.kafkaBrokers).toEqual(['k1:9092', 'k2:9092']);
    expect(cfg.external.redisUrl).toBe('redis://cache:6379');
  });

  it('accepts the seed name REDIS_ENDPOINT when REDIS_URL is absent', () => {
    expect(loadStackConfig({ REDIS_ENDPOINT: 'redis://r:1' }).external.redisUrl).toBe('redis://r:1');
  });

  it.each([
    ['STACK_POSTGRES_PORT', 'abc'],
    ['STACK_KAFKA_PORT', '70000'],
    ['STACK_REDIS_PORT', '0'],
    ['STACK_KAFKA_HEAP_MB', '-5'],
    ['STACK_UP_TIMEOUT_MS', '1.5'],
    ['DATABASE_URL', 'not a url'],
    ['DATABASE_URL', 'mysql://x/y'],
    ['REDIS_URL', 'http://r:6379'],
    ['KAFKA_BROKERS', 'broker-without-port'],
    ['STACK_KAFKA_PARTITIONS', 'health-reports=zero'],
    ['STACK_KAFKA_PARTITIONS', 'health-reports=0'],
  ])('rejects %s=%s naming the variable', (name, value) => {
    let caught: unknown;
    try {
      loadStackConfig({ [name]: value });
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(StackConfigError);
    expect((caught as StackConfigError).variable).toBe(name);
    expect((caught as Error).message.startsWith(`${name}:`)).toBe(true);
  });
});

describe('stackTopics', () => {
  it('provisions the five DESIGN.md topics and a dead-letter topic for each', () => {
    const names = stackTopics({}).map((t) => t.name);
    for (const t of ['health-reports', 'connection-events', 'failover-commands', 'config-updates', 'command-results']) {
      expect(names).toContain(t);
      expect(names).toContain(`${t}.dlq`);
    }
    expect(names).toHaveLength(10);
  });

  it('compacts config-updates only', () => {
    const compacted = stackTopics({})
      .filter((t) => t.compacted)
      .map((t) => t.name);
    expect(compacted).toEqual(['config-updates']);
  });

  it('takes partition counts from config', () => {
    const cfg = loadStackConfig({ STACK_KAFKA_PARTITIONS: 'health-reports=12,command-results.dlq=2' });
    const topics = stackTopics(cfg.kafka.partitions);
    expect(topics.find((t) => t.name === 'health-reports')?.partitions).toBe(12);
    expect(topics.find((t) => t.name === 'command-results.dlq')?.partitions).toBe(2);
    expect(topics.find((t) => t.name === 'failover-commands')?.partitions).toBe(6);
  });
});
