/**
 * pack / unpack of whole messages: MTI, bitmaps (primary, secondary, tertiary; binary or hex), then
 * the data elements in field-number order.
 *
 * Contract: for any bytes `b` that unpack accepts, pack(unpack(b)) is exactly `b`; unpack throws
 * nothing but Iso8583UnpackError, whatever the input.
 */
import { ByteWriter } from '../encoding/byte-writer';
import type { CharsetTable } from '../encoding/charset';
import { CharsetRun } from '../encoding/charset-run';
import { HEX_PAIRS } from '../encoding/hex.encoding';
import { asBuffer, UnpackSource } from '../encoding/unpack-source';
import { Iso8583Error, Iso8583PackError, Iso8583UnpackError } from '../errors/iso8583.error';
import { packFail, unpackFail } from '../errors/raise';
import type { MessageSpec } from '../spec/spec.types';
import { readHexBitmapInto } from './composite.codec';
import { Cursor } from './field.codec';
import type { FieldValue, IsoFields, IsoMessage } from './message.types';
import { compileSpec, CompiledSpec, MtiKind } from './spec-compiler';

export type SpecLike = MessageSpec | CompiledSpec;

export type UnpackResult = { ok: true; message: IsoMessage } | { ok: false; error: Iso8583UnpackError };

const writer = new ByteWriter(4096);
// Values by field number for the pack in progress; cleared after every pack.
const packValues: Array<FieldValue | undefined> = new Array<FieldValue | undefined>(193).fill(undefined);
const packBits = new Uint8Array(24);

function isDigitString(s: string, n: number): boolean {
  if (s.length !== n) return false;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return false;
  }
  return true;
}

/** Encodes a message. Throws Iso8583PackError naming the field when a value does not fit the spec. */
export function pack(spec: SpecLike, message: IsoMessage): Buffer {
  const cs = compileSpec(spec);
  if (message === null || typeof message !== 'object')
    packFail('INVALID_VALUE', 'message must be an object', 'mti', '{mti, fields}');
  const mti = message.mti;
  if (typeof mti !== 'string' || !isDigitString(mti, 4))
    packFail('INVALID_MTI', 'MTI must be 4 digits', 'mti', '4 digits');
  const fields = message.fields;
  if (fields === null || typeof fields !== 'object' || Array.isArray(fields)) {
    packFail('INVALID_VALUE', 'fields must be an object keyed by field number', 'mti', 'object');
  }
  const bits = packBits;
  bits.fill(0);
  const values = packValues;
  const w = writer;
  w.reset();
  try {
    let highest = 0;
    for (const key in fields) {
      const v = (fields as Record<string, FieldValue | undefined | null>)[key];
      if (v === undefined || v === null) continue;
      const n = Number(key);
      if (!Number.isInteger(n) || String(n) !== key)
        packFail('INVALID_VALUE', 'field key is not a field number', key, 'keys "2".."128"');
      if (n === 1 || (n === 65 && cs.tertiary)) {
        packFail('INVALID_VALUE', 'bitmap fields are computed by pack and must not be set', key, 'no value');
      }
      if (n < 1 || n > cs.maxField || cs.fields[n] === undefined)
        packFail('UNKNOWN_FIELD', 'field is not defined in the spec', key);
      values[n] = v;
      bits[(n - 1) >> 3] |= 0x80 >> ((n - 1) & 7);
      if (n > highest) highest = n;
    }
    let bitmapBytes = 8;
    if (highest > 128) {
      bits[8] |= 0x80; // bit 65: tertiary bitmap present
      bitmapBytes = 24;
    } else if (highest > 64 || cs.secondaryAlways) {
      bitmapBytes = 16;
    }
    if (bitmapBytes > 8) bits[0] |= 0x80; // bit 1: secondary bitmap present

    writeMti(w, mti, cs.mtiKind);
    if (cs.hexBitmap) {
      w.ensure(bitmapBytes * 2);
      for (let i = 0; i < bitmapBytes; i++) {
        const pair = HEX_PAIRS[bits[i]];
        w.buf[w.pos++] = pair.charCodeAt(0);
        w.buf[w.pos++] = pair.charCodeAt(1);
      }
    } else {
      w.writeBytes(bits, 0, bitmapBytes);
    }
    for (let byte = 0; byte < bitmapBytes; byte++) {
      let b = bits[byte];
      while (b !== 0) {
        const bit = Math.clz32(b) - 24;
        b &= ~(0x80 >> bit);
        const n = byte * 8 + bit + 1;
        if (n === 1 || (n === 65 && cs.tertiary)) continue;
        (cs.fields[n] as NonNullable<CompiledSpec['fields'][number]>).pack(values[n] as FieldValue, w);
      }
    }
    return w.toBuffer();
  } catch (e) {
    if (e instanceof Iso8583Error) throw e;
    // Defensive: never let an untyped error (which might quote data) escape.
    throw new Iso8583PackError('INTERNAL', 'unexpected encoder failure', {});
  } finally {
    values.fill(undefined);
    if (w.buf.length > 1 << 20) w.buf = Buffer.allocUnsafe(4096); // do not pin a huge buffer forever
  }
}

