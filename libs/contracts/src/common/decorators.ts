/**
 * Small composed decorators so every DTO states the same rule the same way (one way to do a thing).
 * They never put a field's value into a message: values may carry card data.
 */
// class-transformer's @Type reads design-time metadata when it decorates: the polyfill must be loaded first,
// also when a DTO module is imported directly rather than through index.ts.
import 'reflect-metadata';
import { Type } from 'class-transformer';
import type { ClassConstructor, TypeHelpOptions } from 'class-transformer';
import {
  IsArray,
  IsInt,
  IsObject,
  Max,
  Min,
  ValidateBy,
  ValidateIf,
  ValidateNested,
  type ValidationArguments,
  type ValidationOptions,
} from 'class-validator';
import { CONNECTION_ID_PATTERN, ENDPOINT_ID_PATTERN, SIDECAR_ID_PATTERN } from './identifiers';
import { registerNestedType, type NestedClassPicker } from './nested-types';

type PropertyDecoratorList = PropertyDecorator[];

function compose(...decorators: PropertyDecoratorList): PropertyDecorator {
  return (target, propertyKey) => {
    for (const decorator of decorators) decorator(target, propertyKey);
  };
}

/**
 * Optional, but not nullable: the field may be absent; when present it must pass the other rules.
 * (class-validator's IsOptional also lets `null` through, which would break the declared types.)
 */
export function Optional(): PropertyDecorator {
  return ValidateIf((_object: unknown, value: unknown) => value !== undefined);
}

/** Required, but may be `null` (e.g. a Kafka key). */
export function Nullable(): PropertyDecorator {
  return ValidateIf((_object: unknown, value: unknown) => value !== null);
}

/** A nested object validated as `cls` (not an array, not null). */
export function NestedObject(cls: () => ClassConstructor<object>): PropertyDecorator {
  return compose(
    IsObject(),
    ValidateNested(),
    Type(cls),
    nestedType(() => cls()),
  );
}

/** A nested object whose class depends on the parent (discriminated by a sibling field). */
export function NestedObjectBy(pick: (parent: Record<string, unknown>) => ClassConstructor<object>): PropertyDecorator {
  return compose(
    IsObject(),
    ValidateNested(),
    Type((options?: TypeHelpOptions) => pick((options?.object ?? {}) as Record<string, unknown>)),
    nestedType(pick),
  );
}

/**
 * An array of nested objects, each validated as `cls`. Each item must be an object: without that
 * check class-validator accepts an array in an item's place (`endpoints: [[]]`).
 */
export function NestedArray(cls: () => ClassConstructor<object>): PropertyDecorator {
  return compose(
    IsArray(),
    IsObject({ each: true }),
    ValidateNested({ each: true }),
    Type(cls),
    nestedType(() => cls()),
  );
}

/** Record the nested class for the fast plain → instance walk (see nested-types.ts). */
function nestedType(pick: NestedClassPicker): PropertyDecorator {
  return (target, propertyKey) => registerNestedType(target, String(propertyKey), pick);
}

/** An integer in [min, max]. */
export function IsIntIn(min: number, max: number = Number.MAX_SAFE_INTEGER): PropertyDecorator {
  return compose(IsInt(), Min(min), Max(max));
}

const UTC_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z$/;

export function isUtcTimestamp(value: unknown): value is string {
  return typeof value === 'string' && UTC_TIMESTAMP.test(value) && !Number.isNaN(Date.parse(value));
}

/** An ISO-8601 timestamp in UTC with a `Z` suffix, e.g. `2024-01-31T12:00:00.000Z`. */
export function IsUtcTimestamp(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isUtcTimestamp',
      validator: {
        validate: (value: unknown) => isUtcTimestamp(value),
        defaultMessage: (args?: ValidationArguments) =>
          `${args?.property ?? 'value'} must be an ISO-8601 UTC timestamp such as 2024-01-31T12:00:00.000Z`,
      },
    },
    options,
  );
}

export function isNonBlankString(value: unknown, maxLength: number): value is string {
  return typeof value === 'string' && value.trim() !== '' && value.length <= maxLength;
}

/** A string with at least one non-space character and at most `maxLength` characters. */
export function IsNonBlankString(maxLength: number, options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isNonBlankString',
      constraints: [maxLength],
      validator: {
        validate: (value: unknown) => isNonBlankString(value, maxLength),
        defaultMessage: (args?: ValidationArguments) =>
          `${args?.property ?? 'value'} must be a non-empty string of at most ${maxLength} characters`,
      },
    },
    options,
  );
}

function patternDecorator(name: string, pattern: RegExp, description: string) {
  return (options?: ValidationOptions): PropertyDecorator =>
    ValidateBy(
      {
        name,
        validator: {
          validate: (value: unknown) => typeof value === 'string' && pattern.test(value),
          defaultMessage: (args?: ValidationArguments) => `${args?.property ?? 'value'} must be ${description}`,
        },
      },
      options,
    );
}

