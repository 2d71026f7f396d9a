import { EnvValidationError } from '@switchyard/platform';
import { kafkaBrokersOf, redisUrlOf, validateControllerEnv } from './env.validation';

const REQUIRED = {
  DATABASE_URL: 'postgres://switchyard:secret@127.0.0.1:5432/switchyard',
  SWITCHYARD_ADMIN_TOKEN: 'a-long-random-admin-token-value',
};

describe('validateControllerEnv', () => {
  it('applies the defaults when only the required variables are set', () => {
    const env = validateControllerEnv(REQUIRED);

    expect(env.PORT).toBe(8080);
    expect(env.HOST).toBe('0.0.0.0');
    expect(env.CONTROLLER_MODE).toBeUndefined();
    expect(env.SIDECAR_TTL_MS).toBe(30_000);
    expect(env.SIDECAR_HEARTBEAT_INTERVAL_MS).toBe(10_000);
    expect(env.KAFKA_CONSUMER_GROUP).toBe('switchyard-controller');
    expect(env.MIGRATE_ON_START).toBe('true');
    expect(kafkaBrokersOf(env)).toBeUndefined();
    expect(redisUrlOf(env)).toBeUndefined();
  });

  it('requires DATABASE_URL and SWITCHYARD_ADMIN_TOKEN, naming both and echoing neither', () => {
    let caught: unknown;
    try {
      validateControllerEnv({});
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(EnvValidationError);
    const message = (caught as Error).message;
    expect(message).toContain('DATABASE_URL');
    expect(message).toContain('SWITCHYARD_ADMIN_TOKEN');
  });

  it('never echoes a secret value in an error', () => {
    expect(() => validateControllerEnv({ ...REQUIRED, SWITCHYARD_ADMIN_TOKEN: 'short secret' })).toThrow(
      /SWITCHYARD_ADMIN_TOKEN .*\(value hidden\)/,
    );
    expect(() => validateControllerEnv({ ...REQUIRED, SWITCHYARD_ADMIN_TOKEN: 'short secret' })).not.toThrow(
      /short secret/,
    );
    expect(() => validateControllerEnv({ ...REQUIRED, DATABASE_URL: 'mysql://u:hunter2@db/x' })).not.toThrow(/hunter2/);
  });

  it('reads Kafka brokers and the Redis endpoint (REDIS_URL, or the seed name REDIS_ENDPOINT as host:port)', () => {
    const env = validateControllerEnv({ ...REQUIRED, KAFKA_BROKERS: 'k1:9092, k2:9092', REDIS_ENDPOINT: 'cache:6379' });
    expect(kafkaBrokersOf(env)).toEqual(['k1:9092', 'k2:9092']);
    expect(redisUrlOf(env)).toBe('redis://cache:6379');
    expect(redisUrlOf(validateControllerEnv({ ...REQUIRED, REDIS_URL: 'rediss://r:6380' }))).toBe('rediss://r:6380');
  });

  it('rejects a PORT that is not a TCP port, naming PORT and quoting the value', () => {
    expect(() => validateControllerEnv({ ...REQUIRED, PORT: '70000' })).toThrow(
      'PORT must be a TCP port, an integer from 1 to 65535 (got "70000")',
    );
  });

  it('rejects a bad broker list and a TTL shorter than two heartbeats', () => {
    expect(() => validateControllerEnv({ ...REQUIRED, KAFKA_BROKERS: 'nohostport' })).toThrow(
      /KAFKA_BROKERS must be a comma-separated list/,
    );
    expect(() =>
      validateControllerEnv({ ...REQUIRED, SIDECAR_TTL_MS: '5000', SIDECAR_HEARTBEAT_INTERVAL_MS: '4000' }),
    ).toThrow(/SIDECAR_TTL_MS must be at least twice SIDECAR_HEARTBEAT_INTERVAL_MS/);
  });

  it('rejects CONTROLLER_MODE=sidecar: this process is the central half', () => {
    expect(() => validateControllerEnv({ ...REQUIRED, CONTROLLER_MODE: 'sidecar' })).toThrow(
      /CONTROLLER_MODE must be "central"/,
    );
  });
});
