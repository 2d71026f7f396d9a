import { Injectable, type ArgumentMetadata, type PipeTransform } from '@nestjs/common';
import { isConnectionId } from '@switchyard/contracts';
import { ProblemException } from '../common/problem/problem.exception';

/** A connection id path parameter: 400 naming it when it cannot be an id (never a database error). */
@Injectable()
export class ConnectionIdPipe implements PipeTransform<string, string> {
  transform(value: string, meta: ArgumentMetadata): string {
    const name = meta.data ?? 'id';
    if (!isConnectionId(value)) {
      throw ProblemException.validation([
        { path: name, message: `${name} must be a connection id (1-128 characters: letters, digits, ".", "_", "-")` },
      ]);
    }
    return value;
  }
}

/** `If-Match: "<row_version>"` (or `*`): the row version to compare-and-set on, undefined = any. */
export function parseIfMatch(header: string | string[] | undefined): number | undefined {
  if (header === undefined) return undefined;
  const value = Array.isArray(header) ? header.join(',') : header;
  if (value.trim() === '*') return undefined;
  const m = /^\s*"([0-9]{1,9})"\s*$/.exec(value);
  if (!m) {
    throw ProblemException.validation([
      { path: 'If-Match', message: 'If-Match must be the quoted row version from ETag, e.g. "3"' },
    ]);
  }
  return Number(m[1]);
}

export function etagOf(rowVersion: number): string {
  return `"${rowVersion}"`;
}