function writeMti(w: ByteWriter, mti: string, kind: MtiKind): void {
  w.ensure(4);
  if (kind === MtiKind.Bcd) {
    w.buf[w.pos++] = ((mti.charCodeAt(0) - 0x30) << 4) | (mti.charCodeAt(1) - 0x30);
    w.buf[w.pos++] = ((mti.charCodeAt(2) - 0x30) << 4) | (mti.charCodeAt(3) - 0x30);
    return;
  }
  const zero = kind === MtiKind.Ascii ? 0 : 0xc0; // EBCDIC digits are 0xF0..0xF9
  for (let i = 0; i < 4; i++) w.buf[w.pos++] = mti.charCodeAt(i) + zero;
}

function readMti(src: UnpackSource, kind: MtiKind): string {
  const buf = src.buf;
  if (kind === MtiKind.Bcd) {
    if (buf.length < 2) unpackFail('TRUNCATED', 'input ends inside the MTI', 'mti', 0, '2 BCD bytes');
    const a = buf[0];
    const b = buf[1];
    if (a >> 4 > 9 || (a & 15) > 9 || b >> 4 > 9 || (b & 15) > 9)
      unpackFail('INVALID_MTI', 'MTI is not BCD', 'mti', 0, '4 BCD digits');
    return HEX_PAIRS[a] + HEX_PAIRS[b];
  }
  if (buf.length < 4) unpackFail('TRUNCATED', 'input ends inside the MTI', 'mti', 0, '4 digits');
  const zero = kind === MtiKind.Ascii ? 0x30 : 0xf0;
  for (let i = 0; i < 4; i++) {
    const d = buf[i] - zero;
    if (d < 0 || d > 9) unpackFail('INVALID_MTI', 'MTI is not 4 digits', 'mti', i, '4 digits');
  }
  if (kind === MtiKind.Ascii) return src.text().substring(0, 4);
  return String.fromCharCode(buf[0] - 0xc0, buf[1] - 0xc0, buf[2] - 0xc0, buf[3] - 0xc0);
}

/** Decodes a message. Throws only Iso8583UnpackError (field, offset, expected; never card data). */
export function unpack(spec: SpecLike, bytes: Uint8Array): IsoMessage {
  const cs = compileSpec(spec);
  if (!(bytes instanceof Uint8Array))
    throw new Iso8583UnpackError('INVALID_VALUE', 'input must be bytes', { offset: 0 });
  const buf = asBuffer(bytes);
  const cur = new Cursor();
  const src = new UnpackSource(buf);
  const run = charsetRun;
  run.reset();
  let field = 'mti';
  try {
    const mti = readMti(src, cs.mtiKind);
    cur.offset = cs.mtiKind === MtiKind.Bcd ? 2 : 4;
    field = 'bitmap';
    const bitmapBytes = readBitmaps(buf, cur, cs);
    const bitmap = bitmapScratch;
    const end = buf.length;
    const codecs = cs.fields;
    const textFields = cs.textFields;
    const fields: IsoFields = {};
    // Touching the highest field first sizes the object's element store once; filling it in
    // ascending order from empty would grow it several times (about 3x slower for 60 fields).
    const highest = highestField(bitmap, bitmapBytes, cs.tertiary);
    if (highest > 0) fields[highest] = undefined;
    for (let byte = 0; byte < bitmapBytes; byte++) {
      let b = bitmap[byte];
      while (b !== 0) {
        const bit = Math.clz32(b) - 24;
        b &= ~(0x80 >> bit);
        const n = byte * 8 + bit + 1;
        if (n === 1 || (n === 65 && cs.tertiary)) continue;
        const codec = codecs[n];
        if (codec === undefined)
          unpackFail(
            'UNKNOWN_FIELD',
            'bitmap announces a field the spec does not define',
            String(n),
            cur.offset,
            'a defined field',
          );
        field = codec.path;
        const text = textFields[n];
        if (text === undefined) {
          fields[n] = codec.unpack(src, cur, end);
          continue;
        }
        // Plain text field, decoded here rather than through the polymorphic codec.unpack: this
        // call site only ever sees PrimitiveFieldCodec, and the charset check joins the run.
        const fieldStart = cur.offset;
        const contentStart = fieldStart + text.prefixWidth;
        const contentEnd = contentStart + text.textLength(buf, fieldStart, end);
        run.add(buf, text.batchCharset as CharsetTable, fieldStart, contentStart, contentEnd, field);
        if (text.signed) text.checkSignedBytes(buf, contentStart, contentEnd, fieldStart);
        fields[n] = src.text().substring(contentStart, contentEnd);
        cur.offset = contentEnd;
      }
    }
    run.flush(buf);
    if (cur.offset !== end)
      unpackFail(
        'TRAILING_BYTES',
        `${end - cur.offset} bytes after the last field`,
        field,
        cur.offset,
        'end of message',
      );
    return { mti, fields };
  } catch (e) {
    // A pending batched check covers fields before the failure; its error comes first in wire order,
    // as it did when every field was checked on its own.
    run.flush(buf);
    if (e instanceof Iso8583UnpackError) throw e;
    // Defensive: a decoder bug must still surface as a typed, data-free error.
    throw new Iso8583UnpackError('INTERNAL', 'unexpected decoder failure', { field, offset: cur.offset });
  }
}

