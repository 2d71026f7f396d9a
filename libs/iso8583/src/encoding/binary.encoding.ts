/**
 * Binary fields: raw bytes on the wire, an uppercase hex string in the API (a Uint8Array is also
 * accepted on pack). Lengths count bytes.
 */
import { packFail } from '../errors/raise';
import type { ByteWriter } from './byte-writer';
import { bytesToHex, HEX_VALUE } from './hex.encoding';

export function decodeBinary(buf: Uint8Array, start: number, count: number): string {
  return bytesToHex(buf, start, start + count);
}

/** Byte length of a binary value, or -1 when a hex string is malformed (odd length). */
export function binaryByteLength(value: string | Uint8Array): number {
  if (typeof value !== 'string') return value.length;
  return value.length % 2 === 0 ? value.length / 2 : -1;
}

export function encodeBinary(value: string | Uint8Array, w: ByteWriter, field: string): void {
  if (typeof value !== 'string') {
    w.writeBytes(value);
    return;
  }
  const n = value.length;
  if (n % 2 !== 0) packFail('INVALID_VALUE', 'binary value has an odd number of hex digits', field, 'hex string');
  w.ensure(n / 2);
  const out = w.buf;
  let p = w.pos;
  for (let i = 0; i < n; i += 2) {
    const a = value.charCodeAt(i);
    const b = value.charCodeAt(i + 1);
    const hi = a > 0xff ? -1 : HEX_VALUE[a];
    const lo = b > 0xff ? -1 : HEX_VALUE[b];
    if (hi < 0 || lo < 0) packFail('INVALID_CHARACTER', `not a hex digit near position ${i + 1}`, field, 'hex digits');
    out[p++] = (hi << 4) | lo;
  }
  w.pos = p;
}
