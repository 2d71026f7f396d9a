/**
 * BER-TLV (ISO/IEC 8825-1 subset used by EMV Book 3 Annex B): tags of 1..4 bytes, definite lengths
 * in short form or long form with up to 3 length bytes. Values are kept as raw hex, constructed
 * tags included, so any tag - known, unknown or proprietary - is re-packed exactly as received.
 *
 * Not accepted, because they could not be re-packed byte for byte or are not used in ISO 8583
 * field 55: the indefinite length form (0x80) and 0x00 filler bytes between data objects.
 */
import { ByteWriter } from '../encoding/byte-writer';
import { bytesToHex, HEX_PAIRS, hexToBytes, HEX_VALUE, invalidHexIndex } from '../encoding/hex.encoding';
import { packFail, unpackFail } from '../errors/raise';
import type { TlvItem, TlvNode } from './tlv.types';

const MAX_TAG_BYTES = 4;
const MAX_LENGTH_BYTES = 4; // the length byte itself plus up to 3 bytes of length
/** Ranges longer than this are converted to hex in one native call (see bytesToHex). */
const HEX_RANGE_MIN = 24;

/**
 * Parses data objects in buf[start, end). Offsets in errors are `base + (i - start) * scale`, so a
 * TLV carried as ASCII hex (scale 2) still reports positions in the original message.
 */
export function parseTlv(
  buf: Uint8Array,
  start: number,
  end: number,
  field: string,
  base = start,
  scale = 1,
): TlvItem[] {
  const items: TlvItem[] = [];
  // Values are cut out of one hex string of the whole range (a native conversion, then a substring
  // per value) instead of being built two characters at a time; short ranges skip the native call.
  const hex = end - start > HEX_RANGE_MIN ? bytesToHex(buf, start, end) : undefined;
  let i = start;
  while (i < end) {
    const tagStart = i;
    const first = buf[i];
    if (first === 0x00)
      unpackFail(
        'INVALID_TLV',
        'filler byte 00 between data objects',
        field,
        errorOffset(i, start, base, scale),
        'a tag',
      );
    i++;
    if ((first & 0x1f) === 0x1f) {
      // Multi-byte tag: subsequent bytes carry bit 8 while more follow.
      for (;;) {
        if (i >= end)
          unpackFail(
            'TRUNCATED',
            'input ends inside a tag',
            field,
            errorOffset(tagStart, start, base, scale),
            'complete tag',
          );
        const b = buf[i++];
        if ((b & 0x80) === 0) break;
        if (i - tagStart >= MAX_TAG_BYTES) {
          unpackFail(
            'INVALID_TLV',
            'tag too long',
            field,
            errorOffset(tagStart, start, base, scale),
            `at most ${MAX_TAG_BYTES} tag bytes`,
          );
        }
      }
    }
    const tag = tagString(buf, tagStart, i);
    if (i >= end)
      unpackFail(
        'TRUNCATED',
        'input ends before the length',
        `${field}.${tag}`,
        errorOffset(i, start, base, scale),
        'a length byte',
      );
    const lenStart = i;
    const l0 = buf[i++];
    let length = l0;
    let lengthBytes = 1;
    if (l0 & 0x80) {
      const n = l0 & 0x7f;
      if (n === 0)
        unpackFail(
          'INVALID_TLV',
          'indefinite length is not supported',
          `${field}.${tag}`,
          errorOffset(lenStart, start, base, scale),
          'definite length',
        );
      if (n > MAX_LENGTH_BYTES - 1) {
        unpackFail(
          'INVALID_TLV',
          'length field too long',
          `${field}.${tag}`,
          errorOffset(lenStart, start, base, scale),
          `at most ${MAX_LENGTH_BYTES - 1} length bytes`,
        );
      }
      if (i + n > end)
        unpackFail(
          'TRUNCATED',
          'input ends inside the length',
          `${field}.${tag}`,
          errorOffset(lenStart, start, base, scale),
          `${n} length bytes`,
        );
      length = 0;
      for (let k = 0; k < n; k++) length = length * 256 + buf[i++];
      lengthBytes = n + 1;
    }
    if (i + length > end) {
      unpackFail(
        'TRUNCATED',
        `value of ${length} bytes runs past the end of the field`,
        `${field}.${tag}`,
        errorOffset(i, start, base, scale),
        `${length} bytes`,
      );
    }
    const value =
      hex === undefined ? bytesToHex(buf, i, i + length) : hex.substring(2 * (i - start), 2 * (i - start + length));
    const item: TlvItem = { tag, value };
    if (lengthBytes !== minimalLengthBytes(length)) item.lengthBytes = lengthBytes;
    items.push(item);
    i += length;
  }
  return items;
}

