/**
 * The host simulator's environment: every variable it reads, its default, and the check that stops
 * start-up with a message naming the variable when a value is wrong (STYLE.md habit 5).
 */
import { Expose, plainToInstance, Transform } from 'class-transformer';
import { IsInt, IsIP, Max, Min, validateSync, ValidationError } from 'class-validator';

const PORT_MESSAGE = 'must be a TCP port, an integer from 1 to 65535';

// Env values are strings; only a plain run of digits becomes a number, so "80a" or "8.5" stay
// strings and fail the integer check instead of being half-parsed.
const toPort = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;

export class HostSimEnv {
  /** Control API (fault injection, later) and health. DESIGN.md fixes no number; 8090 keeps clear of the seed ports 8080-8083. */
  @Expose()
  @Transform(toPort)
  @IsInt({ message: PORT_MESSAGE })
  @Min(1, { message: PORT_MESSAGE })
  @Max(65535, { message: PORT_MESSAGE })
  PORT: number = 8090;

  /** ISO 8583 listener the clients connect to. Validated now, opened when the host arrives with its issue. */
  @Expose()
  @Transform(toPort)
  @IsInt({ message: PORT_MESSAGE })
  @Min(1, { message: PORT_MESSAGE })
  @Max(65535, { message: PORT_MESSAGE })
  ISO_PORT: number = 8583;

  /** Address to bind; 0.0.0.0 suits a container, 127.0.0.1 a developer machine. */
  @Expose()
  @IsIP(undefined, { message: 'must be an IP address to bind, e.g. 0.0.0.0 or 127.0.0.1' })
  HOST: string = '0.0.0.0';
}

export class EnvValidationError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid environment: ${problems.join('; ')}`);
    this.name = 'EnvValidationError';
  }
}

export function validateEnv(raw: Record<string, string | undefined>): HostSimEnv {
  const env = plainToInstance(HostSimEnv, raw, { excludeExtraneousValues: true, exposeDefaultValues: true });
  const problems = validateSync(env).map((error) => describe(error, raw[error.property]));
  if (problems.length === 0 && env.ISO_PORT === env.PORT) {
    problems.push(`ISO_PORT must differ from PORT (both ${env.PORT})`);
  }
  if (problems.length > 0) {
    throw new EnvValidationError(problems);
  }
  return env;
}

// Quotes the value as it was written in the environment, not as it was parsed.
function describe(error: ValidationError, given: string | undefined): string {
  const messages = [...new Set(Object.values(error.constraints ?? {}))];
  return `${error.property} ${messages.join(', ')} (got ${JSON.stringify(given)})`;
}
