/**
 * Hex helpers. Binary values travel through the API as uppercase hex strings (JSON-friendly,
 * printable); these tables make byte <-> hex conversion a table lookup per byte.
 */

const HEX_DIGITS = '0123456789ABCDEF';

/** HEX_PAIRS[b] is the two uppercase hex characters of byte b. */
export const HEX_PAIRS: readonly string[] = Array.from(
  { length: 256 },
  (_, b) => HEX_DIGITS[b >> 4] + HEX_DIGITS[b & 0x0f],
);

/** HEX_VALUE[charCode] is the nibble value of a hex character (either case), or -1. */
export const HEX_VALUE: Int8Array = (() => {
  const t = new Int8Array(256).fill(-1);
  for (let i = 0; i < 16; i++) {
    t[HEX_DIGITS.charCodeAt(i)] = i;
    t[HEX_DIGITS.toLowerCase().charCodeAt(i)] = i;
  }
  return t;
})();

export function bytesToHex(bytes: Uint8Array, start = 0, end = bytes.length): string {
  if (end - start > 24) {
    // Long runs: one native call beats the JS loop.
    const b = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    return b.toString('hex', start, end).toUpperCase();
  }
  let s = '';
  for (let i = start; i < end; i++) s += HEX_PAIRS[bytes[i]];
  return s;
}

/** Index of the first character that is not a hex digit, or -1 (the length parity is checked by callers). */
export function invalidHexIndex(hex: string): number {
  for (let i = 0; i < hex.length; i++) {
    const c = hex.charCodeAt(i);
    if (c > 0xff || HEX_VALUE[c] < 0) return i;
  }
  return -1;
}

/** Strict hex -> bytes: throws a RangeError (without echoing the input) on odd length or a bad digit. */
export function hexToBytes(hex: string): Buffer {
  if (hex.length % 2 !== 0) throw new RangeError('hex string must have an even number of digits');
  const bad = invalidHexIndex(hex);
  if (bad >= 0) throw new RangeError(`not a hex digit at position ${bad + 1}`);
  const out = Buffer.allocUnsafe(hex.length / 2);
  for (let i = 0, j = 0; j < out.length; i += 2, j++) {
    out[j] = (HEX_VALUE[hex.charCodeAt(i)] << 4) | HEX_VALUE[hex.charCodeAt(i + 1)];
  }
  return out;
}
