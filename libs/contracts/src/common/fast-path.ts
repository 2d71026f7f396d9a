/**
 * A compiled fast path for the hot message types (a health report arrives thousands of times a
 * second; class-validator costs ~200 µs per report, this a few µs). A shape lists, per DTO class,
 * the exact rules its decorators state, checked with class-validator's own predicate functions
 * (isIn, isInt, isNumber, …) or this package's (isUtcTimestamp, the id patterns), so a rule
 * means the same thing on both paths.
 *
 * The fast path only ever ACCEPTS: given a value it is sure about, it builds the same instance
 * tree `validateDto` builds (DTO classes, keys in input order). Anything else — an error, but
 * also anything unusual it does not model (a boxed Boolean, a non-plain object) — returns
 * `undefined`, and the caller runs the full class-validator path, which decides and names every
 * error. So rejections and their error paths come from one place, and a property test
 * (fast-path.spec.ts) checks that the fast path accepts exactly what class-validator accepts,
 * with equal values.
 */
import type { ClassConstructor } from 'class-transformer';

/** What a field check returns when the value is not certainly valid. */
export const REJECT: unique symbol = Symbol('reject');
type Built = unknown;

export interface FieldRule {
  /** Absent (or undefined) is fine; when present the checks apply (null is not absent). */
  optional?: boolean;
  /** Every decorator rule of the field, on the value and its parent plain object. */
  check?: (value: unknown, parent: Record<string, unknown>) => boolean;
  /** A nested DTO (`NestedObject`): must be a plain object valid as this shape. */
  nested?: () => Shape;
  /** An array of nested DTOs (`NestedArray`): each item a plain object valid as this shape. */
  nestedArray?: () => Shape;
}

export interface Shape {
  cls: ClassConstructor<object>;
  fields: ReadonlyMap<string, FieldRule>;
  required: readonly string[];
}

export function shape(cls: ClassConstructor<object>, fields: Record<string, FieldRule>): Shape {
  const map = new Map(Object.entries(fields));
  return { cls, fields: map, required: [...map].filter(([, r]) => !r.optional).map(([k]) => k) };
}

const hasOwn = (o: object, k: string): boolean => Object.prototype.hasOwnProperty.call(o, k);

function isPlainRecord(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

/** The instance tree for `plain` when it is certainly valid as `s`, else REJECT. */
export function buildIfValid(s: Shape, plain: unknown): Built | typeof REJECT {
  if (!isPlainRecord(plain)) return REJECT;
  const out = Object.create(s.cls.prototype as object) as Record<string, unknown>;
  for (const key of Object.keys(plain)) {
    const rule = s.fields.get(key);
    if (rule === undefined) return REJECT;
    const value = plain[key];
    if (value === undefined) {
      if (!rule.optional) return REJECT;
      out[key] = undefined;
      continue;
    }
    if (rule.check !== undefined && !rule.check(value, plain)) return REJECT;
    if (rule.nested !== undefined) {
      const built = buildIfValid(rule.nested(), value);
      if (built === REJECT) return REJECT;
      out[key] = built;
    } else if (rule.nestedArray !== undefined) {
      if (!Array.isArray(value)) return REJECT;
      const itemShape = rule.nestedArray();
      const items: unknown[] = new Array<unknown>(value.length);
      for (let i = 0; i < value.length; i++) {
        const built = buildIfValid(itemShape, value[i]);
        if (built === REJECT) return REJECT;
        items[i] = built;
      }
      out[key] = items;
    } else {
      // Leaf values that pass a check are primitives: copying them is what validateDto does.
      if (typeof value === 'object' || typeof value === 'function') return REJECT;
      out[key] = value;
    }
  }
  for (const key of s.required) {
    if (!hasOwn(plain, key) || plain[key] === undefined) return REJECT;
  }
  return out;
}
