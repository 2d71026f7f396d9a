import { Expose } from 'class-transformer';
import { IsOptional, Matches } from 'class-validator';
import { IsBindAddressEnv, IsHttpUrlEnv, IsPortEnv, SecretEnv } from './env.decorators';
import { distinctPorts, EnvValidationError, validateEnv } from './env.validation';

class ExampleEnv {
  @Expose()
  @IsPortEnv()
  PORT: number = 8080;

  @Expose()
  @IsPortEnv()
  ADMIN_PORT: number = 8081;

  @Expose()
  @IsBindAddressEnv()
  HOST: string = '0.0.0.0';

  @Expose()
  @IsOptional()
  @IsHttpUrlEnv()
  UPSTREAM?: string;

  @Expose()
  @IsOptional()
  @SecretEnv()
  @Matches(/^\S+$/, { message: 'must be a non-empty token without whitespace' })
  TOKEN?: string;
}

class DerivedEnv extends ExampleEnv {}

function problemsOf(run: () => unknown): readonly string[] {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(EnvValidationError);
    return (error as EnvValidationError).problems;
  }
  throw new Error('expected an EnvValidationError');
}

describe('validateEnv', () => {
  it('applies the class defaults when nothing is set and returns an instance of the class', () => {
    const env = validateEnv(ExampleEnv, {});

    expect(env).toBeInstanceOf(ExampleEnv);
    expect(env).toEqual({ PORT: 8080, ADMIN_PORT: 8081, HOST: '0.0.0.0', UPSTREAM: undefined, TOKEN: undefined });
  });

  it('reads only the declared variables, ignoring unrelated ones', () => {
    const env = validateEnv(ExampleEnv, { PORT: '18080', HOST: '127.0.0.1', PATH: '/usr/bin' });

    expect(env).toMatchObject({ PORT: 18080, HOST: '127.0.0.1' });
    expect(env).not.toHaveProperty('PATH');
  });

  it.each(['abc', '70000', '0', '80.5', '8080x', '-1', ' 80', ''])(
    'rejects PORT=%j with a message naming PORT and quoting the value as written',
    (port) => {
      expect(() => validateEnv(ExampleEnv, { PORT: port })).toThrow(EnvValidationError);
      expect(() => validateEnv(ExampleEnv, { PORT: port })).toThrow(
        `PORT must be a TCP port, an integer from 1 to 65535 (got ${JSON.stringify(port)})`,
      );
    },
  );

  it.each(['1', '65535', '08080'])('accepts PORT=%j as a number', (port) => {
    expect(validateEnv(ExampleEnv, { PORT: port }).PORT).toBe(Number(port));
  });

  it.each(['127.0.0.1', '0.0.0.0', '::', '::1'])('accepts HOST=%j', (host) => {
    expect(validateEnv(ExampleEnv, { HOST: host }).HOST).toBe(host);
  });

  it('rejects a HOST that is not an IP address', () => {
    expect(() => validateEnv(ExampleEnv, { HOST: 'localhost' })).toThrow(
      'HOST must be an IP address to bind, e.g. 0.0.0.0 or 127.0.0.1 (got "localhost")',
    );
  });

  it.each(['http://localhost:8081', 'https://central-controller.switchyard.svc.cluster.local:8080'])(
    'accepts UPSTREAM=%j',
    (url) => {
      expect(validateEnv(ExampleEnv, { UPSTREAM: url }).UPSTREAM).toBe(url);
    },
  );

  it.each(['localhost:8081', 'ftp://controller', 'redis://redis:6379'])('rejects UPSTREAM=%j', (url) => {
    expect(() => validateEnv(ExampleEnv, { UPSTREAM: url })).toThrow(
      'UPSTREAM must be an http(s) URL, e.g. http://localhost:8081',
    );
  });

  it('names a secret variable but never echoes its value, also in a subclass', () => {
    for (const cls of [ExampleEnv, DerivedEnv]) {
      expect(() => validateEnv(cls, { TOKEN: 'secret with spaces' })).toThrow(
        'TOKEN must be a non-empty token without whitespace (value hidden)',
      );
      expect(() => validateEnv(cls, { TOKEN: 'secret with spaces' })).not.toThrow(/secret with spaces/);
    }
  });

  it('reports every wrong variable at once, in the order the class declares them', () => {
    const problems = problemsOf(() => validateEnv(ExampleEnv, { HOST: 'x', PORT: 'abc' }));

    expect(problems.map((problem) => problem.split(' ')[0])).toEqual(['PORT', 'HOST']);
  });

  it('says "Invalid environment" and lists the problems in its message', () => {
    expect(() => validateEnv(ExampleEnv, { PORT: 'abc', HOST: 'x' })).toThrow(
      /^Invalid environment: PORT must be .* \(got "abc"\); HOST must be .* \(got "x"\)$/,
    );
  });

  it('runs the extra checks on the typed env and reports what they find', () => {
    const extraChecks = jest.fn((env: ExampleEnv) => distinctPorts(env, ['PORT', 'ADMIN_PORT']));

    expect(() => validateEnv(ExampleEnv, { ADMIN_PORT: '8080' }, extraChecks)).toThrow(
      'Invalid environment: ADMIN_PORT must differ from PORT (both 8080)',
    );
    expect(extraChecks).toHaveBeenCalledWith(expect.objectContaining({ PORT: 8080, ADMIN_PORT: 8080 }));
  });

  it('skips the extra checks while a variable is wrong on its own', () => {
    const extraChecks = jest.fn(() => ['never reported']);

    expect(problemsOf(() => validateEnv(ExampleEnv, { PORT: 'abc' }, extraChecks))).toEqual([
      'PORT must be a TCP port, an integer from 1 to 65535 (got "abc")',
    ]);
    expect(extraChecks).not.toHaveBeenCalled();
  });
});

describe('distinctPorts', () => {
  const env = { A: 1, B: 2, C: 1, D: 2 };

  it('finds nothing when every port differs', () => {
    expect(distinctPorts(env, ['A', 'B'])).toEqual([]);
  });

  it('names each later variable with the first earlier one it clashes with', () => {
    expect(distinctPorts(env, ['A', 'B', 'C', 'D'])).toEqual([
      'C must differ from A (both 1)',
      'D must differ from B (both 2)',
    ]);
  });
});
