/**
 * The one validation routine behind every `validateXxx` function: plain input → DTO instance
 * (one pass, nested-types.ts) → class-validator (whitelist + forbidNonWhitelisted, nested too)
 * → `ContractError[]` with paths in the package's path style. Never throws.
 */
import type { ClassConstructor } from 'class-transformer';
import { validateSync, type ValidationError, type ValidatorOptions } from 'class-validator';
import { joinPath, type ContractError, type ValidationOutcome } from './contract-error';
import { installMetadataCache } from './metadata-cache';
import { instantiate } from './nested-types';

installMetadataCache();

const VALIDATOR_OPTIONS: ValidatorOptions = {
  whitelist: true,
  forbidNonWhitelisted: true,
  forbidUnknownValues: true,
  // `target` tells array items apart (their target is the array); values are never copied into errors.
  validationError: { target: true, value: false },
};

/** Constraints whose failure makes the children's errors noise (the thing is not even the right shape). */
const SHAPE_CONSTRAINTS = ['isObject', 'isArray'];

export function describeJsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Validate `input` against the DTO class `cls`. On success `value` is an instance of `cls` (nested
 * objects are instances of their DTO classes); the input is not modified.
 */
export function validateDto<T extends object>(cls: ClassConstructor<T>, input: unknown): ValidationOutcome<T> {
  if (!isPlainObject(input)) {
    return { ok: false, errors: [{ path: '', message: `expected a JSON object, got ${describeJsonType(input)}` }] };
  }
  try {
    const { instance, protoKeyPaths } = instantiate(cls, input);
    const errors = toContractErrors(validateSync(instance, VALIDATOR_OPTIONS));
    for (const path of protoKeyPaths) errors.push({ path, message: 'unknown field "__proto__" is not allowed' });
    return errors.length === 0 ? { ok: true, value: instance } : { ok: false, errors };
  } catch (error: unknown) {
    // Defensive: a validator bug or pathological input must not crash a consumer loop.
    const reason = error instanceof Error ? error.message : String(error);
    return { ok: false, errors: [{ path: '', message: `could not be validated: ${reason}` }] };
  }
}

/** Flatten class-validator's error tree into `ContractError[]`. */
export function toContractErrors(errors: readonly ValidationError[], parentPath = ''): ContractError[] {
  const out: ContractError[] = [];
  collect(errors, parentPath, out);
  return out;
}

function collect(errors: readonly ValidationError[], parentPath: string, out: ContractError[]): void {
  for (const error of errors) {
    const path = pathOf(error, parentPath);
    const constraints = error.constraints ?? {};
    const names = Object.keys(constraints);
    if (names.length > 0) out.push({ path, message: messageOf(error, constraints, names) });
    const shapeFailed = names.some((name) => SHAPE_CONSTRAINTS.includes(name));
    if (!shapeFailed && error.children && error.children.length > 0) collect(error.children, path, out);
  }
}

/** One message per field: "x is required" when absent, else the failed rules joined. */
function messageOf(error: ValidationError, constraints: Record<string, string>, names: string[]): string {
  const target = error.target as Record<string, unknown> | undefined;
  const absent =
    error.property !== undefined &&
    !Array.isArray(target) &&
    target !== undefined &&
    target[error.property] === undefined &&
    !names.includes('whitelistValidation');
  if (absent) return `${error.property} is required`;
  // "nested property x must be either object or array" repeats a better message when one exists.
  const kept = names.filter((name) => !(name === 'nestedValidation' && names.length > 1));
  return kept.map((name) => messageFor(name, constraints[name] ?? 'is invalid', error)).join('; ');
}

function pathOf(error: ValidationError, parentPath: string): string {
  // An "unknown value" error (a nested plain object with no DTO class) has no property of its own.
  if (error.property === undefined || error.property === '') return parentPath;
  const segment = Array.isArray(error.target) ? `[${error.property}]` : error.property;
  return joinPath(parentPath, segment);
}

function messageFor(constraint: string, message: string, error: ValidationError): string {
  switch (constraint) {
    case 'whitelistValidation':
      return `unknown field "${error.property}" is not allowed`;
    case 'unknownValue':
      return 'must be an object of a known shape';
    case 'nestedValidation':
      return `${error.property} must be an object`;
    default:
      return message;
  }
}
