/**
 * TCP framing: every message travels as [length prefix][optional static header, e.g. a TPDU][ISO
 * message]. The decoder reassembles frames across partial and coalesced TCP chunks; whole frames
 * inside one chunk are returned as zero-copy views, and a frame that spans chunks is copied once
 * into a buffer of its announced size (no repeated concatenation, however small the chunks).
 */
import { Iso8583FramingError } from '../errors/iso8583.error';

/**
 * - `binary2`: 2-byte unsigned big-endian length (the most common, max 65535);
 * - `ascii4`: 4 ASCII digits ("0123");
 * - `bcd2`: 2 bytes of BCD ("01 23" = 123, max 9999).
 */
export type FrameLengthPrefix = 'binary2' | 'ascii4' | 'bcd2';

export interface FramingOptions {
  /** Default `binary2`. */
  lengthPrefix?: FrameLengthPrefix;
  /** Some hosts count the prefix itself in the length. Default false. */
  lengthIncludesPrefix?: boolean;
  /**
   * Static header after the length prefix (e.g. a 5-byte TPDU `60 0001 0000`), included in the
   * length. Its size tells the decoder how many bytes to split off; its value is what encode
   * writes when no per-frame header is given.
   */
  header?: Uint8Array;
  /** Largest header+message the decoder accepts; a larger length is fatal. Default 8192 bytes. */
  maxFrameSize?: number;
}

export interface Frame {
  /** The static header bytes (undefined when the framing has none). */
  header: Buffer | undefined;
  /** The ISO 8583 message bytes. */
  payload: Buffer;
}

const DEFAULT_MAX_FRAME = 8192;

export class FrameCodec {
  readonly lengthPrefix: FrameLengthPrefix;
  readonly prefixBytes: number;
  readonly headerLength: number;
  readonly maxFrameSize: number;
  private readonly includesPrefix: boolean;
  private readonly header: Buffer | undefined;
  private readonly maxLengthValue: number;

  constructor(options: FramingOptions = {}) {
    this.lengthPrefix = options.lengthPrefix ?? 'binary2';
    this.prefixBytes = this.lengthPrefix === 'ascii4' ? 4 : 2;
    this.includesPrefix = options.lengthIncludesPrefix === true;
    this.header = options.header === undefined ? undefined : Buffer.from(options.header);
    this.headerLength = this.header?.length ?? 0;
    this.maxLengthValue = this.lengthPrefix === 'binary2' ? 0xffff : 9999;
    const ceiling = this.maxLengthValue - (this.includesPrefix ? this.prefixBytes : 0);
    this.maxFrameSize = Math.min(options.maxFrameSize ?? DEFAULT_MAX_FRAME, ceiling);
    if (!Number.isInteger(this.maxFrameSize) || this.maxFrameSize < this.headerLength) {
      throw new Iso8583FramingError(
        'FRAME_TOO_LARGE',
        'maxFrameSize must be an integer of at least the header length',
        {
          expected: `${this.headerLength}..${ceiling}`,
        },
      );
    }
  }

  /** Frames one message; `header` overrides the static header for this frame (same length). */
  encode(payload: Uint8Array, header: Uint8Array | undefined = this.header): Buffer {
    const h = header ?? EMPTY;
    if (h.length !== this.headerLength) {
      throw new Iso8583FramingError('INVALID_FRAME_LENGTH', `header of ${h.length} bytes`, {
        expected: `${this.headerLength} bytes`,
      });
    }
    const body = h.length + payload.length;
    if (body > this.maxFrameSize) {
      throw new Iso8583FramingError('FRAME_TOO_LARGE', `frame of ${body} bytes`, {
        expected: `at most ${this.maxFrameSize} bytes`,
      });
    }
    const out = Buffer.allocUnsafe(this.prefixBytes + body);
    writeLength(out, this.lengthPrefix, body + (this.includesPrefix ? this.prefixBytes : 0));
    out.set(h, this.prefixBytes);
    out.set(payload, this.prefixBytes + h.length);
    return out;
  }

  createDecoder(): FrameDecoder {
    return new FrameDecoder(this);
  }

  /** Length of header+message announced by a prefix at buf[off]; throws on a malformed prefix. */
  readLength(buf: Uint8Array, off: number, streamOffset: number): number {
    let n: number;
    switch (this.lengthPrefix) {
      case 'binary2':
        n = (buf[off] << 8) | buf[off + 1];
        break;
      case 'bcd2': {
        n = 0;
        for (let i = 0; i < 2; i++) {
          const b = buf[off + i];
          if (b >> 4 > 9 || (b & 15) > 9) this.badPrefix(streamOffset, '2 BCD bytes');
          n = n * 100 + (b >> 4) * 10 + (b & 15);
        }
        break;
      }
      case 'ascii4': {
        n = 0;
        for (let i = 0; i < 4; i++) {
          const d = buf[off + i] - 0x30;
          if (d < 0 || d > 9) this.badPrefix(streamOffset, '4 ASCII digits');
          n = n * 10 + d;
        }
        break;
      }
    }
    if (this.includesPrefix) {
      n -= this.prefixBytes;
      if (n < 0) this.badPrefix(streamOffset, 'a length that includes the prefix');
    }
    if (n > this.maxFrameSize) {
      throw new Iso8583FramingError('FRAME_TOO_LARGE', `frame announces ${n} bytes`, {
        offset: streamOffset,
        expected: `at most ${this.maxFrameSize} bytes`,
      });
    }
    if (n < this.headerLength && n > 0) {
      throw new Iso8583FramingError('INVALID_FRAME_LENGTH', `frame of ${n} bytes is shorter than the header`, {
        offset: streamOffset,
        expected: `at least ${this.headerLength} bytes`,
      });
    }
    return n;
  }

