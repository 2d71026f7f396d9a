/**
 * Loading and validating specs. A spec arrives as untrusted data (a JSON file, a config document),
 * so every property is checked and the first problem is reported with the field it concerns.
 */
import { bcdAlphabet } from '../encoding/bcd.encoding';
import { CHARSET_NAMES } from '../encoding/charset';
import { LengthPrefix } from '../encoding/length-prefix';
import { Iso8583SpecError } from '../errors/iso8583.error';
import type { CompositeSpec, FieldSpec, MessageSpec, SpecExtension } from './spec.types';

const LENGTH_TYPES = ['fixed', 'LL', 'LLL', 'LLLL', 'LLLLL', 'LLLLLL'];
const DATA_ENCODINGS = ['ascii', 'ebcdic', 'ebcdic-cp037', 'ebcdic-cp1047', 'bcd', 'binary', 'hex'];
const PREFIX_ENCODINGS = DATA_ENCODINGS;
const MTI_ENCODINGS = ['ascii', 'ebcdic', 'ebcdic-cp037', 'ebcdic-cp1047', 'bcd'];

function fail(problem: string, field?: string, expected?: string): never {
  const details: { field?: string; expected?: string } = {};
  if (field !== undefined) details.field = field;
  if (expected !== undefined) details.expected = expected;
  throw new Iso8583SpecError('INVALID_SPEC', problem, details);
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function oneOf(v: unknown, allowed: readonly string[], what: string, field?: string): void {
  if (typeof v !== 'string' || !allowed.includes(v))
    fail(`${what} is not valid`, field, `one of ${allowed.join(', ')}`);
}

function validateField(fs: unknown, path: string): void {
  if (!isObject(fs)) fail('field definition must be an object', path);
  if (typeof fs.description !== 'string') fail('description missing', path, 'a string');
  oneOf(fs.length, LENGTH_TYPES, 'length', path);
  oneOf(fs.encoding, DATA_ENCODINGS, 'encoding', path);
  if (fs.prefix !== undefined) oneOf(fs.prefix, PREFIX_ENCODINGS, 'prefix', path);
  if (typeof fs.maxLength !== 'number' || !Number.isInteger(fs.maxLength) || fs.maxLength < 0) {
    fail('maxLength must be a non-negative integer', path);
  }
  const f = fs as unknown as FieldSpec;
  if (f.length === 'fixed' && f.maxLength === 0) fail('a fixed field needs a length of at least 1', path);
  if (f.length !== 'fixed') {
    const prefix = new LengthPrefix(f.length, f.prefix ?? 'ascii');
    if (f.maxLength > prefix.max)
      fail(
        `maxLength ${f.maxLength} does not fit a ${f.length} ${prefix.encoding} prefix`,
        path,
        `at most ${prefix.max}`,
      );
  }
  if (f.lengthUnit !== undefined) {
    oneOf(f.lengthUnit, ['units', 'bytes'], 'lengthUnit', path);
    if (f.encoding !== 'bcd') fail('lengthUnit only applies to bcd fields', path);
  }
  if (f.charset !== undefined) oneOf(f.charset, CHARSET_NAMES, 'charset', path);
  if (f.encoding === 'binary' && f.charset !== undefined && f.charset !== 'b')
    fail('binary fields take charset b', path);
  if (f.encoding === 'bcd' && bcdAlphabet(f.charset ?? 'n') === undefined) {
    fail(`charset ${f.charset} cannot be BCD-coded`, path, 'n, z or hex');
  }
  if (f.padding !== undefined) {
    if (!isObject(f.padding)) fail('padding must be an object', path, '{side, char}');
    oneOf(f.padding.side, ['left', 'right'], 'padding.side', path);
    if (typeof f.padding.char !== 'string' || f.padding.char.length !== 1 || f.padding.char.charCodeAt(0) > 0xff) {
      fail('padding.char must be one Latin-1 character', path);
    }
    if (f.encoding === 'bcd' && !/^[0-9A-F]$/.test(f.padding.char))
      fail('BCD padding must be a hex digit', path, '0-9 or A-F');
  }
  if (f.sensitive !== undefined) oneOf(f.sensitive, ['pan', 'secret'], 'sensitive', path);
  if (f.composite !== undefined) validateComposite(f, path);
}

function validateComposite(f: FieldSpec, path: string): void {
  const c: unknown = f.composite;
  if (!isObject(c)) fail('composite must be an object', path);
  oneOf(c.kind, ['tlv', 'positional', 'bitmapped'], 'composite.kind', path);
  const comp = c as unknown as CompositeSpec;
  if (comp.kind === 'tlv') {
    if (f.encoding !== 'binary' && f.encoding !== 'hex') fail('TLV fields must be binary or hex encoded', path);
    if (comp.sensitiveTags !== undefined) {
      if (
        !Array.isArray(comp.sensitiveTags) ||
        comp.sensitiveTags.some((t) => typeof t !== 'string' || !/^([0-9A-F]{2}){1,4}$/.test(t))
      ) {
        fail('sensitiveTags must be uppercase hex tags', path);
      }
    }
    return;
  }
  if (f.encoding === 'bcd')
    fail('composite content is counted in bytes; use ascii, ebcdic or binary for the parent', path);
  if (!isObject(comp.subfields) || Object.keys(comp.subfields).length === 0) fail('subfields missing', path);
  let maxId = Infinity;
  if (comp.kind === 'bitmapped') {
    if (!isObject(comp.bitmap)) fail('bitmap missing', path, '{encoding, bytes}');
    oneOf(comp.bitmap.encoding, ['binary', 'hex'], 'bitmap.encoding', path);
    if (!Number.isInteger(comp.bitmap.bytes) || comp.bitmap.bytes < 1 || comp.bitmap.bytes > 16)
      fail('bitmap.bytes must be 1..16', path);
    maxId = comp.bitmap.bytes * 8;
  }
  for (const [key, sub] of Object.entries(comp.subfields)) {
    const id = Number(key);
    if (!Number.isInteger(id) || id < 1 || String(id) !== key || id > maxId)
      fail('subfield key is not valid', `${path}.${key}`, `1..${maxId}`);
    validateField(sub, `${path}.${key}`);
  }
}

/** Throws Iso8583SpecError when the spec is not valid. Called by compileSpec for every spec. */
export function validateSpec(spec: unknown): asserts spec is MessageSpec {
  if (!isObject(spec)) fail('spec must be an object');
  if (typeof spec.name !== 'string' || spec.name.length === 0)
    fail('spec name missing', undefined, 'a non-empty string');
  if (typeof spec.description !== 'string') fail('spec description missing', undefined, 'a string');
  if (!isObject(spec.mti)) fail('mti missing', 'mti', '{encoding}');
  oneOf(spec.mti.encoding, MTI_ENCODINGS, 'mti.encoding', 'mti');
  if (!isObject(spec.bitmap)) fail('bitmap missing', 'bitmap', '{encoding}');
  oneOf(spec.bitmap.encoding, ['binary', 'hex'], 'bitmap.encoding', 'bitmap');
  if (spec.bitmap.secondary !== undefined)
    oneOf(spec.bitmap.secondary, ['auto', 'always'], 'bitmap.secondary', 'bitmap');
  if (spec.bitmap.tertiary !== undefined && typeof spec.bitmap.tertiary !== 'boolean')
    fail('bitmap.tertiary must be a boolean', 'bitmap');
  if (!isObject(spec.fields)) fail('fields missing', undefined, 'an object keyed by field number');
  const tertiary = spec.bitmap.tertiary === true;
  const max = tertiary ? 192 : 128;
  for (const [key, fs] of Object.entries(spec.fields)) {
    const n = Number(key);
    if (!Number.isInteger(n) || String(n) !== key || n < 2 || n > max) fail('field key is not valid', key, `2..${max}`);
    if (n === 65 && tertiary) fail('field 65 is the tertiary bitmap in this spec', key);
    validateField(fs, key);
  }
}

function deepFreeze<T>(o: T): T {
  if (typeof o === 'object' && o !== null && !Object.isFrozen(o)) {
    Object.freeze(o);
    for (const v of Object.values(o)) deepFreeze(v);
  }
  return o;
}

/**
 * Validates a spec given as an object or as JSON text and returns a frozen deep copy. Use it for
 * spec files: `loadSpec(fs.readFileSync('visa.json', 'utf8'))`.
 */
export function loadSpec(input: unknown): MessageSpec {
  let data: unknown = input;
  if (typeof input === 'string') {
    try {
      data = JSON.parse(input);
    } catch {
      fail('spec is not valid JSON');
    }
  }
  const copy: unknown = JSON.parse(JSON.stringify(data ?? null));
  validateSpec(copy);
  return deepFreeze(copy);
}

/**
 * A new spec from a shipped (or any) one: fields are added or replaced whole, `null` removes one.
 *
 *   const mySpec = extendSpec(iso87ascii, { name: 'acme', fields: { '48': { ...tlv } } });
 */
export function extendSpec(base: MessageSpec, ext: SpecExtension): MessageSpec {
  const fields: Record<string, FieldSpec> = { ...base.fields };
  for (const [key, fs] of Object.entries(ext.fields ?? {})) {
    if (fs === null) delete fields[key];
    else fields[key] = fs;
  }
  return loadSpec({
    name: ext.name,
    description: ext.description ?? `${base.description} (extended as ${ext.name})`,
    mti: ext.mti ?? base.mti,
    bitmap: { ...base.bitmap, ...(ext.bitmap ?? {}) },
    fields,
  });
}
