import { EnvValidationError, validateEnv } from './env.validation';

describe('validateEnv (host-sim)', () => {
  it('applies the defaults when nothing is set', () => {
    expect(validateEnv({})).toEqual({ PORT: 8090, ISO_PORT: 8583, HOST: '0.0.0.0' });
  });

  it('reads PORT, ISO_PORT and HOST and ignores unrelated variables', () => {
    const env = validateEnv({ PORT: '18081', ISO_PORT: '18583', HOST: '127.0.0.1', PATH: '/usr/bin' });

    expect(env).toEqual({ PORT: 18081, ISO_PORT: 18583, HOST: '127.0.0.1' });
  });

  it.each(['abc', '70000', '0', '80.5', ''])('rejects PORT=%j with a message naming PORT', (port) => {
    expect(() => validateEnv({ PORT: port })).toThrow(EnvValidationError);
    expect(() => validateEnv({ PORT: port })).toThrow(
      `PORT must be a TCP port, an integer from 1 to 65535 (got ${JSON.stringify(port)})`,
    );
  });

  it('rejects a bad ISO_PORT, naming ISO_PORT', () => {
    expect(() => validateEnv({ ISO_PORT: '-1' })).toThrow('ISO_PORT must be a TCP port');
  });

  it('rejects ISO_PORT equal to PORT', () => {
    expect(() => validateEnv({ PORT: '9000', ISO_PORT: '9000' })).toThrow('ISO_PORT must differ from PORT (both 9000)');
  });

  it('rejects a HOST that is not an IP address', () => {
    expect(() => validateEnv({ HOST: 'everywhere' })).toThrow(/HOST must be an IP address/);
  });
});