export const IsConnectionId = patternDecorator(
  'isConnectionId',
  CONNECTION_ID_PATTERN,
  'a connection id (1-128 characters: letters, digits, ".", "_", "-"; starting with a letter or digit)',
);
export const IsEndpointId = patternDecorator(
  'isEndpointId',
  ENDPOINT_ID_PATTERN,
  'an endpoint id (1-128 characters: letters, digits, ".", "_", "-"; starting with a letter or digit)',
);
export const IsSidecarId = patternDecorator(
  'isSidecarId',
  SIDECAR_ID_PATTERN,
  'a sidecar id of the form <namespace>/<podName>',
);

/** Timestamp strictly after the sibling field `other` (both ISO-8601 UTC); skipped if `other` is invalid. */
export function IsAfterField(other: string, options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isAfterField',
      constraints: [other],
      validator: {
        validate: (value: unknown, args?: ValidationArguments) => {
          const otherValue = (args?.object as Record<string, unknown> | undefined)?.[other];
          if (!isUtcTimestamp(otherValue) || !isUtcTimestamp(value)) return true;
          return Date.parse(value) > Date.parse(otherValue);
        },
        defaultMessage: (args?: ValidationArguments) => `${args?.property ?? 'value'} must be later than ${other}`,
      },
    },
    options,
  );
}

/** Number greater than or equal to the sibling numeric field `other`; skipped if `other` is not a number. */
export function IsAtLeastField(other: string, options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isAtLeastField',
      constraints: [other],
      validator: {
        validate: (value: unknown, args?: ValidationArguments) => {
          const otherValue = (args?.object as Record<string, unknown> | undefined)?.[other];
          if (typeof otherValue !== 'number' || typeof value !== 'number') return true;
          return value >= otherValue;
        },
        defaultMessage: (args?: ValidationArguments) =>
          `${args?.property ?? 'value'} must be greater than or equal to ${other}`,
      },
    },
    options,
  );
}

/** Number less than or equal to the sibling numeric field `other`; skipped if `other` is not a number. */
export function IsAtMostField(other: string, options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isAtMostField',
      constraints: [other],
      validator: {
        validate: (value: unknown, args?: ValidationArguments) => {
          const otherValue = (args?.object as Record<string, unknown> | undefined)?.[other];
          if (typeof otherValue !== 'number' || typeof value !== 'number') return true;
          return value <= otherValue;
        },
        defaultMessage: (args?: ValidationArguments) =>
          `${args?.property ?? 'value'} must be less than or equal to ${other}`,
      },
    },
    options,
  );
}

export interface StringMapRule {
  /** What a key is, for the message (e.g. "an ISO 8583 field number 2-192"). */
  keyDescription: string;
  isKey: (key: string) => boolean;
  maxKeys: number;
  maxValueLength: number;
}

function stringMapProblem(value: unknown, rule: StringMapRule): string | undefined {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return 'must be an object';
  const keys = Object.keys(value);
  if (keys.length > rule.maxKeys) return `must have at most ${rule.maxKeys} entries`;
  for (const key of keys) {
    // Keys are field numbers / metadata names: safe to name. Values are never echoed.
    if (!rule.isKey(key)) return `has key "${key.slice(0, 64)}" which is not ${rule.keyDescription}`;
    const entry = (value as Record<string, unknown>)[key];
    if (typeof entry !== 'string') return `entry "${key}" must be a string`;
    if (entry.length > rule.maxValueLength) return `entry "${key}" must be at most ${rule.maxValueLength} characters`;
  }
  return undefined;
}

/** A plain object mapping keys (checked by `rule`) to strings. */
export function IsStringMap(rule: StringMapRule, options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isStringMap',
      validator: {
        validate: (value: unknown) => stringMapProblem(value, rule) === undefined,
        defaultMessage: (args?: ValidationArguments) =>
          `${args?.property ?? 'value'} ${stringMapProblem(args?.value, rule) ?? 'is invalid'}`,
      },
    },
    options,
  );
}

/** True unless `value` is an array with two items whose `key` values are equal (absent ones ignored). */
export function hasUniqueKey(value: unknown, key: string): boolean {
  if (!Array.isArray(value)) return true;
  const seen = new Set<unknown>();
  for (const item of value) {
    const k = (item as Record<string, unknown> | null)?.[key];
    if (k === undefined) continue;
    if (seen.has(k)) return false;
    seen.add(k);
  }
  return true;
}

/** Array of objects whose `key` property values are unique (e.g. endpoint ids). */
export function HasUniqueKey(key: string, options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'hasUniqueKey',
      constraints: [key],
      validator: {
        validate: (value: unknown) => hasUniqueKey(value, key),
        defaultMessage: (args?: ValidationArguments) =>
          `${args?.property ?? 'value'} must not contain two items with the same ${key}`,
      },
    },
    options,
  );
}

/** A string naming one of the items of the sibling array `arrayField` by its `key` (e.g. activeEndpointId). */
export function RefersToItemIn(arrayField: string, key: string, options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'refersToItemIn',
      constraints: [arrayField, key],
      validator: {
        validate: (value: unknown, args?: ValidationArguments) => {
          const list = (args?.object as Record<string, unknown> | undefined)?.[arrayField];
          if (!Array.isArray(list)) return true;
          return list.some((item) => (item as Record<string, unknown> | null)?.[key] === value);
        },
        defaultMessage: (args?: ValidationArguments) =>
          `${args?.property ?? 'value'} must be the ${key} of one of ${arrayField}`,
      },
    },
    options,
  );
}
