/**
 * Query-string rules shared by the ops list endpoints: every parameter is checked and a bad one is
 * a 400 problem naming it (never a database error), keyset cursors are opaque base64url JSON.
 */
import { ProblemException } from '../common/problem/problem.exception';

export const DEFAULT_PAGE_LIMIT = 100;
export const MAX_PAGE_LIMIT = 500;

/** What Express hands a handler for one query parameter. */
export type QueryValue = string | string[] | Record<string, unknown> | undefined;

function bad(name: string, message: string): ProblemException {
  return ProblemException.validation([{ path: name, message: `${name} ${message}` }]);
}

/** A single string value (a repeated or bracketed parameter is refused). */
export function queryString(name: string, value: QueryValue): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw bad(name, 'must be given once, as a plain value');
  return value;
}

export function queryPattern(name: string, value: QueryValue, pattern: RegExp, what: string): string | undefined {
  const s = queryString(name, value);
  if (s === undefined) return undefined;
  if (!pattern.test(s)) throw bad(name, `must be ${what}`);
  return s;
}

export function queryEnum<T extends string>(name: string, value: QueryValue, allowed: readonly T[]): T | undefined {
  const s = queryString(name, value);
  if (s === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(s)) throw bad(name, `must be one of ${allowed.join(', ')}`);
  return s as T;
}

export function queryBoolean(name: string, value: QueryValue): boolean | undefined {
  const s = queryString(name, value);
  if (s === undefined) return undefined;
  if (s !== 'true' && s !== 'false') throw bad(name, 'must be true or false');
  return s === 'true';
}

export function queryLimit(value: QueryValue, max = MAX_PAGE_LIMIT, fallback = DEFAULT_PAGE_LIMIT): number {
  const s = queryString('limit', value);
  if (s === undefined) return fallback;
  if (!/^[0-9]{1,4}$/.test(s) || Number(s) < 1 || Number(s) > max) {
    throw bad('limit', `must be an integer from 1 to ${max}`);
  }
  return Number(s);
}

/** ISO-8601 date-time with a zone (Z or ±hh:mm), e.g. 2024-05-01T12:00:00Z. */
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/;

export function queryTime(name: string, value: QueryValue): Date | undefined {
  const s = queryString(name, value);
  if (s === undefined) return undefined;
  const t = ISO_DATE_TIME.test(s) ? Date.parse(s) : Number.NaN;
  // Also bounded to what PostgreSQL's timestamptz holds comfortably.
  if (Number.isNaN(t) || t < Date.UTC(1970, 0, 1) || t > Date.UTC(9999, 11, 31)) {
    throw bad(name, 'must be an ISO-8601 date-time with a zone, e.g. 2024-05-01T12:00:00Z');
  }
  return new Date(t);
}

/** Opaque keyset cursor: base64url of a small JSON object checked by `check`. */
export function encodeCursor(position: Record<string, string | number>): string {
  return Buffer.from(JSON.stringify(position), 'utf8').toString('base64url');
}

export function decodeCursor<T>(value: QueryValue, check: (raw: Record<string, unknown>) => T | null): T | undefined {
  const s = queryString('cursor', value);
  if (s === undefined) return undefined;
  let parsed: unknown = null;
  if (/^[A-Za-z0-9_-]{1,1024}$/.test(s)) {
    try {
      parsed = JSON.parse(Buffer.from(s, 'base64url').toString('utf8'));
    } catch {
      parsed = null;
    }
  }
  const position =
    parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)
      ? check(parsed as Record<string, unknown>)
      : null;
  if (position === null) throw bad('cursor', 'is not a cursor this endpoint returned (use nextCursor as given)');
  return position;
}

export function assertNoUnknownQuery(query: Record<string, unknown>, known: readonly string[]): void {
  const unknown = Object.keys(query).filter((k) => !known.includes(k));
  if (unknown.length > 0) {
    throw ProblemException.validation(
      unknown.map((k) => ({
        path: k.slice(0, 64),
        message: `unknown query parameter "${k.slice(0, 64)}" is not allowed`,
      })),
    );
  }
}
