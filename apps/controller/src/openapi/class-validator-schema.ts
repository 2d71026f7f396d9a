/**
 * JSON Schemas (OpenAPI 3.0 dialect) derived from class-validator metadata, so the document
 * describes exactly what the API validates: the libs/contracts DTOs carry no swagger decorators,
 * and our own request DTOs are class-validator classes validated with `validateDto`.
 *
 * Why our own converter and not `class-validator-jsonschema`: the contracts build most rules
 * with `ValidateBy` (identifier patterns, UTC timestamps, non-blank strings, optional-but-not-
 * nullable) whose metadata carries only a name, and nested classes are registered through the
 * contracts' own decorators. A rule this converter does not know is an error (see
 * `unknownRules`), so a new contract rule cannot silently go undocumented.
 */
import type { ClassConstructor } from 'class-transformer';
import { getMetadataStorage, type ValidationTypes } from 'class-validator';
import type { ValidationMetadata } from 'class-validator/types/metadata/ValidationMetadata';
import { CONNECTION_ID_PATTERN, ENDPOINT_ID_PATTERN, SIDECAR_ID_PATTERN } from '@switchyard/contracts';

/** A JSON Schema object as OpenAPI 3.0 writes it (kept loose: it is data we emit). */
export type JsonSchema = Record<string, unknown>;

// class-transformer keeps its @Type registry in a module it does not export from the package root.
const { defaultMetadataStorage } =
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  require('class-transformer/cjs/storage') as typeof import('class-transformer/types/storage');

const REF_PREFIX = '#/components/schemas/';

/** Rules that compare a field with its siblings: not expressible in JSON Schema, so described in words. */
const CROSS_FIELD_RULES: Record<string, (m: ValidationMetadata) => string> = {
  hasUniqueKey: (m) => `items must have distinct \`${String(m.constraints?.[0])}\` values`,
  refersToItemIn: (m) => `must be the \`${String(m.constraints?.[1])}\` of one of \`${String(m.constraints?.[0])}\``,
  isAfterField: (m) => `must be later than \`${String(m.constraints?.[0])}\``,
  isAtLeastField: (m) => `must be greater than or equal to \`${String(m.constraints?.[0])}\``,
  isAtMostField: (m) => `must be less than or equal to \`${String(m.constraints?.[0])}\``,
  matchesPodIdentity: () => 'must be `<namespace>/<podName>` of this registration',
  weightsSumTo100: () => 'the four weights must sum to 100',
  isStringMap: () => 'a map of short keys to strings (keys and value lengths are checked)',
};

const UTC_TIMESTAMP_PATTERN = '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?Z$';

/** Identifier rules of the contracts whose metadata carries only a name. */
const NAMED_PATTERNS: Record<string, RegExp> = {
  isConnectionId: CONNECTION_ID_PATTERN,
  isEndpointId: ENDPOINT_ID_PATTERN,
  isSidecarId: SIDECAR_ID_PATTERN,
};

function regexSource(r: unknown): string | undefined {
  if (r instanceof RegExp) return r.source;
  return typeof r === 'string' ? r : undefined;
}

function appendDescription(s: JsonSchema, text: string): void {
  s['description'] = s['description'] ? `${String(s['description'])}; ${text}` : text;
}

