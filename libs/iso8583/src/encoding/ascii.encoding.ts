/**
 * ASCII (strictly: Latin-1, one byte per character) text. Characters above U+00FF cannot be
 * represented and are rejected on pack, so every accepted value round-trips byte for byte.
 */
import { packFail, unpackFail } from '../errors/raise';
import type { ByteWriter } from './byte-writer';
import type { CharsetTable } from './charset';
import type { UnpackSource } from './unpack-source';

/** Values at least this long are validated with the charset's regex instead of the table loop. */
const REGEX_MIN_LENGTH = 16;

export function decodeAscii(src: UnpackSource, start: number, count: number, cs: CharsetTable, field: string): string {
  const end = start + count;
  const value = src.text().substring(start, end);
  if (count >= REGEX_MIN_LENGTH) {
    if (cs.invalid.test(value)) badCharacter(src.buf, start, end, cs, field);
    return value;
  }
  const buf = src.buf;
  const allowed = cs.allowed;
  for (let i = start; i < end; i++) {
    if (allowed[buf[i]] === 0) badCharacter(buf, start, end, cs, field);
  }
  return value;
}

function badCharacter(buf: Uint8Array, start: number, end: number, cs: CharsetTable, field: string): never {
  let i = start;
  while (i < end && cs.allowed[buf[i]] === 1) i++;
  return unpackFail('INVALID_CHARACTER', 'character not allowed', field, i, cs.label);
}

export function encodeAscii(value: string, w: ByteWriter, cs: CharsetTable, field: string): void {
  const n = value.length;
  w.ensure(n);
  const out = w.buf;
  const allowed = cs.allowed;
  let p = w.pos;
  for (let i = 0; i < n; i++) {
    const c = value.charCodeAt(i);
    if (c > 0xff || allowed[c] === 0) {
      packFail('INVALID_CHARACTER', `character at position ${i + 1} not allowed`, field, cs.label);
    }
    out[p++] = c;
  }
  w.pos = p;
}
