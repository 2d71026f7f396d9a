/**
 * Compiled codec of one primitive data element. A spec's FieldSpec is turned into one of these
 * once (see spec-compiler), with every decision (encoding, prefix, charset table, padding) resolved
 * to plain properties, so the per-message hot path is a switch over small integers and table loads.
 */
import { decodeAscii, encodeAscii } from '../encoding/ascii.encoding';
import { BcdAlphabet, bcdAlphabet, decodeBcd, encodeBcd } from '../encoding/bcd.encoding';
import { binaryByteLength, decodeBinary, encodeBinary } from '../encoding/binary.encoding';
import type { ByteWriter } from '../encoding/byte-writer';
import { charsetTable, CharsetTable } from '../encoding/charset';
import { CharsetRun } from '../encoding/charset-run';
import { decodeEbcdic, ebcdicTable, EbcdicTable, encodeEbcdic } from '../encoding/ebcdic.encoding';
import { HEX_VALUE } from '../encoding/hex.encoding';
import { LengthPrefix } from '../encoding/length-prefix';
import type { UnpackSource } from '../encoding/unpack-source';
import { packFail, unpackFail } from '../errors/raise';
import type { Charset, FieldSpec } from '../spec/spec.types';
import type { FieldValue } from './message.types';

/** Read position shared by the codecs of one unpack call (one object per call, not per field). */
export class Cursor {
  offset = 0;
}

export interface FieldCodec {
  /** "2", "127.3": used in errors and masking. */
  readonly path: string;
  readonly spec: FieldSpec;
  /** Reads the field at cursor.offset (never past `end`) and advances the cursor. */
  unpack(src: UnpackSource, cur: Cursor, end: number): FieldValue;
  pack(value: FieldValue, w: ByteWriter): void;
}

export const enum Enc {
  Ascii,
  Ebcdic,
  Bcd,
  Binary,
  Hex,
}

export function encodingKind(encoding: FieldSpec['encoding']): Enc {
  switch (encoding) {
    case 'ascii':
      return Enc.Ascii;
    case 'ebcdic':
    case 'ebcdic-cp037':
    case 'ebcdic-cp1047':
      return Enc.Ebcdic;
    case 'bcd':
      return Enc.Bcd;
    case 'binary':
      return Enc.Binary;
    case 'hex':
      return Enc.Hex;
  }
}

export function defaultCharset(encoding: FieldSpec['encoding']): Charset {
  switch (encoding) {
    case 'bcd':
      return 'n';
    case 'binary':
      return 'b';
    case 'hex':
      return 'hex';
    default:
      return 'ans';
  }
}

export function ebcdicTableFor(encoding: FieldSpec['encoding']): EbcdicTable | undefined {
  if (encoding === 'ebcdic' || encoding === 'ebcdic-cp037') return ebcdicTable('cp037');
  if (encoding === 'ebcdic-cp1047') return ebcdicTable('cp1047');
  return undefined;
}

export function prefixFor(spec: FieldSpec): LengthPrefix | undefined {
  return spec.length === 'fixed' ? undefined : new LengthPrefix(spec.length, spec.prefix ?? 'ascii');
}

function unitName(kind: Enc, bytesUnit: boolean): string {
  if (kind === Enc.Binary || bytesUnit) return 'bytes';
  if (kind === Enc.Bcd) return 'digits';
  return 'characters';
}

export class PrimitiveFieldCodec implements FieldCodec {
  private readonly kind: Enc;
  private readonly prefix: LengthPrefix | undefined;
  private readonly max: number;
  private readonly fixed: boolean;
  private readonly cs: CharsetTable;
  private readonly alpha: BcdAlphabet | undefined;
  private readonly ebcdic: EbcdicTable | undefined;
  /** BCD whose prefix counts bytes instead of digits. */
  private readonly bcdBytes: boolean;
  private readonly padLeft: boolean;
  private readonly padChar: string;
  private readonly padNibble: number;
  /** x+n: the value must be a C or D sign followed by digits. */
  readonly signed: boolean;
  private readonly units: string;
  /**
   * Set on plain text fields whose charset check the message loop batches with adjacent fields'
   * (see CharsetRun and CompiledSpec.textFields): the table to check against.
   */
  readonly batchCharset: CharsetTable | undefined;
  /** Bytes of the length prefix on the wire (0 for a fixed field). */
  readonly prefixWidth: number;

