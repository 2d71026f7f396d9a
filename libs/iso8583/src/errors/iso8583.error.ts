/**
 * Typed errors of the codec. Every error names where it happened (field path, byte offset) and what
 * was expected, and nothing else: messages are built only from field numbers, offsets, lengths and
 * the spec's own rules, never from message content, so they are safe to log under PCI DSS.
 */

export type Iso8583ErrorCode =
  /** The input ended before the field (or its prefix) was complete. */
  | 'TRUNCATED'
  /** A length prefix is not valid for its encoding (e.g. a non-digit in an ASCII prefix). */
  | 'INVALID_LENGTH_PREFIX'
  /** A length (from a prefix or a value) exceeds the field's maximum or differs from a fixed length. */
  | 'INVALID_LENGTH'
  /** A byte or character is outside the field's character set or encoding. */
  | 'INVALID_CHARACTER'
  /** Padding differs from what the spec says, so the bytes could not be re-packed identically. */
  | 'INVALID_PADDING'
  /** The MTI is not four digits. */
  | 'INVALID_MTI'
  /** A bitmap is malformed or announces a field the spec does not define. */
  | 'INVALID_BITMAP'
  | 'UNKNOWN_FIELD'
  /** Bytes remained after the last field of a message or composite field. */
  | 'TRAILING_BYTES'
  /** A BER-TLV structure is malformed. */
  | 'INVALID_TLV'
  /** A value given to pack has the wrong type or shape. */
  | 'INVALID_VALUE'
  | 'MISSING_FIELD'
  /** A frame's length prefix is malformed or announces fewer bytes than the static header. */
  | 'INVALID_FRAME_LENGTH'
  /** A frame's length exceeds the configured maximum frame size. */
  | 'FRAME_TOO_LARGE'
  /** A spec document is not valid. */
  | 'INVALID_SPEC'
  /** A bug: something other than a codec error escaped. Reported typed so callers never see a raw throw. */
  | 'INTERNAL';

export interface Iso8583ErrorDetails {
  /** Field path: "2", "55.9F26", "127.3"; "mti" and "bitmap" for the header parts. */
  field?: string;
  /** Byte offset from the start of the buffer given to unpack (or the packed output so far, for pack). */
  offset?: number;
  /** What the codec expected, in words: "2 ASCII digits", "at most 19 digits". */
  expected?: string;
}

export class Iso8583Error extends Error {
  override readonly name: string = 'Iso8583Error';
  readonly code: Iso8583ErrorCode;
  readonly field: string | undefined;
  readonly offset: number | undefined;
  readonly expected: string | undefined;

  constructor(code: Iso8583ErrorCode, problem: string, details: Iso8583ErrorDetails = {}) {
    super(formatMessage(problem, details));
    this.code = code;
    this.field = details.field;
    this.offset = details.offset;
    this.expected = details.expected;
  }

  /** A plain object for structured logs (JSON.stringify of an Error drops its own properties). */
  toJSON(): {
    name: string;
    code: Iso8583ErrorCode;
    message: string;
    field?: string;
    offset?: number;
    expected?: string;
  } {
    const out: {
      name: string;
      code: Iso8583ErrorCode;
      message: string;
      field?: string;
      offset?: number;
      expected?: string;
    } = { name: this.name, code: this.code, message: this.message };
    if (this.field !== undefined) out.field = this.field;
    if (this.offset !== undefined) out.offset = this.offset;
    if (this.expected !== undefined) out.expected = this.expected;
    return out;
  }
}

/** Raised by unpack: the bytes are not a valid message for the spec. */
export class Iso8583UnpackError extends Iso8583Error {
  override readonly name: string = 'Iso8583UnpackError';
}

/** Raised by pack: the message object cannot be encoded with the spec. */
export class Iso8583PackError extends Iso8583Error {
  override readonly name: string = 'Iso8583PackError';
}

/** Raised by the frame decoder/encoder; the stream cannot be resynchronised after one. */
export class Iso8583FramingError extends Iso8583Error {
  override readonly name: string = 'Iso8583FramingError';
}

/** Raised when a spec document (typed object or JSON) is not valid. */
export class Iso8583SpecError extends Iso8583Error {
  override readonly name: string = 'Iso8583SpecError';
}

function formatMessage(problem: string, d: Iso8583ErrorDetails): string {
  let where = '';
  if (d.field !== undefined) where = d.field === 'mti' || d.field === 'bitmap' ? d.field : `field ${d.field}`;
  if (d.offset !== undefined) where += where ? ` at byte ${d.offset}` : `at byte ${d.offset}`;
  let msg = where ? `${where}: ${problem}` : problem;
  if (d.expected !== undefined) msg += ` (expected ${d.expected})`;
  return msg;
}
