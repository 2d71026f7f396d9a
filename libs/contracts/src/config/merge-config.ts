/**
 * Config precedence: layers are merged in order, later layers win, and only the result is validated
 * (an intermediate layer may be incomplete):
 *
 *   DEFAULT_CONFIG  ←  central (config-updates / GET /api/v1/config)  ←  file (/shared/config.yaml)  ←  env
 *
 * Merge rules: plain objects merge key by key; any other value (number, string, boolean, array)
 * replaces; `undefined` means "not set in this layer". Unknown keys survive the merge and are then
 * rejected by validation, so a typo in a file or env layer is an error, never silently ignored.
 */
import type { ContractError, ValidationOutcome } from '../common/contract-error';
import { describeJsonType, isPlainObject } from '../common/validation';
import { validateConfigDocument, type ConfigDocumentDto } from './config-document.dto';
import { DEFAULT_CONFIG } from './default-config';

/** A config document as plain data (the DTO class has no behaviour; this is the same shape). */
export type ConfigDocument = ConfigDocumentDto;

export type DeepPartial<T> = T extends readonly unknown[]
  ? T
  : T extends object
    ? { [K in keyof T]?: DeepPartial<T[K]> }
    : T;

/** A partial config document: what a file or env layer may set. */
export type ConfigOverlay = DeepPartial<ConfigDocument>;

/** Deep-merge `partial` over `base` (see the rules above). Neither input is modified. */
export function mergeConfigValues(base: unknown, partial: unknown): unknown {
  if (partial === undefined) return clone(base);
  if (!isPlainObject(partial) || !isPlainObject(base)) return clone(partial);
  const out: Record<string, unknown> = clone(base) as Record<string, unknown>;
  for (const [key, value] of Object.entries(partial)) {
    if (value === undefined || key === '__proto__') continue;
    out[key] = mergeConfigValues(base[key], value);
  }
  return out;
}

function clone(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(clone);
  if (isPlainObject(value)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (k !== '__proto__') out[k] = clone(v);
    return out;
  }
  return value;
}

/** Merge `partial` over `base` and validate the result as a complete config document. */
export function mergeConfig(
  base: ConfigDocument | ConfigOverlay,
  partial: ConfigOverlay | undefined,
): ValidationOutcome<ConfigDocumentDto> {
  if (partial !== undefined && !isPlainObject(partial)) {
    return {
      ok: false,
      errors: [{ path: '', message: `a config layer must be an object, got ${describeJsonType(partial)}` }],
    };
  }
  return validateConfigDocument(mergeConfigValues(base, partial));
}

export interface ConfigLayers {
  /** Built-in defaults; DEFAULT_CONFIG unless given. */
  defaults?: ConfigDocument;
  /** From the controller (config-updates topic, UPDATE_CONFIG, or GET /api/v1/config). */
  central?: ConfigOverlay;
  /** From the shared volume's config.yaml. */
  file?: ConfigOverlay;
  /** From environment variables (already mapped into the document's shape by the caller). */
  env?: ConfigOverlay;
}

export const CONFIG_LAYER_ORDER = ['defaults', 'central', 'file', 'env'] as const;
export type ConfigLayerName = (typeof CONFIG_LAYER_ORDER)[number];

/**
 * Resolve the effective config: defaults ← central ← file ← env, validated once at the end.
 * On failure each message says which layer set the offending value, e.g. "(set by file)".
 */
export function resolveConfig(layers: ConfigLayers): ValidationOutcome<ConfigDocumentDto> {
  const stack: Array<[ConfigLayerName, unknown]> = [
    ['defaults', layers.defaults ?? DEFAULT_CONFIG],
    ['central', layers.central],
    ['file', layers.file],
    ['env', layers.env],
  ];
  const errors: ContractError[] = [];
  let merged: unknown = {};
  for (const [name, layer] of stack) {
    if (layer === undefined) continue;
    if (!isPlainObject(layer)) {
      errors.push({ path: '', message: `the ${name} config layer must be an object, got ${describeJsonType(layer)}` });
      continue;
    }
    merged = mergeConfigValues(merged, layer);
  }
  if (errors.length > 0) return { ok: false, errors };
  const outcome = validateConfigDocument(merged);
  if (outcome.ok) return outcome;
  return {
    ok: false,
    errors: outcome.errors.map((e) => {
      const origin = originOf(stack, e.path);
      return origin === undefined ? e : { path: e.path, message: `${e.message} (set by ${origin})` };
    }),
  };
}

/** The last layer that sets `path` (or a parent of it), if any. */
function originOf(stack: Array<[ConfigLayerName, unknown]>, path: string): ConfigLayerName | undefined {
  if (path === '') return undefined;
  const segments = path.split('.');
  for (let i = stack.length - 1; i >= 0; i--) {
    const [name, layer] = stack[i] as [ConfigLayerName, unknown];
    let node: unknown = layer;
    let found = true;
    for (const segment of segments) {
      if (!isPlainObject(node) || !(segment in node) || node[segment] === undefined) {
        found = false;
        break;
      }
      node = node[segment];
    }
    if (found) return name;
  }
  return undefined;
}
