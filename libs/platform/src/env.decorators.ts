/**
 * Decorators for the checks every app's env class repeats, with the message each variable gets
 * when its value is wrong. The env class still marks each variable with `@Expose()` itself.
 */
import { Transform } from 'class-transformer';
import { IsInt, IsIP, IsUrl, Max, Min, ValidateBy, isURL } from 'class-validator';

const PORT_MESSAGE = 'must be a TCP port, an integer from 1 to 65535';
const BIND_ADDRESS_MESSAGE = 'must be an IP address to bind, e.g. 0.0.0.0 or 127.0.0.1';
const HTTP_URL_MESSAGE = 'must be an http(s) URL, e.g. http://localhost:8081';

// Env values are strings; only a plain run of digits becomes a number, so "80a" or "8.5" stay
// strings and fail the integer check instead of being half-parsed.
const toPort = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;

function all(...decorators: PropertyDecorator[]): PropertyDecorator {
  return (target, property) => decorators.forEach((decorate) => decorate(target, property));
}

/** A TCP port to listen on or connect to: an integer from 1 to 65535, read from its digits. */
export function IsPortEnv(): PropertyDecorator {
  return all(
    Transform(toPort),
    IsInt({ message: PORT_MESSAGE }),
    Min(1, { message: PORT_MESSAGE }),
    Max(65535, { message: PORT_MESSAGE }),
  );
}

/** The address a listener binds: an IPv4 or IPv6 address, e.g. 0.0.0.0 in a pod. */
export function IsBindAddressEnv(): PropertyDecorator {
  return IsIP(undefined, { message: BIND_ADDRESS_MESSAGE });
}

/** An http:// or https:// URL with its scheme; cluster-local host names (no TLD) are fine. */
export function IsHttpUrlEnv(): PropertyDecorator {
  return IsUrl(
    { protocols: ['http', 'https'], require_protocol: true, require_tld: false },
    { message: HTTP_URL_MESSAGE },
  );
}

const secretsByClass = new WeakMap<object, Set<string | symbol>>();

/** The variable holds a secret: an error names it but never echoes its value. */
export function SecretEnv(): PropertyDecorator {
  return (target, property) => {
    const secrets = secretsByClass.get(target) ?? new Set();
    secrets.add(property);
    secretsByClass.set(target, secrets);
  };
}

export function isSecretEnv(prototype: object, property: string): boolean {
  for (let p: object | null = prototype; p !== null; p = Object.getPrototypeOf(p) as object | null) {
    if (secretsByClass.get(p)?.has(property)) return true;
  }
  return false;
}

const HOST_PORT = /^(?:\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?):(\d{1,5})$/;

function isHostPort(value: string): boolean {
  const match = HOST_PORT.exec(value);
  return match !== null && Number(match[1]) >= 1 && Number(match[1]) <= 65535;
}

/** Kafka bootstrap servers: a comma-separated list of host:port. */
export function IsHostPortListEnv(): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isHostPortList',
      validator: {
        validate: (value: unknown) =>
          typeof value === 'string' && value.split(',').every((entry) => isHostPort(entry.trim())),
      },
    },
    { message: 'must be a comma-separated list of host:port, e.g. kafka-0:9092,kafka-1:9092' },
  );
}

/** A Redis endpoint: host:port or a redis:// / rediss:// URL. */
export function IsRedisEndpointEnv(): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isRedisEndpoint',
      validator: {
        validate: (value: unknown) =>
          typeof value === 'string' &&
          (isHostPort(value) ||
            isURL(value, { protocols: ['redis', 'rediss'], require_protocol: true, require_tld: false })),
      },
    },
    { message: 'must be host:port or a redis:// or rediss:// URL' },
  );
}

/** A PostgreSQL connection URL (postgres:// or postgresql://). */
export function IsPostgresUrlEnv(): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isPostgresUrl',
      validator: {
        validate: (value: unknown) =>
          typeof value === 'string' &&
          isURL(value, { protocols: ['postgres', 'postgresql'], require_protocol: true, require_tld: false }),
      },
    },
    { message: 'must be a postgres:// or postgresql:// URL, e.g. postgres://user:pass@db:5432/switchyard' },
  );
}
