/**
 * Character classes as 256-entry lookup tables over Latin-1 code points, so validation is one
 * array load per byte. The same tables serve ASCII and EBCDIC (EBCDIC bytes are mapped to Latin-1
 * first) on both pack and unpack.
 */
import type { Charset } from '../spec/spec.types';

export interface CharsetTable {
  readonly name: Charset;
  /** allowed[code] === 1 when the Latin-1 code point is in the class. */
  readonly allowed: Uint8Array;
  /** Words for error messages ("digits 0-9"). */
  readonly label: string;
}

function build(name: Charset, label: string, test: (c: number) => boolean): CharsetTable {
  const allowed = new Uint8Array(256);
  for (let c = 0; c < 256; c++) allowed[c] = test(c) ? 1 : 0;
  return { name, allowed, label };
}

const isDigit = (c: number): boolean => c >= 0x30 && c <= 0x39;
const isAlpha = (c: number): boolean => (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
// Printable Latin-1: ASCII 0x20..0x7E and the Latin-1 supplement 0xA0..0xFF (accented merchant names).
const isPrintable = (c: number): boolean => (c >= 0x20 && c <= 0x7e) || c >= 0xa0;
const isSpecial = (c: number): boolean => isPrintable(c) && !isDigit(c) && !isAlpha(c);
const isHex = (c: number): boolean => isDigit(c) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);

const TABLES: Record<Charset, CharsetTable> = {
  n: build('n', 'digits 0-9', isDigit),
  a: build('a', 'letters A-Z a-z', isAlpha),
  an: build('an', 'letters and digits', (c) => isAlpha(c) || isDigit(c)),
  anp: build('anp', 'letters, digits and spaces', (c) => isAlpha(c) || isDigit(c) || c === 0x20),
  ans: build('ans', 'printable characters', isPrintable),
  as: build('as', 'letters and special characters', (c) => isAlpha(c) || isSpecial(c)),
  ns: build('ns', 'digits and special characters', (c) => isDigit(c) || isSpecial(c)),
  // Track 2 (ISO/IEC 7813): digits and the field separator, written '=' in ASCII and 'D' in BCD.
  z: build('z', "track 2 characters (digits, '=' or 'D')", (c) => isDigit(c) || c === 0x3d || c === 0x44),
  // x+n: a C (credit) or D (debit) sign then digits; the position rule is checked by the codec.
  xn: build('xn', "'C' or 'D' followed by digits", (c) => isDigit(c) || c === 0x43 || c === 0x44),
  hex: build('hex', 'hex digits', isHex),
  b: build('b', 'binary', () => true),
  any: build('any', 'any byte', () => true),
};

export function charsetTable(name: Charset): CharsetTable {
  return TABLES[name];
}

/**
 * Index of the first byte of buf[start, end) outside the table, or -1 when all are allowed.
 *
 * The common case (all allowed) ANDs the table entries four bytes per step: no branch per byte and
 * no call inside the loop, so V8 keeps the buffer and table pointers in registers. On the benchmark
 * message this beat both the early-exit byte loop and the per-charset regex used before for long
 * values (whose fixed call cost dominated at field lengths). Only a failing range is scanned a
 * second time, to find the offending byte for the error.
 */
export function firstInvalid(buf: Uint8Array, allowed: Uint8Array, start: number, end: number): number {
  let ok = 1;
  let i = start;
  for (; i + 4 <= end; i += 4) ok &= allowed[buf[i]] & allowed[buf[i + 1]] & allowed[buf[i + 2]] & allowed[buf[i + 3]];
  for (; i < end; i++) ok &= allowed[buf[i]];
  if (ok !== 0) return -1;
  i = start;
  while (allowed[buf[i]] !== 0) i++;
  return i;
}

export const CHARSET_NAMES: readonly Charset[] = Object.keys(TABLES) as Charset[];
