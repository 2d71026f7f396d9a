import { EnvValidationError, validateEnv } from './env.validation';

describe('validateEnv (controller)', () => {
  it('applies the defaults when nothing is set', () => {
    const env = validateEnv({});

    expect(env.PORT).toBe(8080);
    expect(env.HOST).toBe('0.0.0.0');
    expect(env.CONTROLLER_MODE).toBeUndefined();
  });

  it('reads PORT, HOST and CONTROLLER_MODE and ignores unrelated variables', () => {
    const env = validateEnv({ PORT: '18080', HOST: '127.0.0.1', CONTROLLER_MODE: 'central', PATH: '/usr/bin' });

    expect(env).toEqual({ PORT: 18080, HOST: '127.0.0.1', CONTROLLER_MODE: 'central' });
  });

  it.each(['abc', '70000', '0', '80.5', '8080x', ''])('rejects PORT=%j with a message naming PORT', (port) => {
    expect(() => validateEnv({ PORT: port })).toThrow(EnvValidationError);
    expect(() => validateEnv({ PORT: port })).toThrow(
      `PORT must be a TCP port, an integer from 1 to 65535 (got ${JSON.stringify(port)})`,
    );
  });

  it('rejects a HOST that is not an IP address', () => {
    expect(() => validateEnv({ HOST: 'not an address' })).toThrow(/HOST must be an IP address/);
  });

  it('rejects CONTROLLER_MODE=sidecar: this process is the central half', () => {
    expect(() => validateEnv({ CONTROLLER_MODE: 'sidecar' })).toThrow(/CONTROLLER_MODE must be "central"/);
  });

  it('reports every wrong variable at once', () => {
    try {
      validateEnv({ PORT: 'abc', HOST: 'x' });
      throw new Error('expected validateEnv to throw');
    } catch (error) {
      expect(error).toBeInstanceOf(EnvValidationError);
      expect((error as EnvValidationError).problems.map((problem) => problem.split(' ')[0])).toEqual(['PORT', 'HOST']);
    }
  });
});
