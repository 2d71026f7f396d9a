/**
 * Composite data elements: BER-TLV (field 55), positional subfields (field 43) and bitmapped
 * subfields (Postilion-style 127.x). The outer length (prefix or fixed length) always counts the
 * bytes of the content on the wire; subfields are ordinary field codecs reading inside it, so
 * composites nest.
 */
import { ByteWriter } from '../encoding/byte-writer';
import { latin1ToEbcdic } from '../encoding/ebcdic.encoding';
import { bytesToHex, hexToBytes, HEX_VALUE, invalidHexIndex } from '../encoding/hex.encoding';
import type { LengthPrefix } from '../encoding/length-prefix';
import { UnpackSource } from '../encoding/unpack-source';
import { Iso8583UnpackError } from '../errors/iso8583.error';
import { packFail, unpackFail } from '../errors/raise';
import type { BitmappedCompositeSpec, FieldSpec } from '../spec/spec.types';
import { parseTlv, writeTlv } from '../tlv/tlv.codec';
import type { TlvNode } from '../tlv/tlv.types';
import { Cursor, ebcdicTableFor, Enc, encodingKind, FieldCodec, prefixFor } from './field.codec';
import type { FieldValue, SubfieldValues } from './message.types';

abstract class CompositeFieldCodec implements FieldCodec {
  protected readonly prefix: LengthPrefix | undefined;
  protected readonly max: number;
  protected readonly fixed: boolean;

  constructor(
    readonly path: string,
    readonly spec: FieldSpec,
  ) {
    this.prefix = prefixFor(spec);
    this.max = spec.maxLength;
    this.fixed = spec.length === 'fixed';
  }

  abstract unpack(src: UnpackSource, cur: Cursor, end: number): FieldValue;
  abstract pack(value: FieldValue, w: ByteWriter): void;

  /** Reads the outer length; leaves the cursor at the content and returns the content's end. */
  protected openContent(src: UnpackSource, cur: Cursor, end: number): number {
    let off = cur.offset;
    let length = this.max;
    const prefix = this.prefix;
    if (prefix !== undefined) {
      if (off + prefix.width > end) {
        unpackFail('TRUNCATED', 'input ends inside the length prefix', this.path, off, `${prefix.width} prefix bytes`);
      }
      length = prefix.read(src.buf, off, this.path);
      if (length > this.max) {
        unpackFail(
          'INVALID_LENGTH',
          `length ${length} exceeds the maximum`,
          this.path,
          off,
          `at most ${this.max} bytes`,
        );
      }
      off += prefix.width;
    }
    if (off + length > end)
      unpackFail('TRUNCATED', `input ends before the ${length} content bytes`, this.path, off, `${length} bytes`);
    cur.offset = off;
    return off + length;
  }

  /** Reserves the prefix slot; returns where the content starts. */
  protected beginContent(w: ByteWriter): number {
    if (this.prefix !== undefined) w.reserve(this.prefix.width);
    return w.pos;
  }

  protected endContent(w: ByteWriter, contentStart: number): void {
    const length = w.pos - contentStart;
    if (this.fixed ? length !== this.max : length > this.max) {
      packFail(
        'INVALID_LENGTH',
        `content length ${length} bytes`,
        this.path,
        this.fixed ? `exactly ${this.max} bytes` : `at most ${this.max} bytes`,
      );
    }
    if (this.prefix !== undefined) this.prefix.writeAt(w, contentStart - this.prefix.width, length, this.path);
  }

  protected checkConsumed(cur: Cursor, contentEnd: number): void {
    if (cur.offset !== contentEnd) {
      unpackFail(
        'TRAILING_BYTES',
        `${contentEnd - cur.offset} bytes left after the last subfield`,
        this.path,
        cur.offset,
        'no more data',
      );
    }
  }