/** Applies one rule to a (property or item) schema. Returns false when the rule is unknown. */
function applyRule(m: ValidationMetadata, s: JsonSchema): boolean {
  const c = m.constraints ?? [];
  const name = m.name ?? m.type;
  const named = NAMED_PATTERNS[name];
  if (named) {
    s['type'] = 'string';
    s['pattern'] = named.source;
    return true;
  }
  const crossField = CROSS_FIELD_RULES[name];
  if (crossField) {
    if (name === 'isStringMap') {
      s['type'] = 'object';
      s['additionalProperties'] = { type: 'string' };
    }
    appendDescription(s, crossField(m));
    return true;
  }
  switch (name) {
    case 'isString':
      s['type'] = 'string';
      return true;
    case 'isInt':
      s['type'] = 'integer';
      return true;
    case 'isNumber':
      s['type'] = s['type'] === 'integer' ? 'integer' : 'number';
      return true;
    case 'isBoolean':
      s['type'] = 'boolean';
      return true;
    case 'isObject':
      s['type'] = 'object';
      return true;
    case 'isArray':
      s['type'] = 'array';
      return true;
    case 'min':
      s['minimum'] = c[0];
      return true;
    case 'max':
      s['maximum'] = c[0];
      return true;
    case 'isLength':
      s['type'] = 'string';
      if (typeof c[0] === 'number') s['minLength'] = c[0];
      if (typeof c[1] === 'number') s['maxLength'] = c[1];
      return true;
    case 'minLength':
      s['minLength'] = c[0];
      return true;
    case 'maxLength':
      s['maxLength'] = c[0];
      return true;
    case 'matches': {
      const source = regexSource(c[0]);
      if (source === undefined) return false;
      s['type'] = 'string';
      s['pattern'] = source;
      return true;
    }
    case 'isIn': {
      const values = Array.isArray(c[0]) ? [...(c[0] as unknown[])] : [];
      s['enum'] = values;
      const kinds = new Set(values.map((v) => typeof v));
      if (kinds.size === 1) s['type'] = kinds.has('number') ? 'number' : [...kinds][0];
      return true;
    }
    case 'isEnum': {
      const values = Object.values((c[0] ?? {}) as Record<string, unknown>);
      s['enum'] = values;
      return true;
    }
    case 'arrayMinSize':
      s['type'] = 'array';
      s['minItems'] = c[0];
      return true;
    case 'arrayMaxSize':
      s['type'] = 'array';
      s['maxItems'] = c[0];
      return true;
    case 'arrayUnique':
      s['type'] = 'array';
      s['uniqueItems'] = true;
      return true;
    case 'isUrl':
      s['type'] = 'string';
      s['format'] = 'uri';
      return true;
    case 'isUuid':
      s['type'] = 'string';
      s['format'] = 'uuid';
      return true;
    case 'isUtcTimestamp':
      s['type'] = 'string';
      s['format'] = 'date-time';
      s['pattern'] = UTC_TIMESTAMP_PATTERN;
      return true;
    case 'isNonBlankString':
      s['type'] = 'string';
      s['minLength'] = 1;
      if (typeof c[0] === 'number') s['maxLength'] = c[0];
      s['pattern'] = '\\S';
      return true;
    case 'isDefined':
      return true;
    default:
      return false;
  }
}

/** `Optional()` / `Nullable()` / `IsOptional()` are conditional validations: probe the condition. */
function conditionOf(m: ValidationMetadata, property: string): { optional: boolean; nullable: boolean } {
  const condition = m.constraints?.[0] as ((object: object, value: unknown) => boolean) | undefined;
  if (typeof condition !== 'function') return { optional: false, nullable: false };
  return {
    optional: condition({}, undefined) === false,
    nullable: condition({ [property]: null }, null) === false,
  };
}

type Kind = (typeof ValidationTypes)[keyof typeof ValidationTypes];

function kindOf(m: ValidationMetadata): Kind {
  return m.type as Kind;
}

/**
 * Collects the schemas of the classes it is asked about (and every nested class they use) under
 * `components.schemas`, by class name.
 */
export class ClassValidatorSchemas {
  private readonly schemas = new Map<string, JsonSchema>();
  private readonly names = new Map<object, string>();
  private readonly unknown = new Set<string>();
  private readonly overrides = new Map<object, Record<string, JsonSchema>>();

  /** Replace the schema of some properties of `cls` (rules validated in code, not by decorators). */
  override(cls: ClassConstructor<object>, properties: Record<string, JsonSchema>): this {
    this.overrides.set(cls, { ...(this.overrides.get(cls) ?? {}), ...properties });
    if (this.names.has(cls)) this.build(cls, this.names.get(cls)!);
    return this;
  }

  /** `{ $ref }` to the schema of `cls`, registering it (and its nested classes) on first use. */
  ref(cls: ClassConstructor<object>, name?: string): JsonSchema {
    return { $ref: `${REF_PREFIX}${this.register(cls, name)}` };
  }

