import { EnvValidationError } from '@switchyard/platform';
import { validateClientSimEnv } from './env.validation';

describe('validateClientSimEnv', () => {
  it('applies the defaults when nothing is set', () => {
    expect(validateClientSimEnv({})).toEqual({ PORT: 8081, ISO_PORT: 8583, HOST: '0.0.0.0' });
  });

  it('reads PORT, ISO_PORT and HOST and ignores unrelated variables', () => {
    const env = validateClientSimEnv({ PORT: '18081', ISO_PORT: '18583', HOST: '127.0.0.1', PATH: '/usr/bin' });

    expect(env).toEqual({ PORT: 18081, ISO_PORT: 18583, HOST: '127.0.0.1' });
  });

  it('rejects a PORT that is not a TCP port, naming PORT and quoting the value', () => {
    expect(() => validateClientSimEnv({ PORT: '70000' })).toThrow(EnvValidationError);
    expect(() => validateClientSimEnv({ PORT: '70000' })).toThrow(
      'PORT must be a TCP port, an integer from 1 to 65535 (got "70000")',
    );
  });

  it('rejects a bad ISO_PORT, naming ISO_PORT', () => {
    expect(() => validateClientSimEnv({ ISO_PORT: '-1' })).toThrow('ISO_PORT must be a TCP port');
  });

  it('rejects ISO_PORT equal to PORT', () => {
    expect(() => validateClientSimEnv({ PORT: '9000', ISO_PORT: '9000' })).toThrow(
      'ISO_PORT must differ from PORT (both 9000)',
    );
  });

  it('rejects a HOST that is not an IP address', () => {
    expect(() => validateClientSimEnv({ HOST: 'everywhere' })).toThrow(/HOST must be an IP address/);
  });
});
