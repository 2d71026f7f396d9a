/**
 * The shape every validation in this package reports: a list of errors, each naming the bad field
 * by its path from the root of the validated value.
 *
 * Path style (used everywhere): dotted property names, array items in brackets, root = ''.
 *   `payload.layers.network.latencyMs`, `params.targetEndpointId`, `connections[0].endpoints[1].port`
 */
export interface ContractError {
  /** Dotted path to the bad field; '' means the value as a whole. */
  path: string;
  /** Operator-readable reason. Never echoes the field's value (it may carry card data). */
  message: string;
}

export type ValidationOutcome<T> = { ok: true; value: T } | { ok: false; errors: ContractError[] };

/** Prefix every error path with `prefix` (e.g. to report a nested document inside a larger one). */
export function prefixErrors(prefix: string, errors: readonly ContractError[]): ContractError[] {
  return errors.map((e) => ({ path: joinPath(prefix, e.path), message: e.message }));
}

/** Join a parent path and a child path segment in the package's path style. */
export function joinPath(parent: string, child: string): string {
  if (parent === '') return child;
  if (child === '') return parent;
  return child.startsWith('[') ? `${parent}${child}` : `${parent}.${child}`;
}