  constructor(
    readonly path: string,
    readonly spec: FieldSpec,
  ) {
    this.kind = encodingKind(spec.encoding);
    this.prefix = prefixFor(spec);
    this.prefixWidth = this.prefix === undefined ? 0 : this.prefix.width;
    this.max = spec.maxLength;
    this.fixed = spec.length === 'fixed';
    const charset = spec.charset ?? defaultCharset(spec.encoding);
    this.cs = charsetTable(this.kind === Enc.Hex ? 'hex' : charset);
    this.alpha = this.kind === Enc.Bcd ? bcdAlphabet(charset) : undefined;
    this.ebcdic = ebcdicTableFor(spec.encoding);
    this.bcdBytes = this.kind === Enc.Bcd && spec.lengthUnit === 'bytes';
    this.padLeft = (spec.padding?.side ?? (this.kind === Enc.Bcd ? 'left' : 'right')) === 'left';
    this.padChar = spec.padding?.char ?? (this.kind === Enc.Bcd ? '0' : ' ');
    const nib = HEX_VALUE[this.padChar.charCodeAt(0) & 0xff];
    this.padNibble = nib < 0 ? 0 : nib;
    this.signed = charset === 'xn';
    this.units = unitName(this.kind, this.bcdBytes);
    // Batchable: one byte per character, and either fixed or an ASCII-digit prefix that a run may
    // span (the table must then accept digits; see CharsetRun).
    const textKind = this.kind === Enc.Ascii || this.kind === Enc.Hex;
    const asciiPrefix = this.prefix === undefined || this.prefix.encoding === 'ascii';
    this.batchCharset = textKind && asciiPrefix && CharsetRun.spansDigits(this.cs) ? this.cs : undefined;
    if (this.kind === Enc.Bcd && this.alpha === undefined) {
      throw new Error(`field ${path}: charset ${charset} cannot be BCD-coded`); // the spec loader rejects this first
    }
  }

  /** The length the field's prefix announces (checked against the maximum); the prefix starts at `off`. */
  private readPrefix(prefix: LengthPrefix, buf: Buffer, off: number, end: number): number {
    if (off + prefix.width > end)
      unpackFail('TRUNCATED', 'input ends inside the length prefix', this.path, off, `${prefix.width} prefix bytes`);
    const units = prefix.read(buf, off, this.path);
    if (units > this.max) {
      unpackFail(
        'INVALID_LENGTH',
        `length ${units} exceeds the maximum`,
        this.path,
        off,
        `at most ${this.max} ${this.units}`,
      );
    }
    return units;
  }

  /**
   * For fields with batchCharset: reads and checks the length of the field starting at `off`
   * (prefix, maximum, truncation; the same errors as unpack) and returns the content's byte count.
   * The caller cuts the value out and checks its charset.
   */
  textLength(buf: Buffer, off: number, end: number): number {
    const prefix = this.prefix;
    const units = prefix === undefined ? this.max : this.readPrefix(prefix, buf, off, end);
    const at = off + this.prefixWidth;
    if (at + units > end) this.truncated(at, units);
    return units;
  }

  /**
   * The x+n rule for a batched field, on its wire bytes [start, end): the same check and error as
   * unpack's, without reading the value back from the string. The caller has already added the
   * field to its charset run, whose error (if any) takes precedence, as in unpack.
   */
  checkSignedBytes(buf: Buffer, start: number, end: number, fieldStart: number): void {
    let ok = start < end && (buf[start] === 0x43 || buf[start] === 0x44);
    for (let i = start + 1; ok && i < end; i++) ok = buf[i] >= 0x30 && buf[i] <= 0x39;
    if (!ok) this.checkSigned('', fieldStart, true);
  }

