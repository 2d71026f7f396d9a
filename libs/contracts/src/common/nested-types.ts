/**
 * Which DTO class each nested property holds, recorded by the NestedObject / NestedArray /
 * NestedObjectBy decorators, and a one-pass "plain JSON → DTO instances" walk that uses it.
 *
 * Why not class-transformer's plainToInstance for this: it was a third of the time to decode a
 * health report (it checks expose/exclude/transform metadata per key). The decorators still apply
 * class-transformer's @Type too, so plainToInstance (e.g. a NestJS ValidationPipe with
 * `transform: true`) gives the same classes.
 */
import type { ClassConstructor } from 'class-transformer';
import { joinPath } from './contract-error';

/** Picks the class of a nested value from its parent plain object (fixed, or by a discriminator). */
export type NestedClassPicker = (parent: Record<string, unknown>) => ClassConstructor<object>;

const declared = new Map<object, Map<string, NestedClassPicker>>();
const resolved = new WeakMap<object, Map<string, NestedClassPicker>>();

export function registerNestedType(target: object, property: string, pick: NestedClassPicker): void {
  const ctor = (target as { constructor: object }).constructor;
  let props = declared.get(ctor);
  if (props === undefined) {
    props = new Map();
    declared.set(ctor, props);
  }
  props.set(property, pick);
}

/** Nested properties of `cls`, including inherited ones (subclass declarations win). */
function nestedPropertiesOf(cls: ClassConstructor<object>): Map<string, NestedClassPicker> {
  let props = resolved.get(cls);
  if (props !== undefined) return props;
  props = new Map();
  const chain: object[] = [];
  for (
    let c: object | null = cls;
    c !== null && c !== Function.prototype;
    c = Object.getPrototypeOf(c) as object | null
  ) {
    chain.unshift(c);
  }
  for (const c of chain) for (const [k, v] of declared.get(c) ?? []) props.set(k, v);
  resolved.set(cls, props);
  return props;
}

function isObjectLike(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/**
 * An own "__proto__" key (JSON.parse makes those) is never copied: class-validator's whitelist
 * cannot see it, so it is reported here, by path, as an unknown field.
 */
const PROTO_KEY = '__proto__';

class Walk {
  readonly protoKeyPaths: string[] = [];

  copyJson(value: unknown, path: string): unknown {
    if (Array.isArray(value)) return value.map((item, i) => this.copyJson(item, `${path}[${i}]`));
    if (!isObjectLike(value)) return value;
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value)) {
      if (key === PROTO_KEY) this.protoKeyPaths.push(joinPath(path, key));
      else out[key] = this.copyJson(value[key], joinPath(path, key));
    }
    return out;
  }

  convert(cls: ClassConstructor<object>, value: unknown, path: string): unknown {
    if (Array.isArray(value)) {
      return value.map((item, i) =>
        isObjectLike(item) && !Array.isArray(item)
          ? this.instantiate(cls, item, `${path}[${i}]`)
          : this.copyJson(item, `${path}[${i}]`),
      );
    }
    if (isObjectLike(value)) return this.instantiate(cls, value, path);
    return value;
  }

  instantiate<T extends object>(cls: ClassConstructor<T>, plain: Record<string, unknown>, path: string): T {
    const instance = Object.create(cls.prototype as object) as Record<string, unknown>;
    const nested = nestedPropertiesOf(cls);
    for (const key of Object.keys(plain)) {
      const childPath = joinPath(path, key);
      if (key === PROTO_KEY) {
        this.protoKeyPaths.push(childPath);
        continue;
      }
      const value = plain[key];
      const pick = nested.get(key);
      instance[key] =
        pick === undefined ? this.copyJson(value, childPath) : this.convert(pick(plain), value, childPath);
    }
    return instance as T;
  }
}

/**
 * Build an instance of `cls` from a plain object: own keys copied (unknown ones too, for the
 * whitelist to report), nested DTO properties converted to their classes, free-form values copied.
 * Constructors do not run. `protoKeyPaths` lists own "__proto__" keys found (never copied).
 */
export function instantiate<T extends object>(
  cls: ClassConstructor<T>,
  plain: Record<string, unknown>,
): { instance: T; protoKeyPaths: string[] } {
  const walk = new Walk();
  const instance = walk.instantiate(cls, plain, '');
  return { instance, protoKeyPaths: walk.protoKeyPaths };
}
