/**
 * A spec is data: a plain, JSON-serialisable description of a message layout. Nothing here is code,
 * so a network's dialect can be shipped as a JSON file and loaded with `loadSpec`.
 */

/** How the length of a field is known: fixed, or a prefix of 2..6 decimal digits (LL = up to 99). */
export type LengthType = 'fixed' | 'LL' | 'LLL' | 'LLLL' | 'LLLLL' | 'LLLLLL';

/**
 * How the field's value is written on the wire.
 * - `ascii`: one byte per character (Latin-1 byte values, so ASCII and ISO 8859-1 both round-trip).
 * - `ebcdic` (= `ebcdic-cp037`) and `ebcdic-cp1047`: one byte per character, IBM code pages.
 * - `bcd`: two digits per byte; odd lengths are padded with one nibble (see `padding`).
 * - `binary`: raw bytes; the value is given and returned as an uppercase hex string (or a Uint8Array on pack).
 * - `hex`: binary data carried as ASCII hex characters; the value is that hex string as-is.
 */
export type DataEncoding = 'ascii' | 'ebcdic' | 'ebcdic-cp037' | 'ebcdic-cp1047' | 'bcd' | 'binary' | 'hex';

/**
 * How a length prefix is written. ASCII/EBCDIC/hex use one character per digit (LL = 2 chars; hex
 * digits for `hex`), BCD packs two digits per byte (LL = 1 byte, LLL = 2 bytes), binary is an
 * unsigned big-endian integer (LL = 1 byte, LLL/LLLL = 2 bytes, LLLLL/LLLLLL = 3 bytes).
 */
export type PrefixEncoding = 'ascii' | 'ebcdic' | 'ebcdic-cp037' | 'ebcdic-cp1047' | 'bcd' | 'binary' | 'hex';

/**
 * Character classes of ISO 8583 (n, a, an, ans, ...), checked on pack and unpack.
 * `z` is track 2 (digits, `=` and `D`), `xn` is an amount with a C/D sign (x+n), `hex` is hex digits,
 * `b` is binary (implied by the `binary` encoding), `any` accepts every byte.
 */
export type Charset = 'n' | 'a' | 'an' | 'anp' | 'ans' | 'as' | 'ns' | 'z' | 'xn' | 'hex' | 'b' | 'any';

/** `pan`: show first 6 and last 4; `secret`: mask every character. */
export type Sensitivity = 'pan' | 'secret';

export interface PaddingSpec {
  /** Where padding goes: `left` for numbers ("000123"), `right` for text ("ABC   "). */
  side: 'left' | 'right';
  /** One character; for BCD a hex digit (`0` or `F`) that fills the spare nibble of odd lengths. */
  char: string;
}

export interface TlvCompositeSpec {
  kind: 'tlv';
  /** Extra tags (uppercase hex) to mask fully in describe, on top of the EMV defaults (5A, 57, ...). */
  sensitiveTags?: string[];
}

export interface PositionalCompositeSpec {
  kind: 'positional';
  /** Subfields in order, keyed "1", "2", ...; trailing subfields may be absent when the field is variable. */
  subfields: Record<string, FieldSpec>;
}

export interface BitmappedCompositeSpec {
  kind: 'bitmapped';
  /** The subfield bitmap at the start of the field: bit n (from 1) announces subfield n. */
  bitmap: { encoding: 'binary' | 'hex'; bytes: number };
  subfields: Record<string, FieldSpec>;
}

export type CompositeSpec = TlvCompositeSpec | PositionalCompositeSpec | BitmappedCompositeSpec;

export interface FieldSpec {
  description: string;
  length: LengthType;
  /**
   * Exact length for fixed fields, maximum for variable ones. Counted in the unit the prefix counts:
   * characters (ascii, ebcdic, hex), digits (bcd; bytes with `lengthUnit: 'bytes'`), bytes (binary,
   * and composite fields' content).
   */
  maxLength: number;
  encoding: DataEncoding;
  /** Encoding of the length prefix; default `ascii`. Ignored for fixed fields. */
  prefix?: PrefixEncoding;
  /** BCD only: does the prefix count digits (`units`, default) or bytes? */
  lengthUnit?: 'units' | 'bytes';
  /** Default: `n` for bcd, `b` for binary, `hex` for hex, `ans` otherwise. */
  charset?: Charset;
  /** Fixed fields: how pack pads a short value. BCD: which nibble pads an odd digit count. */
  padding?: PaddingSpec;
  sensitive?: Sensitivity;
  composite?: CompositeSpec;
}

export interface MessageSpec {
  name: string;
  description: string;
  mti: { encoding: 'ascii' | 'ebcdic' | 'ebcdic-cp037' | 'ebcdic-cp1047' | 'bcd' };
  bitmap: {
    /** `binary`: 8 bytes per bitmap; `hex`: 16 uppercase ASCII hex characters per bitmap. */
    encoding: 'binary' | 'hex';
    /**
     * `auto` (default): the secondary bitmap is sent only when a field 65..128 is present.
     * `always`: it is always sent (some hosts require it).
     */
    secondary?: 'auto' | 'always';
    /** Bit 65 announces a tertiary bitmap (fields 129..192), sent right after the secondary one. */
    tertiary?: boolean;
  };
  /** Data elements keyed by number ("2".."128", up to "192" with a tertiary bitmap). */
  fields: Record<string, FieldSpec>;
}

/** What `extendSpec` takes: a new name, and fields to add/replace (or `null` to remove). */
export interface SpecExtension {
  name: string;
  description?: string;
  mti?: MessageSpec['mti'];
  bitmap?: Partial<MessageSpec['bitmap']>;
  fields?: Record<string, FieldSpec | null>;
}
