/**
 * Locate the first syntax error in a JSON text. JSON.parse's own message differs between Node
 * versions and may quote the input (which can carry card data), so decodeEnvelope reports this
 * instead: a position and a reason, never the text itself. Only called after JSON.parse failed.
 */
export interface JsonErrorPosition {
  /** Character offset (0-based) of the first error. */
  position: number;
  line: number;
  column: number;
  reason: string;
}

class JsonSyntaxError extends Error {
  constructor(
    readonly position: number,
    readonly reason: string,
  ) {
    super(reason);
  }
}

export function locateJsonError(text: string): JsonErrorPosition | undefined {
  try {
    let i = skipWs(text, 0);
    i = parseValue(text, i, 0);
    i = skipWs(text, i);
    if (i < text.length) throw new JsonSyntaxError(i, 'unexpected content after the JSON value');
    return undefined;
  } catch (error: unknown) {
    if (!(error instanceof JsonSyntaxError)) throw error;
    const before = text.slice(0, error.position);
    const line = before.split('\n').length;
    const column = error.position - before.lastIndexOf('\n');
    return { position: error.position, line, column, reason: error.reason };
  }
}

const MAX_DEPTH = 512;

function skipWs(t: string, i: number): number {
  while (i < t.length && (t[i] === ' ' || t[i] === '\t' || t[i] === '\n' || t[i] === '\r')) i++;
  return i;
}

function expectEnd(t: string, i: number): void {
  if (i >= t.length) throw new JsonSyntaxError(i, 'unexpected end of input');
}

function parseValue(t: string, i: number, depth: number): number {
  expectEnd(t, i);
  if (depth > MAX_DEPTH) throw new JsonSyntaxError(i, 'nesting too deep');
  const c = t[i];
  if (c === '{') return parseObject(t, i, depth + 1);
  if (c === '[') return parseArray(t, i, depth + 1);
  if (c === '"') return parseString(t, i);
  if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) return parseNumber(t, i);
  for (const literal of ['true', 'false', 'null']) {
    if (t.startsWith(literal, i)) return i + literal.length;
  }
  throw new JsonSyntaxError(i, 'unexpected character where a value was expected');
}

function parseObject(t: string, i: number, depth: number): number {
  i = skipWs(t, i + 1);
  expectEnd(t, i);
  if (t[i] === '}') return i + 1;
  for (;;) {
    expectEnd(t, i);
    if (t[i] !== '"') throw new JsonSyntaxError(i, 'expected a property name in double quotes');
    i = skipWs(t, parseString(t, i));
    expectEnd(t, i);
    if (t[i] !== ':') throw new JsonSyntaxError(i, "expected ':' after a property name");
    i = skipWs(t, parseValue(t, skipWs(t, i + 1), depth));
    expectEnd(t, i);
    if (t[i] === '}') return i + 1;
    if (t[i] !== ',') throw new JsonSyntaxError(i, "expected ',' or '}' in an object");
    i = skipWs(t, i + 1);
  }
}

function parseArray(t: string, i: number, depth: number): number {
  i = skipWs(t, i + 1);
  expectEnd(t, i);
  if (t[i] === ']') return i + 1;
  for (;;) {
    i = skipWs(t, parseValue(t, i, depth));
    expectEnd(t, i);
    if (t[i] === ']') return i + 1;
    if (t[i] !== ',') throw new JsonSyntaxError(i, "expected ',' or ']' in an array");
    i = skipWs(t, i + 1);
  }
}

function parseString(t: string, i: number): number {
  i++;
  for (;;) {
    if (i >= t.length) throw new JsonSyntaxError(i, 'unterminated string');
    const code = t.charCodeAt(i);
    if (code === 0x22) return i + 1;
    if (code < 0x20) throw new JsonSyntaxError(i, 'control character in a string');
    if (code === 0x5c) {
      const e = t[i + 1];
      if (e === 'u') {
        if (!/^[0-9a-fA-F]{4}$/.test(t.slice(i + 2, i + 6))) throw new JsonSyntaxError(i, 'bad unicode escape');
        i += 6;
        continue;
      }
      if (e === undefined || !'"\\/bfnrt'.includes(e)) throw new JsonSyntaxError(i, 'bad escape sequence');
      i += 2;
      continue;
    }
    i++;
  }
}

const NUMBER = /-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?/y;

function parseNumber(t: string, i: number): number {
  NUMBER.lastIndex = i;
  const m = NUMBER.exec(t);
  if (m === null || m[0] === '' || m[0] === '-') throw new JsonSyntaxError(i, 'malformed number');
  return i + m[0].length;
}
