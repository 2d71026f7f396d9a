import { EnvValidationError } from '@switchyard/platform';
import { validateControllerEnv } from './env.validation';

describe('validateControllerEnv', () => {
  it('applies the defaults when nothing is set', () => {
    const env = validateControllerEnv({});

    expect(env.PORT).toBe(8080);
    expect(env.HOST).toBe('0.0.0.0');
    expect(env.CONTROLLER_MODE).toBeUndefined();
  });

  it('reads PORT, HOST and CONTROLLER_MODE and ignores unrelated variables', () => {
    const env = validateControllerEnv({
      PORT: '18080',
      HOST: '127.0.0.1',
      CONTROLLER_MODE: 'central',
      PATH: '/usr/bin',
    });

    expect(env).toEqual({ PORT: 18080, HOST: '127.0.0.1', CONTROLLER_MODE: 'central' });
  });

  it('rejects a PORT that is not a TCP port, naming PORT and quoting the value', () => {
    expect(() => validateControllerEnv({ PORT: '70000' })).toThrow(EnvValidationError);
    expect(() => validateControllerEnv({ PORT: '70000' })).toThrow(
      'PORT must be a TCP port, an integer from 1 to 65535 (got "70000")',
    );
  });

  it('rejects a HOST that is not an IP address', () => {
    expect(() => validateControllerEnv({ HOST: 'not an address' })).toThrow(/HOST must be an IP address/);
  });

  it('rejects CONTROLLER_MODE=sidecar: this process is the central half', () => {
    expect(() => validateControllerEnv({ CONTROLLER_MODE: 'sidecar' })).toThrow(/CONTROLLER_MODE must be "central"/);
  });
});
