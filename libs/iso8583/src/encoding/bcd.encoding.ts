/**
 * BCD (packed decimal): two digits per byte, high nibble first. An odd number of digits leaves one
 * nibble spare, filled with the spec's pad nibble on the left ("0123" for 123) or on the right
 * ("123F"). Unpack checks the pad nibble too: accepting any value there would make pack(unpack(x))
 * differ from x.
 */
import type { Charset } from '../spec/spec.types';
import { packFail, unpackFail } from '../errors/raise';
import type { ByteWriter } from './byte-writer';
import { HEX_PAIRS } from './hex.encoding';

const NIBBLE_CHARS = '0123456789ABCDEF';

export interface BcdAlphabet {
  readonly label: string;
  /** nibbleOk[v] === 1 when nibble value v is a valid character. */
  readonly nibbleOk: Uint8Array;
  /** pairOk[byte] === 1 when both nibbles of the byte are valid: one load per byte on unpack. */
  readonly pairOk: Uint8Array;
  /** charToNibble[charCode] is the nibble for a character, or -1. */
  readonly charToNibble: Int8Array;
}

function build(label: string, chars: Record<string, number>): BcdAlphabet {
  const nibbleOk = new Uint8Array(16);
  const charToNibble = new Int8Array(256).fill(-1);
  for (const [ch, v] of Object.entries(chars)) {
    charToNibble[ch.charCodeAt(0)] = v;
  }
  // Decoding yields the canonical character for each nibble value (e.g. 'D' for the track 2 separator).
  for (let v = 0; v < 16; v++) nibbleOk[v] = charToNibble[NIBBLE_CHARS.charCodeAt(v)] === v ? 1 : 0;
  const pairOk = new Uint8Array(256);
  for (let b = 0; b < 256; b++) pairOk[b] = nibbleOk[b >> 4] & nibbleOk[b & 0x0f];
  return { label, nibbleOk, pairOk, charToNibble };
}

const digits: Record<string, number> = {};
for (let d = 0; d < 10; d++) digits[String(d)] = d;
const hexChars: Record<string, number> = { ...digits };
for (let v = 10; v < 16; v++) {
  hexChars[NIBBLE_CHARS[v]] = v;
  hexChars[NIBBLE_CHARS[v].toLowerCase()] = v;
}

const ALPHABETS: Partial<Record<Charset, BcdAlphabet>> = {
  n: build('BCD digits 0-9', digits),
  // Track 2 in BCD carries the separator as nibble D; '=' is accepted on pack and decodes as 'D'.
  z: build("BCD track 2 nibbles (0-9, 'D')", { ...digits, D: 0xd, '=': 0xd }),
  hex: build('BCD hex nibbles', hexChars),
};

/** The BCD alphabet for a charset, or undefined when the charset cannot be BCD-coded. */
export function bcdAlphabet(cs: Charset): BcdAlphabet | undefined {
  return ALPHABETS[cs];
}

/** Number of bytes that `digits` BCD digits occupy. */
export function bcdByteLength(digitCount: number): number {
  return (digitCount + 1) >> 1;
}

export function decodeBcd(
  buf: Uint8Array,
  start: number,
  digitCount: number,
  padLeft: boolean,
  padNibble: number,
  alpha: BcdAlphabet,
  field: string,
): string {
  const odd = (digitCount & 1) === 1;
  const end = start + ((digitCount + 1) >> 1);
  const pairOk = alpha.pairOk;
  let i = start;
  let s = '';
  if (odd && padLeft) {
    const b = buf[i];
    if (b >> 4 !== padNibble)
      unpackFail('INVALID_PADDING', 'wrong BCD pad nibble', field, i, `pad ${NIBBLE_CHARS[padNibble]}`);
    if (alpha.nibbleOk[b & 0x0f] === 0) unpackFail('INVALID_CHARACTER', 'nibble not allowed', field, i, alpha.label);
    s = NIBBLE_CHARS[b & 0x0f];
    i++;
  }
  const last = odd && !padLeft ? end - 1 : end;
  for (; i < last; i++) {
    const b = buf[i];
    if (pairOk[b] === 0) unpackFail('INVALID_CHARACTER', 'nibble not allowed', field, i, alpha.label);
    s += HEX_PAIRS[b];
  }
  if (odd && !padLeft) {
    const b = buf[last];
    if ((b & 0x0f) !== padNibble) {
      unpackFail('INVALID_PADDING', 'wrong BCD pad nibble', field, last, `pad ${NIBBLE_CHARS[padNibble]}`);
    }
    if (alpha.nibbleOk[b >> 4] === 0) unpackFail('INVALID_CHARACTER', 'nibble not allowed', field, last, alpha.label);
    s += NIBBLE_CHARS[b >> 4];
  }
  return s;
}

export function encodeBcd(
  value: string,
  w: ByteWriter,
  padLeft: boolean,
  padNibble: number,
  alpha: BcdAlphabet,
  field: string,
): void {
  const n = value.length;
  const odd = (n & 1) === 1;
  const bytes = (n + 1) >> 1;
  w.ensure(bytes);
  const out = w.buf;
  const map = alpha.charToNibble;
  let p = w.pos;
  let i = 0;
  const nib = (k: number): number => {
    const c = value.charCodeAt(k);
    const v = c > 0xff ? -1 : map[c];
    if (v < 0) packFail('INVALID_CHARACTER', `character at position ${k + 1} not allowed`, field, alpha.label);
    return v;
  };
  if (odd && padLeft) {
    out[p++] = (padNibble << 4) | nib(0);
    i = 1;
  }
  const stop = odd && !padLeft ? n - 1 : n;
  for (; i < stop; i += 2) out[p++] = (nib(i) << 4) | nib(i + 1);
  if (odd && !padLeft) out[p++] = (nib(n - 1) << 4) | padNibble;
  w.pos = p;
}
