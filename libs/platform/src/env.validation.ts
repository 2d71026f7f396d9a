/**
 * Environment validation at boot (STYLE.md habit 5): env variables in, an instance of the app's
 * env class out, or one error naming every wrong variable with the value as it was written.
 */
import { plainToInstance, type ClassConstructor } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';
import { isSecretEnv } from './env.decorators';

/** The shape of `process.env`. */
export type RawEnv = Record<string, string | undefined>;

export class EnvValidationError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid environment: ${problems.join('; ')}`);
    this.name = 'EnvValidationError';
  }
}

/**
 * Reads the variables `cls` declares (each marked `@Expose()`; others are ignored), applies the
 * class's defaults and checks every one. `extraChecks` sees the typed env and returns problems
 * across variables (e.g. two listeners on one port); it runs only once each variable is valid on
 * its own, so it never has to guard against wrong types.
 */
export function validateEnv<T extends object>(
  cls: ClassConstructor<T>,
  raw: RawEnv,
  extraChecks?: (env: T) => readonly string[],
): T {
  const env = plainToInstance(cls, raw, { excludeExtraneousValues: true, exposeDefaultValues: true });
  const problems = validateSync(env).map((error) => describe(error, raw[error.property], cls));
  if (problems.length === 0 && extraChecks) {
    problems.push(...extraChecks(env));
  }
  if (problems.length > 0) {
    throw new EnvValidationError(problems);
  }
  return env;
}

/**
 * For `extraChecks`: each port in `names` must differ from the ones before it, since listeners
 * sharing a port would fail later with EADDRINUSE. Names the two variables that clash.
 */
export function distinctPorts<T extends object>(env: T, names: ReadonlyArray<keyof T & string>): string[] {
  return names.flatMap((name, index) => {
    const clash = names.slice(0, index).find((earlier) => env[earlier] === env[name]);
    return clash ? [`${name} must differ from ${clash} (both ${String(env[name])})`] : [];
  });
}

// Quotes the value as it was written in the environment, not as it was parsed.
function describe(error: ValidationError, given: string | undefined, cls: ClassConstructor<object>): string {
  const messages = [...new Set(Object.values(error.constraints ?? {}))];
  const shown = isSecretEnv(cls.prototype as object, error.property) ? 'value hidden' : `got ${JSON.stringify(given)}`;
  return `${error.property} ${messages.join(', ')} (${shown})`;
}
