/** Assertions on ValidationOutcome shared by the specs. */
import type { ContractError, ValidationOutcome } from '../src/common/contract-error';

export function expectValid<T>(outcome: ValidationOutcome<T>): T {
  if (!outcome.ok) throw new Error(`expected valid, got errors: ${JSON.stringify(outcome.errors, null, 2)}`);
  return outcome.value;
}

export function errorsOf(outcome: { ok: boolean; errors?: ContractError[] }): ContractError[] {
  if (outcome.ok) throw new Error('expected validation errors, got a valid outcome');
  return outcome.errors ?? [];
}

/** The outcome failed, and (at least) one error names exactly `path`; returns that error. */
export function expectErrorAt(
  outcome: { ok: boolean; errors?: ContractError[] },
  path: string,
  message?: RegExp,
): ContractError {
  const errors = errorsOf(outcome);
  const hit = errors.find((e) => e.path === path && (message === undefined || message.test(e.message)));
  if (hit === undefined) {
    throw new Error(
      `expected an error at "${path}"${message ? ` matching ${message}` : ''}, got: ${JSON.stringify(errors, null, 2)}`,
    );
  }
  return hit;
}

/** The outcome failed with errors only at exactly these paths. */
export function expectErrorPaths(outcome: { ok: boolean; errors?: ContractError[] }, paths: string[]): void {
  const actual = [...new Set(errorsOf(outcome).map((e) => e.path))].sort();
  expect(actual).toEqual([...paths].sort());
}
