/**
 * Length prefixes (LL, LLL, ... up to LLLLLL) in ASCII, EBCDIC, BCD, binary or hex. The prefix
 * only encodes a number; what it counts (characters, digits, bytes) is the field codec's business.
 */
import type { LengthType, PrefixEncoding } from '../spec/spec.types';
import { packFail, unpackFail } from '../errors/raise';
import type { ByteWriter } from './byte-writer';
import { HEX_VALUE } from './hex.encoding';

const enum Kind {
  Ascii,
  Ebcdic,
  Bcd,
  Binary,
  Hex,
}

const HEX_UPPER = '0123456789ABCDEF';

export function prefixDigits(lengthType: LengthType): number {
  switch (lengthType) {
    case 'fixed':
      return 0;
    case 'LL':
      return 2;
    case 'LLL':
      return 3;
    case 'LLLL':
      return 4;
    case 'LLLLL':
      return 5;
    case 'LLLLLL':
      return 6;
  }
}

export class LengthPrefix {
  /** Bytes the prefix occupies on the wire. */
  readonly width: number;
  /** Largest number the prefix can carry. */
  readonly max: number;
  private readonly kind: Kind;
  private readonly label: string;

  constructor(
    readonly lengthType: Exclude<LengthType, 'fixed'>,
    readonly encoding: PrefixEncoding,
  ) {
    const digits = prefixDigits(lengthType);
    switch (encoding) {
      case 'ascii':
      case 'ebcdic':
      case 'ebcdic-cp037':
      case 'ebcdic-cp1047':
        // Digits are the same in both EBCDIC code pages (0xF0..0xF9).
        this.kind = encoding === 'ascii' ? Kind.Ascii : Kind.Ebcdic;
        this.width = digits;
        this.max = 10 ** digits - 1;
        this.label = `${lengthType} prefix of ${digits} ${encoding === 'ascii' ? 'ASCII' : 'EBCDIC'} digits`;
        break;
      case 'bcd':
        this.kind = Kind.Bcd;
        this.width = (digits + 1) >> 1;
        this.max = 10 ** digits - 1;
        this.label = `${lengthType} prefix of ${this.width} BCD byte${this.width > 1 ? 's' : ''}`;
        break;
      case 'binary':
        this.kind = Kind.Binary;
        this.width = digits <= 2 ? 1 : digits <= 4 ? 2 : 3;
        this.max = 256 ** this.width - 1;
        this.label = `${lengthType} prefix of ${this.width} binary byte${this.width > 1 ? 's' : ''}`;
        break;
      case 'hex':
        this.kind = Kind.Hex;
        this.width = digits;
        this.max = 16 ** digits - 1;
        this.label = `${lengthType} prefix of ${digits} uppercase hex digits`;
        break;
    }
  }

  /** Reads the prefix at `offset`; the caller has checked that `width` bytes are available. */
  read(buf: Uint8Array, offset: number, field: string): number {
    let n = 0;
    const end = offset + this.width;
    switch (this.kind) {
      case Kind.Ascii:
        for (let i = offset; i < end; i++) {
          const d = buf[i] - 0x30;
          if (d < 0 || d > 9)
            unpackFail('INVALID_LENGTH_PREFIX', 'length prefix is not numeric', field, offset, this.label);
          n = n * 10 + d;
        }
        return n;
      case Kind.Ebcdic:
        for (let i = offset; i < end; i++) {
          const d = buf[i] - 0xf0;
          if (d < 0 || d > 9)
            unpackFail('INVALID_LENGTH_PREFIX', 'length prefix is not numeric', field, offset, this.label);
          n = n * 10 + d;
        }
        return n;
      case Kind.Bcd:
        for (let i = offset; i < end; i++) {
          const b = buf[i];
          const hi = b >> 4;
          const lo = b & 0x0f;
          if (hi > 9 || lo > 9)
            unpackFail('INVALID_LENGTH_PREFIX', 'length prefix is not BCD', field, offset, this.label);
          n = n * 100 + hi * 10 + lo;
        }
        // An odd digit count leaves a spare high nibble; a non-zero one would exceed the maximum.
        if (n > this.max) unpackFail('INVALID_LENGTH_PREFIX', 'length prefix out of range', field, offset, this.label);
        return n;
      case Kind.Binary:
        for (let i = offset; i < end; i++) n = n * 256 + buf[i];
        return n;
      case Kind.Hex:
        for (let i = offset; i < end; i++) {
          const c = buf[i];
          // Uppercase only, so the re-packed prefix is identical.
          const v = c >= 0x61 ? -1 : HEX_VALUE[c];
          if (v < 0) unpackFail('INVALID_LENGTH_PREFIX', 'length prefix is not hex', field, offset, this.label);
          n = n * 16 + v;
        }
        return n;
    }
  }

  /** Writes `length` (already checked against the field's maximum, which never exceeds `max`). */
  write(w: ByteWriter, length: number, field: string): void {
    if (length > this.max || length < 0)
      packFail('INVALID_LENGTH', `length ${length} does not fit the prefix`, field, this.label);
    w.ensure(this.width);
    const out = w.buf;
    const start = w.pos;
    let n = length;
    switch (this.kind) {
      case Kind.Ascii:
      case Kind.Ebcdic: {
        const zero = this.kind === Kind.Ascii ? 0x30 : 0xf0;
        for (let i = this.width - 1; i >= 0; i--) {
          out[start + i] = zero + (n % 10);
          n = Math.floor(n / 10);
        }
        break;
      }
      case Kind.Bcd:
        for (let i = this.width - 1; i >= 0; i--) {
          const lo = n % 10;
          n = Math.floor(n / 10);
          const hi = n % 10;
          n = Math.floor(n / 10);
          out[start + i] = (hi << 4) | lo;
        }
        break;
      case Kind.Binary:
        for (let i = this.width - 1; i >= 0; i--) {
          out[start + i] = n & 0xff;
          n = Math.floor(n / 256);
        }
        break;
      case Kind.Hex:
        for (let i = this.width - 1; i >= 0; i--) {
          out[start + i] = HEX_UPPER.charCodeAt(n & 0x0f);
          n = Math.floor(n / 16);
        }
        break;
    }
    w.pos = start + this.width;
  }

  /** Writes into a slot reserved earlier (composite fields learn their length after packing content). */
  writeAt(w: ByteWriter, at: number, length: number, field: string): void {
    const saved = w.pos;
    w.pos = at;
    this.write(w, length, field);
    w.pos = saved;
  }
}
