// Binary fields (b) travel as raw bytes and are exposed as uppercase hex (RFC 4648 section 8 base16).
import { Iso8583PackError } from '../errors/iso8583.error';
import { decodeBinary, encodeBinary } from './binary.encoding';
import { ByteWriter } from './byte-writer';
import { bytesToHex, hexToBytes } from './hex.encoding';

describe('binary and hex encodings', () => {
  it('round-trips bytes through uppercase hex', () => {
    expect(bytesToHex(Buffer.from([0x00, 0x7f, 0x80, 0xff]))).toBe('007F80FF');
    expect(hexToBytes('007f80FF')).toEqual(Buffer.from([0x00, 0x7f, 0x80, 0xff]));
    const long = Buffer.from(Array.from({ length: 100 }, (_, i) => i));
    expect(hexToBytes(bytesToHex(long)).equals(long)).toBe(true);
  });

  it('encodes binary values given as hex or bytes', () => {
    const w = new ByteWriter(1);
    encodeBinary('0123456789abcdef', w, '52');
    encodeBinary(Uint8Array.from([1, 2]), w, '52');
    expect(w.toBuffer().toString('hex')).toBe('0123456789abcdef0102');
    expect(decodeBinary(w.toBuffer(), 0, 8)).toBe('0123456789ABCDEF');
  });

  it('rejects odd or non-hex input without echoing it', () => {
    expect(() => encodeBinary('123', new ByteWriter(), '52')).toThrow(Iso8583PackError);
    expect(() => encodeBinary('12G4', new ByteWriter(), '52')).toThrow(/near position 3/);
    expect(() => hexToBytes('4242x')).toThrow(RangeError);
  });
});