/** Offset in the original message of byte i (only on error paths; a plain function, not a closure per call). */
function errorOffset(i: number, start: number, base: number, scale: number): number {
  return base + (i - start) * scale;
}

// Two-byte tag strings by tag value (at most 65 536 entries): EMV data uses a few dozen tags, so
// this is one lookup instead of building a string per data object.
const TWO_BYTE_TAGS = new Map<number, string>();

function tagString(buf: Uint8Array, start: number, end: number): string {
  const n = end - start;
  if (n === 1) return HEX_PAIRS[buf[start]];
  if (n === 2) {
    const key = (buf[start] << 8) | buf[start + 1];
    let s = TWO_BYTE_TAGS.get(key);
    if (s === undefined) {
      s = HEX_PAIRS[buf[start]] + HEX_PAIRS[buf[start + 1]];
      TWO_BYTE_TAGS.set(key, s);
    }
    return s;
  }
  return bytesToHex(buf, start, end);
}

/** Parses a hex string of TLV data (for tools and tests). Throws Iso8583UnpackError on bad data. */
export function parseTlvHex(hex: string, field = '55'): TlvItem[] {
  let bytes: Buffer;
  try {
    bytes = hexToBytes(hex);
  } catch {
    return unpackFail('INVALID_TLV', 'not an even-length hex string', field, 0, 'hex digits');
  }
  return parseTlv(bytes, 0, bytes.length, field);
}

export function minimalLengthBytes(length: number): number {
  if (length < 0x80) return 1;
  if (length <= 0xff) return 2;
  if (length <= 0xffff) return 3;
  return 4;
}

/** True when the first tag byte has the "constructed" bit (b6) set, e.g. 70, 77, 71, 72, BF0C. */
export function isConstructedTag(tag: string): boolean {
  const v = HEX_VALUE[tag.charCodeAt(0) & 0xff];
  return v >= 0 && (v & 0x2) !== 0;
}

function checkTag(tag: unknown, field: string): string {
  if (typeof tag !== 'string' || tag.length === 0 || tag.length % 2 !== 0 || invalidHexIndex(tag) >= 0) {
    return packFail('INVALID_TLV', 'tag is not an even-length hex string', field, '1 to 4 tag bytes in hex');
  }
  // Tag bytes are read straight from the (validated) hex, and the label built only for an error.
  const n = tag.length / 2;
  if (n > MAX_TAG_BYTES)
    packFail('INVALID_TLV', 'tag too long', tagLabel(field, tag), `at most ${MAX_TAG_BYTES} tag bytes`);
  const first = hexByteAt(tag, 0);
  if (first === 0x00) packFail('INVALID_TLV', 'tag 00 is not allowed', tagLabel(field, tag), 'a tag');
  const multi = (first & 0x1f) === 0x1f;
  if (!multi && n !== 1)
    packFail('INVALID_TLV', 'tag bytes inconsistent with the first tag byte', tagLabel(field, tag), 'a one-byte tag');
  if (multi) {
    if (n === 1)
      packFail('INVALID_TLV', 'multi-byte tag missing its subsequent bytes', tagLabel(field, tag), 'more tag bytes');
    for (let k = 1; k < n; k++) {
      const more = (hexByteAt(tag, k) & 0x80) !== 0;
      if (more !== k < n - 1)
        packFail('INVALID_TLV', 'tag continuation bits are inconsistent', tagLabel(field, tag), 'a valid BER tag');
    }
  }
  return tag;
}