  /**
   * Raw content given instead of a structured value: validated by unpacking it with this codec
   * (so pack never emits what unpack would reject), then written as is.
   */
  protected packRaw(raw: Uint8Array, w: ByteWriter): void {
    const cur = new Cursor();
    const probe = new ByteWriter(raw.length + 8);
    // Re-frame the raw content with this field's own length so openContent can read it.
    const start = this.beginContent(probe);
    probe.writeBytes(raw);
    this.endContent(probe, start);
    const framed = new UnpackSource(probe.toBuffer());
    try {
      this.unpack(framed, cur, framed.buf.length);
      this.checkConsumed(cur, framed.buf.length);
    } catch (e) {
      if (e instanceof Iso8583UnpackError) {
        packFail('INVALID_VALUE', `raw content is not valid (${e.code})`, e.field ?? this.path, e.expected);
      }
      throw e;
    }
    w.writeBytes(framed.buf);
  }
}

/** Field content as raw bytes from a raw (string or bytes) value, per the field's data encoding. */
function rawBytes(value: string | Uint8Array, spec: FieldSpec, path: string): Uint8Array {
  if (typeof value !== 'string') return value;
  const kind = encodingKind(spec.encoding);
  if (kind === Enc.Binary) {
    if (value.length % 2 !== 0 || invalidHexIndex(value) >= 0)
      packFail('INVALID_VALUE', 'raw content is not hex', path, 'hex string');
    return hexToBytes(value);
  }
  for (let i = 0; i < value.length; i++) {
    if (value.charCodeAt(i) > 0xff)
      packFail('INVALID_CHARACTER', `character at position ${i + 1} is not Latin-1`, path);
  }
  const table = ebcdicTableFor(spec.encoding);
  return table === undefined ? Buffer.from(value, 'latin1') : latin1ToEbcdic(value, table.codePage);
}

export class TlvFieldCodec extends CompositeFieldCodec {
  /** Content carried as ASCII hex characters (two per byte) instead of raw bytes. */
  private readonly hexContent: boolean;

  constructor(path: string, spec: FieldSpec) {
    super(path, spec);
    this.hexContent = encodingKind(spec.encoding) === Enc.Hex;
  }

  unpack(src: UnpackSource, cur: Cursor, end: number): TlvNode[] {
    const start = cur.offset;
    const contentEnd = this.openContent(src, cur, end);
    const off = cur.offset;
    cur.offset = contentEnd;
    if (!this.hexContent) return parseTlv(src.buf, off, contentEnd, this.path);
    const n = contentEnd - off;
    if (n % 2 !== 0)
      unpackFail('INVALID_LENGTH', 'hex content has an odd number of characters', this.path, start, 'even length');
    const bytes = Buffer.allocUnsafe(n / 2);
    for (let i = 0; i < bytes.length; i++) {
      const hi = src.buf[off + 2 * i];
      const lo = src.buf[off + 2 * i + 1];
      // Uppercase only, so re-packing reproduces the same characters.
      const h = hi >= 0x61 ? -1 : HEX_VALUE[hi];
      const l = lo >= 0x61 ? -1 : HEX_VALUE[lo];
      if (h < 0 || l < 0) {
        unpackFail(
          'INVALID_CHARACTER',
          'not an uppercase hex digit',
          this.path,
          off + 2 * i + (h < 0 ? 0 : 1),
          'uppercase hex digits',
        );
      }
      bytes[i] = (h << 4) | l;
    }
    return parseTlv(bytes, 0, bytes.length, this.path, off, 2);
  }

  pack(value: FieldValue, w: ByteWriter): void {
    if (typeof value === 'string' || value instanceof Uint8Array) {
      const bytes =
        typeof value === 'string'
          ? invalidHexIndex(value) < 0 && value.length % 2 === 0
            ? hexToBytes(value)
            : packFail('INVALID_VALUE', 'raw TLV content is not hex', this.path, 'hex string')
          : value;
      // Validate the structure, then write exactly these bytes.
      parseTlvForPack(bytes, this.path);
      const start = this.beginContent(w);
      if (this.hexContent) {
        const hex = bytesToHex(bytes);
        for (let i = 0; i < hex.length; i++) w.writeByte(hex.charCodeAt(i));
      } else {
        w.writeBytes(bytes);
      }
      this.endContent(w, start);
      return;
    }
    if (!Array.isArray(value))
      packFail('INVALID_VALUE', 'TLV field needs an array of {tag, value}', this.path, 'array');
    const start = this.beginContent(w);
    if (this.hexContent) {
      const inner = new ByteWriter(256);
      writeTlv(value as TlvNode[], inner, this.path);
      const hex = bytesToHex(inner.buf, 0, inner.pos);
      for (let i = 0; i < hex.length; i++) w.writeByte(hex.charCodeAt(i));
    } else {
      writeTlv(value as TlvNode[], w, this.path);
    }
    this.endContent(w, start);
  }
}

