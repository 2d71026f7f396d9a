/**
 * The controller's environment: every variable it reads, its default, and the check that stops
 * start-up with a message naming the variable when a value is wrong (STYLE.md habit 5).
 */
import { Expose, plainToInstance, Transform } from 'class-transformer';
import { IsIn, IsInt, IsIP, IsOptional, Max, Min, validateSync, ValidationError } from 'class-validator';

const PORT_MESSAGE = 'must be a TCP port, an integer from 1 to 65535';

// Env values are strings; only a plain run of digits becomes a number, so "80a" or "8.5" stay
// strings and fail the integer check instead of being half-parsed.
const toPort = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;

export class ControllerEnv {
  /** REST API (under /api/v1) and health endpoints. */
  @Expose()
  @Transform(toPort)
  @IsInt({ message: PORT_MESSAGE })
  @Min(1, { message: PORT_MESSAGE })
  @Max(65535, { message: PORT_MESSAGE })
  PORT: number = 8080;

  /** Address to bind; 0.0.0.0 suits a container, 127.0.0.1 a developer machine. */
  @Expose()
  @IsIP(undefined, { message: 'must be an IP address to bind, e.g. 0.0.0.0 or 127.0.0.1' })
  HOST: string = '0.0.0.0';

  /** One image may serve both halves (DESIGN.md); this process is the central half. */
  @Expose()
  @IsOptional()
  @IsIn(['central'], { message: 'must be "central" for the controller (or unset)' })
  CONTROLLER_MODE?: string;
}

export class EnvValidationError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid environment: ${problems.join('; ')}`);
    this.name = 'EnvValidationError';
  }
}

export function validateEnv(raw: Record<string, string | undefined>): ControllerEnv {
  const env = plainToInstance(ControllerEnv, raw, { excludeExtraneousValues: true, exposeDefaultValues: true });
  const errors = validateSync(env);
  if (errors.length > 0) {
    throw new EnvValidationError(errors.map((error) => describe(error, raw[error.property])));
  }
  return env;
}

// Quotes the value as it was written in the environment, not as it was parsed.
function describe(error: ValidationError, given: string | undefined): string {
  const messages = [...new Set(Object.values(error.constraints ?? {}))];
  return `${error.property} ${messages.join(', ')} (got ${JSON.stringify(given)})`;
}
