/**
 * ASCII (strictly: Latin-1, one byte per character) text. Characters above U+00FF cannot be
 * represented and are rejected on pack, so every accepted value round-trips byte for byte.
 */
import { packFail, unpackFail } from '../errors/raise';
import type { ByteWriter } from './byte-writer';
import { CharsetTable, firstInvalid } from './charset';
import type { UnpackSource } from './unpack-source';

export function decodeAscii(src: UnpackSource, start: number, count: number, cs: CharsetTable, field: string): string {
  const end = start + count;
  const bad = firstInvalid(src.buf, cs.allowed, start, end);
  if (bad >= 0) unpackFail('INVALID_CHARACTER', 'character not allowed', field, bad, cs.label);
  return src.text().substring(start, end);
}

export function encodeAscii(value: string, w: ByteWriter, cs: CharsetTable, field: string): void {
  const n = value.length;
  w.ensure(n);
  const out = w.buf;
  const allowed = cs.allowed;
  const p = w.pos;
  // Stop at the first bad character and fail after the loop (no call inside it; see firstInvalid).
  let i = 0;
  for (; i < n; i++) {
    const c = value.charCodeAt(i);
    if (c > 0xff || allowed[c] === 0) break;
    out[p + i] = c;
  }
  if (i < n) packFail('INVALID_CHARACTER', `character at position ${i + 1} not allowed`, field, cs.label);
  w.pos = p + n;
}