  unpack(src: UnpackSource, cur: Cursor, end: number): string {
    const buf = src.buf;
    const path = this.path;
    let off = cur.offset;
    const prefix = this.prefix;
    const units = prefix === undefined ? this.max : this.readPrefix(prefix, buf, off, end);
    off += this.prefixWidth;
    let value: string;
    switch (this.kind) {
      case Enc.Ascii:
      case Enc.Hex:
        if (off + units > end) this.truncated(off, units);
        value = decodeAscii(src, off, units, this.cs, path);
        off += units;
        break;
      case Enc.Ebcdic:
        if (off + units > end) this.truncated(off, units);
        value = decodeEbcdic(buf, off, units, this.ebcdic as EbcdicTable, this.cs, path);
        off += units;
        break;
      case Enc.Binary:
        if (off + units > end) this.truncated(off, units);
        value = decodeBinary(buf, off, units);
        off += units;
        break;
      default: {
        // BCD
        const alpha = this.alpha as BcdAlphabet;
        let digits: number;
        let bytes: number;
        if (this.bcdBytes) {
          bytes = units;
          digits = units * 2;
          if (off + bytes > end) this.truncated(off, bytes);
          // With a byte count the digit count is implied by the pad nibble, which is only
          // unambiguous when the pad is not itself a valid digit (e.g. 'F' after track 2).
          if (bytes > 0 && alpha.nibbleOk[this.padNibble] === 0) {
            const edge = this.padLeft ? buf[off] >> 4 : buf[off + bytes - 1] & 0x0f;
            if (edge === this.padNibble) digits--;
          }
        } else {
          digits = units;
          bytes = (units + 1) >> 1;
          if (off + bytes > end) this.truncated(off, bytes);
        }
        value = decodeBcd(buf, off, digits, this.padLeft, this.padNibble, alpha, path);
        off += bytes;
      }
    }
    if (this.signed) this.checkSigned(value, cur.offset, true);
    cur.offset = off;
    return value;
  }

  pack(value: FieldValue, w: ByteWriter): void {
    const path = this.path;
    if (this.kind === Enc.Binary) {
      if (typeof value !== 'string' && !(value instanceof Uint8Array)) {
        packFail('INVALID_VALUE', 'binary value must be a hex string or bytes', path, 'hex string or Uint8Array');
      }
      const n = binaryByteLength(value);
      if (n < 0) packFail('INVALID_VALUE', 'binary value has an odd number of hex digits', path, 'hex string');
      this.checkLength(n);
      if (this.prefix !== undefined) this.prefix.write(w, n, path);
      encodeBinary(value, w, path);
      return;
    }
    if (typeof value !== 'string') packFail('INVALID_VALUE', 'value must be a string', path, 'string');
    let v = value;
    if (this.fixed && v.length < this.max && this.spec.padding !== undefined && !this.bcdBytes) {
      const pad = this.padChar.repeat(this.max - v.length);
      v = this.padLeft ? pad + v : v + pad;
    }
    if (this.signed) this.checkSigned(v, 0, false);
    const units = this.bcdBytes ? (v.length + 1) >> 1 : v.length;
    this.checkLength(units);
    if (this.prefix !== undefined) this.prefix.write(w, units, path);
    switch (this.kind) {
      case Enc.Ascii:
      case Enc.Hex:
        encodeAscii(v, w, this.cs, path);
        return;
      case Enc.Ebcdic:
        encodeEbcdic(v, w, this.ebcdic as EbcdicTable, this.cs, path);
        return;
      default:
        encodeBcd(v, w, this.padLeft, this.padNibble, this.alpha as BcdAlphabet, path);
    }
  }

  private checkLength(units: number): void {
    if (this.fixed ? units !== this.max : units > this.max) {
      packFail(
        'INVALID_LENGTH',
        `length ${units} ${this.units}`,
        this.path,
        this.fixed ? `exactly ${this.max} ${this.units}` : `at most ${this.max} ${this.units}`,
      );
    }
  }

  /** x+n: a C or D sign, then digits only. */
  private checkSigned(v: string, offset: number, unpacking: boolean): void {
    let bad = -1;
    if (v.length === 0 || (v.charCodeAt(0) !== 0x43 && v.charCodeAt(0) !== 0x44)) bad = 0;
    else {
      for (let i = 1; i < v.length; i++) {
        const c = v.charCodeAt(i);
        if (c < 0x30 || c > 0x39) {
          bad = i;
          break;
        }
      }
    }
    if (bad < 0) return;
    const expected = "'C' or 'D' followed by digits";
    if (unpacking) unpackFail('INVALID_CHARACTER', 'amount sign or digits invalid', this.path, offset, expected);
    packFail('INVALID_CHARACTER', `character at position ${bad + 1} not allowed`, this.path, expected);
  }

  private truncated(off: number, n: number): never {
    return unpackFail('TRUNCATED', `input ends before the ${n} data bytes`, this.path, off, `${n} bytes`);
  }
}