/** unpack without exceptions, for hot paths that count and drop bad frames. */
export function tryUnpack(spec: SpecLike, bytes: Uint8Array): UnpackResult {
  try {
    return { ok: true, message: unpack(spec, bytes) };
  } catch (e) {
    return { ok: false, error: e as Iso8583UnpackError };
  }
}

// Charset checks of adjacent text fields, batched (see CharsetRun); shared like bitmapScratch.
const charsetRun = new CharsetRun();

// Bitmaps are decoded into this scratch array (unpack is synchronous and never re-entered), which
// saves three typed-array allocations per message.
const bitmapScratch = new Uint8Array(24);

/** Reads the bitmaps into bitmapScratch; returns how many bitmap bytes are in use (8, 16 or 24). */
function readBitmaps(buf: Buffer, cur: Cursor, cs: CompiledSpec): number {
  const hex = cs.hexBitmap;
  const wire = hex ? 16 : 8;
  const out = bitmapScratch;
  const read = (index: number): void => {
    const at = cur.offset;
    if (at + wire > buf.length) {
      unpackFail(
        'TRUNCATED',
        `input ends inside the ${['primary', 'secondary', 'tertiary'][index]} bitmap`,
        'bitmap',
        at,
        `${wire} bytes`,
      );
    }
    if (hex) readHexBitmapInto(buf, at, out, index * 8, 'bitmap');
    else for (let i = 0; i < 8; i++) out[index * 8 + i] = buf[at + i];
    cur.offset = at + wire;
  };
  read(0);
  if ((out[0] & 0x80) === 0) {
    if (cs.secondaryAlways)
      unpackFail(
        'INVALID_BITMAP',
        'secondary bitmap missing',
        'bitmap',
        cur.offset - wire,
        'bit 1 set (spec sends it always)',
      );
    return 8;
  }
  read(1);
  const hasTertiary = cs.tertiary && (out[8] & 0x80) !== 0;
  if (hasTertiary) read(2);
  // An empty trailing bitmap would not be re-packed, so accepting it would break the round-trip contract.
  if (hasTertiary && isZero(out, 16, 24)) {
    unpackFail(
      'INVALID_BITMAP',
      'tertiary bitmap present but empty',
      'bitmap',
      cur.offset - wire,
      'a field 129..192 when bit 65 is set',
    );
  }
  if (!cs.secondaryAlways && !hasTertiary && isZero(out, 8, 16)) {
    unpackFail(
      'INVALID_BITMAP',
      'secondary bitmap present but empty',
      'bitmap',
      cur.offset - wire,
      'a field 65..128 when bit 1 is set',
    );
  }
  return hasTertiary ? 24 : 16;
}

/** The highest data field announced by the bitmap (not counting the bitmap bits 1 and 65), or 0. */
function highestField(bitmap: Uint8Array, bytes: number, tertiary: boolean): number {
  for (let byte = bytes - 1; byte >= 0; byte--) {
    let b = bitmap[byte];
    if (byte === 0) b &= 0x7f;
    if (byte === 8 && tertiary) b &= 0x7f;
    // The lowest set bit of the byte is its highest field: 0x01 is field byte*8 + 8.
    if (b !== 0) return byte * 8 + 8 - (31 - Math.clz32(b & -b));
  }
  return 0;
}

function isZero(b: Uint8Array, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (b[i] !== 0) return false;
  return true;
}
