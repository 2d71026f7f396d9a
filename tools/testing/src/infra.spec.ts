import { eventually, testInfra, uniqueName } from './infra';

describe('uniqueName', () => {
  it('appends 8 hex digits, different each time', () => {
    const [a, b] = [uniqueName('it.health-reports'), uniqueName('it.health-reports')];

    expect(a).toMatch(/^it\.health-reports_[0-9a-f]{8}$/);
    expect(b).not.toBe(a);
  });
});

describe('eventually', () => {
  it('resolves once the check holds', async () => {
    let calls = 0;

    await eventually('the third call', () => ++calls >= 3, 1_000);

    expect(calls).toBe(3);
  });

  it('rejects naming what it waited for after the time-out', async () => {
    await expect(eventually('a miracle', () => false, 50)).rejects.toThrow(
      'timed out after 50 ms waiting for a miracle',
    );
  });
});

describe('testInfra', () => {
  const names = ['SWITCHYARD_TEST_DATABASE_URL', 'SWITCHYARD_TEST_KAFKA_BROKERS', 'SWITCHYARD_TEST_REDIS_URL'];
  const saved = names.map((name) => process.env[name]);
  afterEach(() => {
    names.forEach((name, i) => {
      if (saved[i] === undefined) delete process.env[name];
      else process.env[name] = saved[i];
    });
  });

  it('reads the endpoints globalSetup published', () => {
    process.env.SWITCHYARD_TEST_DATABASE_URL = 'postgres://db/test';
    process.env.SWITCHYARD_TEST_KAFKA_BROKERS = 'k0:9092,k1:9092';
    process.env.SWITCHYARD_TEST_REDIS_URL = 'redis://r:6379';

    expect(testInfra()).toEqual({
      databaseUrl: 'postgres://db/test',
      kafkaBrokers: ['k0:9092', 'k1:9092'],
      redisUrl: 'redis://r:6379',
    });
  });

  it('says how to run integration tests when the stack is not there', () => {
    delete process.env.SWITCHYARD_TEST_DATABASE_URL;

    expect(() => testInfra()).toThrow(/run it through `pnpm test`/);
  });
});