function parseTlvForPack(bytes: Uint8Array, path: string): void {
  try {
    parseTlv(bytes, 0, bytes.length, path);
  } catch (e) {
    if (e instanceof Iso8583UnpackError)
      packFail('INVALID_TLV', `raw TLV content is not valid (${e.code})`, e.field ?? path, e.expected);
    throw e;
  }
}

function isSubfieldValues(value: FieldValue): value is SubfieldValues {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array);
}

export class PositionalFieldCodec extends CompositeFieldCodec {
  constructor(
    path: string,
    spec: FieldSpec,
    /** Subfield codecs in wire order, with their numbers. */
    private readonly subfields: ReadonlyArray<{ id: number; codec: FieldCodec }>,
  ) {
    super(path, spec);
  }

  subfieldCodec(id: number): FieldCodec | undefined {
    return this.subfields.find((s) => s.id === id)?.codec;
  }

  unpack(src: UnpackSource, cur: Cursor, end: number): SubfieldValues {
    const contentEnd = this.openContent(src, cur, end);
    const out: SubfieldValues = {};
    for (const { id, codec } of this.subfields) {
      // Trailing subfields may be absent in a variable-length field.
      if (cur.offset === contentEnd) break;
      out[id] = codec.unpack(src, cur, contentEnd);
    }
    this.checkConsumed(cur, contentEnd);
    return out;
  }

  pack(value: FieldValue, w: ByteWriter): void {
    if (typeof value === 'string' || value instanceof Uint8Array) {
      this.packRaw(rawBytes(value, this.spec, this.path), w);
      return;
    }
    if (!isSubfieldValues(value))
      packFail('INVALID_VALUE', 'positional field needs an object of subfields', this.path, 'object');
    checkSubfieldKeys(value, this.path, (id) => this.subfields.some((s) => s.id === id));
    const start = this.beginContent(w);
    let missing: number | undefined;
    for (const { id, codec } of this.subfields) {
      const v = value[id];
      if (v === undefined || v === null) {
        missing ??= id;
        continue;
      }
      if (missing !== undefined) {
        packFail(
          'MISSING_FIELD',
          `subfield ${this.path}.${missing} is missing before ${this.path}.${id}`,
          `${this.path}.${missing}`,
        );
      }
      codec.pack(v, w);
    }
    this.endContent(w, start);
  }
}

export class BitmappedFieldCodec extends CompositeFieldCodec {
  private readonly bitmapBytes: number;
  private readonly hexBitmap: boolean;
  private readonly byId: Array<FieldCodec | undefined>;
  /** This field's bitmap during unpack (a codec never contains itself, so one per instance suffices). */
  private readonly scratch: Uint8Array;

  constructor(path: string, spec: FieldSpec, subfields: ReadonlyArray<{ id: number; codec: FieldCodec }>) {
    super(path, spec);
    const bm = (spec.composite as BitmappedCompositeSpec).bitmap;
    this.bitmapBytes = bm.bytes;
    this.hexBitmap = bm.encoding === 'hex';
    this.scratch = new Uint8Array(bm.bytes);
    this.byId = new Array<FieldCodec | undefined>(bm.bytes * 8 + 1).fill(undefined);
    for (const s of subfields) this.byId[s.id] = s.codec;
  }

  subfieldCodec(id: number): FieldCodec | undefined {
    return this.byId[id];
  }

  private get bitmapWireBytes(): number {
    return this.hexBitmap ? this.bitmapBytes * 2 : this.bitmapBytes;
  }