  /** The schema of one property of `cls` (for reuse in another DTO's override). */
  property(cls: ClassConstructor<object>, property: string): JsonSchema {
    const name = this.register(cls);
    const props = this.schemas.get(name)?.['properties'] as Record<string, JsonSchema> | undefined;
    const found = props?.[property];
    if (!found) throw new Error(`${cls.name} has no validated property ${property}`);
    return structuredClone(found);
  }

  /** A copy of `cls`'s schema with nothing required (partial overrides of a settings class). */
  partial(cls: ClassConstructor<object>, name: string): JsonSchema {
    const base = structuredClone(this.schemas.get(this.register(cls))!);
    delete base['required'];
    this.schemas.set(name, base);
    return { $ref: `${REF_PREFIX}${name}` };
  }

  all(): Record<string, JsonSchema> {
    return Object.fromEntries(this.schemas);
  }

  /** Rules met that the converter cannot express (should be empty; a unit test says so). */
  unknownRules(): string[] {
    return [...this.unknown].sort();
  }

  private register(cls: ClassConstructor<object>, wanted?: string): string {
    const known = this.names.get(cls);
    if (known) return known;
    let name = wanted ?? cls.name;
    for (let i = 2; this.schemas.has(name); i++) name = `${wanted ?? cls.name}${i}`;
    this.names.set(cls, name);
    this.schemas.set(name, {}); // placeholder: recursion-safe
    this.build(cls, name);
    return name;
  }

  private build(cls: ClassConstructor<object>, name: string): void {
    const metadata = getMetadataStorage().getTargetValidationMetadatas(cls, '', true, false);
    const byProperty = new Map<string, ValidationMetadata[]>();
    for (const m of metadata) {
      const list = byProperty.get(m.propertyName) ?? [];
      list.push(m);
      byProperty.set(m.propertyName, list);
    }
    const properties: Record<string, JsonSchema> = {};
    const required: string[] = [];
    const overrides = this.overrides.get(cls) ?? {};
    for (const [property, rules] of byProperty) {
      let optional = false;
      let nullable = false;
      let s: JsonSchema = {};
      const items: JsonSchema = {};
      let nested: ClassConstructor<object> | null = null;
      for (const m of rules) {
        const kind = kindOf(m);
        if (kind === 'conditionalValidation') {
          const cond = conditionOf(m, property);
          optional ||= cond.optional;
          nullable ||= cond.nullable;
          continue;
        }
        if (kind === 'whitelistValidation') continue;
        if (kind === 'nestedValidation') {
          nested = this.nestedClassOf(cls, property);
          if (m.each) s['type'] = 'array';
          continue;
        }
        if (!applyRule(m, m.each ? items : s)) this.unknown.add(`${cls.name}.${property}: ${m.name ?? m.type}`);
      }
      if (nested) {
        const ref = this.ref(nested);
        if (s['type'] === 'array') s['items'] = ref;
        else {
          const { type: _t, ...rest } = s;
          s = Object.keys(rest).length > 0 ? { allOf: [ref], ...rest } : ref;
        }
      } else if (Object.keys(items).length > 0) {
        s['type'] = 'array';
        s['items'] = items;
      }
      if (overrides[property]) s = structuredClone(overrides[property]);
      if (nullable) {
        s = s['$ref'] ? { allOf: [s], nullable: true } : { ...s, nullable: true };
      }
      properties[property] = s;
      if (!optional) required.push(property);
    }
    const schema: JsonSchema = { type: 'object', properties, additionalProperties: false };
    if (required.length > 0) schema['required'] = required;
    this.schemas.set(name, schema);
  }

  private nestedClassOf(cls: ClassConstructor<object>, property: string): ClassConstructor<object> | null {
    const meta = defaultMetadataStorage.findTypeMetadata(cls, property);
    if (!meta) return null;
    try {
      // Discriminated nested classes (NestedObjectBy) need the parent object: no single class.
      const picked = meta.typeFunction({ newObject: {}, object: {}, property });
      return typeof picked === 'function' && picked !== Object ? (picked as ClassConstructor<object>) : null;
    } catch {
      return null;
    }
  }
}
