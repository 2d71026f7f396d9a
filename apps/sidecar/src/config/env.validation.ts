/**
 * The sidecar's environment: every variable it reads, its default, and the check that stops
 * start-up with a message naming the variable when a value is wrong (STYLE.md habit 5).
 *
 * The endpoints, identity and transport variables are checked for format when set; they become
 * required as the features that use them arrive (registration, reporting, command delivery).
 */
import { Expose, plainToInstance, Transform } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsIP,
  IsOptional,
  IsUrl,
  Matches,
  MaxLength,
  Max,
  Min,
  ValidateBy,
  ValidationError,
  ValidationOptions,
  isURL,
  validateSync,
} from 'class-validator';

const PORT_MESSAGE = 'must be a TCP port, an integer from 1 to 65535';
const HTTP_URL_MESSAGE = 'must be an http(s) URL, e.g. http://localhost:8081';

// Values of these are never echoed in an error message.
const SECRET_VARIABLES: ReadonlySet<string> = new Set(['SIDECAR_TOKEN']);

// Env values are strings; only a plain run of digits becomes a number, so "80a" or "8.5" stay
// strings and fail the integer check instead of being half-parsed.
const toPort = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;

const HOST_PORT = /^(?:\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?):(\d{1,5})$/;

function isHostPort(value: string): boolean {
  const match = HOST_PORT.exec(value);
  return match !== null && Number(match[1]) >= 1 && Number(match[1]) <= 65535;
}

function IsHostPortList(options: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isHostPortList',
      validator: {
        validate: (value: unknown) =>
          typeof value === 'string' && value.split(',').every((entry) => isHostPort(entry.trim())),
      },
    },
    options,
  );
}

function IsRedisEndpoint(options: ValidationOptions): PropertyDecorator {
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
    options,
  );
}

// Kubernetes object names: a pod name is a DNS-1123 subdomain, a namespace a DNS-1123 label.
const DNS_LABEL = '[a-z0-9](?:[-a-z0-9]*[a-z0-9])?';

export class SidecarEnv {
  /** If set, must say this process is the sidecar half of the shared image (DESIGN.md). */
  @Expose()
  @IsOptional()
  @IsIn(['sidecar'], { message: 'must be "sidecar" for the sidecar (or unset)' })
  CONTROLLER_MODE?: string;

  /** Address every listener binds; 0.0.0.0 suits a pod, 127.0.0.1 a developer machine. */
  @Expose()
  @IsIP(undefined, { message: 'must be an IP address to bind, e.g. 0.0.0.0 or 127.0.0.1' })
  HOST: string = '0.0.0.0';

  /** The sidecar's control API (the Nest HTTP application). */
  @Expose()
  @Transform(toPort)
  @IsInt({ message: PORT_MESSAGE })
  @Min(1, { message: PORT_MESSAGE })
  @Max(65535, { message: PORT_MESSAGE })
  CONTROL_PORT: number = 8080;

  /** Prometheus scrape endpoint `/metrics`. */
  @Expose()
  @Transform(toPort)
  @IsInt({ message: PORT_MESSAGE })
  @Min(1, { message: PORT_MESSAGE })
  @Max(65535, { message: PORT_MESSAGE })
  METRICS_PORT: number = 8082;

  /** Kubernetes probes `/livez` and `/readyz`. */
  @Expose()
  @Transform(toPort)
  @IsInt({ message: PORT_MESSAGE })
  @Min(1, { message: PORT_MESSAGE })
  @Max(65535, { message: PORT_MESSAGE })
  HEALTH_PORT: number = 8083;

  /** The client application's local API, e.g. http://localhost:8081. */
  @Expose()
  @IsOptional()
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true, require_tld: false }, { message: HTTP_URL_MESSAGE })
  APPLICATION_ENDPOINT?: string;

  /** The central controller's REST API, e.g. http://central-controller:8080. */
  @Expose()
  @IsOptional()
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true, require_tld: false }, { message: HTTP_URL_MESSAGE })
  CENTRAL_CONTROLLER_ENDPOINT?: string;

  @Expose()
  @IsOptional()
  @MaxLength(253, { message: 'must be a Kubernetes pod name (DNS-1123 subdomain, at most 253 characters)' })
  @Matches(new RegExp(`^${DNS_LABEL}(?:\\.${DNS_LABEL})*$`), {
    message: 'must be a Kubernetes pod name (DNS-1123 subdomain, at most 253 characters)',
  })
  POD_NAME?: string;

  @Expose()
  @IsOptional()
  @MaxLength(63, { message: 'must be a Kubernetes namespace (DNS-1123 label, at most 63 characters)' })
  @Matches(new RegExp(`^${DNS_LABEL}$`), {
    message: 'must be a Kubernetes namespace (DNS-1123 label, at most 63 characters)',
  })
  POD_NAMESPACE?: string;

  /** Bearer token of role `sidecar`; secret, so never echoed. */
  @Expose()
  @IsOptional()
  @Matches(/^\S+$/, { message: 'must be a non-empty token without whitespace' })
  SIDECAR_TOKEN?: string;

  /** Volume shared with the application (connection state, health status, config.yaml). */
  @Expose()
  @IsOptional()
  @Matches(/^\//, { message: 'must be an absolute path, e.g. /shared' })
  SHARED_DIR?: string;

  /** host:port or a redis:// / rediss:// URL. */
  @Expose()
  @IsOptional()
  @IsRedisEndpoint({ message: 'must be host:port or a redis:// or rediss:// URL' })
  REDIS_ENDPOINT?: string;

  /** Comma-separated host:port list. */
  @Expose()
  @IsOptional()
  @IsHostPortList({ message: 'must be a comma-separated list of host:port, e.g. kafka-0:9092,kafka-1:9092' })
  KAFKA_BROKERS?: string;
}

export class EnvValidationError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid environment: ${problems.join('; ')}`);
    this.name = 'EnvValidationError';
  }
}

const LISTENER_PORTS = ['CONTROL_PORT', 'METRICS_PORT', 'HEALTH_PORT'] as const;

export function validateEnv(raw: Record<string, string | undefined>): SidecarEnv {
  const env = plainToInstance(SidecarEnv, raw, { excludeExtraneousValues: true, exposeDefaultValues: true });
  const problems = validateSync(env).map((error) => describe(error, raw[error.property]));
  if (problems.length === 0) {
    // Three listeners on one port would fail later with EADDRINUSE; say which variables clash.
    LISTENER_PORTS.forEach((name, index) => {
      const clash = LISTENER_PORTS.slice(0, index).find((earlier) => env[earlier] === env[name]);
      if (clash) {
        problems.push(`${name} must differ from ${clash} (both ${env[name]})`);
      }
    });
  }
  if (problems.length > 0) {
    throw new EnvValidationError(problems);
  }
  return env;
}

// Quotes the value as it was written in the environment, not as it was parsed.
function describe(error: ValidationError, given: string | undefined): string {
  const messages = [...new Set(Object.values(error.constraints ?? {}))];
  const shown = SECRET_VARIABLES.has(error.property) ? 'value hidden' : `got ${JSON.stringify(given)}`;
  return `${error.property} ${messages.join(', ')} (${shown})`;
}