  unpack(src: UnpackSource, cur: Cursor, end: number): SubfieldValues {
    const contentEnd = this.openContent(src, cur, end);
    const buf = src.buf;
    const bmStart = cur.offset;
    if (bmStart + this.bitmapWireBytes > contentEnd) {
      unpackFail(
        'TRUNCATED',
        'content ends inside the subfield bitmap',
        this.path,
        bmStart,
        `${this.bitmapWireBytes} bitmap bytes`,
      );
    }
    const bitmap = this.scratch;
    if (this.hexBitmap) readHexBitmapInto(buf, bmStart, bitmap, 0, this.path, this.bitmapBytes);
    else for (let i = 0; i < this.bitmapBytes; i++) bitmap[i] = buf[bmStart + i];
    cur.offset = bmStart + this.bitmapWireBytes;
    const out: SubfieldValues = {};
    // Size the element store once (see message.codec): touch the highest announced subfield first.
    for (let byte = this.bitmapBytes - 1; byte >= 0; byte--) {
      const b = bitmap[byte];
      if (b !== 0) {
        out[byte * 8 + 8 - (31 - Math.clz32(b & -b))] = undefined;
        break;
      }
    }
    for (let byte = 0; byte < this.bitmapBytes; byte++) {
      let b = bitmap[byte];
      while (b !== 0) {
        const bit = Math.clz32(b) - 24;
        b &= ~(0x80 >> bit);
        const id = byte * 8 + bit + 1;
        const codec = this.byId[id];
        if (codec === undefined) {
          unpackFail(
            'UNKNOWN_FIELD',
            `bitmap announces subfield ${this.path}.${id}, which the spec does not define`,
            `${this.path}.${id}`,
            bmStart,
            'a defined subfield',
          );
        }
        out[id] = codec.unpack(src, cur, contentEnd);
      }
    }
    this.checkConsumed(cur, contentEnd);
    return out;
  }

  pack(value: FieldValue, w: ByteWriter): void {
    if (typeof value === 'string' || value instanceof Uint8Array) {
      this.packRaw(rawBytes(value, this.spec, this.path), w);
      return;
    }
    if (!isSubfieldValues(value))
      packFail('INVALID_VALUE', 'bitmapped field needs an object of subfields', this.path, 'object');
    const ids = checkSubfieldKeys(value, this.path, (id) => this.byId[id] !== undefined);
    const start = this.beginContent(w);
    const bitmapAt = w.reserve(this.bitmapWireBytes);
    const bitmap = new Uint8Array(this.bitmapBytes);
    for (const id of ids) {
      bitmap[(id - 1) >> 3] |= 0x80 >> ((id - 1) & 7);
      (this.byId[id] as FieldCodec).pack(value[id] as FieldValue, w);
    }
    if (this.hexBitmap) {
      const hex = bytesToHex(bitmap);
      for (let i = 0; i < hex.length; i++) w.buf[bitmapAt + i] = hex.charCodeAt(i);
    } else {
      w.buf.set(bitmap, bitmapAt);
    }
    this.endContent(w, start);
  }
}

/** Validates subfield keys; returns the present ids in ascending order. */
function checkSubfieldKeys(value: SubfieldValues, path: string, defined: (id: number) => boolean): number[] {
  const ids: number[] = [];
  for (const key of Object.keys(value)) {
    const v = (value as Record<string, FieldValue | undefined | null>)[key];
    if (v === undefined || v === null) continue;
    const id = Number(key);
    if (!Number.isInteger(id) || id < 1 || String(id) !== key) {
      packFail('INVALID_VALUE', 'subfield key is not a subfield number', path, 'keys "1", "2", ...');
    }
    if (!defined(id)) packFail('UNKNOWN_FIELD', `subfield ${path}.${id} is not defined in the spec`, `${path}.${id}`);
    ids.push(id);
  }
  return ids.sort((a, b) => a - b);
}

/** Decodes `bytes` bitmap bytes written as uppercase hex at buf[start] into out[at..]. */
export function readHexBitmapInto(
  buf: Uint8Array,
  start: number,
  out: Uint8Array,
  at: number,
  path: string,
  bytes = 8,
): void {
  for (let i = 0; i < bytes; i++) {
    const hi = buf[start + 2 * i];
    const lo = buf[start + 2 * i + 1];
    const h = hi >= 0x61 ? -1 : HEX_VALUE[hi];
    const l = lo >= 0x61 ? -1 : HEX_VALUE[lo];
    if (h < 0 || l < 0)
      unpackFail(
        'INVALID_BITMAP',
        'bitmap is not uppercase hex',
        path,
        start + 2 * i + (h < 0 ? 0 : 1),
        'uppercase hex digits',
      );
    out[at + i] = (h << 4) | l;
  }
}