  /** Splits header and payload of a complete frame body. */
  split(body: Buffer): Frame {
    if (this.headerLength === 0 || body.length === 0) return { header: undefined, payload: body };
    return { header: body.subarray(0, this.headerLength), payload: body.subarray(this.headerLength) };
  }

  private badPrefix(offset: number, expected: string): never {
    throw new Iso8583FramingError('INVALID_FRAME_LENGTH', 'malformed frame length prefix', { offset, expected });
  }
}

const EMPTY = Buffer.alloc(0);

function writeLength(out: Buffer, kind: FrameLengthPrefix, n: number): void {
  switch (kind) {
    case 'binary2':
      out[0] = n >> 8;
      out[1] = n & 0xff;
      return;
    case 'bcd2': {
      const hi = Math.floor(n / 100);
      const lo = n % 100;
      out[0] = (Math.floor(hi / 10) << 4) | (hi % 10);
      out[1] = (Math.floor(lo / 10) << 4) | (lo % 10);
      return;
    }
    case 'ascii4':
      out.write(String(n).padStart(4, '0'), 0, 'latin1');
  }
}

/**
 * Stateful reassembly for one stream. After a framing error the stream cannot be trusted (the next
 * length would be read from the middle of a message), so the caller must close the connection.
 */
export class FrameDecoder {
  private readonly head: Buffer;
  private headFill = 0;
  private body: Buffer | undefined;
  private bodyFill = 0;
  /** Bytes consumed so far, for error offsets. */
  private streamOffset = 0;

  constructor(private readonly codec: FrameCodec) {
    this.head = Buffer.alloc(codec.prefixBytes);
  }

  /** Bytes held for an incomplete frame. */
  get buffered(): number {
    return this.headFill + this.bodyFill;
  }

  /** Feeds a chunk; returns the frames it completed (zero-length keep-alive frames are dropped). */
  push(chunk: Uint8Array): Frame[] {
    const frames: Frame[] = [];
    const data = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    const codec = this.codec;
    const P = codec.prefixBytes;
    let off = 0;
    while (off < data.length) {
      if (this.body !== undefined) {
        const take = Math.min(this.body.length - this.bodyFill, data.length - off);
        data.copy(this.body, this.bodyFill, off, off + take);
        this.bodyFill += take;
        off += take;
        if (this.bodyFill === this.body.length) {
          frames.push(codec.split(this.body));
          this.streamOffset += P + this.body.length;
          this.body = undefined;
          this.bodyFill = 0;
        }
        continue;
      }
      if (this.headFill === 0 && data.length - off >= P) {
        const n = codec.readLength(data, off, this.streamOffset);
        const available = data.length - off - P;
        if (available >= n) {
          // Whole frame inside this chunk: a view, no copy.
          if (n > 0) frames.push(codec.split(data.subarray(off + P, off + P + n)));
          off += P + n;
          this.streamOffset += P + n;
          continue;
        }
        this.body = Buffer.allocUnsafe(n);
        data.copy(this.body, 0, off + P, data.length);
        this.bodyFill = available;
        off = data.length;
        continue;
      }
      const take = Math.min(P - this.headFill, data.length - off);
      data.copy(this.head, this.headFill, off, off + take);
      this.headFill += take;
      off += take;
      if (this.headFill === P) {
        const n = codec.readLength(this.head, 0, this.streamOffset);
        this.headFill = 0;
        if (n === 0) {
          this.streamOffset += P;
        } else {
          this.body = Buffer.allocUnsafe(n);
          this.bodyFill = 0;
        }
      }
    }
    return frames;
  }

  /** Drops any partial frame (after a reconnect the new stream starts clean). */
  reset(): void {
    this.headFill = 0;
    this.body = undefined;
    this.bodyFill = 0;
    this.streamOffset = 0;
  }
}

/** A TPDU (1 byte id, 2 bytes destination, 2 bytes source) with destination and source swapped, for responses. */
export function swapTpdu(tpdu: Uint8Array): Buffer {
  if (tpdu.length !== 5) {
    throw new Iso8583FramingError('INVALID_FRAME_LENGTH', `TPDU of ${tpdu.length} bytes`, { expected: '5 bytes' });
  }
  return Buffer.from([tpdu[0], tpdu[3], tpdu[4], tpdu[1], tpdu[2]]);
}
