import { EnvValidationError } from '@switchyard/platform';
import { validateSidecarEnv } from './env.validation';

describe('validateSidecarEnv', () => {
  it('applies the seed ports when nothing is set and requires nothing else yet', () => {
    const env = validateSidecarEnv({});

    expect(env).toMatchObject({ HOST: '0.0.0.0', CONTROL_PORT: 8080, METRICS_PORT: 8082, HEALTH_PORT: 8083 });
    expect(env.APPLICATION_ENDPOINT).toBeUndefined();
  });

  it('accepts a full, well-formed seed environment', () => {
    const env = validateSidecarEnv({
      CONTROLLER_MODE: 'sidecar',
      CONTROL_PORT: '9080',
      METRICS_PORT: '9082',
      HEALTH_PORT: '9083',
      APPLICATION_ENDPOINT: 'http://localhost:8081',
      CENTRAL_CONTROLLER_ENDPOINT: 'http://central-controller.switchyard.svc.cluster.local:8080',
      POD_NAME: 'acquirer-7d9f8b-x2x4q',
      POD_NAMESPACE: 'payments',
      SIDECAR_TOKEN: 'syd_abc123',
      SHARED_DIR: '/shared',
      REDIS_ENDPOINT: 'redis:6379',
      KAFKA_BROKERS: 'kafka-0:9092, kafka-1:9092',
    });

    expect(env).toMatchObject({
      CONTROL_PORT: 9080,
      METRICS_PORT: 9082,
      HEALTH_PORT: 9083,
      POD_NAME: 'acquirer-7d9f8b-x2x4q',
    });
  });

  it.each([['redis:6379'], ['redis://redis:6379/0'], ['rediss://user:pw@redis.example:6380']])(
    'accepts REDIS_ENDPOINT=%s',
    (endpoint) => {
      expect(validateSidecarEnv({ REDIS_ENDPOINT: endpoint }).REDIS_ENDPOINT).toBe(endpoint);
    },
  );

  it.each([
    ['CONTROL_PORT', 'abc', 'CONTROL_PORT must be a TCP port, an integer from 1 to 65535 (got "abc")'],
    ['METRICS_PORT', '70000', 'METRICS_PORT must be a TCP port, an integer from 1 to 65535 (got "70000")'],
    ['HEALTH_PORT', '0', 'HEALTH_PORT must be a TCP port, an integer from 1 to 65535 (got "0")'],
    ['CONTROLLER_MODE', 'central', 'CONTROLLER_MODE must be "sidecar" for the sidecar (or unset) (got "central")'],
    ['APPLICATION_ENDPOINT', 'localhost:8081', 'APPLICATION_ENDPOINT must be an http(s) URL'],
    ['CENTRAL_CONTROLLER_ENDPOINT', 'ftp://controller', 'CENTRAL_CONTROLLER_ENDPOINT must be an http(s) URL'],
    ['POD_NAME', 'Acquirer_1', 'POD_NAME must be a Kubernetes pod name'],
    ['POD_NAMESPACE', 'pay.ments', 'POD_NAMESPACE must be a Kubernetes namespace'],
    ['SHARED_DIR', 'shared', 'SHARED_DIR must be an absolute path'],
    ['REDIS_ENDPOINT', 'http://redis:6379', 'REDIS_ENDPOINT must be host:port or a redis:// or rediss:// URL'],
    ['KAFKA_BROKERS', 'kafka-0:9092,,kafka-1', 'KAFKA_BROKERS must be a comma-separated list of host:port'],
  ])('rejects %s=%j with a message naming it', (name, value, message) => {
    expect(() => validateSidecarEnv({ [name]: value })).toThrow(EnvValidationError);
    expect(() => validateSidecarEnv({ [name]: value })).toThrow(message);
  });

  it('names SIDECAR_TOKEN but never echoes its value', () => {
    expect(() => validateSidecarEnv({ SIDECAR_TOKEN: 'secret with spaces' })).toThrow(
      'SIDECAR_TOKEN must be a non-empty token without whitespace (value hidden)',
    );
    expect(() => validateSidecarEnv({ SIDECAR_TOKEN: 'secret with spaces' })).not.toThrow(/secret with spaces/);
  });

  it('rejects two listeners on one port, naming both variables', () => {
    expect(() => validateSidecarEnv({ HEALTH_PORT: '8080' })).toThrow(
      'HEALTH_PORT must differ from CONTROL_PORT (both 8080)',
    );
  });
});
