/**
 * Throw helpers for the hot paths: keeping the construction of errors out of line keeps the codec
 * functions small enough for V8 to inline, and gives one place that builds card-data-free messages.
 */
import { Iso8583ErrorCode, Iso8583PackError, Iso8583UnpackError } from './iso8583.error';

export function unpackFail(
  code: Iso8583ErrorCode,
  problem: string,
  field: string,
  offset: number,
  expected?: string,
): never {
  throw new Iso8583UnpackError(code, problem, expected === undefined ? { field, offset } : { field, offset, expected });
}

export function packFail(code: Iso8583ErrorCode, problem: string, field: string, expected?: string): never {
  throw new Iso8583PackError(code, problem, expected === undefined ? { field } : { field, expected });
}
