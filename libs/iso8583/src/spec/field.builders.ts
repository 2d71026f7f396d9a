/**
 * Terse constructors for the shipped field tables. They only build plain FieldSpec objects, so the
 * shipped specs stay data (JSON.stringify of a spec is a loadable spec file).
 */
import type { Charset, DataEncoding, FieldSpec, LengthType, PrefixEncoding } from './spec.types';

export interface Flavour {
  /** Encoding of numeric (n) data. */
  numeric: DataEncoding;
  /** Encoding of text (a, an, ans, z when not numeric) data. */
  text: DataEncoding;
  /** Encoding of track 2 (z) data. */
  track2: DataEncoding;
  prefix: PrefixEncoding;
}

export const ASCII_FLAVOUR: Flavour = { numeric: 'ascii', text: 'ascii', track2: 'ascii', prefix: 'ascii' };
/** BCD numerics and BCD length prefixes, ASCII text, binary b-fields. */
export const BINARY_FLAVOUR: Flavour = { numeric: 'bcd', text: 'ascii', track2: 'bcd', prefix: 'bcd' };

export function builders(fl: Flavour) {
  const numericPad = { side: 'left', char: '0' } as const;
  const textPad = { side: 'right', char: ' ' } as const;
  return {
    /** n, fixed length, zero-padded on the left. */
    n: (maxLength: number, description: string): FieldSpec => ({
      description,
      length: 'fixed',
      maxLength,
      encoding: fl.numeric,
      charset: 'n',
      padding: numericPad,
    }),
    /** n, variable length. */
    nvar: (length: LengthType, maxLength: number, description: string): FieldSpec => ({
      description,
      length,
      maxLength,
      encoding: fl.numeric,
      prefix: fl.prefix,
      charset: 'n',
      ...(fl.numeric === 'bcd' ? { padding: numericPad } : {}),
    }),
    /** Text (a, an, ans, ...), fixed length, space-padded on the right. */
    text: (maxLength: number, description: string, charset: Charset = 'ans'): FieldSpec => ({
      description,
      length: 'fixed',
      maxLength,
      encoding: fl.text,
      charset,
      padding: textPad,
    }),
    /** Text, variable length. */
    tvar: (length: LengthType, maxLength: number, description: string, charset: Charset = 'ans'): FieldSpec => ({
      description,
      length,
      maxLength,
      encoding: fl.text,
      prefix: fl.prefix,
      charset,
    }),
    /** x+n: a C/D sign and digits, always text. */
    xn: (digits: number, description: string): FieldSpec => ({
      description,
      length: 'fixed',
      maxLength: digits + 1,
      encoding: fl.text,
      charset: 'xn',
    }),
    /** b, fixed number of bytes. */
    b: (bytes: number, description: string): FieldSpec => ({
      description,
      length: 'fixed',
      maxLength: bytes,
      encoding: 'binary',
    }),
    /** b, variable number of bytes. */
    bvar: (length: LengthType, maxBytes: number, description: string): FieldSpec => ({
      description,
      length,
      maxLength: maxBytes,
      encoding: 'binary',
      prefix: fl.prefix,
    }),
    /** Track 2 (z), variable; BCD flavours pad an odd digit count with F on the right. */
    track2: (maxLength: number, description: string): FieldSpec => ({
      description,
      length: 'LL',
      maxLength,
      encoding: fl.track2,
      prefix: fl.prefix,
      charset: 'z',
      sensitive: 'secret',
      ...(fl.track2 === 'bcd' ? { padding: { side: 'right', char: 'F' } as const } : {}),
    }),
  };
}

/** Field 55 as BER-TLV (EMV ICC data), raw bytes with an LLL prefix. */
export function emvField(description: string, prefix: PrefixEncoding, maxLength = 999): FieldSpec {
  return { description, length: 'LLL', maxLength, encoding: 'binary', prefix, composite: { kind: 'tlv' } };
}