/** Byte k of a validated hex string. */
function hexByteAt(hex: string, k: number): number {
  return (HEX_VALUE[hex.charCodeAt(2 * k)] << 4) | HEX_VALUE[hex.charCodeAt(2 * k + 1)];
}

/** "55.9F26": the field path of a data object (built only when needed: errors and templates). */
function tagLabel(field: string, tag: string): string {
  return `${field}.${tag.toUpperCase()}`;
}

/** Writes hex digits already validated by the caller (even count, hex characters only) as bytes. */
function writeValidHex(w: ByteWriter, hex: string): void {
  w.ensure(hex.length >> 1);
  const out = w.buf;
  let p = w.pos;
  for (let i = 0; i < hex.length; i += 2)
    out[p++] = (HEX_VALUE[hex.charCodeAt(i)] << 4) | HEX_VALUE[hex.charCodeAt(i + 1)];
  w.pos = p;
}

function writeLength(w: ByteWriter, length: number, lengthBytes: number | undefined, field: string, tag: string): void {
  const minimal = minimalLengthBytes(length);
  const n = lengthBytes ?? minimal;
  if (!Number.isInteger(n) || n < minimal || n > MAX_LENGTH_BYTES) {
    packFail(
      'INVALID_TLV',
      'lengthBytes cannot carry the value length',
      tagLabel(field, tag),
      `${minimal}..${MAX_LENGTH_BYTES}`,
    );
  }
  if (minimal === 4 && length > 0xffffff)
    packFail('INVALID_TLV', 'value too long', tagLabel(field, tag), 'at most 16 MiB');
  if (n === 1) {
    w.writeByte(length);
    return;
  }
  w.writeByte(0x80 | (n - 1));
  for (let k = n - 2; k >= 0; k--) w.writeByte(Math.floor(length / 256 ** k) & 0xff);
}

/** Writes data objects; templates (`children`) are serialised recursively. */
export function writeTlv(nodes: readonly TlvNode[], w: ByteWriter, field: string): void {
  if (!Array.isArray(nodes)) packFail('INVALID_VALUE', 'TLV value must be an array of {tag, value}', field, 'array');
  for (const node of nodes) {
    if (node === null || typeof node !== 'object')
      packFail('INVALID_VALUE', 'TLV entry is not an object', field, '{tag, value}');
    const tag = checkTag(node.tag, field);
    // Tag and value are validated hex: written straight into the output, without a Buffer each.
    writeValidHex(w, tag);
    if ('children' in node && node.children !== undefined) {
      const inner = new ByteWriter(256);
      writeTlv(node.children, inner, tagLabel(field, tag));
      writeLength(w, inner.pos, node.lengthBytes, field, tag);
      w.writeBytes(inner.buf, 0, inner.pos);
      continue;
    }
    const value = (node as TlvItem).value;
    if (typeof value !== 'string' || value.length % 2 !== 0 || invalidHexIndex(value) >= 0) {
      packFail('INVALID_TLV', 'value is not an even-length hex string', tagLabel(field, tag), 'hex digits');
    }
    writeLength(w, value.length / 2, node.lengthBytes, field, tag);
    writeValidHex(w, value);
  }
}

/** Serialises data objects to a hex string (for tools and tests). */
export function tlvToHex(nodes: readonly TlvNode[], field = '55'): string {
  const w = new ByteWriter(256);
  writeTlv(nodes, w, field);
  return bytesToHex(w.buf, 0, w.pos);
}
